#pragma once

#include "logwriter.h"
#include "protocol/messages.h"

#include <QObject>

class AdminServer;
class ChatServer;
struct ServerNotice;

// chatroom-server --headless: logs the room's events with a timestamp to stdout, the same
// lines the window's log shows, and shuts the server down cleanly on SIGINT or SIGTERM.
// A stdout nobody reads costs log lines, never the room (LogWriter).
class HeadlessRunner final : public QObject
{
    Q_OBJECT

public:
    explicit HeadlessRunner(ChatServer *server, QObject *parent = nullptr);
    // Logs to `logFd` instead of stdout: tests read what an administrator would.
    HeadlessRunner(ChatServer *server, int logFd, QObject *parent = nullptr);

    // Text (the default) or one JSON object per line.
    void setLogFormat(LogWriter::Format format) { m_log.setFormat(format); }

    // Logs what is done through the admin socket (chatroomctl), and at start where it is.
    void watchAdmin(AdminServer *admin);
    // Logs where the server listens and starts watching for SIGINT/SIGTERM.
    void start();

signals:
    // The server has shut down; the application may quit.
    void finished();

private:
    // atPassEnd: LogWriter::queueLine(), for the lines a busy room makes per message.
    void log(const QString &line, const QString &event = {}, const QJsonObject &fields = {},
             bool atPassEnd = false);
    // A line about what the server (or chatroomctl) did rather than a room event.
    void logRemark(const QString &text, const QString &event, const QJsonObject &fields = {});
    static QString leaveReasonName(Protocol::LeaveReason reason);
    void logNotice(const ServerNotice &notice);
    void shutdown();

    ChatServer *m_server;
    AdminServer *m_admin = nullptr;
    LogWriter m_log;
};
