#include "headlessrunner.h"

#include "adminserver.h"
#include "chatserver.h"
#include "servereventformatter.h"
#include "unixsignalwatcher.h"

#include <csignal>
#include <unistd.h>

HeadlessRunner::HeadlessRunner(ChatServer *server, QObject *parent)
    : HeadlessRunner(server, STDOUT_FILENO, parent)
{
}

HeadlessRunner::HeadlessRunner(ChatServer *server, int logFd, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_log(logFd)
{
    connect(server, &ChatServer::memberJoined, this,
            [this](const QString &name) { log(ServerEventFormatter::joined(name)); });
    connect(server, &ChatServer::memberLeft, this,
            [this](const QString &name, Protocol::LeaveReason reason) {
                log(ServerEventFormatter::left(name, reason));
            });
    connect(server, &ChatServer::chatMessage, this,
            [this](const QString &from, const QString &text) {
                log(ServerEventFormatter::chat(from, text));
            });
    connect(server, &ChatServer::broadcastSent, this,
            [this](const QString &text) { log(ServerEventFormatter::broadcast(text)); });
    connect(server, &ChatServer::serverNotice, this, &HeadlessRunner::logNotice);
    connect(server, &ChatServer::shutdownFinished, this, [this] {
        log(ServerEventFormatter::stopped());
        emit finished();
    });
}

void HeadlessRunner::watchAdmin(AdminServer *admin)
{
    m_admin = admin;
    const AdminCommands *commands = &admin->commands();
    connect(commands, &AdminCommands::kicked, this, [this](const QString &name) {
        log(u"* "_qs + ServerEventFormatter::adminKicked(name));
    });
    connect(commands, &AdminCommands::banned, this, [this](const BanList::Ban &ban) {
        log(u"* "_qs
            + ServerEventFormatter::byAdminTool(
                ServerEventFormatter::banned(ban.name, ban.address, ban.until())));
    });
    connect(commands, &AdminCommands::unbanned, this, [this](const BanList::Ban &ban) {
        log(u"* "_qs
            + ServerEventFormatter::byAdminTool(
                ServerEventFormatter::unbanned(ban.name, ban.address)));
    });
    connect(commands, &AdminCommands::broadcastSent, this,
            [this] { log(u"* "_qs + ServerEventFormatter::adminBroadcast()); });
    connect(admin, &AdminServer::peerRefused, this,
            [this](qint64 uid) { log(u"* "_qs + ServerEventFormatter::adminRefused(uid)); });
}

void HeadlessRunner::start()
{
    auto *watcher = new UnixSignalWatcher(this);
    watcher->watch(SIGINT);
    watcher->watch(SIGTERM);
    connect(watcher, &UnixSignalWatcher::unixSignal, this, &HeadlessRunner::shutdown);
    log(ServerEventFormatter::listening(m_server->roomTitle(), m_server->serverAddress(),
                                        m_server->serverPort()));
    if (m_server->isTlsListening()) {
        log(ServerEventFormatter::tlsListening(m_server->serverAddress(), m_server->tlsPort(),
                                               m_server->tlsFingerprint()));
    }
    if (m_server->isLocalListening())
        log(ServerEventFormatter::localListening(m_server->localServerName()));
    if (m_admin && m_admin->isListening())
        log(ServerEventFormatter::adminListening(m_admin->socketPath()));
    log(ServerEventFormatter::capacity(m_server->maxMembers(), m_server->descriptorLimit()));
}

void HeadlessRunner::shutdown()
{
    if (m_server->isShuttingDown())
        return;
    log(ServerEventFormatter::shuttingDown());
    m_server->shutdown();
}

void HeadlessRunner::logNotice(const ServerNotice &notice)
{
    log(u"* "_qs + ServerEventFormatter::notice(notice));
}

void HeadlessRunner::log(const QString &line)
{
    // Members choose their text: indent its line breaks so no one can forge a log line.
    QString text = line;
    text.replace(u'\n', u"\n    "_qs);
    // The formatter isolates every name for the windows, where a right-to-left name would
    // otherwise reorder the sentence. A log is read with grep: `grep 张三说` must find
    // 张三's lines. Names and chat text never hold these characters themselves (format
    // characters are refused or removed), so every one here is the formatter's.
    text.removeIf([](QChar c) { return c.unicode() >= 0x2066 && c.unicode() <= 0x2069; });
    m_log.writeLine(text);
}
