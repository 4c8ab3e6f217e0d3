#include "serveroptions.h"

#include "admin/adminprotocol.h"
#include "configfile.h"
#include "memoryroomlog.h"
#include "servercertificate.h"
#include "sqliteroomlog.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <climits>
#include <cmath>
#include <utility>

namespace {

constexpr int MaxRoomTitle = 100; // keeps Welcome far below any frame limit
constexpr quint32 MinFrameSize = 1024; // room for a Welcome and a Members frame of one
// Qt's timers take int milliseconds: beyond INT_MAX (about 24.8 days) a timeout would
// never fire at all.
constexpr int MaxSeconds = INT_MAX / 1000;

// Seconds as the user types them, possibly fractional, to the config's milliseconds:
// above 0 and at most MaxSeconds.
std::optional<std::chrono::milliseconds> seconds(const QString &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value <= 0 || value > MaxSeconds)
        return std::nullopt;
    // At least 1 ms: 0.0001 s must not round to "never wait".
    return std::chrono::milliseconds(qMax<qint64>(1, std::llround(value * 1000)));
}

} // namespace

QString ServerOptions::languageFrom(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument.startsWith(u"--lang="))
            return argument.mid(7);
        if (argument == u"--lang" && i + 1 < arguments.size())
            return arguments.at(i + 1);
    }
    return ConfigFile::value(ConfigFile::pathFrom(arguments), u"lang"_qs);
}

bool ServerOptions::fail(const QString &error)
{
    m_errorString = error;
    return false;
}

bool ServerOptions::parse(const QCoreApplication &app)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app); // --help, --version and unknown options print and exit
    return readWithConfig(parser, QCoreApplication::arguments());
}

bool ServerOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    return readWithConfig(parser, arguments);
}

bool ServerOptions::readWithConfig(const QCommandLineParser &commandLine,
                                   const QStringList &arguments)
{
    if (!commandLine.isSet(u"config"_qs))
        return read(commandLine);
    configFile = commandLine.value(u"config"_qs);
    QList<QCommandLineOption> settable = options();
    // A config file naming another one would be a chain to follow and to loop in.
    settable.removeIf(
        [](const QCommandLineOption &option) { return option.names().contains(u"config"_qs); });
    ConfigFile file;
    const std::optional<QStringList> fromFile = file.arguments(configFile, settable);
    if (!fromFile)
        return fail(file.errorString());
    // The file's settings first: for QCommandLineParser the last value wins, so what the
    // command line says overrides the file.
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(QStringList {arguments.value(0)} + *fromFile + arguments.mid(1)))
        return fail(parser.errorText());
    return read(parser);
}

