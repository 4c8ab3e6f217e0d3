// The administrator's views of a room shared by two ChatServers through a real
// redis-server (docs/scaling.md): server A's member table, its window's kick and ban, its
// feed and its admin commands list and act on the whole room, server B's members marked
// as another server's.
#include "admincommands.h"
#include "adminfeed.h"
#include "bantablemodel.h"
#include "chatserver.h"
#include "memberinfo.h"
#include "membertablemodel.h"
#include "memoryroomlog.h"
#include "ratemeter.h"
#include "redisroomstream.h"
#include "redisserver.h"
#include "serverwindow.h"
#include "sharednode.h"
#include "testclient.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Protocol;

namespace {

using Node = SharedNode;

QStringList column(const QAbstractItemModel &model, int column, int role = Qt::DisplayRole)
{
    QStringList cells;
    for (int row = 0; row < model.rowCount(); ++row)
        cells.append(model.index(row, column).data(role).toString());
    return cells;
}

} // namespace

class tst_SharedRoomAdmin : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void memberTableListsTheWholeRoom();
    void remoteRowInChinese();
    void feedCarriesTheOtherServersMembers();
    void windowKicksAnotherServersMember();
    void windowBansAnotherServersMemberByName();
    void adminCommandsListTheWholeRoom();

private:
    // A 1.1 member of the node's server, the room's Joined read back.
    TestClient *join(const Node &node, const QString &name);

    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<QObject> m_scope; // the clients
    Node m_a;
    Node m_b;
};

void tst_SharedRoomAdmin::init()
{
    m_redis = std::make_unique<RedisServer>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
    m_scope = std::make_unique<QObject>();
    m_a = SharedNode::start(*m_redis);
    m_b = SharedNode::start(*m_redis);
    QVERIFY(m_a.server && m_b.server);
}

void tst_SharedRoomAdmin::cleanup()
{
    m_scope.reset();
    m_a = {};
    m_b = {};
    m_redis.reset();
}

TestClient *tst_SharedRoomAdmin::join(const Node &node, const QString &name)
{
    return node.join(m_scope.get(), name);
}

void tst_SharedRoomAdmin::memberTableListsTheWholeRoom()
{
    MemberTableModel model(m_a.server.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    TestClient *alice = join(m_a, u"Alice"_s);
    TestClient *bob = join(m_b, u"<b>Bob</b>"_s);
    QTRY_COMPARE(model.rowCount(), 2);
    alice->send(Say {u"hi"_s, 1});
    QVERIFY(bob->waitFor<Chat>());
    model.applyMessageCounts({{u"Alice"_s, 1}});

    // What the administrator reads: B's member in join order, "another server" for an
    // address, and no count, for only B counts its messages.
    QCOMPARE(column(model, MemberTableModel::NameColumn),
             QStringList({u"Alice"_s, u"<b>Bob</b>"_s}));
    QCOMPARE(
        column(model, MemberTableModel::AddressColumn),
        QStringList({u"127.0.0.1:%1"_s.arg(alice->socket()->localPort()), u"another server"_s}));
    QCOMPARE(column(model, MemberTableModel::MessagesColumn), QStringList({u"1"_s, u"—"_s}));
    const QString joined = m_a.server->member(u"<b>Bob</b>"_s)->joinedAt.toString(u"HH:mm"_s);
    QCOMPARE(model.index(1, MemberTableModel::JoinedAtColumn).data().toString(), joined);
    // The tip says whose member it is, and never carries its name (markup here).
    const QString tip =
        model.index(1, MemberTableModel::AddressColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"another server of the shared room"_s), qPrintable(tip));
    QCOMPARE(model.index(1, MemberTableModel::NameColumn).data(Qt::ToolTipRole).toString(), tip);
    QVERIFY(model.index(0, MemberTableModel::AddressColumn).data(Qt::ToolTipRole).isNull());
    for (int c = 0; c < model.columnCount(); ++c) {
        const QString cellTip = model.index(1, c).data(Qt::ToolTipRole).toString();
        QVERIFY2(!cellTip.contains(u"Bob"_s), qPrintable(cellTip));
    }
    // Unknown counts sort after the known ones.
    QVERIFY(
        model.index(1, MemberTableModel::MessagesColumn).data(MemberTableModel::SortRole).isNull());

    // A window opened later starts from the same room.
    MemberTableModel later(m_a.server.get());
    QCOMPARE(column(later, MemberTableModel::NameColumn),
             column(model, MemberTableModel::NameColumn));
    QCOMPARE(column(later, MemberTableModel::AddressColumn),
             column(model, MemberTableModel::AddressColumn));

    // A rename keeps the row and its join time; a leave takes it away.
    bob->send(Rename {u"Robert"_s});
    QTRY_COMPARE(model.nameAt(1), u"Robert"_s);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, MemberTableModel::AddressColumn).data().toString(),
             u"another server"_s);
    QCOMPARE(model.index(1, MemberTableModel::JoinedAtColumn).data().toString(), joined);
    QCOMPARE(model.rowOf(u"<b>Bob</b>"_s), -1);
    bob->send(Bye {});
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.nameAt(0), u"Alice"_s);
    QCOMPARE(model.rowOf(u"Robert"_s), -1);

    // And on B, A's member is the remote one.
    MemberTableModel onB(m_b.server.get());
    QCOMPARE(column(onB, MemberTableModel::NameColumn), QStringList {u"Alice"_s});
    QCOMPARE(column(onB, MemberTableModel::AddressColumn), QStringList {u"another server"_s});
}

