#include "ircwire.h"

#include <cstdio>

namespace {

// Text layout as in BenchWire: s SSSS _ m MMMMMMM _ t TTTTTTTTTTTTTTTT
constexpr int SenderAt = 1;
constexpr int SenderDigits = 4;
constexpr int IndexAt = 7;
constexpr int IndexDigits = 7;
constexpr int TimeAt = 16;
constexpr int TimeDigits = 16;
constexpr int MinTextLength = TimeAt + TimeDigits;

bool readDigits(QByteArrayView text, int at, int digits, qint64 *value)
{
    qint64 result = 0;
    for (int i = at; i < at + digits; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9')
            return false;
        result = result * 10 + (c - '0');
    }
    *value = result;
    return true;
}

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
    char text[64];
    const int written = std::snprintf(text, sizeof text, "s%04d m%07u t%016lld", sender, index,
                                      static_cast<long long>(sentUs));
    QByteArray line = QByteArray("PRIVMSG ") + Channel + " :";
    line.append(text, written);
    if (written < textLength)
        line.append(textLength - written, 'x');
    line.append("\r\n");
    return line;
}

bool IrcWire::parseText(QByteArrayView text, BenchWire::ChatView *chat)
{
    chat->sender = -1;
    if (text.size() < MinTextLength || text[0] != 's' || text[IndexAt - 1] != 'm'
        || text[TimeAt - 1] != 't')
        return false;
    qint64 sender = 0;
    qint64 index = 0;
    qint64 sentUs = 0;
    if (!readDigits(text, SenderAt, SenderDigits, &sender)
        || !readDigits(text, IndexAt, IndexDigits, &index)
        || !readDigits(text, TimeAt, TimeDigits, &sentUs))
        return false;
    chat->sender = int(sender);
    chat->index = quint32(index);
    chat->sentUs = sentUs;
    return true;
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
