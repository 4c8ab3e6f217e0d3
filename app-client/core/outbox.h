#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <initializer_list>
#include <optional>

// The Says of this member that the room has not confirmed yet, numbered with clientId
// (docs/protocol.md, "Exactly-once sending"). A Say is confirmed by its own Chat coming
// back, refused by a Notice, resent after a resume when the server never saw it, and
// given up when the server saw it but its Chat is not among the replayed events.
//
// The server answers a connection's requests in the order they came, and a Notice does
// not say which request it answers: SlowDown may refuse a Say, a Rename or a
// HistoryRequest. So the outbox also keeps the order of the requests still waiting on
// this connection, and a refusal goes to the oldest one it can answer. Pure
// bookkeeping: no sockets, no signals.
class Outbox final
{
public:
    // The requests whose answer a Notice may be.
    enum class Request : quint8 { Say, Rename, History };

    struct Entry
    {
        quint64 clientId = 0;
        QString text;
        bool sent = false; // handed to a connection that may have delivered it
        // Since it was typed (across reconnects and renumbering): a window shows a Say that
        // has waited long enough for its echo to be news.
        QElapsedTimer queued;

        friend bool operator==(const Entry &, const Entry &) = default;
    };

    struct Refusal
    {
        Request request = Request::Say;
        // A refused Say, removed from the outbox; empty when it was no longer waiting.
        std::optional<Entry> say;
    };

    // Queues a Say; returns its clientId.
    quint64 add(const QString &text);
    // Handed to the connection: its answer comes after those of everything sent before.
    void markSent(quint64 clientId);
    // A Rename or HistoryRequest handed to the connection.
    void requestSent(Request request);
    // The Says not handed to any connection yet, oldest first.
    QList<Entry> unsent() const;
    // Its Chat came back: delivered. False if it was not waiting. Requests sent before it
    // on this connection have had their answers.
    bool confirm(quint64 clientId);
    // An own Chat without a clientId (a 1.0 server relays none): by the order of answers,
    // the oldest Say waiting on this connection. Removed; its clientId, if one was waiting.
    std::optional<quint64> confirmOldestWaiting();
    // A Rename granted (its Joined came back) or a History reply arrived: the oldest
    // request of that kind is answered, and so is every one sent before it.
    void answered(Request request);
    // A Notice refused the oldest waiting request of one of these kinds; those sent before
    // it have had their answers. Empty when none of them is waiting.
    std::optional<Refusal> refuse(std::initializer_list<Request> kinds);
    // The connection is gone: nothing sent on it is answered any more (the Says stay,
    // sent, for the resume or rejoin to settle).
    void connectionEnded() { m_waiting.clear(); }
    // After Resumed: those above lastClientId were never seen and are to be sent again.
    void resumedAt(quint64 lastClientId);
    // Once the replay is in: those at or below lastClientId that were not confirmed were
    // refused while we were away. They are removed and returned.
    QList<Entry> takeLost(quint64 lastClientId);
    // Removes and returns the Says handed to a connection that may have delivered them.
    QList<Entry> takeSent();
    // A new membership numbers from 1 again; everything left is to be sent again.
    void renumber();
    void clear()
    {
        m_entries.clear();
        m_waiting.clear();
    }

    const QList<Entry> &entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }
    quint64 lastAssigned() const { return m_next - 1; }

private:
    struct Waiting
    {
        Request request = Request::Say;
        quint64 clientId = 0; // of a Say
    };

    // Drops the waiting requests up to and including the one at index.
    void answeredUpTo(qsizetype index) { m_waiting.remove(0, index + 1); }

    QList<Entry> m_entries; // by clientId, ascending
    // This connection's requests still without an answer, in the order sent.
    QList<Waiting> m_waiting;
    quint64 m_next = 1;
};
