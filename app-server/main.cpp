#include "headlessrunner.h"
#include "serverstartup.h"
#include "serverwindow.h"
#include "unixsignalwatcher.h"

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>
#include <QMessageBox>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>

namespace {

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
    ServerStartup::prepareProcess();
    const bool window = wantsWindow(argc, argv);
    const std::unique_ptr<QCoreApplication> application = window
        ? std::make_unique<QApplication>(argc, argv)
        : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(u"chatroom-server"_qs);
    QCoreApplication::setApplicationVersion(QStringLiteral(CHATROOM_VERSION));
    ServerStartup::installTranslator(app);

    ServerStartup startup;
    const int status = startup.start(app);
    for (const QString &remark : startup.remarks())
        printError(remark);
    if (status != 0) {
        // A bad command line is the user's to fix at the terminal, without a box.
        if (status == 2)
            printError(startup.errorString());
        else
            reportFatal(startup.errorString(), window);
        return status;
    }
    ChatServer &server = *startup.server();

    if (window) {
        // The Wayland app id and the desktop file name: how the shell finds our icon and
        // launcher (dist/io.github.chatroom.Server.desktop).
        QGuiApplication::setDesktopFileName(QStringLiteral("io.github.chatroom.Server"));
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
    runner.setLogFormat(startup.options().logFormat);
    QObject::connect(&runner, &HeadlessRunner::finished, &app, &QCoreApplication::quit);
    if (AdminServer *admin = startup.adminServer())
        runner.watchAdmin(admin);
    runner.start();
    return app.exec();
}
