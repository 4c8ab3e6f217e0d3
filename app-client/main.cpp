#include "chatsession.h"
#include "chatwindow.h"
#include "emojipicker.h"
#include "joindialog.h"
#include "serverlist.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// Qt's xcb platform plugin takes "-name"/"--name" (the X11 resource name) out of argv
// inside the QApplication constructor, so QCommandLineParser would never see our
// --name. Take it out first; what is left goes to QApplication.
QString takeNameArgument(int &argc, char **argv, std::vector<char *> &rest)
{
    QString name;
    rest.clear();
    for (int i = 0; i < argc; ++i) {
        if (i > 0 && std::strcmp(argv[i], "--name") == 0 && i + 1 < argc) {
            name = QString::fromLocal8Bit(argv[++i]);
            continue;
        }
        if (i > 0 && std::strncmp(argv[i], "--name=", 7) == 0) {
            name = QString::fromLocal8Bit(argv[i] + 7);
            continue;
        }
        rest.push_back(argv[i]);
    }
    argc = int(rest.size());
    rest.push_back(nullptr);
    return name;
}

// --lang must be known before the parser is built, so that --help is translated too.
QString languageArgument(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument.startsWith(QLatin1String("--lang=")))
            return argument.mid(7);
        if (argument == QLatin1String("--lang") && i + 1 < arguments.size())
            return arguments.at(i + 1);
    }
    return {};
}

// --help and --version only print: they must work on a machine without a display, so
// they get a QCoreApplication, decided before any application object exists.
bool onlyPrints(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"--help", "-h", "--help-all", "--version", "-v"}) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

void installTranslators(QCoreApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale);

    auto *own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("chatroom-client"), QStringLiteral("_"),
                  QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
    // Qt's own strings (the standard dialog buttons), when the system has them.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

// The join dialog's server field (one server or several, ServerList::parse()), its
// default port and secure choice.
struct ServerChoice
{
    QString field;
    quint16 port = Protocol::DefaultPort;
    bool tls = false;
};

// The servers the options name, on top of what the join dialog would show (shown): --local
// names a local server, --host one or several, --tls switches to TLS and its default port
// unless --port is given.
ServerChoice serversFromOptions(const QCommandLineParser &parser, ServerChoice shown,
                                const std::optional<quint16> &port)
{
    if (parser.isSet(u"local"_s))
        return {u"local:"_s + parser.value(u"local"_s), shown.port, false};
    const bool tls = parser.isSet(u"tls"_s);
    const bool shownLocal = !shown.field.contains(u',')
        && ServerAddress::fromField(shown.field, shown.port, false).isLocal();
    if (shownLocal)
        shown = {};
    if (parser.isSet(u"host"_s))
        shown.field = parser.value(u"host"_s);
    if (tls)
        shown.tls = true;
    if (port)
        shown.port = *port;
    else if (tls && shown.port == Protocol::DefaultPort)
        shown.port = ServerAddress::DefaultTlsPort;
    return shown;
}

// A server list typed on the command line is judged there, where the slip was made.
std::optional<ServerList> checkedServers(const ServerChoice &choice)
{
    const ServerList::Parsed parsed = ServerList::parse(choice.field, choice.port, choice.tls);
    if (parsed.isOk())
        return parsed.servers;
    std::fprintf(stderr, "%s\n", qPrintable(parsed.error));
    return std::nullopt;
}

