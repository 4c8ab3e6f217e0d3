#include "answerorder.h"

quint64 AnswerOrder::expect()
{
    m_slots.append({m_nextTicket, 0, {}, false});
    return m_nextTicket++;
}

AnswerOrder::Slot *AnswerOrder::find(quint64 ticket)
{
    for (Slot &slot : m_slots) {
        if (slot.ticket == ticket)
            return &slot;
    }
    return nullptr;
}

void AnswerOrder::appended(quint64 ticket, quint64 seq)
{
    if (Slot *slot = find(ticket))
        slot->seq = seq;
}

void AnswerOrder::failed(quint64 ticket, const QByteArray &frame)
{
    if (Slot *slot = find(ticket)) {
        slot->frame = frame;
        slot->answered = true;
    }
}

void AnswerOrder::queue(const QByteArray &frame)
{
    m_slots.append({0, 0, frame, true});
}

QList<QByteArray> AnswerOrder::release(quint64 readSeq)
{
    QList<QByteArray> due;
    while (!m_slots.isEmpty()) {
        const Slot &front = m_slots.constFirst();
        const bool readBack = front.seq != 0 && front.seq <= readSeq;
        if (!front.answered && !readBack)
            break;
        if (!front.frame.isEmpty())
            due.append(front.frame);
        m_slots.removeFirst();
    }
    return due;
}
