#include "serveroptions.h"

#include <QCommandLineParser>

#include <cmath>

namespace {

constexpr int MaxRoomTitle = 100; // keeps Welcome far below any frame limit
constexpr quint32 MinFrameSize = 1024; // room for a Welcome and a Members frame of one

// Seconds as the user types them, possibly fractional, to the config's milliseconds.
std::optional<std::chrono::milliseconds> seconds(const QString &text, bool allowZero)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0 || (!allowZero && value == 0)
        || value > 24 * 3600 * 365)
        return std::nullopt;
    return std::chrono::milliseconds(qint64(std::llround(value * 1000)));
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
    return {};
}

bool ServerOptions::fail(const QString &error)
{
    m_errorString = error;
    return false;
}

bool ServerOptions::parse(const QCoreApplication &app)
{
    const ServerConfig defaults;
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("The chat room server."));
    parser.addHelpOption();
    parser.addVersionOption();
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
    parser.addOptions({listen, port, room, maxFrame, helloTimeout, idleTimeout, floodLimit,
                       floodWindow, sendQueue, maxMembers, headlessOption, lang});
    parser.process(app);

    headless = parser.isSet(headlessOption);
    language = parser.value(lang);
    if (!language.isEmpty() && language != u"zh_CN" && language != u"en")
        return fail(tr("Unknown language \"%1\": use zh_CN or en.").arg(language));

    const QString address = parser.value(listen);
    if (address.compare(u"any", Qt::CaseInsensitive) == 0)
        config.listenAddress = QHostAddress::Any;
    else if (!config.listenAddress.setAddress(address))
        return fail(tr("Not an IP address: %1").arg(address));

    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        return fail(tr("Not a port number: %1").arg(parser.value(port)));
    config.port = quint16(portValue);

    config.roomTitle = parser.value(room).trimmed();
    if (config.roomTitle.isEmpty() || config.roomTitle.size() > MaxRoomTitle)
        return fail(tr("The room title must have 1 to %1 characters.").arg(MaxRoomTitle));

    const uint frame = parser.value(maxFrame).toUInt(&ok);
    if (!ok || frame < MinFrameSize || frame > Protocol::MaxFrameSize)
        return fail(tr("--max-frame must be between %1 and %2 bytes.")
                        .arg(MinFrameSize)
                        .arg(Protocol::MaxFrameSize));
    config.maxFrameSize = frame;

    const auto hello = seconds(parser.value(helloTimeout), false);
    const auto idle = seconds(parser.value(idleTimeout), false);
    const auto window = seconds(parser.value(floodWindow), false);
    if (!hello || !idle || !window)
        return fail(tr("Timeouts and the flood window must be positive numbers of seconds."));
    config.helloTimeout = *hello;
    config.idleTimeout = *idle;
    config.floodWindow = *window;

    config.floodLimit = parser.value(floodLimit).toInt(&ok);
    if (!ok || config.floodLimit < 0)
        return fail(tr("--flood-limit must be 0 or more."));
    config.sendQueueLimit = parser.value(sendQueue).toLongLong(&ok);
    if (!ok || config.sendQueueLimit < Protocol::MaxFrameSize)
        return fail(tr("--send-queue must be at least %1 bytes.").arg(Protocol::MaxFrameSize));
    config.maxMembers = parser.value(maxMembers).toInt(&ok);
    if (!ok || config.maxMembers < 1)
        return fail(tr("--max-members must be 1 or more."));
    return true;
}
