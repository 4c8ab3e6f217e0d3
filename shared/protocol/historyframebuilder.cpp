#include "historyframebuilder.h"

#include "messagecodec.h"

namespace Protocol {

namespace {

// QDataStream sizes (docs/protocol.md, "Payload"): type and flags bytes, the list's
// quint32 count, and each QByteArray's quint32 length before its bytes.
constexpr qsizetype HeaderSize = 1 + 1 + 4;
constexpr qsizetype LengthSize = 4;

} // namespace

qsizetype HistoryFrameBuilder::payloadSize(const QList<QByteArray> &events)
{
    qsizetype size = HeaderSize;
    for (const QByteArray &event : events)
        size += LengthSize + event.size();
    return size;
}

QList<QByteArray> HistoryFrameBuilder::frames(const QList<QByteArray> &events, quint8 flags,
                                              qsizetype maxPayloadSize)
{
    const quint8 kept = flags & (HistoryTruncated | HistoryReply);
    QList<QList<QByteArray>> slices(1);
    qsizetype size = HeaderSize;
    for (const QByteArray &event : events) {
        const qsizetype eventSize = LengthSize + event.size();
        if (!slices.last().isEmpty() && size + eventSize > maxPayloadSize) {
            slices.append(QList<QByteArray>());
            size = HeaderSize;
        }
        slices.last().append(event);
        size += eventSize;
    }
    QList<QByteArray> frames;
    frames.reserve(slices.size());
    for (qsizetype i = 0; i < slices.size(); ++i) {
        const bool last = i == slices.size() - 1;
        quint8 frameFlags = kept & HistoryReply;
        if (!last)
            frameFlags |= HistoryMore;
        else
            frameFlags |= kept & HistoryTruncated;
        frames.append(MessageCodec::encodeFrame(History {frameFlags, slices.at(i)}, Layout::V1_1));
    }
    return frames;
}

} // namespace Protocol