void ServerOptions::addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(tr("The chat room server."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions(options());
}

QList<QCommandLineOption> ServerOptions::options()
{
    const ServerConfig defaults;
    const QCommandLineOption listen(u"listen"_qs, tr("Listen on <address> (default: any)."),
                                    tr("address"), u"any"_qs);
    const QCommandLineOption port(u"port"_qs, tr("Listen on <port> (default: %1).").arg(9527),
                                  tr("port"), QString::number(defaults.port));
    const QCommandLineOption room(u"room"_qs, tr("The room's <title>."), tr("title"),
                                  tr("Chatroom"));
    const QCommandLineOption maxFrame(
        u"max-frame"_qs, tr("Largest frame in <bytes> (default: %1).").arg(defaults.maxFrameSize),
        tr("bytes"), QString::number(defaults.maxFrameSize));
    const QCommandLineOption helloTimeout(
        u"hello-timeout"_qs,
        tr("Close connections that do not join within <seconds> (default: %1).")
            .arg(defaults.helloTimeout.count() / 1000.0),
        tr("seconds"), QString::number(defaults.helloTimeout.count() / 1000.0));
    const QCommandLineOption idleTimeout(u"idle-timeout"_qs,
                                         tr("Drop members silent for <seconds> (default: %1).")
                                             .arg(defaults.idleTimeout.count() / 1000.0),
                                         tr("seconds"),
                                         QString::number(defaults.idleTimeout.count() / 1000.0));
    const QCommandLineOption floodLimit(u"flood-limit"_qs,
                                        tr("At most <count> messages per member in the flood "
                                           "window; 0 turns flood control off (default: %1).")
                                            .arg(defaults.floodLimit),
                                        tr("count"), QString::number(defaults.floodLimit));
    const QCommandLineOption floodWindow(u"flood-window"_qs,
                                         tr("The flood window in <seconds> (default: %1).")
                                             .arg(defaults.floodWindow.count() / 1000.0),
                                         tr("seconds"),
                                         QString::number(defaults.floodWindow.count() / 1000.0));
    const QCommandLineOption sendQueue(
        u"send-queue"_qs,
        tr("Drop members more than <bytes> behind (default: %1).").arg(defaults.sendQueueLimit),
        tr("bytes"), QString::number(defaults.sendQueueLimit));
    const QCommandLineOption maxMembers(
        u"max-members"_qs, tr("At most <count> members (default: %1).").arg(defaults.maxMembers),
        tr("count"), QString::number(defaults.maxMembers));
    const QCommandLineOption headlessOption(u"headless"_qs,
                                            tr("Run without a window, logging to stdout."));
    const QCommandLineOption lang(u"lang"_qs, tr("User interface <language>: zh_CN or en."),
                                  tr("language"));
    const QCommandLineOption config(
        u"config"_qs,
        tr("Read options from the INI <file> (keys are the long option names, e.g. port = "
           "9527); the command line overrides it."),
        tr("file"));
    const QCommandLineOption logFormat(
        u"log-format"_qs,
        tr("The headless log's <format>: text (one line per event) or json (one object per "
           "line, for log collectors) (default: text)."),
        tr("format"), u"text"_qs);
    QList<QCommandLineOption> options {
        listen,      port,      room,       maxFrame,       helloTimeout, idleTimeout, floodLimit,
        floodWindow, sendQueue, maxMembers, headlessOption, lang,         config,      logFormat};
    addHistoryOptions(options);
    addAbuseOptions(options);
    addTransportOptions(options);
    addAdminOptions(options);
    return options;
}

void ServerOptions::addTransportOptions(QList<QCommandLineOption> &options)
{
    const ServerConfig defaults;
    options.append({
        {u"tls-port"_qs,
         tr("Also listen for TLS on <port> (default: %1). TLS is off unless --tls-port, "
            "--cert or --key is given.")
             .arg(defaults.tlsPort),
         tr("port"), QString::number(defaults.tlsPort)},
        {u"cert"_qs,
         tr("The TLS certificate, a PEM <file> (default: a self-signed one made in the data "
            "directory)."),
         tr("file")},
        {u"key"_qs, tr("The TLS certificate's private key, an unencrypted PEM <file>."),
         tr("file")},
        {u"local"_qs,
         tr("Also listen on the local socket <name>, for clients on this machine (a file in "
            "the temporary directory unless <name> is an absolute path)."),
         tr("name")},
        {u"sender"_qs,
         tr("How bytes are written to plain TCP members: direct (sendmsg, the default where "
            "it exists) or device (through Qt's socket, as for TLS and local sockets)."),
         tr("kind"), defaults.directSend ? u"direct"_qs : u"device"_qs},
    });
}

bool ServerOptions::readTransportOptions(const QCommandLineParser &parser)
{
    config.tls =
        parser.isSet(u"tls-port"_qs) || parser.isSet(u"cert"_qs) || parser.isSet(u"key"_qs);
    bool ok = false;
    const uint port = parser.value(u"tls-port"_qs).toUInt(&ok);
    if (!ok || port > 65535)
        return fail(tr("Not a port number: %1").arg(parser.value(u"tls-port"_qs)));
    config.tlsPort = quint16(port);
    if (config.tls && config.port != 0 && config.tlsPort == config.port)
        return fail(tr("--tls-port must differ from --port."));
    certificateFile = parser.value(u"cert"_qs);
    keyFile = parser.value(u"key"_qs);
    if (certificateFile.isEmpty() != keyFile.isEmpty())
        return fail(tr("--cert and --key go together."));
    config.localName = parser.value(u"local"_qs);
    if (parser.isSet(u"local"_qs) && config.localName.isEmpty())
        return fail(tr("--local needs a name."));
    const QString sender = parser.value(u"sender"_qs);
    if (sender != u"direct" && sender != u"device")
        return fail(tr("--sender must be direct or device."));
    config.directSend = sender == u"direct";
    return true;
}

bool ServerOptions::loadCertificate()
{
    certificateCreated = false;
    if (!config.tls)
        return true;
    ServerCertificate certificate;
    const bool ok = certificateFile.isEmpty()
        ? certificate.loadOrCreate(QDir(dataDir).filePath(u"tls"_qs))
        : certificate.load(certificateFile, keyFile);
    if (!ok)
        return fail(certificate.errorString());
    certificateCreated = certificate.created();
    config.tlsCertificate = certificate.certificate();
    config.tlsKey = certificate.key();
    return true;
}

void ServerOptions::addAbuseOptions(QList<QCommandLineOption> &options)
{
    const ServerConfig defaults;
    options.append({
        {u"max-unjoined"_qs,
         tr("At most <count> connections that have not joined; a new one closes the oldest "
            "(default: %1, 0: no limit).")
             .arg(defaults.maxUnjoined),
         tr("count"), QString::number(defaults.maxUnjoined)},
        {u"max-unjoined-per-address"_qs,
         tr("At most <count> connections not joined from one address (default: %1, 0: no "
            "limit).")
             .arg(defaults.maxUnjoinedPerAddress),
         tr("count"), QString::number(defaults.maxUnjoinedPerAddress)},
        {u"max-new-per-address"_qs,
         tr("At most <count> new connections from one address in the connection window "
            "(default: %1, 0: no limit).")
             .arg(defaults.maxNewPerAddress),
         tr("count"), QString::number(defaults.maxNewPerAddress)},
        {u"connection-window"_qs,
         tr("The connection window in <seconds> (default: %1).")
             .arg(defaults.newConnectionWindow.count() / 1000),
         tr("seconds"), QString::number(defaults.newConnectionWindow.count() / 1000)},
        {u"limit-loopback"_qs,
         tr("Apply the per-address limits to connections from this machine too.")},
        {u"max-rejected"_qs,
         tr("Close a connection after <count> refused nicknames (default: %1, 0: no limit).")
             .arg(defaults.maxRejected),
         tr("count"), QString::number(defaults.maxRejected)},
    });
}

bool ServerOptions::readAbuseOptions(const QCommandLineParser &parser)
{
    const std::pair<QString, int *> counts[] = {
        {u"max-unjoined"_qs, &config.maxUnjoined},
        {u"max-unjoined-per-address"_qs, &config.maxUnjoinedPerAddress},
        {u"max-new-per-address"_qs, &config.maxNewPerAddress},
        {u"max-rejected"_qs, &config.maxRejected},
    };
    for (const auto &[name, count] : counts) {
        bool ok = false;
        *count = parser.value(name).toInt(&ok);
        if (!ok || *count < 0)
            return fail(tr("--%1 must be 0 or more.").arg(name));
    }
    const auto window = seconds(parser.value(u"connection-window"_qs));
    if (!window) {
        return fail(tr("--%1 must be more than 0 and at most %2 seconds.")
                        .arg(u"connection-window"_qs)
                        .arg(MaxSeconds));
    }
    config.newConnectionWindow = *window;
    config.limitLoopback = parser.isSet(u"limit-loopback"_qs);
    return true;
}

void ServerOptions::addHistoryOptions(QList<QCommandLineOption> &options)
{
    const ServerConfig defaults;
    const RoomLog::Retention retention;
    options.append({
        {u"log"_qs,
         tr("Where the room's transcript is kept: sqlite (a file in the data directory, "
            "kept across restarts), memory, or a room shared with other servers through "
            "Redis: redis://HOST[:PORT]/ROOM or unix:///PATH/redis.sock?room=ROOM "
            "(default: sqlite)."),
         tr("backend"), u"sqlite"_qs},
        {u"data-dir"_qs,
         tr("The <directory> of the transcript database (default: %1).")
             .arg(QDir::toNativeSeparators(
                 QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))),
         tr("directory")},
        {u"history-keep"_qs,
         tr("Keep the newest <count> events (default: %1 on disk, %2 in memory).")
             .arg(retention.maxEvents)
             .arg(DefaultMemoryEvents),
         tr("count")},
        {u"history-days"_qs, tr("Forget events older than <days>; 0 keeps them (default: 0)."),
         tr("days"), u"0"_qs},
        {u"history"_qs,
         tr("Send at most <count> earlier messages to a member who joins or pages back; 0 "
            "turns history off (default: %1).")
             .arg(defaults.historyMax),
         tr("count"), QString::number(defaults.historyMax)},
        {u"resume-grace"_qs,
         tr("Hold a dropped member's place for <seconds> so it can resume without anyone "
            "noticing; 0 turns resume off (default: %1).")
             .arg(defaults.resumeGrace.count() / 1000),
         tr("seconds"), QString::number(defaults.resumeGrace.count() / 1000)},
        {u"shared-lease"_qs,
         tr("With a room shared through Redis: after <seconds> without this server's "
            "heartbeat the other servers take it for dead, and its members leave once the "
            "resume grace has passed too (default: %1).")
             .arg(DefaultSharedLease.count() / 1000),
         tr("seconds"), QString::number(DefaultSharedLease.count() / 1000)},
        {u"password-file"_qs,
         tr("Admit only members who give the password on the first line of <file>."), tr("file")},
    });
}

