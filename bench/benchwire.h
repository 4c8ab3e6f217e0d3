#pragma once

#include "protocol/messages.h"

#include <QByteArray>
#include <QtGlobal>

#include <cstddef>

// The few protocol pieces the load generator needs, fast. At millions of deliveries a
// second the tool must not be the bottleneck, so incoming frames are not decoded into
// Protocol::Message (a QString per field); only the bytes a check needs are read, straight
// out of the receive buffer. Outgoing frames go through the shared codec: they are few.
//
// The chat text the bench sends is ASCII of a fixed shape, "s0003 m0000042 t<16 digits>"
// padded with 'x', so a receiver can tell sender, index and send time without a QString.
class BenchWire final
{
public:
    // What a Chat frame carried, when it is one of ours.
    struct ChatView
    {
        quint64 seq = 0;
        int sender = -1; // -1 when the text is not one of ours
        quint32 index = 0;
        qint64 sentUs = 0; // steady clock of the sending bench, microseconds
    };

    // The text itself, in ASCII: the one layout both the protocol and the IRC mode use.
    static QByteArray text(int sender, quint32 index, qint64 sentUs, int textLength);
    // Reads sender, index and send time from `length` characters of such a text, each
    // `stride` bytes wide (1: ASCII, 2: UTF-16BE); false when the text is not one of ours.
    static bool parseText(const char *chars, qsizetype length, int stride, ChatView *chat);

    static QByteArray helloFrame(const QString &nickname);
    static QByteArray sayFrame(int sender, quint32 index, qint64 sentUs, int textLength);

    static quint8 type(const char *payload) { return quint8(payload[0]); }
    // The seq of Joined, Left, Chat and Broadcast: the first field after the type byte.
    static bool eventSeq(const char *payload, size_t size, quint64 *seq);
    static bool parseChat(const char *payload, size_t size, ChatView *chat);
    // The number of names a Members frame lists, without decoding them.
    static bool membersCount(const char *payload, size_t size, quint32 *count);

    static quint32 readU32(const char *bytes);
    static quint64 readU64(const char *bytes);

    // Steady-clock microseconds; comparable between the sender and receivers of one run.
    static qint64 nowUs();
};
