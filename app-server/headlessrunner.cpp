#include "headlessrunner.h"

#include "chatserver.h"
#include "servereventformatter.h"
#include "unixsignalwatcher.h"

#include <csignal>

namespace {

// Standard output, in POSIX and in the Windows C runtime alike (STDOUT_FILENO is in
// <unistd.h>, which Windows does not have).
constexpr int StdoutFd = 1;

} // namespace

HeadlessRunner::HeadlessRunner(ChatServer *server, QObject *parent)
    : HeadlessRunner(server, StdoutFd, parent)
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
