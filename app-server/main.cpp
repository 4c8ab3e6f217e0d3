#include "chatserver.h"
#include "headlessrunner.h"
#include "servereventformatter.h"
#include "serveroptions.h"
#include "serverwindow.h"
#include "unixsignalwatcher.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>

namespace {

void installTranslator(QCoreApplication &app, const QString &language)
{
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

// Decided before any QCoreApplication exists, because that choice is the application
// type: the window needs QApplication (and a display), while --headless, --help and
// --version must work on a machine without one.
bool wantsWindow(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"--headless", "--help", "-h", "--help-all", "--version", "-v"}) {
            if (std::strcmp(argv[i], option) == 0)
                return false;
        }
    }
    return true;
}

QIcon appIcon()
{
    QIcon icon;
    for (const int size : {64, 128, 256})
        icon.addFile(u":/icons/chatroom-server-%1.png"_qs.arg(size), QSize(size, size));
    return icon;
}

void printError(const QString &message)
{
    std::fprintf(stderr, "chatroom-server: %s\n", qPrintable(message));
}

// A fatal start-up error: on stderr, and in a box when there is a window to show it in.
void reportFatal(const QString &message, bool window)
{
    printError(message);
    if (window) {
        // The system's reason is not ours to trust as markup.
        QMessageBox box(QMessageBox::Critical,
                        QCoreApplication::translate("main", "Chatroom server"), message);
        box.setTextFormat(Qt::PlainText);
        box.exec();
    }
}

} // namespace

int main(int argc, char *argv[])
{
    // Every chat line is time-stamped in local time (the log, the window's signals). With
    // TZ unset, glibc's localtime() looks at /etc/localtime again on every call: about
    // 3.7 us a line, a fifth of the server's CPU per message at N=100
    // (docs/benchmarks.md). Read once, as a service would with TZ set; a change of the
    // system's zone then shows after a restart.
    if (!qEnvironmentVariableIsSet("TZ"))
        qputenv("TZ", ":/etc/localtime");
    const bool window = wantsWindow(argc, argv);
    const std::unique_ptr<QCoreApplication> application = window
        ? std::make_unique<QApplication>(argc, argv)
        : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(u"chatroom-server"_qs);
    QCoreApplication::setApplicationVersion(QStringLiteral(CHATROOM_VERSION));
    installTranslator(app, ServerOptions::languageFrom(QCoreApplication::arguments()));

    ServerOptions options;
    if (!options.parse(app)) {
        printError(options.errorString());
        return 2;
    }

    // TLS without its certificate would be a server members cannot trust or reach.
    if (!options.loadCertificate()) {
        reportFatal(options.errorString(), window);
        return 1;
    }
    if (options.certificateCreated) {
        printError(ServerEventFormatter::certificateCreated(
            QDir::toNativeSeparators(QDir(options.dataDir).filePath(u"tls"_qs))));
    }

    // The log asked for or none: a database that cannot be opened stops the server
    // rather than letting it run on silently without its history.
    std::unique_ptr<RoomLog> log = options.createRoomLog();
    if (!log->open()) {
        reportFatal(log->errorString(), window);
        return 1;
    }
    ChatServer server(options.config, std::move(log));
    if (!server.listen()) {
        const bool local = server.failedPort() == 0 && !options.config.localName.isEmpty();
        reportFatal(local ? ServerEventFormatter::localListenFailed(options.config.localName,
                                                                    server.errorString())
                          : ServerEventFormatter::listenFailed(options.config.listenAddress,
                                                               server.failedPort(),
                                                               server.errorString()),
                    window);
        return 1;
    }

    if (window) {
        QApplication::setWindowIcon(appIcon());
        // Closing the window shuts the server down; the window closes for good once every
        // member has been told, and the last window closing ends the event loop.
        ServerWindow serverWindow(&server);
        UnixSignalWatcher signalWatcher;
        signalWatcher.watch(SIGINT);
        signalWatcher.watch(SIGTERM);
        QObject::connect(&signalWatcher, &UnixSignalWatcher::unixSignal, &serverWindow,
                         &ServerWindow::shutDown);
        serverWindow.show();
        return app.exec();
    }

    HeadlessRunner runner(&server);
    QObject::connect(&runner, &HeadlessRunner::finished, &app, &QCoreApplication::quit);
    runner.start();
    return app.exec();
}
