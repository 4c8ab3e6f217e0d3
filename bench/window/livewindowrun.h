#pragma once

#include "stallprobe.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

class ChatSession;
class ChatWindow;
struct RoomEvent;

// The real window (ChatWindow over a ChatSession: what chatroom-client shows, without
// its main.cpp) joined to a real server, while another process loads the room. It prints
// READY once joined, then measures from the first room event of someone else until the
// room has been quiet for idleMs: the process's CPU time (all of it the window's; the
// load comes from elsewhere), the longest stall of the event loop (StallProbe), and what
// the window ended up showing.
class LiveWindowRun final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString host = QStringLiteral("127.0.0.1");
        quint16 port = 0;
        QString name = QStringLiteral("watcher");
        int idleMs = 1500;
        int timeoutMs = 300'000;
    };

    explicit LiveWindowRun(const Options &options, QObject *parent = nullptr);
    ~LiveWindowRun() override;

    // Runs the event loop until done; the exit status (0: joined, saw events, showed them).
    int exec();

private:
    void onEvent(const RoomEvent &event);
    void finish();

    Options m_options;
    std::unique_ptr<ChatSession> m_session;
    std::unique_ptr<ChatWindow> m_window;
    StallProbe m_probe;
    QTimer m_idle;
    QTimer m_timeout;
    QElapsedTimer m_wall;
    qint64 m_lastEventNs = 0;
    double m_cpuAtStart = 0;
    int m_events = 0;
    int m_chats = 0;
    quint64 m_lastSeq = 0;
    bool m_ok = false;
};
