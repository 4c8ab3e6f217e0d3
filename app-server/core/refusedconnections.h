#pragma once

#include "servernotice.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>

// Connections closed before a Hello (ConnectionLimits' refusals, banned addresses), told
// to the administrator without a line per connection: the first of each kind and code at
// once, then the rest in one summary per window with their count and the first one's
// address. A kind that stays quiet for a whole window is news again.
class RefusedConnections final : public QObject
{
    Q_OBJECT

public:
    explicit RefusedConnections(std::chrono::milliseconds window, QObject *parent = nullptr);

    // kind is ConnectionRefused (code a ConnectionLimits::Verdict), ConnectionBanned or
    // ConnectionEvicted.
    void add(const QHostAddress &address, ServerNotice::Kind kind, quint8 code);
    // The summaries owed, now: before the server stops.
    void flush();

signals:
    void report(const ServerNotice &notice);

private:
    struct Refused
    {
        ServerNotice::Kind kind = ServerNotice::Kind::ConnectionRefused;
        quint8 code = 0;
        int count = 0; // since the last report; 0: reported, waiting one window for more
        QHostAddress address; // the first one's since the last report
    };

    void endWindow();

    QList<Refused> m_refused;
    QTimer m_timer;
};
