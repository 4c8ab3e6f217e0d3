// chatroom-serverd: the room without a window, for server machines. Qt Core and Network
// only (no QtGui, no QtWidgets, no X11): the same core and headless log as
// `chatroom-server --headless`.
#include "headlessrunner.h"
#include "serverstartup.h"

#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    ServerStartup::prepareProcess();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"chatroom-serverd"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CHATROOM_VERSION));
    ServerStartup::installTranslator(app);

    ServerStartup startup;
    const int status = startup.start(app);
    for (const QString &remark : startup.remarks())
        std::fprintf(stderr, "chatroom-serverd: %s\n", qPrintable(remark));
    if (status != 0) {
        std::fprintf(stderr, "chatroom-serverd: %s\n", qPrintable(startup.errorString()));
        return status;
    }
    HeadlessRunner runner(startup.server());
    runner.setLogFormat(startup.options().logFormat);
    QObject::connect(&runner, &HeadlessRunner::finished, &app, &QCoreApplication::quit);
    if (AdminServer *admin = startup.adminServer())
        runner.watchAdmin(admin);
    runner.start();
    return app.exec();
}
