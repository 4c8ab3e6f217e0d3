#pragma once

#include <QByteArray>
#include <QList>

// The answers one member of a shared room is owed, in the order of its requests.
//
// docs/protocol.md promises that a connection's requests are answered in the order they
// came, and Chatroom's client relies on it: a Notice says not which request it refuses,
// so the client gives it to the oldest one waiting. Alone, a server answers every request
// in the pass that reads it. Sharing a room, a Say's answer (its own Chat) comes back only
// after Redis took it and the server read it back, while a refusal of the next Say
// (SlowDown, TextTooLong) or a History reply is ready at once. Such an answer waits here
// until every request before it has been answered. Pure bookkeeping: ChatServer sends
// what release() returns, and bounds heldBytes().
class AnswerOrder final
{
public:
    // A request whose answer the room gives later; its ticket for appended() or failed().
    quint64 expect();
    // The room took its events, the last of them at `lastSeq`: answered once the server
    // has read that far and sent them to everyone, the member included.
    void appended(quint64 ticket, quint64 lastSeq);
    // Answered with `frame` (a Notice) instead.
    void failed(quint64 ticket, const QByteArray &frame);
    // An answer ready now must queue() behind an earlier request while mustWait().
    bool mustWait() const { return !m_slots.isEmpty(); }
    void queue(const QByteArray &frame);
    // The frames now due, in order, given that every event up to `readSeq` has been sent.
    QList<QByteArray> release(quint64 readSeq);
    bool isEmpty() const { return m_slots.isEmpty(); }
    // The bytes of the frames waiting here.
    qint64 heldBytes() const { return m_heldBytes; }

private:
    struct Slot
    {
        quint64 ticket = 0; // 0: an answer queued, never looked up
        quint64 lastSeq = 0; // when appended
        QByteArray frame; // when answered with a frame
        bool answered = false;
    };
    Slot *find(quint64 ticket);

    QList<Slot> m_slots;
    quint64 m_nextTicket = 1;
    qint64 m_heldBytes = 0;
};
