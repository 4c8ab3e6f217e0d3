#include "benchwire.h"

#include "protocol/messagecodec.h"

#include <QtEndian>

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

// Reads `digits` ASCII digits from UTF-16BE text; false on anything else.
bool readDigits(const char *utf16, int at, int digits, qint64 *value)
{
    qint64 result = 0;
    for (int i = at; i < at + digits; ++i) {
        const char high = utf16[2 * i];
        const char low = utf16[2 * i + 1];
        if (high != 0 || low < '0' || low > '9')
            return false;
        result = result * 10 + (low - '0');
    }
    *value = result;
    return true;
}

bool charIs(const char *utf16, int at, char expected)
{
    return utf16[2 * at] == 0 && utf16[2 * at + 1] == expected;
}

} // namespace

QByteArray BenchWire::helloFrame(const QString &nickname)
{
    return Protocol::MessageCodec::encodeFrame(Protocol::Hello {Protocol::Version, nickname});
}

QByteArray BenchWire::sayFrame(int sender, quint32 index, qint64 sentUs, int textLength)
{
    char ascii[64];
    const int written = std::snprintf(ascii, sizeof ascii, "s%04d m%07u t%016lld", sender, index,
                                      static_cast<long long>(sentUs));
    QString text = QString::fromLatin1(ascii, written);
    if (text.size() < textLength)
        text.append(QString(textLength - text.size(), u'x'));
    return Protocol::MessageCodec::encodeFrame(Protocol::Say {text});
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
    if (textBytes == 0xFFFFFFFF || textAt + 4 + textBytes > size)
        return true; // a chat, just not one of ours
    const char *text = payload + textAt + 4;
    if (textBytes < 2 * MinTextLength || !charIs(text, 0, 's') || !charIs(text, IndexAt - 1, 'm')
        || !charIs(text, TimeAt - 1, 't'))
        return true;
    qint64 sender = 0;
    qint64 index = 0;
    qint64 sentUs = 0;
    if (!readDigits(text, SenderAt, SenderDigits, &sender)
        || !readDigits(text, IndexAt, IndexDigits, &index)
        || !readDigits(text, TimeAt, TimeDigits, &sentUs))
        return true;
    chat->sender = int(sender);
    chat->index = quint32(index);
    chat->sentUs = sentUs;
    return true;
}

bool BenchWire::membersCount(const char *payload, size_t size, quint32 *count)
{
    if (size < 1 + 4)
        return false;
    *count = readU32(payload + 1);
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
