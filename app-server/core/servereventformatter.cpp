#include "servereventformatter.h"

#include "connectionlimits.h"

#include <QLocale>

#include <cerrno>
#include <cstring>

#include <limits>

using Protocol::ErrorCode;
using Protocol::LeaveReason;
using Protocol::NoticeCode;
using Protocol::RejectReason;

// Patterns with two or more places are filled with the multi-argument QString::arg, which
// substitutes in one pass: a name or text that itself contains "%2" stays as typed.
// Every nickname goes in isolated(), so a right-to-left name cannot reorder the sentence.

QString ServerEventFormatter::isolated(const QString &name)
{
    // An accepted nickname has no Cc or Cf characters, but a refused one may: a stray
    // U+2069 would close the isolate early and a line break would start a new log line.
    // Built once, in place: every chat line of the headless log passes here.
    QString text;
    text.reserve(name.size() + 2);
    text.append(QChar(0x2068)).append(name).append(QChar(0x2069));
    QChar *c = text.data() + 1;
    for (QChar *end = c + name.size(); c != end; ++c) {
        if (c->unicode() >= 0x20 && c->unicode() < 0x7f) // printable ASCII: never replaced
            continue;
        const QChar::Category category = c->category();
        if (category == QChar::Other_Control || category == QChar::Other_Format)
            *c = QChar::ReplacementCharacter;
    }
    return text;
}

QString ServerEventFormatter::joined(const QString &name)
{
    return tr("%1 joined the chat room").arg(isolated(name));
}

QString ServerEventFormatter::left(const QString &name, LeaveReason reason)
{
    // Whole sentences per reason, as the client has them: Chinese words "kicked" quite
    // differently from "left (...)".
    switch (reason) {
    case LeaveReason::Quit:
        return tr("%1 left the chat room").arg(isolated(name));
    case LeaveReason::ConnectionLost:
        return tr("%1 left the chat room (connection lost)").arg(isolated(name));
    case LeaveReason::Kicked:
        return tr("%1 left the chat room (removed by the administrator)").arg(isolated(name));
    case LeaveReason::TimedOut:
        return tr("%1 left the chat room (timed out)").arg(isolated(name));
    case LeaveReason::TooSlow:
        return tr("%1 left the chat room (connection too slow)").arg(isolated(name));
    case LeaveReason::ProtocolError:
        return tr("%1 left the chat room (protocol error)").arg(isolated(name));
    case LeaveReason::Flooding:
        return tr("%1 left the chat room (sending too fast)").arg(isolated(name));
    case LeaveReason::Renamed:
        return tr("%1 left the chat room").arg(isolated(name));
    }
    return tr("%1 left the chat room").arg(isolated(name));
}

QString ServerEventFormatter::renamed(const QString &oldName, const QString &newName)
{
    //: A member changed nickname: %1 the old one, %2 the new one.
    return tr("%1 is now known as %2").arg(isolated(oldName), isolated(newName));
}

QString ServerEventFormatter::chat(const QString &from, const QString &text)
{
    //: A member speaks: %1 is the nickname, %2 what they said.
    return tr("%1: %2").arg(isolated(from), text);
}

QString ServerEventFormatter::broadcast(const QString &text)
{
    //: The server's administrator speaks to everyone: %1 is the text.
    return tr("Admin says: %1").arg(text);
}

QString ServerEventFormatter::notice(const ServerNotice &notice)
{
    const QString line = describe(notice);
    if (notice.repeated <= 0)
        return line;
    //: A summary of repeated server notices: %1 is the first one's line, %n how many
    //: more like it came since.
    return tr("%1 (×%n more)", nullptr, notice.repeated).arg(line);
}

