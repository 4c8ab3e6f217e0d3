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
        quint64 clientId = 0; // 1.1: the id of the Say, appended after the text; 0 if none
    };

    // What a History frame (1.1) carried: each event is a whole Chat or Broadcast payload.
    struct HistoryView
    {
        quint8 flags = 0; // Protocol::HistoryFlag bits
        quint32 events = 0;
        quint64 firstSeq = 0; // 0 when the frame holds no event
        quint64 lastSeq = 0;
    };

    // The text itself, in ASCII: the one layout both the protocol and the IRC mode use.
    static QByteArray text(int sender, quint32 index, qint64 sentUs, int textLength);
    // Reads sender, index and send time from `length` characters of such a text, each
    // `stride` bytes wide (1: ASCII, 2: UTF-16BE); false when the text is not one of ours.
    static bool parseText(const char *chars, qsizetype length, int stride, ChatView *chat);

    // 1.0 bytes, exactly as before 1.1 existed.
    static QByteArray helloFrame(const QString &nickname);
    static QByteArray sayFrame(int sender, quint32 index, qint64 sentUs, int textLength);
    // 1.1: Hello with minor 1 and historyMax (no epoch, afterSeq or password); Say with
    // its clientId; Resume.
    static QByteArray helloFrameV11(const QString &nickname, quint16 historyMax);
    static QByteArray sayFrameV11(int sender, quint32 index, qint64 sentUs, int textLength,
                                  quint64 clientId);
    static QByteArray resumeFrame(const QByteArray &token, quint64 lastSeq);

    static quint8 type(const char *payload) { return quint8(payload[0]); }
    // The seq of Joined, Left, Chat and Broadcast: the first field after the type byte.
    static bool eventSeq(const char *payload, size_t size, quint64 *seq);
    static bool parseChat(const char *payload, size_t size, ChatView *chat);
    // The number of names a Members frame lists, without decoding them.
    static bool membersCount(const char *payload, size_t size, quint32 *count);
    // False unless every event is a Chat or Broadcast payload and their seqs ascend.
    static bool parseHistory(const char *payload, size_t size, HistoryView *history);

    static quint32 readU32(const char *bytes);
    static quint64 readU64(const char *bytes);

    // Steady-clock microseconds; comparable between the sender and receivers of one run.
    static qint64 nowUs();
};
