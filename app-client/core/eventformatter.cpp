#include "eventformatter.h"

using Protocol::LeaveReason;

namespace {

// Fills %1 and %2 in one pass, so a name or text that itself contains "%2" stays as
// typed (QString::arg would substitute into it), and records where %1 landed: the
// translation decides the word order, so the position cannot be known in advance.
EventFormatter::Line fill(const QString &pattern, const QString &first, const QString &second,
                          bool firstIsName)
{
    EventFormatter::Line line;
    line.text.reserve(pattern.size() + first.size() + second.size());
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (pattern.at(i) == u'%' && i + 1 < pattern.size()) {
            const QChar digit = pattern.at(i + 1);
            if (digit == u'1') {
                if (firstIsName) {
                    line.nameStart = line.text.size();
                    line.nameLength = first.size();
                }
                line.text += first;
                ++i;
                continue;
            }
            if (digit == u'2') {
                line.text += second;
                ++i;
                continue;
            }
        }
        line.text += pattern.at(i);
    }
    return line;
}

QString leavePattern(LeaveReason reason)
{
    switch (reason) {
    case LeaveReason::Quit:
        return EventFormatter::tr("%1 left the chat room");
    case LeaveReason::ConnectionLost:
        return EventFormatter::tr("%1 left the chat room (connection lost)");
    case LeaveReason::Kicked:
        return EventFormatter::tr("%1 left the chat room (removed by the administrator)");
    case LeaveReason::TimedOut:
        return EventFormatter::tr("%1 left the chat room (timed out)");
    case LeaveReason::TooSlow:
        return EventFormatter::tr("%1 left the chat room (connection too slow)");
    case LeaveReason::ProtocolError:
        return EventFormatter::tr("%1 left the chat room (protocol error)");
    case LeaveReason::Flooding:
        return EventFormatter::tr("%1 left the chat room (sending too fast)");
    case LeaveReason::Renamed:
        break; // shown with the Joined that follows, as one line
    }
    // A reason from a newer server: the member is gone all the same.
    return EventFormatter::tr("%1 left the chat room");
}

// Server details are English and meant for logs; they are shown only when the code
// itself is one this client does not know.
QString withDetail(const QString &text, const QString &detail)
{
    return detail.isEmpty() ? text : EventFormatter::tr("%1 (%2)").arg(text, detail);
}

} // namespace

EventFormatter::Line EventFormatter::format(const RoomEvent &event)
{
    // The server already removes control and format characters; a server that does not
    // must still not be able to reorder or hide text on the screen.
    switch (event.kind) {
    case RoomEvent::Kind::Joined:
        return fill(tr("%1 joined the chat room"), event.nickname, {}, true);
    case RoomEvent::Kind::Left:
        return fill(leavePattern(event.leaveReason), event.nickname, {}, true);
    case RoomEvent::Kind::Chat:
        //: A member speaks: %1 is the nickname, %2 what they said.
        return fill(tr("%1: %2"), event.nickname, ChatText::sanitized(event.text), true);
    case RoomEvent::Kind::Broadcast:
        //: The server's administrator speaks to everyone: %1 is the text.
        return fill(tr("Admin says: %1"), ChatText::sanitized(event.text), {}, false);
    case RoomEvent::Kind::Renamed:
        //: A member changed nickname: %1 the old one, %2 the new one.
        return fill(tr("%1 is now known as %2"), event.formerName, event.nickname, true);
    }
    return {};
}

QString EventFormatter::rejectReasonText(Protocol::RejectReason reason, const QString &detail)
{
    using R = Protocol::RejectReason;
    switch (reason) {
    case R::NameTaken:
        return tr("That nickname is taken, please choose another");
    case R::NameInvalid:
        return tr("The server does not accept this nickname, please choose another");
    case R::NameReserved:
        return tr("That nickname is reserved, please choose another");
    case R::VersionUnsupported:
        return tr("The server does not support this version of the client");
    case R::RoomFull:
        return tr("The chat room is full, please try again later");
    case R::ResumeFailed:
        return tr("Could not pick up where you left off; joining again");
    case R::PasswordRequired:
        return tr("This chat room needs the right password");
    }
    return withDetail(tr("The server refused to let you in"), detail);
}

QString EventFormatter::noticeText(Protocol::NoticeCode code, const QString &detail)
{
    using N = Protocol::NoticeCode;
    switch (code) {
    case N::TextTooLong:
        return tr("The message was too long and was not sent");
    case N::TextEmpty:
        return tr("An empty message was not sent");
    case N::SlowDown:
        return tr("You are sending too fast; the message was not sent");
    case N::UnknownType:
        return tr("The server did not understand a message from this client");
    case N::NameTaken:
        return tr("That nickname is taken, please choose another");
    case N::NameInvalid:
        return tr("The server does not accept this nickname, please choose another");
    case N::NameReserved:
        return tr("That nickname is reserved, please choose another");
    case N::HistoryUnavailable:
        return tr("This server keeps no earlier messages");
    case N::RoomUnavailable:
        return tr("The room cannot be reached right now; the message was not sent");
    }
    return withDetail(tr("The server sent a notice"), detail);
}

