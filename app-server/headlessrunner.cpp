#include "headlessrunner.h"

#include "adminserver.h"
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
            [this](const QString &name, const QHostAddress &address) {
                log(ServerEventFormatter::joined(name), u"joined"_qs,
                    {{u"name"_qs, name}, {u"address"_qs, address.toString()}});
            });
    connect(server, &ChatServer::memberLeft, this,
            [this](const QString &name, Protocol::LeaveReason reason) {
                log(ServerEventFormatter::left(name, reason), u"left"_qs,
                    {{u"name"_qs, name}, {u"reason"_qs, leaveReasonName(reason)}});
            });
    connect(server, &ChatServer::memberRenamed, this,
            [this](const QString &oldName, const QString &newName) {
                log(ServerEventFormatter::renamed(oldName, newName), u"renamed"_qs,
                    {{u"name"_qs, oldName}, {u"newName"_qs, newName}});
            });
    // Per message: the JSON fields are built only for JSON, where they are written.
    connect(server, &ChatServer::chatMessage, this,
            [this](const QString &from, const QString &text) {
                // A line per message: they go out once per event-loop pass.
                const QString line = ServerEventFormatter::chat(from, text);
                if (m_log.format() == LogWriter::Format::Json)
                    log(line, u"chat"_qs, {{u"name"_qs, from}, {u"text"_qs, text}}, true);
                else
                    log(line, {}, {}, true);
            });
    connect(server, &ChatServer::broadcastSent, this, [this](const QString &text) {
        log(ServerEventFormatter::broadcast(text), u"broadcast"_qs, {{u"text"_qs, text}});
    });
    connect(server, &ChatServer::serverNotice, this, &HeadlessRunner::logNotice);
    connect(server, &ChatServer::shutdownFinished, this, [this] {
        log(ServerEventFormatter::stopped(), u"stopped"_qs);
        emit finished();
    });
}

QString HeadlessRunner::leaveReasonName(Protocol::LeaveReason reason)
{
    // Stable names for scripts, whatever the language of the message beside them.
    switch (reason) {
    case Protocol::LeaveReason::Quit:
        return u"quit"_qs;
    case Protocol::LeaveReason::ConnectionLost:
        return u"connection-lost"_qs;
    case Protocol::LeaveReason::Kicked:
        return u"kicked"_qs;
    case Protocol::LeaveReason::TimedOut:
        return u"timed-out"_qs;
    case Protocol::LeaveReason::TooSlow:
        return u"too-slow"_qs;
    case Protocol::LeaveReason::ProtocolError:
        return u"protocol-error"_qs;
    case Protocol::LeaveReason::Flooding:
        return u"flooding"_qs;
    case Protocol::LeaveReason::Renamed:
        return u"renamed"_qs;
    }
    return QString::number(int(reason));
}

void HeadlessRunner::watchAdmin(AdminServer *admin)
{
    m_admin = admin;
    const AdminCommands *commands = &admin->commands();
    connect(commands, &AdminCommands::kicked, this, [this](const QString &name) {
        logRemark(ServerEventFormatter::adminKicked(name), u"admin-kick"_qs, {{u"name"_qs, name}});
    });
    connect(commands, &AdminCommands::banned, this, [this](const BanList::Ban &ban) {
        logRemark(ServerEventFormatter::byAdminTool(
                      ServerEventFormatter::banned(ban.name, ban.address, ban.until())),
                  u"admin-ban"_qs,
                  {{u"name"_qs, ban.name},
                   {u"address"_qs, ban.address.toString()},
                   {u"until"_qs, ban.until().toUTC().toString(Qt::ISODate)}});
    });
    connect(commands, &AdminCommands::unbanned, this, [this](const BanList::Ban &ban) {
        logRemark(ServerEventFormatter::byAdminTool(
                      ServerEventFormatter::unbanned(ban.name, ban.address)),
                  u"admin-unban"_qs,
                  {{u"name"_qs, ban.name}, {u"address"_qs, ban.address.toString()}});
    });
    connect(commands, &AdminCommands::broadcastSent, this,
            [this] { logRemark(ServerEventFormatter::adminBroadcast(), u"admin-broadcast"_qs); });
    connect(admin, &AdminServer::peerRefused, this, [this](qint64 uid) {
        logRemark(ServerEventFormatter::adminRefused(uid), u"admin-refused"_qs,
                  {{u"uid"_qs, double(uid)}});
    });
}

