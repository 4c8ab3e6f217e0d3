#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <optional>

// The Says of this member that the room has not confirmed yet, numbered with clientId
// (docs/protocol.md, "Exactly-once sending"). A Say is confirmed by its own Chat coming
// back, refused by a Notice (the server answers every Say in order), resent after a
// resume when the server never saw it, and given up when the server saw it but its Chat
// is not among the replayed events. Pure bookkeeping: no sockets, no signals.
class Outbox final
{
public:
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

    // Queues a Say; returns its clientId.
    quint64 add(const QString &text);
    void markSent(quint64 clientId);
    // The Says not handed to any connection yet, oldest first.
    QList<Entry> unsent() const;
    // Its Chat came back: delivered. False if it was not waiting.
    bool confirm(quint64 clientId);
    // The server refused the oldest Say it had been sent.
    std::optional<Entry> refuseOldestSent();
    // After Resumed: those above lastClientId were never seen and are to be sent again.
    void resumedAt(quint64 lastClientId);
    // Once the replay is in: those at or below lastClientId that were not confirmed were
    // refused while we were away. They are removed and returned.
    QList<Entry> takeLost(quint64 lastClientId);
    // Removes and returns the Says handed to a connection that may have delivered them.
    QList<Entry> takeSent();
    // A new membership numbers from 1 again; everything left is to be sent again.
    void renumber();
    void clear() { m_entries.clear(); }

    const QList<Entry> &entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }
    quint64 lastAssigned() const { return m_next - 1; }

private:
    QList<Entry> m_entries; // by clientId, ascending
    quint64 m_next = 1;
};
