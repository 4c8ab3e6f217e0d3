#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>

namespace Protocol {

// Cuts one History batch into frames (docs/protocol.md, "History on join"): each payload
// within the size limit, HistoryMore on every frame but the last, HistoryTruncated on the
// last one when the batch leaves events out, HistoryReply on all of an answer to a
// HistoryRequest. An empty batch is one frame without events, so the client knows the
// past is complete; a frame holds at least one event even if that one alone is larger
// than the limit, so a small limit still makes progress.
class HistoryFrameBuilder final
{
public:
    // events: whole 1.1 payloads, seqs ascending. flags: HistoryTruncated and/or
    // HistoryReply; HistoryMore is the builder's. Returns frames with their length header.
    static QList<QByteArray> frames(const QList<QByteArray> &events, quint8 flags,
                                    qsizetype maxPayloadSize);
    // The payload size of a History frame holding these events.
    static qsizetype payloadSize(const QList<QByteArray> &events);
};

} // namespace Protocol
