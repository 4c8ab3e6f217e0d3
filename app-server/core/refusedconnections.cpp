#include "refusedconnections.h"

RefusedConnections::RefusedConnections(std::chrono::milliseconds window, QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(window);
    connect(&m_timer, &QTimer::timeout, this, &RefusedConnections::endWindow);
}

void RefusedConnections::add(const QHostAddress &address, ServerNotice::Kind kind, quint8 code)
{
    // One line for the first refusal of each kind, then one summary per window: a
    // connection flood must not become a log flood.
    for (Refused &refused : m_refused) {
        if (refused.kind == kind && refused.code == code) {
            if (refused.count++ == 0)
                refused.address = address;
            return;
        }
    }
    m_refused.append(Refused {kind, code, 0, address});
    if (!m_timer.isActive())
        m_timer.start();
    ServerNotice notice;
    notice.kind = kind;
    notice.code = code;
    notice.address = address;
    emit report(notice);
}

void RefusedConnections::endWindow()
{
    // Copied out first: a slot may refuse again while we emit.
    QList<ServerNotice> summaries;
    for (qsizetype i = 0; i < m_refused.size();) {
        Refused &refused = m_refused[i];
        if (refused.count == 0) {
            m_refused.removeAt(i);
            continue;
        }
        ServerNotice notice;
        notice.kind = refused.kind;
        notice.code = refused.code;
        notice.address = refused.address;
        notice.count = refused.count;
        summaries.append(notice);
        refused.count = 0;
        ++i;
    }
    if (m_refused.isEmpty())
        m_timer.stop();
    for (const ServerNotice &notice : std::as_const(summaries))
        emit report(notice);
}

void RefusedConnections::flush()
{
    endWindow();
    m_refused.clear();
    m_timer.stop();
}
