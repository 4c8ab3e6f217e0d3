#include "outbox.h"

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
    return m_entries.removeIf([clientId](const Entry &e) { return e.clientId == clientId; }) > 0;
}

std::optional<Outbox::Entry> Outbox::refuseOldestSent()
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).sent)
            return m_entries.takeAt(i);
    }
    return std::nullopt;
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