void tst_SharedRoomAdmin::remoteRowInChinese()
{
    QTranslator translator;
    QVERIFY(translator.load(u":/i18n/chatroom-server_zh_CN.qm"_s));
    QCoreApplication::installTranslator(&translator);
    MemberTableModel model(m_a.server.get());
    join(m_b, u"鲍勃"_s);
    QTRY_COMPARE(model.rowCount(), 1);
    const QString address = model.index(0, MemberTableModel::AddressColumn).data().toString();
    const QString tip =
        model.index(0, MemberTableModel::AddressColumn).data(Qt::ToolTipRole).toString();
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(address, u"其他服务器"_s);
    QVERIFY2(tip.contains(u"共享"_s), qPrintable(tip));
}

void tst_SharedRoomAdmin::feedCarriesTheOtherServersMembers()
{
    AdminFeed feed;
    feed.watch(m_a.server.get());
    QSignalSpy batches(&feed, &AdminFeed::batchReady);
    join(m_a, u"Alice"_s);
    TestClient *bob = join(m_b, u"Bob"_s);
    QTRY_COMPARE(m_a.server->memberCount(), 2);
    bob->send(Rename {u"Robert"_s});
    QTRY_VERIFY(m_a.server->member(u"Robert"_s).has_value());
    bob->send(Bye {});
    QTRY_COMPARE(m_a.server->memberCount(), 1);
    feed.flush();

    QStringList seen;
    std::optional<int> count;
    for (const QList<QVariant> &arguments : std::as_const(batches)) {
        const auto batch = arguments.at(0).value<AdminFeed::Batch>();
        for (const AdminFeed::Event &event : batch.events) {
            if (event.kind == AdminFeed::Kind::Joined)
                seen.append(u"joined "_s + event.name);
            else if (event.kind == AdminFeed::Kind::Renamed)
                seen.append(u"renamed "_s + event.name + u" "_s + event.text);
            else if (event.kind == AdminFeed::Kind::Left)
                seen.append(u"left "_s + event.name);
        }
        if (batch.memberCount)
            count = batch.memberCount;
    }
    QCOMPARE(seen,
             QStringList(
                 {u"joined Alice"_s, u"joined Bob"_s, u"renamed Bob Robert"_s, u"left Robert"_s}));
    QCOMPARE(count, 1);
}

