#pragma once

#include "roomlog.h"

#include <QByteArray>
#include <QList>

#include <optional>

// What a member gets from the room log (docs/protocol.md, "History on join", "Paging
// back", "Resume"): History frames cut to the frame limit, and the events a resuming
// member missed. Reads only; no sockets, so every rule is tested on a log alone.
class RoomHistory final
{
public:
    // limit: the server's --history cap (0: no history at all). maxPayload: the size
    // History frames are cut to.
    RoomHistory(const RoomLog &log, int limit, qsizetype maxPayload);

    bool isEnabled() const { return m_limit > 0; }

    // The batch after Welcome for a 1.1 Hello; empty when it asks for none or the server
    // keeps none. welcomeSeq is the member's own join event: only older events are sent.
    QList<QByteArray> joinFrames(const Protocol::Hello &hello, quint64 welcomeSeq) const;
    // The answer to a HistoryRequest; the caller sends Notice{HistoryUnavailable} instead
    // when !isEnabled().
    QList<QByteArray> replyFrames(const Protocol::HistoryRequest &request) const;
    // Every room event after lastSeq as the 1.1 payloads sent live, or nullopt when the log
    // no longer keeps all of them.
    std::optional<QList<QByteArray>> eventsAfter(quint64 lastSeq) const;

private:
    // The newest `max` messages with afterSeq < seq < beforeSeq, and whether older ones
    // (or, after afterSeq, missed ones) exist that the batch leaves out.
    QList<QByteArray> batch(quint64 afterSeq, quint64 beforeSeq, int max, bool *truncated) const;

    const RoomLog &m_log;
    int m_limit;
    qsizetype m_maxPayload;
};
