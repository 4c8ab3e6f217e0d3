#include "chatserver.h"
#include "membertablemodel.h"
#include "richtextprobe.h"
#include "testclient.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Protocol;
using namespace Qt::StringLiterals;

// The server window's member table, over a real ChatServer on 127.0.0.1, with members
// whose names are markup.
class tst_MemberTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void namesAreNeverRichText();
    void joinTimeIsTwentyFourHour();

private:
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<QObject> m_clients;
};

void tst_MemberTableModel::init()
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_clients = std::make_unique<QObject>();
}

void tst_MemberTableModel::cleanup()
{
    m_clients.reset();
    m_server.reset();
}

void tst_MemberTableModel::namesAreNeverRichText()
{
    using namespace RichTextProbe;
    MemberTableModel model(m_server.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    QStringList names;
    for (const QString &name : HostileNames) {
        names.append(name);
        QVERIFY(TestClient::joined(m_clients.get(), m_server->serverPort(), name));
    }
    // A 1.1 member that drops keeps its row, greyed, with a tool tip of its own.
    const QString detached = u"<b>gone</b>"_s;
    auto *dropping = TestClient::connected(m_clients.get(), m_server->serverPort());
    QVERIFY(dropping->joinWith(Hello {1, detached, 1}));
    names.append(detached);
    QTRY_COMPARE(model.rowCount(), int(names.size()));
    QSignalSpy detachedSpy(m_server.get(), &ChatServer::memberDetached);
    dropping->socket()->abort();
    QVERIFY(detachedSpy.wait());
    QVERIFY(model.index(2, 0).data(Qt::ToolTipRole).isValid());

    const QList<Finding> findings =
        richTextWithRawMarkup(model, {Qt::DisplayRole, MemberTableModel::SortRole});
    QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));

    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex name = model.index(row, MemberTableModel::NameColumn);
        // Shown as typed in the table: escaping here would print "&lt;b&gt;".
        QCOMPARE(name.data(Qt::DisplayRole).toString(), names.at(row));
        QCOMPARE(name.data(MemberTableModel::SortRole).toString(), names.at(row));
        QCOMPARE(model.nameAt(row), names.at(row));
        for (int column = 0; column < model.columnCount(); ++column) {
            // No tip carries member data, so none can turn a name into markup.
            const QString tip = model.index(row, column).data(Qt::ToolTipRole).toString();
            QVERIFY2(!tip.contains(names.at(row).toHtmlEscaped()), qPrintable(tip));
            QVERIFY2(!carriesRawMarkup(tip), qPrintable(tip));
        }
    }
}

void tst_MemberTableModel::joinTimeIsTwentyFourHour()
{
    // As the event log beside it and the clients: "14:56", never "2:56 PM" in English.
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    MemberTableModel model(m_server.get());
    QVERIFY(TestClient::joined(m_clients.get(), m_server->serverPort(), u"Alice"_s));
    QTRY_COMPARE(model.rowCount(), 1);
    const QString shown = model.index(0, MemberTableModel::JoinedAtColumn).data().toString();
    QLocale::setDefault(before);
    static const QRegularExpression hhmm(u"^\\d\\d:\\d\\d$"_s);
    QVERIFY2(hhmm.match(shown).hasMatch(), qPrintable(shown));
}

QTEST_MAIN(tst_MemberTableModel)
#include "tst_membertablemodel.moc"