QString ServerEventFormatter::describe(const ServerNotice &notice)
{
    const QString where = endpoint(notice.address, notice.port);
    //: Who a server notice is about: %1 is a nickname, %2 its address and port.
    const QString who =
        notice.nickname.isEmpty() ? where : tr("%1 (%2)").arg(isolated(notice.nickname), where);
    switch (notice.kind) {
    case ServerNotice::Kind::NameRejected:
        //: %1 is the nickname asked for, %2 the address, %3 why it was refused.
        return tr("Refused the nickname “%1” from %2: %3")
            .arg(isolated(notice.nickname), where, rejectReason(notice.rejectReason()));
    case ServerNotice::Kind::ConnectionClosed:
        //: %1 is who (a nickname and address, or just an address), %2 why.
        return tr("Closed the connection of %1: %2").arg(who, errorCode(notice.errorCode()));
    case ServerNotice::Kind::MessageRefused:
        //: %1 is who sent it, %2 why nothing reached the room.
        return tr("Refused a message from %1: %2").arg(who, noticeCode(notice.noticeCode()));
    case ServerNotice::Kind::ConnectionRefused:
        return connectionsRefused(notice);
    case ServerNotice::Kind::NameBanned:
        //: %1 is the nickname asked for, %2 the address it came from.
        return tr("Refused the banned nickname “%1” from %2").arg(isolated(notice.nickname), where);
    case ServerNotice::Kind::ConnectionBanned:
        //: %n connections from banned addresses were closed; %1 is the first one's address.
        return tr("Refused %n connection(s) from a banned address, the first from %1", nullptr,
                  notice.count)
            .arg(address(notice.address));
    case ServerNotice::Kind::ConnectionEvicted:
        //: %n connections that had not joined were closed; %1 is the first one's address.
        return tr("Closed %n connection(s) that had not joined, to make room for new ones; "
                  "the first from %1",
                  nullptr, notice.count)
            .arg(address(notice.address));
    case ServerNotice::Kind::AcceptPaused:
        if (notice.code == EMFILE || notice.code == ENFILE)
            return tr("Out of file descriptors: no new connections until one closes");
        //: %1 is the system's reason.
        return tr("Accepting connections failed (%1); trying again in a second")
            .arg(QString::fromLocal8Bit(std::strerror(notice.code)));
    }
    return who;
}

QString ServerEventFormatter::capacity(int maxMembers, qint64 descriptorLimit)
{
    if (descriptorLimit < 0 || descriptorLimit == std::numeric_limits<qint64>::max())
        return tr("Room for %n member(s)", nullptr, maxMembers);
    //: %1 is the process's limit on open files (ulimit -n).
    return tr("Room for %n member(s) (open files limit: %1)", nullptr, maxMembers)
        .arg(descriptorLimit);
}

QString ServerEventFormatter::connectionsRefused(const ServerNotice &notice)
{
    const QString why =
        ConnectionLimits::Verdict(notice.code) == ConnectionLimits::Verdict::TooManyWaiting
        ? tr("too many connections from one address waiting to join")
        : tr("too many new connections from one address");
    //: %n connections were closed before a Hello; %1 is the first one's address, %2 why.
    return tr("Refused %n connection(s), the first from %1: %2", nullptr, notice.count)
        .arg(address(notice.address), why);
}

QString ServerEventFormatter::banned(const QString &name, const QHostAddress &host,
                                     const QDateTime &until)
{
    const QString who = banTarget(name, host);
    if (!until.isValid()) {
        //: %1 is who was banned: a nickname, an address, or both.
        return tr("Banned %1 for good").arg(who);
    }
    //: %1 is who was banned, %2 the date and time the ban ends.
    return tr("Banned %1 until %2").arg(who, banEnd(until));
}

QString ServerEventFormatter::unbanned(const QString &name, const QHostAddress &host)
{
    //: %1 is who may come back: a nickname, an address, or both.
    return tr("Lifted the ban on %1").arg(banTarget(name, host));
}

QString ServerEventFormatter::banTarget(const QString &name, const QHostAddress &host)
{
    if (name.isEmpty())
        return address(host);
    if (host.isNull())
        return isolated(name);
    return tr("%1 (%2)").arg(isolated(name), address(host));
}

QString ServerEventFormatter::banEnd(const QDateTime &until)
{
    if (!until.isValid())
        return tr("permanent");
    return QLocale().toString(until, QLocale::ShortFormat);
}

