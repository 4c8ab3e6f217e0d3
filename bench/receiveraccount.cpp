#include "receiveraccount.h"

void ReceiverAccount::start(quint64 welcomeSeq)
{
    m_lastSeq = welcomeSeq;
}

void ReceiverAccount::expectChats(int senders, quint32 perSender, int ownSender)
{
    m_perSender = perSender;
    m_ownSender = ownSender >= 0 && ownSender < senders ? ownSender : -1;
    m_expectedChats = quint64(qMax(senders, 0)) * perSender;
    m_seen.assign(m_expectedChats, false);
    if (m_ownSender >= 0)
        m_expectedChats -= perSender;
    m_next.assign(size_t(qMax(senders, 0)), 0);
    m_chatsReceived = 0;
    m_uniqueChats = 0;
    m_lost = 0;
    m_duplicates = 0;
    m_foreign = 0;
}

bool ReceiverAccount::advanceSeq(quint64 seq)
{
    if (seq <= m_lastSeq)
        return true;
    m_seqGaps += seq - m_lastSeq - 1;
    m_lastSeq = seq;
    return false;
}

void ReceiverAccount::onEvent(quint64 seq)
{
    if (advanceSeq(seq))
        ++m_outOfOrder;
}

void ReceiverAccount::onChat(quint64 seq, int sender, quint32 index)
{
    bool outOfOrder = advanceSeq(seq);
    ++m_chatsReceived;
    if (sender < 0 || size_t(sender) >= m_next.size() || index >= m_perSender
        || sender == m_ownSender) {
        ++m_foreign;
        if (outOfOrder)
            ++m_outOfOrder;
        return;
    }
    const size_t bit = size_t(sender) * m_perSender + index;
    if (m_seen[bit]) {
        ++m_duplicates;
    } else {
        m_seen[bit] = true;
        ++m_uniqueChats;
    }
    quint32 &next = m_next[size_t(sender)];
    if (index < next)
        outOfOrder = true;
    else
        next = index + 1;
    if (outOfOrder)
        ++m_outOfOrder;
}

void ReceiverAccount::finish()
{
    m_lost = m_expectedChats - m_uniqueChats;
}
