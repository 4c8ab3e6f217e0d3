#include "serverstartup.h"

#include "servereventformatter.h"

#include <QDir>
#include <QEventLoop>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void ServerStartup::prepareProcess()
{
    // Every chat line is time-stamped in local time (the log, the window's signals). With
    // TZ unset, glibc's localtime() looks at /etc/localtime again on every call: about
    // 3.7 us a line, a fifth of the server's CPU per message at N=100
    // (docs/benchmarks.md). Read once, as a service would with TZ set; a change of the
    // system's zone then shows after a restart.
    if (!qEnvironmentVariableIsSet("TZ"))
        qputenv("TZ", ":/etc/localtime");
    // Qt's glib event dispatcher keeps socket notifiers in lists: disarming one walks
    // every member's socket. QSslSocket arms and disarms its TCP socket's write notifier
    // on every write, so with glib each TLS delivery costs O(members): at N=1000 that was
    // a third of the TLS server's time (docs/benchmarks.md, "The event dispatcher and
    // TLS"). Qt's own UNIX dispatcher keeps them in a hash. Neither server needs glib's
    // main loop: it runs no GTK dialogs and no other glib sources.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
#if defined(__GLIBC__)
    // A crowd joining makes short-lived copies of the Members frame (up to 64 KiB, one per
    // joiner of a pass whose queue still shares the last one): 6 MB at 5000 members. From
    // the heap, that memory stayed resident for good, in pieces among the members' small
    // allocations; mapped apart, it goes back when freed (docs/benchmarks.md, "Memory per
    // member"). A socket's 16 KiB read chunk stays below the threshold, so reading a Say
    // costs no system call.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024);
#endif
}

void ServerStartup::installTranslator(QCoreApplication &app)
{
    const QString language = ServerOptions::languageFrom(QCoreApplication::arguments());
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale); // numbers and times in the window follow --lang too
    auto *translator = new QTranslator(&app);
    if (translator->load(locale, u"chatroom-server"_qs, u"_"_qs, u":/i18n"_qs))
        QCoreApplication::installTranslator(translator);
    // Qt's own strings (the message box buttons), when the system has them.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_qs, u"_"_qs, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

int ServerStartup::start(const QCoreApplication &app)
{
    if (!m_options.parse(app)) {
        m_errorString = m_options.errorString();
        return 2;
    }
    // TLS without its certificate would be a server members cannot trust or reach.
    if (!m_options.loadCertificate()) {
        m_errorString = m_options.errorString();
        return 1;
    }
    if (m_options.certificateCreated) {
        m_remarks << ServerEventFormatter::certificateCreated(
            QDir::toNativeSeparators(QDir(m_options.dataDir).filePath(u"tls"_qs)));
    }
    // The log asked for or none: a database that cannot be opened stops the server
    // rather than letting it run on silently without its history.
    if (m_options.logBackend == ServerOptions::LogBackend::Redis && !joinSharedRoom())
        return 1;
    std::unique_ptr<RoomLog> log =
        m_options.createRoomLog(m_shared ? m_shared->epoch() : QString());
    if (!log->open()) {
        m_errorString = log->errorString();
        return 1;
    }
    const ServerConfig &config = m_options.config;
    m_server = m_shared ? std::make_unique<ChatServer>(config, std::move(log), m_shared.get())
                        : std::make_unique<ChatServer>(config, std::move(log));
    if (!m_server->listen()) {
        const bool local = m_server->failedPort() == 0 && !config.localName.isEmpty();
        m_errorString = local
            ? ServerEventFormatter::localListenFailed(config.localName, m_server->errorString())
            : ServerEventFormatter::listenFailed(config.listenAddress, m_server->failedPort(),
                                                 m_server->errorString());
        return 1;
    }
    return startAdmin() ? 0 : 1;
}

bool ServerStartup::joinSharedRoom()
{
    // Before the event loop runs, so waiting here blocks nobody; the room's members and
    // its epoch must be known before the first Hello is answered.
    RedisRoomStream::Options options;
    options.lease = m_options.sharedLease;
    // As much of the room's history as the cache (createRoomLog: --history-keep events)
    // can hold, read before the server listens, so its first member already gets it.
    options.backfill = m_options.retention.maxEvents;
    m_shared = std::make_unique<RedisRoomStream>(m_options.redis, options);
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(m_shared.get(), &RedisRoomStream::ready, &loop, &QEventLoop::quit);
    // Not there at start is an error at once, with Redis's reason: the operator (or
    // systemd's Restart=) starts it again, rather than a server that waits unseen.
    QObject::connect(m_shared.get(), &RedisRoomStream::connectionLost, &loop, &QEventLoop::quit);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    m_shared->start();
    timeout.start(std::chrono::seconds(10));
    if (!m_shared->isReady())
        loop.exec();
    const QString address = m_options.redis.displayString();
    if (!m_shared->isReady()) {
        const QString why = m_shared->errorString().isEmpty()
            ? QCoreApplication::translate("ServerStartup", "no answer within 10 seconds")
            : m_shared->errorString();
        m_errorString = ServerEventFormatter::sharedRoomUnreachable(address, why);
        m_shared.reset();
        return false;
    }
    m_remarks << ServerEventFormatter::sharedRoomJoined(address, int(m_shared->snapshot().size()));
    return true;
}

bool ServerStartup::startAdmin()
{
    const QString path = m_options.adminSocket;
    if (path.isEmpty())
        return true;
    m_admin = std::make_unique<AdminServer>(m_server.get());
    if (m_admin->listen(path))
        return true;
    const QString error = m_admin->errorString();
    m_admin.reset();
    // A path the operator chose must work, as a port must. The default one may be held by
    // another server of the same user: that costs this one its chatroomctl, not its room.
    if (m_options.adminSocketGiven) {
        m_errorString = ServerEventFormatter::adminListenFailed(path, error);
        return false;
    }
    m_remarks << ServerEventFormatter::adminUnavailable(path, error);
    return true;
}
