// What ServerStartup::prepareProcess() sets for the whole process before the
// QCoreApplication exists. It must run first, so this test has its own main().

#include "serverstartup.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QTest>

#include <cstdlib>

using namespace Qt::StringLiterals;

class tst_ServerStartup : public QObject
{
    Q_OBJECT

private slots:
    void unixEventDispatcher();
    void timeZoneReadOnce();
};

void tst_ServerStartup::unixEventDispatcher()
{
    // With glib's dispatcher every TLS write walked every member's notifier
    // (docs/benchmarks.md, "The event dispatcher and TLS").
    QCOMPARE(qgetenv("QT_NO_GLIB"), "1");
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    QVERIFY(dispatcher);
    QCOMPARE(QString::fromLatin1(dispatcher->metaObject()->className()), u"QEventDispatcherUNIX"_s);
}

void tst_ServerStartup::timeZoneReadOnce()
{
    QCOMPARE(qgetenv("TZ"), ":/etc/localtime");
}

int main(int argc, char *argv[])
{
    // As a user's shell would have it: neither variable set.
    unsetenv("QT_NO_GLIB");
    unsetenv("TZ");
    ServerStartup::prepareProcess();
    QCoreApplication app(argc, argv);
    tst_ServerStartup test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_serverstartup.moc"