QString ServerEventFormatter::leaveReason(LeaveReason reason)
{
    switch (reason) {
    case LeaveReason::Quit:
        return tr("quit");
    case LeaveReason::ConnectionLost:
        return tr("connection lost");
    case LeaveReason::Kicked:
        return tr("removed by the administrator");
    case LeaveReason::TimedOut:
        return tr("timed out");
    case LeaveReason::TooSlow:
        return tr("connection too slow");
    case LeaveReason::ProtocolError:
        return tr("protocol error");
    case LeaveReason::Flooding:
        return tr("sending too fast");
    case LeaveReason::Renamed:
        return tr("renamed");
    }
    return tr("unknown reason %1").arg(quint8(reason));
}

QString ServerEventFormatter::rejectReason(RejectReason reason)
{
    switch (reason) {
    case RejectReason::NameTaken:
        return tr("the nickname is taken");
    case RejectReason::NameInvalid:
        return tr("the nickname is not valid");
    case RejectReason::NameReserved:
        return tr("the nickname is reserved");
    case RejectReason::VersionUnsupported:
        return tr("unsupported protocol version");
    case RejectReason::RoomFull:
        return tr("the chat room is full");
    case RejectReason::ResumeFailed:
        return tr("could not resume");
    case RejectReason::PasswordRequired:
        return tr("wrong or missing room password");
    }
    return tr("unknown reason %1").arg(quint8(reason));
}

QString ServerEventFormatter::errorCode(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Malformed:
        return tr("malformed message");
    case ErrorCode::FrameTooLarge:
        return tr("frame too large");
    case ErrorCode::NotJoined:
        return tr("spoke before joining");
    case ErrorCode::Kicked:
        return tr("removed by the administrator");
    case ErrorCode::ServerShutdown:
        return tr("the server is shutting down");
    case ErrorCode::TimedOut:
        return tr("silent for too long");
    case ErrorCode::TooSlow:
        return tr("too slow to keep up, dropped");
    case ErrorCode::Flooding:
        return tr("sending too fast");
    case ErrorCode::HelloTimeout:
        return tr("no nickname in time");
    }
    return tr("unknown error %1").arg(quint8(code));
}

QString ServerEventFormatter::noticeCode(NoticeCode code)
{
    switch (code) {
    case NoticeCode::TextTooLong:
        return tr("text too long");
    case NoticeCode::TextEmpty:
        return tr("empty text");
    case NoticeCode::SlowDown:
        return tr("sending too fast, told to slow down");
    case NoticeCode::UnknownType:
        return tr("unknown message type");
    case NoticeCode::NameTaken:
        return tr("new nickname taken");
    case NoticeCode::NameInvalid:
        return tr("new nickname not valid");
    case NoticeCode::NameReserved:
        return tr("new nickname reserved");
    case NoticeCode::HistoryUnavailable:
        return tr("no history kept");
    case NoticeCode::RoomUnavailable:
        return tr("the shared room was unavailable");
    }
    return tr("unknown notice %1").arg(quint8(code));
}

QString ServerEventFormatter::listening(const QString &roomTitle, const QHostAddress &address,
                                        quint16 port)
{
    //: %1 is the room's title, %2 where it listens ("192.0.2.1:9527" or "every address,
    //: port 9527").
    return tr("Chat room “%1” is open on %2").arg(roomTitle, listeningOn(address, port));
}

QString ServerEventFormatter::listeningOn(const QHostAddress &address, quint16 port)
{
    // "*:9527" means nothing to someone who just started the program to let friends in.
    if (isAnyAddress(address))
        return tr("every address, port %1").arg(port);
    return endpoint(address, port);
}

QString ServerEventFormatter::listenFailed(const QHostAddress &address, quint16 port,
                                           const QString &error)
{
    //: %1 is the address and port, %2 the system's reason (often English).
    return tr("Could not listen on %1: %2").arg(listeningOn(address, port), error);
}

QString ServerEventFormatter::localListening(const QString &path)
{
    //: %1 is the local socket's file, e.g. /tmp/chatroom.
    return tr("The local socket is open at %1").arg(path);
}

QString ServerEventFormatter::localListenFailed(const QString &name, const QString &error)
{
    //: %1 is the local socket's name, %2 the system's reason (often English).
    return tr("Could not open the local socket %1: %2").arg(name, error);
}