QString EventFormatter::errorText(Protocol::ErrorCode code, const QString &detail)
{
    using E = Protocol::ErrorCode;
    switch (code) {
    case E::Malformed:
        return tr("The server could not read a message from this client");
    case E::FrameTooLarge:
        return tr("A message was too large for the server");
    case E::NotJoined:
        return tr("Not in the chat room yet");
    case E::Kicked:
        return tr("The administrator removed you from the chat room");
    case E::ServerShutdown:
        return tr("The server is shutting down");
    case E::TimedOut:
        return tr("The server closed the connection after a long silence");
    case E::TooSlow:
        return tr("The connection is too slow to keep up with the chat room");
    case E::Flooding:
        return tr("Disconnected for sending too fast");
    case E::HelloTimeout:
        return tr("The server waited too long for a nickname");
    }
    return withDetail(tr("The server reported an error"), detail);
}

QString EventFormatter::endReasonText(ChatSession::EndReason reason)
{
    using R = ChatSession::EndReason;
    switch (reason) {
    case R::None:
        return {};
    case R::UserQuit:
        return tr("You left the chat room");
    case R::ConnectionLost:
        return tr("The connection to the server was lost");
    case R::ConnectFailed:
        return tr("Could not connect to the server");
    case R::Kicked:
        return tr("The administrator removed you from the chat room");
    case R::ServerShutdown:
        return tr("The server has shut down");
    case R::ServerError:
        return tr("The server closed the connection");
    case R::ProtocolError:
        return tr("The server sent data this client cannot read");
    case R::JoinTimedOut:
        return tr("The server did not let you into the chat room in time");
    case R::LimitExceeded:
        return tr("The server sent more than this client accepts (too many members, too "
                  "much history or too long a text)");
    }
    return {};
}

QString EventFormatter::stateText(ChatSession::State state)
{
    using S = ChatSession::State;
    switch (state) {
    case S::Disconnected:
        return tr("Disconnected");
    case S::Connecting:
        return tr("Connecting…");
    case S::Joining:
        return tr("Joining…");
    case S::Joined:
        return tr("In the chat room");
    case S::Reconnecting:
        return tr("Reconnecting…");
    }
    return {};
}

QString EventFormatter::socketErrorText(QAbstractSocket::SocketError error, const QString &message)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return tr("The server refused the connection; is it running?");
    case QAbstractSocket::HostNotFoundError:
        return tr("The server's address could not be found");
    case QAbstractSocket::SocketTimeoutError:
        return tr("The server did not answer in time");
    case QAbstractSocket::NetworkError:
        return tr("The network is unreachable");
    case QAbstractSocket::RemoteHostClosedError:
        return tr("The server closed the connection");
    default:
        break;
    }
    // Qt's own message is English, but it is the most precise thing we have.
    return tr("Could not connect to the server: %1").arg(message);
}

QString EventFormatter::connectFailedText(QAbstractSocket::SocketError error,
                                          const QString &message,
                                          const QList<ChatSession::ConnectFailure> &failures)
{
    if (failures.size() < 2)
        return socketErrorText(error, message);
    QStringList lines {tr("None of the servers could be reached:")};
    for (const ChatSession::ConnectFailure &failure : failures) {
        //: One server a join tried: %1 its address, %2 why it could not be reached.
        lines.append(
            tr("%1: %2", "server tried")
                .arg(failure.server.display(), socketErrorText(failure.error, failure.message)));
    }
    return lines.join(u'\n');
}

QString EventFormatter::nicknameVerdictText(Nickname::Verdict verdict)
{
    using V = Nickname::Verdict;
    switch (verdict) {
    case V::Ok:
        return {};
    case V::Empty:
        return tr("Please enter a nickname");
    case V::TooLong:
        return tr("A nickname has at most %1 characters").arg(Nickname::MaxLength);
    case V::InvalidCharacter:
        return tr("A nickname cannot contain control or invisible characters");
    case V::Reserved:
        return tr("That nickname is reserved, please choose another");
    case V::Invisible:
        return tr("A nickname needs a visible character, and no blanks other than spaces");
    case V::MixedScript:
        return tr("A nickname cannot mix these writing systems, e.g. Latin letters with "
                  "Cyrillic or Greek ones");
    }
    return {};
}

QString EventFormatter::chatTextVerdictText(ChatText::Verdict verdict)
{
    using V = ChatText::Verdict;
    switch (verdict) {
    case V::Ok:
        return {};
    case V::Empty:
        return tr("Type a message first");
    case V::TooLong:
        return tr("The message is too long: at most %1 characters").arg(ChatText::MaxLength);
    }
    return {};
}

QString EventFormatter::isolated(const QString &name)
{
    return QChar(0x2068) + name + QChar(0x2069);
}
