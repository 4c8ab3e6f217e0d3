#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

// Messages per second over the last few seconds, for `chatroomctl status`: a counter
// (ChatServer::messagesRelayed()) sampled once an interval, the rate taken from the oldest
// sample kept to now. A timer tick costs one read of the counter, nothing per message.
class RateMeter final : public QObject
{
    Q_OBJECT

public:
    using Counter = std::function<quint64()>;
    static constexpr std::chrono::milliseconds DefaultInterval {1000};
    static constexpr int SampleCount = 5; // so a rate spans four to five intervals

    explicit RateMeter(Counter counter, QObject *parent = nullptr);

    // Tests tick faster.
    void setInterval(std::chrono::milliseconds interval);
    // Per second, from the oldest sample kept to the counter now; 0 before any time passed.
    double rate() const;
    // The window rate() covers, in seconds.
    double window() const;

private:
    struct Sample
    {
        qint64 atMs = 0;
        quint64 count = 0;
    };
    void sample();

    Counter m_counter;
    QElapsedTimer m_clock;
    QTimer m_timer;
    QList<Sample> m_samples; // oldest first, at most SampleCount
};