QString ServerEventFormatter::tlsListening(const QHostAddress &address, quint16 port,
                                           const QString &fingerprint)
{
    //: %1 is where TLS listens ("every address, port 9528"), %2 the certificate's
    //: SHA-256 fingerprint, "AB:CD:..." (32 pairs).
    return tr("TLS is open on %1; certificate SHA-256 fingerprint %2")
        .arg(listeningOn(address, port), fingerprint);
}

QString ServerEventFormatter::certificateCreated(const QString &directory)
{
    //: %1 is a folder.
    return tr("Made a new self-signed TLS certificate in %1").arg(directory);
}

QString ServerEventFormatter::shuttingDown()
{
    return tr("Shutting down: telling every member and closing the connections…");
}

QString ServerEventFormatter::adminListening(const QString &path)
{
    //: %1 is the admin socket's file, e.g. /run/chatroom/admin.sock.
    return tr("The admin socket for chatroomctl is open at %1").arg(path);
}

QString ServerEventFormatter::adminListenFailed(const QString &path, const QString &error)
{
    //: %1 is the admin socket's file, %2 the system's reason (often English).
    return tr("Cannot open the admin socket %1: %2").arg(path, error);
}

QString ServerEventFormatter::adminUnavailable(const QString &path, const QString &error)
{
    //: %1 is the admin socket's file, %2 the system's reason (often English).
    return tr("Cannot open the admin socket %1: %2. The server runs without it, so chatroomctl "
              "cannot reach it; choose another with --admin-socket.")
        .arg(path, error);
}

QString ServerEventFormatter::sharedRoomUnreachable(const QString &address, const QString &error)
{
    //: %1 is the Redis address without its password, %2 the reason (often English).
    return tr("Cannot reach the shared room at %1: %2").arg(address, error);
}

QString ServerEventFormatter::sharedRoomJoined(const QString &address, int members)
{
    //: %1 is the Redis address without its password.
    return tr("Serving the room shared at %1, with %n member(s) in it", nullptr, members)
        .arg(address);
}

QString ServerEventFormatter::adminKicked(const QString &name)
{
    //: An administrator removed the member %1 with the chatroomctl command.
    return tr("chatroomctl: kicked %1").arg(isolated(name));
}

QString ServerEventFormatter::adminBroadcast()
{
    //: The administrator's message in the line before came from the chatroomctl command.
    return tr("chatroomctl: sent the broadcast above");
}

QString ServerEventFormatter::byAdminTool(const QString &sentence)
{
    //: %1 is what was done, e.g. "Banned 张三 until 14:30"; chatroomctl is a command's name.
    return tr("chatroomctl: %1").arg(sentence);
}

QString ServerEventFormatter::adminRefused(qint64 uid)
{
    if (uid < 0) {
        return tr("Refused an admin connection from an unknown user: only the server's user "
                  "and root may use chatroomctl");
    }
    //: %1 is a numeric user id.
    return tr("Refused an admin connection from user %1: only the server's user and root may "
              "use chatroomctl")
        .arg(uid);
}

QString ServerEventFormatter::stopped()
{
    return tr("The server has stopped");
}

QString ServerEventFormatter::endpoint(const QHostAddress &host, quint16 port)
{
    const QString text = address(host);
    // An IPv6 address needs brackets, or its own colons swallow the port.
    if (text.contains(u':'))
        return QStringLiteral("[%1]:%2").arg(text).arg(port);
    return QStringLiteral("%1:%2").arg(text).arg(port);
}

QString ServerEventFormatter::address(const QHostAddress &host)
{
    // Listening on every interface: "*" as ss and netstat print it, not "::" or "0.0.0.0",
    // which read like an address nobody can connect to.
    if (isAnyAddress(host))
        return QStringLiteral("*");
    bool isV4 = false;
    const quint32 v4 = host.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : host.toString();
}

bool ServerEventFormatter::isAnyAddress(const QHostAddress &host)
{
    return host == QHostAddress(QHostAddress::Any) || host == QHostAddress(QHostAddress::AnyIPv6)
        || host == QHostAddress(QHostAddress::AnyIPv4);
}
