#pragma once

#include "benchwire.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>

// The few IRC (RFC 2812) pieces chatroom-bench needs to drive an IRC server the way it
// drives ours, for a side-by-side comparison: register, join one channel, PRIVMSG to it,
// answer PING. Incoming lines are classified in place, without copies; only what a check
// needs is read. The chat text has the same ASCII shape as BenchWire's
// ("s0003 m0000042 t<16 digits>" padded with 'x'), here plain bytes instead of UTF-16.
class IrcWire final
{
public:
    static constexpr const char *Channel = "#bench";

    struct Line
    {
        enum class Kind : quint8 {
            Other, // anything the bench ignores (NOTICE, MOTD, MODE, 00x but 001 ...)
            Ping, // `argument` is the token to send back
            Welcome, // 001
            Names, // 353: `count` names
            EndOfNames, // 366
            Join, // someone (maybe this member) joined
            Privmsg, // `chat` is filled; chat.sender is -1 for a text not of ours
            Error // ERROR, or an error numeric (4xx, 5xx but 422 "no MOTD")
        };
        Kind kind = Kind::Other;
        QByteArrayView argument; // Ping token, Error text: points into the parsed line
        quint32 count = 0;
        BenchWire::ChatView chat;
    };

    static QByteArray registration(const QByteArray &nick);
    static QByteArray joinLine();
    static QByteArray pongLine(QByteArrayView token);
    static QByteArray privmsgLine(int sender, quint32 index, qint64 sentUs, int textLength);

    // One line without its CR LF. False only for a line that is not IRC at all.
    static bool parse(QByteArrayView line, Line *out);
    // The bench's own chat text, ASCII; false when the text is not of that shape.
    static bool parseText(QByteArrayView text, BenchWire::ChatView *chat);
};