bool ServerOptions::readHistoryOptions(const QCommandLineParser &parser)
{
    const QString backend = parser.value(u"log"_qs);
    if (backend == u"sqlite") {
        logBackend = LogBackend::Sqlite;
    } else if (backend == u"memory") {
        logBackend = LogBackend::Memory;
    } else if (RedisAddress::looksLikeRedis(backend)) {
        QString why;
        const std::optional<RedisAddress> address = RedisAddress::parse(backend, &why);
        if (!address)
            return fail(tr("The --log address is not usable: %1").arg(why));
        logBackend = LogBackend::Redis;
        redis = *address;
    } else {
        return fail(
            tr("Unknown --log \"%1\": use sqlite, memory or a redis:// address.").arg(backend));
    }
    dataDir = parser.isSet(u"data-dir"_qs)
        ? parser.value(u"data-dir"_qs)
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);

    bool ok = true;
    retention.maxEvents = parser.isSet(u"history-keep"_qs)
        ? parser.value(u"history-keep"_qs).toLongLong(&ok)
        : (logBackend != LogBackend::Sqlite ? DefaultMemoryEvents : RoomLog::Retention().maxEvents);
    if (!ok || retention.maxEvents < 1)
        return fail(tr("--history-keep must be 1 or more."));
    retention.maxDays = parser.value(u"history-days"_qs).toInt(&ok);
    if (!ok || retention.maxDays < 0 || retention.maxDays > 100'000)
        return fail(tr("--history-days must be between 0 and 100000."));
    config.historyMax = parser.value(u"history"_qs).toInt(&ok);
    if (!ok || config.historyMax < 0 || config.historyMax > 65535)
        return fail(tr("--history must be between 0 and 65535."));

    const QString grace = parser.value(u"resume-grace"_qs);
    if (grace.toDouble(&ok) == 0 && ok) {
        config.resumeGrace = std::chrono::milliseconds(0);
    } else if (const auto value = seconds(grace)) {
        config.resumeGrace = *value;
    } else {
        return fail(tr("--resume-grace must be 0 or more and at most %1 seconds.").arg(MaxSeconds));
    }
    const auto lease = seconds(parser.value(u"shared-lease"_qs));
    if (!lease || *lease < std::chrono::milliseconds(100))
        return fail(
            tr("--shared-lease must be at least 0.1 and at most %1 seconds.").arg(MaxSeconds));
    sharedLease = *lease;
    if (parser.isSet(u"password-file"_qs))
        return readPasswordFile(parser.value(u"password-file"_qs));
    return true;
}

