#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

// How long the thread's event loop went without a turn: a timer due every few
// milliseconds, and the longest gap between two of its firings. A gap well above the
// interval is the time the thread spent in one piece of work (a read, a layout, a paint)
// during which the window could neither repaint nor take input.
class StallProbe final : public QObject
{
    Q_OBJECT

public:
    explicit StallProbe(int intervalMs = 5, QObject *parent = nullptr);

    // Starts afresh: the longest gap and the counts are those since this call.
    void restart();
    void stop() { m_timer.stop(); }
    double longestGapMs() const { return m_longestNs / 1e6; }
    // The most CPU time the thread itself used within one gap: on a loaded machine a long
    // gap may be time the thread was not scheduled at all, which no code of ours caused.
    double longestBusyGapMs() const { return m_longestBusyNs / 1e6; }
    // Gaps a user may notice (over 20 ms) and the limit (over 50 ms), counted.
    int gapsOver20Ms() const { return m_over20; }
    int gapsOver50Ms() const { return m_over50; }
    int ticks() const { return m_ticks; }

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_longestNs = 0;
    qint64 m_lastCpuNs = 0;
    qint64 m_longestBusyNs = 0;
    int m_over20 = 0;
    int m_over50 = 0;
    int m_ticks = 0;
};