QIcon appIcon()
{
    QIcon icon;
    for (const int size : {64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/chatroom-client-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace

int main(int argc, char *argv[])
{
    std::vector<char *> arguments;
    const QString nameArgument = takeNameArgument(argc, argv, arguments);
    const bool windowed = !onlyPrints(argc, arguments.data());
    const std::unique_ptr<QCoreApplication> application = windowed
        ? std::make_unique<QApplication>(argc, arguments.data())
        : std::make_unique<QCoreApplication>(argc, arguments.data());
    QCoreApplication &app = *application;
    QCoreApplication::setOrganizationName(QStringLiteral("Chatroom"));
    QCoreApplication::setApplicationName(QStringLiteral("chatroom-client"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHATROOM_VERSION));
    if (windowed) {
        // The Wayland app id and the desktop file name: how the shell finds our icon and
        // launcher (dist/io.github.chatroom.Client.desktop).
        QGuiApplication::setDesktopFileName(u"io.github.chatroom.Client"_s);
        QApplication::setWindowIcon(appIcon());
        // Colour emoji wherever text is shown, when the font is installed.
        QApplication::setFont(EmojiPicker::emojiFallback(QApplication::font()));
    }

    installTranslators(app, languageArgument(QCoreApplication::arguments()));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "A group chat room client."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption hostOption(
        QStringLiteral("host"),
        QCoreApplication::translate(
            "main",
            "The server's address; or several servers of one room, separated by commas and "
            "tried in turn, each as host, host:port or [IPv6]:port."),
        QCoreApplication::translate("main", "host"));
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QCoreApplication::translate("main", "The server's port."),
                                        QCoreApplication::translate("main", "port"));
    const QCommandLineOption nameOption(
        QStringLiteral("name"), QCoreApplication::translate("main", "The nickname to join as."),
        QCoreApplication::translate("main", "nickname"));
    const QCommandLineOption langOption(
        QStringLiteral("lang"),
        QCoreApplication::translate("main", "The language: zh_CN or en (default: the system's)."),
        QCoreApplication::translate("main", "language"));
    const QCommandLineOption joinOption(
        QStringLiteral("join"),
        QCoreApplication::translate("main",
                                    "Join at once, without the dialog (needs --name, and "
                                    "--host with --port or --tls, or --local)."));
    const QCommandLineOption tlsOption(
        u"tls"_s,
        QCoreApplication::translate("main",
                                    "Connect over TLS (default port 9528). The server's "
                                    "certificate is shown to be checked the first time, and "
                                    "must be the same one on every later connection."));
    const QCommandLineOption localOption(
        u"local"_s,
        QCoreApplication::translate(
            "main", "Connect to the server on this computer's local socket with this name."),
        QCoreApplication::translate("main", "name"));
    parser.addOptions(
        {hostOption, portOption, nameOption, langOption, joinOption, tlsOption, localOption});
    parser.process(app); // prints and exits for --help and --version

    std::optional<quint16> port;
    if (parser.isSet(portOption)) {
        bool ok = false;
        const uint value = parser.value(portOption).toUInt(&ok);
        if (!ok || value == 0 || value > 65535) {
            std::fprintf(stderr, "%s\n",
                         qPrintable(QCoreApplication::translate(
                             "main", "The port must be a number from 1 to 65535.")));
            return 1;
        }
        port = quint16(value);
    }

    // Listed for --help; the value itself was taken before QApplication saw it.
    const QString name = parser.isSet(nameOption) ? parser.value(nameOption) : nameArgument;

    ChatSession session;
    const bool serverGiven = parser.isSet(localOption)
        || (parser.isSet(hostOption) && (parser.isSet(portOption) || parser.isSet(tlsOption)));
    const bool joinNow = parser.isSet(joinOption) && serverGiven && !name.isEmpty();
    if (joinNow) {
        const std::optional<ServerList> servers =
            checkedServers(serversFromOptions(parser, {}, port));
        if (!servers)
            return 1;
        session.join(*servers, name);
    } else {
        JoinDialog dialog(&session);
        if (parser.isSet(hostOption) || parser.isSet(portOption) || parser.isSet(tlsOption)
            || parser.isSet(localOption)) {
            const ServerChoice shown {dialog.host(), dialog.port(),
                                      dialog.address().transport == ServerAddress::Transport::Tls};
            const ServerChoice choice = serversFromOptions(parser, shown, port);
            if (parser.isSet(hostOption) && !checkedServers(choice))
                return 1;
            dialog.setServers(choice.field, choice.port, choice.tls);
        }
        if (!name.isEmpty())
            dialog.setNickname(name);
        if (dialog.exec() != QDialog::Accepted)
            return 0;
    }

    ChatWindow window(&session);
    window.show();
    return app.exec();
}
