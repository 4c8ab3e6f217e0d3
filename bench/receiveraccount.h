#pragma once

#include <QtGlobal>

#include <vector>

// What one receiver saw, checked against docs/protocol.md ("Room semantics"): every room
// event after its own join, once, in seq order, with no gap. Chat messages are also
// checked one by one against what the senders sent, so a message that is lost, repeated
// or overtaken is counted even if the seq numbers look fine.
class ReceiverAccount final
{
public:
    // The receiver's own join event: the seq every later event counts from.
    void start(quint64 welcomeSeq);
    // From now on, chats are expected from `senders` senders, `perSender` each, numbered
    // 0..perSender-1; earlier chat counts are forgotten (the seq check carries on).
    // Chats of `ownSender` are not expected: an IRC server does not echo to the sender.
    void expectChats(int senders, quint32 perSender, int ownSender = -1);

    // A room event that is not one of the expected chats (Joined, Left, Broadcast).
    void onEvent(quint64 seq);
    // One of the expected chats. A frame that breaks the order counts once in order(),
    // whether the room seq or the sender's own numbering shows it.
    void onChat(quint64 seq, int sender, quint32 index);
    // The expected chats that never arrived become lost(); call once, at the end.
    void finish();

    quint64 lastSeq() const { return m_lastSeq; }
    quint64 chatsReceived() const { return m_chatsReceived; }
    quint64 uniqueChats() const { return m_uniqueChats; }
    quint64 expectedChats() const { return m_expectedChats; }
    quint64 lost() const { return m_lost; }
    quint64 duplicates() const { return m_duplicates; }
    quint64 outOfOrder() const { return m_outOfOrder; }
    // Room seq numbers skipped: events of any kind that never reached this receiver.
    quint64 seqGaps() const { return m_seqGaps; }
    // Chats that were not among the expected ones (another sender, a bad index).
    quint64 foreign() const { return m_foreign; }

private:
    // True when the seq went backwards or stood still.
    bool advanceSeq(quint64 seq);

    quint64 m_lastSeq = 0;
    quint64 m_seqGaps = 0;
    quint64 m_outOfOrder = 0;
    quint64 m_duplicates = 0;
    quint64 m_lost = 0;
    quint64 m_foreign = 0;
    quint64 m_chatsReceived = 0;
    quint64 m_uniqueChats = 0;
    quint64 m_expectedChats = 0;
    quint32 m_perSender = 0;
    int m_ownSender = -1;
    // One bit per expected chat, so a repeat is told from a late arrival.
    std::vector<bool> m_seen;
    // Per sender, the highest index seen plus one.
    std::vector<quint32> m_next;
};
