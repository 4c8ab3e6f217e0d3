#include "outbox.h"

#include <algorithm>

quint64 Outbox::add(const QString &text)
{
    Entry entry {m_next, text, false, {}};
    entry.queued.start();
    m_entries.append(entry);
    return m_next++;
}

void Outbox::markSent(quint64 clientId)
{
    for (Entry &entry : m_entries) {
        if (entry.clientId == clientId)
            entry.sent = true;
    }
    m_waiting.append(Waiting {Request::Say, clientId});
}

void Outbox::requestSent(Request request)
{
    m_waiting.append(Waiting {request, 0});
}

QList<Outbox::Entry> Outbox::unsent() const
{
    QList<Entry> result;
    for (const Entry &entry : m_entries) {
        if (!entry.sent)
            result.append(entry);
    }
    return result;
}

bool Outbox::confirm(quint64 clientId)
{
    // A Chat replayed after a resume answers a Say of the old connection: not waiting here.
    const auto waiting = std::find_if(m_waiting.cbegin(), m_waiting.cend(), [&](const Waiting &w) {
        return w.request == Request::Say && w.clientId == clientId;
    });
    if (waiting != m_waiting.cend())
        answeredUpTo(waiting - m_waiting.cbegin());
    return m_entries.removeIf([clientId](const Entry &e) { return e.clientId == clientId; }) > 0;
}

std::optional<quint64> Outbox::confirmOldestWaiting()
{
    const std::optional<Refusal> answer = refuse({Request::Say});
    if (!answer || !answer->say)
        return std::nullopt;
    return answer->say->clientId;
}

void Outbox::answered(Request request)
{
    const auto waiting = std::find_if(m_waiting.cbegin(), m_waiting.cend(),
                                      [&](const Waiting &w) { return w.request == request; });
    if (waiting != m_waiting.cend())
        answeredUpTo(waiting - m_waiting.cbegin());
}

std::optional<Outbox::Refusal> Outbox::refuse(std::initializer_list<Request> kinds)
{
    const auto waiting = std::find_if(m_waiting.cbegin(), m_waiting.cend(), [&](const Waiting &w) {
        return std::find(kinds.begin(), kinds.end(), w.request) != kinds.end();
    });
    if (waiting == m_waiting.cend())
        return std::nullopt;
    const Waiting answeredRequest = *waiting;
    answeredUpTo(waiting - m_waiting.cbegin());
    Refusal refusal {answeredRequest.request, std::nullopt};
    if (answeredRequest.request == Request::Say) {
        const auto entry = std::find_if(m_entries.cbegin(), m_entries.cend(), [&](const Entry &e) {
            return e.clientId == answeredRequest.clientId;
        });
        if (entry != m_entries.cend())
            refusal.say = m_entries.takeAt(entry - m_entries.cbegin());
    }
    return refusal;
}

void Outbox::resumedAt(quint64 lastClientId)
{
    for (Entry &entry : m_entries) {
        if (entry.clientId > lastClientId)
            entry.sent = false;
    }
}

QList<Outbox::Entry> Outbox::takeLost(quint64 lastClientId)
{
    QList<Entry> lost;
    for (qsizetype i = 0; i < m_entries.size();) {
        if (m_entries.at(i).clientId <= lastClientId && m_entries.at(i).sent)
            lost.append(m_entries.takeAt(i));
        else
            ++i;
    }
    return lost;
}

QList<Outbox::Entry> Outbox::takeSent()
{
    QList<Entry> sent;
    for (qsizetype i = 0; i < m_entries.size();) {
        if (m_entries.at(i).sent)
            sent.append(m_entries.takeAt(i));
        else
            ++i;
    }
    return sent;
}

void Outbox::renumber()
{
    m_next = 1;
    for (Entry &entry : m_entries) {
        entry.clientId = m_next++;
        entry.sent = false;
    }
}
