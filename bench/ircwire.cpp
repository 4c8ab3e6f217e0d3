#include "ircwire.h"

namespace {

// The next space-separated word of `rest`, which moves past it.
QByteArrayView nextWord(QByteArrayView *rest)
{
    const qsizetype space = rest->indexOf(' ');
    const QByteArrayView word = space < 0 ? *rest : rest->first(space);
    *rest = space < 0 ? QByteArrayView() : rest->sliced(space + 1);
    return word;
}

// The last parameter: after " :" if there is one, else the last word.
QByteArrayView trailing(QByteArrayView rest)
{
    if (rest.startsWith(':'))
        return rest.sliced(1);
    const qsizetype colon = rest.indexOf(" :");
    if (colon >= 0)
        return rest.sliced(colon + 2);
    const qsizetype space = rest.lastIndexOf(' ');
    return space < 0 ? rest : rest.sliced(space + 1);
}

} // namespace

QByteArray IrcWire::registration(const QByteArray &nick)
{
    return "NICK " + nick + "\r\nUSER " + nick + " 0 * :b\r\n";
}

QByteArray IrcWire::joinLine()
{
    return QByteArray("JOIN ") + Channel + "\r\n";
}

QByteArray IrcWire::pongLine(QByteArrayView token)
{
    return "PONG :" + token.toByteArray() + "\r\n";
}

QByteArray IrcWire::privmsgLine(int sender, quint32 index, qint64 sentUs, int textLength)
{
    return QByteArray("PRIVMSG ") + Channel + " :"
        + BenchWire::text(sender, index, sentUs, textLength) + "\r\n";
}

bool IrcWire::parseText(QByteArrayView text, BenchWire::ChatView *chat)
{
    return BenchWire::parseText(text.data(), text.size(), 1, chat);
}

bool IrcWire::parse(QByteArrayView line, Line *out)
{
    *out = Line();
    QByteArrayView rest = line;
    if (rest.startsWith(':')) {
        nextWord(&rest); // the prefix; nobody's identity matters here
        if (rest.isEmpty())
            return false;
    }
    const QByteArrayView command = nextWord(&rest);
    if (command.isEmpty())
        return false;
    using Kind = Line::Kind;
    if (command == "PRIVMSG") {
        out->kind = Kind::Privmsg;
        parseText(trailing(rest), &out->chat);
    } else if (command == "JOIN") {
        out->kind = Kind::Join;
    } else if (command == "PING") {
        out->kind = Kind::Ping;
        out->argument = trailing(rest);
    } else if (command == "ERROR") {
        out->kind = Kind::Error;
        out->argument = trailing(rest);
    } else if (command.size() == 3 && command[0] >= '0' && command[0] <= '9') {
        if (command == "001") {
            out->kind = Kind::Welcome;
        } else if (command == "353") {
            out->kind = Kind::Names;
            const QByteArrayView names = trailing(rest).trimmed();
            out->count = names.isEmpty() ? 0 : quint32(names.count(' ') + 1);
        } else if (command == "366") {
            out->kind = Kind::EndOfNames;
        } else if ((command[0] == '4' || command[0] == '5') && command != "422") {
            out->kind = Kind::Error;
            out->argument = line;
        }
    }
    return true;
}
