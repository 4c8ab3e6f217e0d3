#include "livewindowrun.h"

#include "chatsession.h"
#include "chatwindow.h"
#include "processclock.h"
#include "transcriptmodel.h"
#include "transcriptview.h"

#include <QCoreApplication>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;

LiveWindowRun::LiveWindowRun(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_session(std::make_unique<ChatSession>())
    , m_window(std::make_unique<ChatWindow>(m_session.get()))
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(m_options.idleMs);
    connect(&m_idle, &QTimer::timeout, this, &LiveWindowRun::finish);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &LiveWindowRun::finish);
    connect(m_session.get(), &ChatSession::eventAdded, this, &LiveWindowRun::onEvent);
    connect(m_session.get(), &ChatSession::joined, this, [] {
        std::printf("READY\n");
        std::fflush(stdout);
    });
}

LiveWindowRun::~LiveWindowRun() = default;

int LiveWindowRun::exec()
{
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        std::fprintf(stderr, "window not exposed\n");
    m_session->join(m_options.host, m_options.port, m_options.name);
    m_timeout.start(m_options.timeoutMs);
    QCoreApplication::exec();
    return m_ok ? 0 : 1;
}

void LiveWindowRun::onEvent(const RoomEvent &event)
{
    if (event.own)
        return;
    if (m_events == 0) {
        m_wall.start();
        m_cpuAtStart = ProcessClock::cpuSeconds();
        m_probe.restart();
    }
    ++m_events;
    m_chats += event.kind == RoomEvent::Kind::Chat ? 1 : 0;
    m_lastSeq = event.seq;
    m_lastEventNs = m_wall.nsecsElapsed();
    // Started again by every event, so a quiet room ends the run; cheap next to an event.
    m_idle.start();
}

void LiveWindowRun::finish()
{
    m_probe.stop();
    const double cpu = ProcessClock::cpuSeconds() - m_cpuAtStart;
    // Over the span the events arrived in; the quiet tail costs the probe's ticks only.
    const double wall = m_events > 0 ? m_lastEventNs / 1e9 : 0;
    const auto *view = m_window->findChild<TranscriptView *>(u"chatLog"_s);
    const QAbstractItemModel *model = view->model();
    const QModelIndex last = model->index(model->rowCount() - 1, 0);
    // What a user would check: the newest event is the last row, and it is in view.
    const bool lastShown = last.data(TranscriptModel::SeqRole).toULongLong() == m_lastSeq
        && view->viewport()->rect().intersects(view->visualRect(last));
    m_ok = m_events > 0 && lastShown;
    std::printf("RESULT mode=live ok=%d events=%d chats=%d rows=%d last_shown=%d seconds=%.3f "
                "cpu_s=%.3f cpu_share=%.3f max_gap_ms=%.1f max_busy_gap_ms=%.1f gaps_over_20ms=%d "
                "gaps_over_50ms=%d probe_ticks=%d peak_rss_kb=%lld\n",
                m_ok ? 1 : 0, m_events, m_chats, model->rowCount(), lastShown ? 1 : 0, wall, cpu,
                wall > 0 ? cpu / wall : 0.0, m_probe.longestGapMs(), m_probe.longestBusyGapMs(),
                m_probe.gapsOver20Ms(), m_probe.gapsOver50Ms(), m_probe.ticks(),
                ProcessClock::peakRssKb());
    std::fflush(stdout);
    QCoreApplication::quit();
}
