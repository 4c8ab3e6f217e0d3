#include "noticeaggregator.h"

NoticeAggregator::NoticeAggregator(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(m_window);
    connect(&m_timer, &QTimer::timeout, this, &NoticeAggregator::endWindow);
}

void NoticeAggregator::setWindow(std::chrono::milliseconds window)
{
    m_window = window;
    m_timer.setInterval(window);
}

NoticeAggregator::Key NoticeAggregator::keyOf(const ServerNotice &notice)
{
    return Key {notice.kind, notice.code, notice.nickname, notice.address, notice.port};
}

void NoticeAggregator::add(const ServerNotice &notice)
{
    const Key key = keyOf(notice);
    if (const auto it = m_index.constFind(key); it != m_index.cend()) {
        ++m_pending[*it].repeated;
        return;
    }
    m_index.insert(key, m_pending.size());
    m_pending.append(Pending {notice, 0});
    if (!m_timer.isActive())
        m_timer.start();
    emit noticeReady(notice);
}

void NoticeAggregator::endWindow()
{
    // Summaries first, bookkeeping after: a slot may add() again while we emit.
    QList<ServerNotice> summaries;
    QList<Pending> still;
    for (const Pending &pending : std::as_const(m_pending)) {
        if (pending.repeated == 0)
            continue; // quiet for a whole window: forgotten
        ServerNotice summary = pending.notice;
        summary.repeated = pending.repeated;
        summaries.append(summary);
        still.append(Pending {pending.notice, 0});
    }
    m_pending = std::move(still);
    m_index.clear();
    for (qsizetype i = 0; i < m_pending.size(); ++i)
        m_index.insert(keyOf(m_pending.at(i).notice), i);
    if (m_pending.isEmpty())
        m_timer.stop();
    for (const ServerNotice &summary : std::as_const(summaries))
        emit noticeReady(summary);
}

void NoticeAggregator::flush()
{
    endWindow();
    if (!m_pending.isEmpty()) {
        // Nothing owed any more: what comes next is news again.
        m_pending.clear();
        m_index.clear();
        m_timer.stop();
    }
}
