#include "benchwire.h"

#include "protocol/messagecodec.h"

#include <QtEndian>

#include <cstdio>
#include <ctime>

namespace {

// Text layout (character positions): s SSSS _ m MMMMMMM _ t TTTTTTTTTTTTTTTT
constexpr int SenderAt = 1;
constexpr int SenderDigits = 4;
constexpr int IndexAt = 7;
constexpr int IndexDigits = 7;
constexpr int TimeAt = 16;
constexpr int TimeDigits = 16;
constexpr int MinTextLength = TimeAt + TimeDigits;

// The character at `at`, or 0 when a UTF-16 unit has a high byte (never one of ours).
char charAt(const char *chars, int stride, int at)
{
    if (stride == 2)
        return chars[2 * at] == 0 ? chars[2 * at + 1] : 0;
    return chars[at];
}

// Reads `digits` ASCII digits; false on anything else.
bool readDigits(const char *chars, int stride, int at, int digits, qint64 *value)
{
    qint64 result = 0;
    for (int i = at; i < at + digits; ++i) {
        const char c = charAt(chars, stride, i);
        if (c < '0' || c > '9')
            return false;
        result = result * 10 + (c - '0');
    }
    *value = result;
    return true;
}

} // namespace

QByteArray BenchWire::text(int sender, quint32 index, qint64 sentUs, int textLength)
{
    char ascii[64];
    const int written = std::snprintf(ascii, sizeof ascii, "s%04d m%07u t%016lld", sender, index,
                                      static_cast<long long>(sentUs));
    QByteArray text(ascii, written);
    if (written < textLength)
        text.append(textLength - written, 'x');
    return text;
}

bool BenchWire::parseText(const char *chars, qsizetype length, int stride, ChatView *chat)
{
    chat->sender = -1;
    if (length < MinTextLength || charAt(chars, stride, 0) != 's'
        || charAt(chars, stride, IndexAt - 1) != 'm' || charAt(chars, stride, TimeAt - 1) != 't')
        return false;
    qint64 sender = 0;
    qint64 index = 0;
    qint64 sentUs = 0;
    if (!readDigits(chars, stride, SenderAt, SenderDigits, &sender)
        || !readDigits(chars, stride, IndexAt, IndexDigits, &index)
        || !readDigits(chars, stride, TimeAt, TimeDigits, &sentUs))
        return false;
    chat->sender = int(sender);
    chat->index = quint32(index);
    chat->sentUs = sentUs;
    return true;
}

QByteArray BenchWire::helloFrame(const QString &nickname)
{
    return Protocol::MessageCodec::encodeFrame(Protocol::Hello {Protocol::Version, nickname});
}

QByteArray BenchWire::sayFrame(int sender, quint32 index, qint64 sentUs, int textLength)
{
    return Protocol::MessageCodec::encodeFrame(
        Protocol::Say {QString::fromLatin1(text(sender, index, sentUs, textLength))});
}

QByteArray BenchWire::helloFrameV11(const QString &nickname, quint16 historyMax)
{
    Protocol::Hello hello {Protocol::Version, nickname};
    hello.minor = Protocol::MinorVersion;
    hello.historyMax = historyMax;
    return Protocol::MessageCodec::encodeFrame(hello, Protocol::Layout::V1_1);
}

QByteArray BenchWire::sayFrameV11(int sender, quint32 index, qint64 sentUs, int textLength,
                                  quint64 clientId)
{
    return Protocol::MessageCodec::encodeFrame(
        Protocol::Say {QString::fromLatin1(text(sender, index, sentUs, textLength)), clientId},
        Protocol::Layout::V1_1);
}

QByteArray BenchWire::resumeFrame(const QByteArray &token, quint64 lastSeq)
{
    return Protocol::MessageCodec::encodeFrame(Protocol::Resume {token, lastSeq},
                                               Protocol::Layout::V1_1);
}

bool BenchWire::eventSeq(const char *payload, size_t size, quint64 *seq)
{
    if (size < 1 + 8)
        return false;
    *seq = readU64(payload + 1);
    return true;
}

bool BenchWire::parseChat(const char *payload, size_t size, ChatView *chat)
{
    // type, seq, atMs, from (quint32 byte count + UTF-16), text (the same)
    constexpr size_t FromAt = 1 + 8 + 8;
    if (size < FromAt + 4)
        return false;
    chat->seq = readU64(payload + 1);
    chat->sender = -1;
    const quint32 fromBytes = readU32(payload + FromAt);
    const size_t textAt = FromAt + 4 + (fromBytes == 0xFFFFFFFF ? 0 : fromBytes);
    if (textAt + 4 > size)
        return false;
    const quint32 textBytes = readU32(payload + textAt);
    chat->clientId = 0;
    if (textBytes == 0xFFFFFFFF || textAt + 4 + textBytes > size)
        return true; // a chat, just not one of ours
    // 1.1 appends the Say's clientId; a 1.0 Chat ends with the text.
    const size_t clientIdAt = textAt + 4 + textBytes;
    if (clientIdAt + 8 <= size)
        chat->clientId = readU64(payload + clientIdAt);
    // Not one of ours leaves sender at -1: still a chat, and still counted in seq order.
    parseText(payload + textAt + 4, textBytes / 2, 2, chat);
    return true;
}

bool BenchWire::membersCount(const char *payload, size_t size, quint32 *count)
{
    if (size < 1 + 4)
        return false;
    *count = readU32(payload + 1);
    return true;
}

bool BenchWire::parseHistory(const char *payload, size_t size, HistoryView *history)
{
    // type, quint8 flags, QList<QByteArray>: quint32 count, then each as quint32 size + bytes
    if (size < 1 + 1 + 4)
        return false;
    *history = HistoryView {};
    history->flags = quint8(payload[1]);
    const quint32 count = readU32(payload + 2);
    size_t at = 1 + 1 + 4;
    for (quint32 i = 0; i < count; ++i) {
        if (at + 4 > size)
            return false;
        const quint32 bytes = readU32(payload + at);
        at += 4;
        if (bytes == 0xFFFFFFFF || bytes > size - at || bytes < 1 + 8)
            return false; // an event is never empty
        const auto type = Protocol::MessageType(quint8(payload[at]));
        if (type != Protocol::MessageType::Chat && type != Protocol::MessageType::Broadcast)
            return false;
        const quint64 seq = readU64(payload + at + 1);
        if (history->events > 0 && seq <= history->lastSeq)
            return false;
        if (history->events == 0)
            history->firstSeq = seq;
        history->lastSeq = seq;
        ++history->events;
        at += bytes;
    }
    return true;
}

quint32 BenchWire::readU32(const char *bytes)
{
    return qFromBigEndian<quint32>(bytes);
}

quint64 BenchWire::readU64(const char *bytes)
{
    return qFromBigEndian<quint64>(bytes);
}

qint64 BenchWire::nowUs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1'000;
}
