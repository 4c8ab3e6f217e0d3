#include "answerorder.h"

quint64 AnswerOrder::expect()
{
    m_slots.append({m_nextTicket, 0, {}, false});
    return m_nextTicket++;
}

AnswerOrder::Slot *AnswerOrder::find(quint64 ticket)
{
    // Few slots: a member's requests in flight, bounded by its flood gates.
    for (Slot &slot : m_slots) {
        if (slot.ticket == ticket)
            return &slot;
    }
    return nullptr;
}

void AnswerOrder::appended(quint64 ticket, quint64 lastSeq)
{
    if (Slot *slot = find(ticket); slot && !slot->answered)
        slot->lastSeq = lastSeq;
}

void AnswerOrder::failed(quint64 ticket, const QByteArray &frame)
{
    Slot *slot = find(ticket);
    if (!slot || slot->answered || slot->lastSeq != 0)
        return; // answered once only
    slot->frame = frame;
    slot->answered = true;
    m_heldBytes += frame.size();
}

void AnswerOrder::queue(const QByteArray &frame)
{
    m_slots.append({0, 0, frame, true});
    m_heldBytes += frame.size();
}

QList<QByteArray> AnswerOrder::release(quint64 readSeq)
{
    QList<QByteArray> due;
    while (!m_slots.isEmpty()) {
        const Slot &front = m_slots.constFirst();
        const bool readBack = front.lastSeq != 0 && front.lastSeq <= readSeq;
        if (!front.answered && !readBack)
            break;
        if (!front.frame.isEmpty()) {
            m_heldBytes -= front.frame.size();
            due.append(front.frame);
        }
        m_slots.removeFirst();
    }
    return due;
}
