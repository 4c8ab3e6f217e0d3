#include "roomhistory.h"

#include "protocol/historyframebuilder.h"

#include <limits>

RoomHistory::RoomHistory(const RoomLog &log, int limit, qsizetype maxPayload)
    : m_log(log)
    , m_limit(limit)
    , m_maxPayload(maxPayload)
{
}

QList<QByteArray> RoomHistory::batch(quint64 afterSeq, quint64 beforeSeq, int max,
                                     bool *truncated) const
{
    // One more than asked tells whether older ones exist without a second query.
    const QList<RoomLog::Event> events =
        m_log.read(afterSeq, beforeSeq, max + 1, RoomLog::Filter::Messages);
    const qsizetype skip = qMax<qsizetype>(0, events.size() - max);
    // Events the log no longer keeps (retention, a ring that wrapped) may have been
    // messages the request covers: the client learns that they are gone when a Reply
    // comes back empty.
    const bool dropped = m_log.firstSeq() > afterSeq + 1 && beforeSeq > afterSeq + 1;
    *truncated = skip > 0 || dropped;
    QList<QByteArray> payloads;
    payloads.reserve(events.size() - skip);
    for (qsizetype i = skip; i < events.size(); ++i)
        payloads.append(events.at(i).payload);
    return payloads;
}

QList<QByteArray> RoomHistory::joinFrames(const Protocol::Hello &hello, quint64 welcomeSeq) const
{
    if (!isEnabled() || hello.minor < 1 || hello.historyMax == 0)
        return {};
    const int max = qMin<int>(hello.historyMax, m_limit);
    // Only an afterSeq of this very log means anything: a seq of another epoch is just a
    // number, and the client gets the newest events instead.
    const bool sameLog = !hello.roomEpoch.isEmpty() && hello.roomEpoch == m_log.epoch();
    const quint64 afterSeq = sameLog ? hello.afterSeq : 0;
    bool truncated = false;
    const QList<QByteArray> events = batch(afterSeq, welcomeSeq, max, &truncated);
    return Protocol::HistoryFrameBuilder::frames(events, truncated ? Protocol::HistoryTruncated : 0,
                                                 m_maxPayload);
}

QList<QByteArray> RoomHistory::replyFrames(const Protocol::HistoryRequest &request) const
{
    const int max = qMin<int>(request.max, m_limit);
    bool truncated = false;
    const QList<QByteArray> events = batch(0, request.beforeSeq, max, &truncated);
    const quint8 flags = Protocol::HistoryReply | (truncated ? Protocol::HistoryTruncated : 0);
    return Protocol::HistoryFrameBuilder::frames(events, flags, m_maxPayload);
}

std::optional<QList<QByteArray>> RoomHistory::eventsAfter(quint64 lastSeq) const
{
    if (m_log.firstSeq() > lastSeq + 1 && lastSeq < m_log.lastSeq())
        return std::nullopt;
    const QList<RoomLog::Event> events =
        m_log.read(lastSeq, std::numeric_limits<quint64>::max(), 0, RoomLog::Filter::AllEvents);
    QList<QByteArray> payloads;
    payloads.reserve(events.size());
    for (const RoomLog::Event &event : events)
        payloads.append(event.payload);
    return payloads;
}
