#pragma once

#include <QObject>
#include <QTextStream>

class ChatServer;
struct ServerNotice;

// chatroom-server --headless: logs the room's events with a timestamp to stdout, the same
// lines the window's log shows, and shuts the server down cleanly on SIGINT or SIGTERM.
class HeadlessRunner final : public QObject
{
    Q_OBJECT

public:
    explicit HeadlessRunner(ChatServer *server, QObject *parent = nullptr);

    // Logs where the server listens and starts watching for SIGINT/SIGTERM.
    void start();

signals:
    // The server has shut down; the application may quit.
    void finished();

private:
    void log(const QString &line);
    void logNotice(const ServerNotice &notice);
    void shutdown();

    ChatServer *m_server;
    QTextStream m_out;
};