void tst_SharedRoomAdmin::windowKicksAnotherServersMember()
{
    ServerWindow window(m_a.server.get());
    QStringList asked;
    window.setKickConfirmation([&asked](const QStringList &names) {
        asked += names;
        return true;
    });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *table = window.findChild<QTableView *>(u"memberTable"_s);
    auto *kickButton = window.findChild<QPushButton *>(u"kickButton"_s);
    QVERIFY(table && kickButton);

    TestClient *alice = join(m_a, u"Alice"_s);
    TestClient *bob = join(m_b, u"Bob"_s);
    QTRY_COMPARE(table->model()->rowCount(), 2);
    const int row = int(column(*table->model(), MemberTableModel::NameColumn).indexOf(u"Bob"_s));
    QVERIFY(row >= 0);
    QVERIFY(!kickButton->isEnabled());
    const QRect cell = table->visualRect(table->model()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(window.selectedNames(), QStringList {u"Bob"_s});
    QVERIFY(kickButton->isEnabled());
    QTest::mouseClick(kickButton, Qt::LeftButton);

    QCOMPARE(asked, QStringList {u"Bob"_s});
    QVERIFY(bob->waitFor<Error>());
    QCOMPARE(bob->last<Error>()->code, ErrorCode::Kicked);
    QVERIFY(alice->waitFor<Left>());
    QCOMPARE(alice->last<Left>()->reason, LeaveReason::Kicked);
    QTRY_COMPARE(column(*table->model(), MemberTableModel::NameColumn), QStringList {u"Alice"_s});
    QTRY_COMPARE(m_b.server->memberCount(), 1);
}

void tst_SharedRoomAdmin::windowBansAnotherServersMemberByName()
{
    ServerWindow window(m_a.server.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *table = window.findChild<QTableView *>(u"memberTable"_s);
    auto *banButton = window.findChild<QPushButton *>(u"banButton"_s);
    auto *banTable = window.findChild<QTableView *>(u"banTable"_s);
    QVERIFY(table && banButton && banTable);
    TestClient *bob = join(m_b, u"Bob"_s);
    QTRY_COMPARE(table->model()->rowCount(), 1);
    const QRect cell = table->visualRect(table->model()->index(0, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QVERIFY(banButton->isEnabled());

    // The real dialog: no address is known, so it offers none to ban.
    bool answered = false;
    bool addressOffered = true;
    bool addressChecked = true;
    QTimer answer;
    connect(&answer, &QTimer::timeout, this, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        answer.stop();
        answered = true;
        const auto *box = dialog->findChild<QCheckBox *>(u"banAddress"_s);
        addressOffered = box->isEnabled();
        addressChecked = box->isChecked();
        dialog->accept();
    });
    answer.start(10);
    QTest::mouseClick(banButton, Qt::LeftButton);
    QVERIFY(answered);
    QVERIFY(!addressOffered);
    QVERIFY(!addressChecked);

    QVERIFY(bob->waitFor<Error>());
    QCOMPARE(bob->last<Error>()->code, ErrorCode::Kicked);
    QCOMPARE(column(*banTable->model(), BanTableModel::NameColumn), QStringList {u"Bob"_s});
    QCOMPARE(column(*banTable->model(), BanTableModel::AddressColumn), QStringList {u"(any)"_s});
    QTRY_COMPARE(table->model()->rowCount(), 0);
    // Banned on this server: the name is refused here.
    auto *again = TestClient::connected(m_scope.get(), m_a.port());
    QCOMPARE(again->helloRejected(u"Bob"_s), RejectReason::NameReserved);
}

void tst_SharedRoomAdmin::adminCommandsListTheWholeRoom()
{
    RateMeter rate([] { return quint64(0); });
    AdminCommands commands(m_a.server.get(), &rate);
    join(m_a, u"Alice"_s);
    TestClient *bob = join(m_b, u"Bob"_s);
    QTRY_COMPARE(m_a.server->memberCount(), 2);

    const QJsonObject response = commands.handle({{u"command"_s, u"members"_s}}, {});
    QVERIFY2(response.value(u"ok"_s).toBool(), QJsonDocument(response).toJson().constData());
    const QJsonArray members = response.value(u"members"_s).toArray();
    QCOMPARE(members.size(), 2);
    const QJsonObject alice = members.at(0).toObject();
    QCOMPARE(alice.value(u"name"_s).toString(), u"Alice"_s);
    QCOMPARE(alice.value(u"remote"_s).toBool(), false);
    QCOMPARE(alice.value(u"address"_s).toString(), u"127.0.0.1"_s);
    QCOMPARE(alice.value(u"messagesSent"_s).toInt(-1), 0);
    const QJsonObject remote = members.at(1).toObject();
    QCOMPARE(remote.value(u"name"_s).toString(), u"Bob"_s);
    QCOMPARE(remote.value(u"remote"_s).toBool(), true);
    QVERIFY(remote.value(u"address"_s).isNull());
    QVERIFY(remote.value(u"port"_s).isNull());
    QVERIFY(remote.value(u"messagesSent"_s).isNull());
    QCOMPARE(remote.value(u"detached"_s).toBool(), false);
    QVERIFY(remote.value(u"joinedAt"_s).toString().endsWith(u'Z'));

    // chatroomctl kick finds B's member by any spelling and kicks it.
    const QJsonObject kicked =
        commands.handle({{u"command"_s, u"kick"_s}, {u"name"_s, u"bob"_s}}, {});
    QVERIFY2(kicked.value(u"ok"_s).toBool(), QJsonDocument(kicked).toJson().constData());
    QCOMPARE(kicked.value(u"name"_s).toString(), u"Bob"_s);
    QVERIFY(bob->waitFor<Error>());
    QCOMPARE(bob->last<Error>()->code, ErrorCode::Kicked);
}

QTEST_MAIN(tst_SharedRoomAdmin)
#include "tst_sharedroomadmin.moc"