void HeadlessRunner::start()
{
    auto *watcher = new UnixSignalWatcher(this);
    watcher->watch(SIGINT);
    watcher->watch(SIGTERM);
    connect(watcher, &UnixSignalWatcher::unixSignal, this, &HeadlessRunner::shutdown);
    const QString address = m_server->serverAddress().toString();
    log(ServerEventFormatter::listening(m_server->roomTitle(), m_server->serverAddress(),
                                        m_server->serverPort()),
        u"listening"_qs,
        {{u"room"_qs, m_server->roomTitle()},
         {u"address"_qs, address},
         {u"port"_qs, m_server->serverPort()}});
    if (m_server->isTlsListening()) {
        log(ServerEventFormatter::tlsListening(m_server->serverAddress(), m_server->tlsPort(),
                                               m_server->tlsFingerprint()),
            u"tls-listening"_qs,
            {{u"address"_qs, address},
             {u"port"_qs, m_server->tlsPort()},
             {u"fingerprint"_qs, m_server->tlsFingerprint()}});
    }
    if (m_server->isLocalListening()) {
        log(ServerEventFormatter::localListening(m_server->localServerName()),
            u"local-listening"_qs, {{u"path"_qs, m_server->localServerName()}});
    }
    if (m_admin && m_admin->isListening()) {
        log(ServerEventFormatter::adminListening(m_admin->socketPath()), u"admin-listening"_qs,
            {{u"path"_qs, m_admin->socketPath()}});
    }
    log(ServerEventFormatter::capacity(m_server->maxMembers(), m_server->descriptorLimit()),
        u"capacity"_qs,
        {{u"maxMembers"_qs, m_server->maxMembers()},
         {u"descriptorLimit"_qs, double(m_server->descriptorLimit())}});
}

void HeadlessRunner::shutdown()
{
    if (m_server->isShuttingDown())
        return;
    log(ServerEventFormatter::shuttingDown(), u"shutting-down"_qs);
    m_server->shutdown();
}

void HeadlessRunner::logNotice(const ServerNotice &notice)
{
    QJsonObject fields {{u"address"_qs, notice.address.toString()}};
    if (!notice.nickname.isEmpty())
        fields.insert(u"name"_qs, notice.nickname);
    if (notice.repeated > 0)
        fields.insert(u"repeated"_qs, notice.repeated);
    if (notice.count > 1)
        fields.insert(u"count"_qs, notice.count);
    logRemark(ServerEventFormatter::notice(notice), u"notice"_qs, fields);
}

void HeadlessRunner::logRemark(const QString &text, const QString &event, const QJsonObject &fields)
{
    // In text, what the server did (not a room event) is marked with "* "; JSON says it
    // in "event".
    if (m_log.format() == LogWriter::Format::Json)
        log(text, event, fields);
    else
        log(u"* "_qs + text);
}

void HeadlessRunner::log(const QString &line, const QString &event, const QJsonObject &fields,
                         bool atPassEnd)
{
    // LogWriter keeps members' line breaks from forging a line of their own.
    QString text = line;
    // The formatter isolates every name for the windows, where a right-to-left name would
    // otherwise reorder the sentence. A log is read with grep: `grep 张三说` must find
    // 张三's lines. Names and chat text never hold these characters themselves (format
    // characters are refused or removed), so every one here is the formatter's.
    text.removeIf([](QChar c) { return c.unicode() >= 0x2066 && c.unicode() <= 0x2069; });
    if (atPassEnd)
        m_log.queueLine(text, event, fields);
    else
        m_log.writeLine(text, event, fields);
}