bool ServerOptions::readPasswordFile(const QString &path)
{
    // Never on the command line itself, where ps shows it to every user of the machine.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot read the password file %1: %2").arg(path, file.errorString()));
    QByteArray line = file.readLine(4096);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    config.password = QString::fromUtf8(line);
    if (config.password.isEmpty())
        return fail(tr("The password file %1 has no password on its first line.").arg(path));
    return true;
}

std::unique_ptr<RoomLog> ServerOptions::createRoomLog(const QString &sharedEpoch) const
{
    if (logBackend == LogBackend::Memory)
        return std::make_unique<MemoryRoomLog>(retention.maxEvents);
    if (logBackend == LogBackend::Redis)
        return std::make_unique<MemoryRoomLog>(retention.maxEvents, sharedEpoch);
    return std::make_unique<SqliteRoomLog>(QDir(dataDir).filePath(u"room.db"_qs), retention);
}

bool ServerOptions::read(const QCommandLineParser &parser)
{
    headless = parser.isSet(u"headless"_qs);
    language = parser.value(u"lang"_qs);
    const QString format = parser.value(u"log-format"_qs);
    if (format != u"text" && format != u"json")
        return fail(tr("--log-format must be text or json."));
    logFormat = format == u"json" ? LogWriter::Format::Json : LogWriter::Format::Text;
    if (!language.isEmpty() && language != u"zh_CN" && language != u"en")
        return fail(tr("Unknown language \"%1\": use zh_CN or en.").arg(language));

    const QString address = parser.value(u"listen"_qs);
    if (address.compare(u"any", Qt::CaseInsensitive) == 0)
        config.listenAddress = QHostAddress::Any;
    else if (!config.listenAddress.setAddress(address))
        return fail(tr("Not an IP address: %1").arg(address));

    bool ok = false;
    const uint portValue = parser.value(u"port"_qs).toUInt(&ok);
    if (!ok || portValue > 65535)
        return fail(tr("Not a port number: %1").arg(parser.value(u"port"_qs)));
    config.port = quint16(portValue);

    config.roomTitle = parser.value(u"room"_qs).trimmed();
    if (config.roomTitle.isEmpty() || config.roomTitle.size() > MaxRoomTitle)
        return fail(tr("The room title must have 1 to %1 characters.").arg(MaxRoomTitle));

    const uint frame = parser.value(u"max-frame"_qs).toUInt(&ok);
    if (!ok || frame < MinFrameSize || frame > Protocol::MaxFrameSize)
        return fail(tr("--max-frame must be between %1 and %2 bytes.")
                        .arg(MinFrameSize)
                        .arg(Protocol::MaxFrameSize));
    config.maxFrameSize = frame;

    const std::pair<QString, std::chrono::milliseconds *> durations[] = {
        {u"hello-timeout"_qs, &config.helloTimeout},
        {u"idle-timeout"_qs, &config.idleTimeout},
        {u"flood-window"_qs, &config.floodWindow},
    };
    for (const auto &[name, duration] : durations) {
        const auto value = seconds(parser.value(name));
        if (!value) {
            //: %1 is the option, %2 the largest number of seconds (about 24.8 days).
            return fail(
                tr("--%1 must be more than 0 and at most %2 seconds.").arg(name).arg(MaxSeconds));
        }
        *duration = *value;
    }

    config.floodLimit = parser.value(u"flood-limit"_qs).toInt(&ok);
    if (!ok || config.floodLimit < 0)
        return fail(tr("--flood-limit must be 0 or more."));
    config.sendQueueLimit = parser.value(u"send-queue"_qs).toLongLong(&ok);
    if (!ok || config.sendQueueLimit < Protocol::MaxFrameSize)
        return fail(tr("--send-queue must be at least %1 bytes.").arg(Protocol::MaxFrameSize));
    config.maxMembers = parser.value(u"max-members"_qs).toInt(&ok);
    if (!ok || config.maxMembers < 1)
        return fail(tr("--max-members must be 1 or more."));
    return readAbuseOptions(parser) && readHistoryOptions(parser) && readTransportOptions(parser)
        && readAdminOptions(parser);
}

void ServerOptions::addAdminOptions(QList<QCommandLineOption> &options)
{
    options.append(QCommandLineOption(
        u"admin-socket"_qs,
        tr("The admin socket chatroomctl talks to, a <path> only this user and root can use "
           "(default: %1); none turns it off.")
            .arg(QDir::toNativeSeparators(AdminProtocol::defaultSocketPath())),
        tr("path")));
}

bool ServerOptions::readAdminOptions(const QCommandLineParser &parser)
{
    adminSocketGiven = parser.isSet(u"admin-socket"_qs);
    adminSocket =
        adminSocketGiven ? parser.value(u"admin-socket"_qs) : AdminProtocol::defaultSocketPath();
    if (adminSocket.isEmpty())
        return fail(tr("--admin-socket needs a path, or none."));
    if (adminSocket == u"none")
        adminSocket.clear(); // a file called none: ./none
    return true;
}
