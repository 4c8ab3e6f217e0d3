#include "chatsession.h"
#include "fakeserver.h"
#include "memberlistmodel.h"
#include "nickname.h"
#include "richtextprobe.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Protocol;
using namespace Qt::StringLiterals;

class tst_MemberListModel : public QObject
{
    Q_OBJECT

private slots:
    void resetAndRoles();
    void appendAndRemoveAreOneRow();
    void removeFindsDriftedRow();
    void ownNicknameChange();
    void hueIsStable();
    void followsSession();
    void largeRoomStaysLinear();
    void batchOfChangesEndsRight();
    void sessionChurnIsBatched();
    void namesAreNeverRichText();

private:
    static QStringList names(const MemberListModel &model);
    // The rows a spy on rowsInserted or rowsRemoved saw, over all its signals.
    static int rowsIn(const QSignalSpy &spy);
};

QStringList tst_MemberListModel::names(const MemberListModel &model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row).data().toString());
    return result;
}

void tst_MemberListModel::resetAndRoles()
{
    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.resetMembers({u"Zed"_s, u"Ａｌｉｃｅ"_s, u"Bob"_s}, u"alice"_s);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(names(model), (QStringList {u"Zed"_s, u"Ａｌｉｃｅ"_s, u"Bob"_s}));

    const QModelIndex alice = model.index(1);
    QCOMPARE(alice.data(MemberListModel::KeyRole).toString(), u"alice"_s);
    QVERIFY(alice.data(MemberListModel::OwnRole).toBool());
    QVERIFY(!model.index(0).data(MemberListModel::OwnRole).toBool());
    QCOMPARE(alice.data(MemberListModel::HueRole).toInt(),
             MemberListModel::nicknameHue(u"alice"_s));
    QCOMPARE(model.nameAt(2), u"Bob"_s);
    QCOMPARE(model.keyAt(2), u"bob"_s);
    QVERIFY(!model.index(3).data().isValid());
}

void tst_MemberListModel::appendAndRemoveAreOneRow()
{
    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetMembers({u"Zed"_s, u"Alice"_s}, u"Alice"_s);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.appendMember(u"Bob"_s);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 2);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(names(model), (QStringList {u"Zed"_s, u"Alice"_s, u"Bob"_s}));

    model.removeMember(0, u"Zed"_s);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 0);
    QCOMPARE(names(model), (QStringList {u"Alice"_s, u"Bob"_s}));
    QCOMPARE(reset.count(), 0);
}

void tst_MemberListModel::removeFindsDriftedRow()
{
    MemberListModel model;
    model.resetMembers({u"Zed"_s, u"Alice"_s, u"Bob"_s}, {});
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    // An index that does not hold that name: the name decides, by key.
    model.removeMember(0, u"BOB"_s);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 2);
    QCOMPARE(names(model), (QStringList {u"Zed"_s, u"Alice"_s}));
    // Nobody by that name: nothing changes.
    model.removeMember(7, u"Nobody"_s);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 2);
}

void tst_MemberListModel::ownNicknameChange()
{
    MemberListModel model;
    model.resetMembers({u"Zed"_s, u"Alice"_s, u"Bob"_s}, u"Alice"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setOwnNickname(u"bob"_s);
    // Only the two rows whose bold changes.
    QCOMPARE(changed.count(), 2);
    QVERIFY(!model.index(1).data(MemberListModel::OwnRole).toBool());
    QVERIFY(model.index(2).data(MemberListModel::OwnRole).toBool());
    model.setOwnNickname(u"BOB"_s);
    QCOMPARE(changed.count(), 2);
}

void tst_MemberListModel::hueIsStable()
{
    // Pinned: the same colour on every run and every machine.
    QCOMPARE(MemberListModel::nicknameHue(u"alice"_s), MemberListModel::nicknameHue(u"alice"_s));
    QCOMPARE(MemberListModel::nicknameHue(QString()), 30 + int(2166136261u % 300));
    for (const QString &key : {u"alice"_s, u"张三"_s, u"李四"_s, u"bob"_s}) {
        const int hue = MemberListModel::nicknameHue(key);
        QVERIFY(hue >= 30 && hue < 330);
    }
}

void tst_MemberListModel::followsSession()
{
    FakeServer server;
    QVERIFY2(server.listen(), qPrintable(server.errorString()));
    ChatSession session;
    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(&session);
    QCOMPARE(model.rowCount(), 0);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    session.join(u"127.0.0.1"_s, server.port(), u"Alice"_s);
    QTRY_COMPARE(session.state(), ChatSession::State::Joined);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(names(model), (QStringList {u"Zed"_s, u"Alice"_s}));
    QVERIFY(model.index(1).data(MemberListModel::OwnRole).toBool());

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    server.send(Joined {6, 1000, u"Bob"_s});
    server.send(Joined {7, 1000, u"Carol"_s});
    server.send(Left {8, 2000, u"Zed"_s, LeaveReason::Quit});
    QTRY_COMPARE(names(model), (QStringList {u"Alice"_s, u"Bob"_s, u"Carol"_s}));
    // Taken in as batches: two rows added and one removed, however the frames arrived.
    QCOMPARE(rowsIn(inserted), 2);
    QCOMPARE(rowsIn(removed), 1);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(names(model), session.members());

    // A lost connection empties the list at once.
    server.dropClient();
    QTRY_COMPARE(reset.count(), 2);
    QCOMPARE(model.rowCount(), 0);
}

int tst_MemberListModel::rowsIn(const QSignalSpy &spy)
{
    int rows = 0;
    for (const QList<QVariant> &signal : spy)
        rows += signal.at(2).toInt() - signal.at(1).toInt() + 1;
    return rows;
}

void tst_MemberListModel::batchOfChangesEndsRight()
{
    // What a batch may bring: leaves anywhere, joins at the end, a member leaving and
    // coming back (at the end now), another spelling of a name. The rows end up the list
    // given, rows that stay keep their place, and removals come as ranges.
    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetMembers({u"me"_s, u"A"_s, u"B"_s, u"C"_s, u"D"_s, u"E"_s, u"F"_s}, u"me"_s);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const QStringList after {u"me"_s, u"C"_s, u"F"_s, u"G"_s, u"A"_s, u"h"_s};
    model.syncMembers(after);
    QCOMPARE(names(model), after);
    QCOMPARE(rowsIn(removed), 4); // A, B, D and E
    QCOMPARE(removed.count(), 2); // A-B and D-E
    QCOMPARE(rowsIn(inserted), 3); // G, A and h, at once
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(reset.count(), 0);
    QVERIFY(model.index(0).data(MemberListModel::OwnRole).toBool());
    QCOMPARE(model.keyAt(5), u"h"_s);

    // The same list again changes nothing; a list in another order still ends up shown.
    model.syncMembers(after);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), 2);
    const QStringList shuffled {u"h"_s, u"me"_s, u"F"_s, u"C"_s};
    model.syncMembers(shuffled);
    QCOMPARE(names(model), shuffled);
    model.syncMembers({});
    QCOMPARE(model.rowCount(), 0);
}

void tst_MemberListModel::sessionChurnIsBatched()
{
    // One member joining and leaving 500 times in one go, then a newcomer: the model ends
    // as the session's list, in far fewer row changes than events.
    FakeServer server;
    QVERIFY2(server.listen(), qPrintable(server.errorString()));
    ChatSession session;
    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(&session);
    session.join(u"127.0.0.1"_s, server.port(), u"Alice"_s);
    QTRY_COMPARE(session.state(), ChatSession::State::Joined);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    quint64 seq = 10;
    for (int i = 0; i < 500; ++i) {
        server.send(Joined {seq++, 1000, u"Churn"_s});
        server.send(Left {seq++, 1000, u"Churn"_s, LeaveReason::Quit});
    }
    server.send(Joined {seq++, 1000, u"Bob"_s});
    QTRY_COMPARE(session.members(), (QStringList {u"Zed"_s, u"Alice"_s, u"Bob"_s}));
    QTRY_COMPARE(names(model), session.members());
    QVERIFY2(inserted.count() < 100, qPrintable(QString::number(inserted.count())));
    QCOMPARE(rowsIn(inserted) - rowsIn(removed), 1);
}

void tst_MemberListModel::largeRoomStaysLinear()
{
    // A room of 10000 rejoining after a restart: every Joined is one row. Before, each
    // rebuilt the whole list, 50 million rows in all; this finishes in well under a second.
    MemberListModel model;
    model.resetMembers({u"me"_s}, u"me"_s);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 10000; ++i)
        model.appendMember(u"member%1"_s.arg(i));
    QCOMPARE(model.rowCount(), 10001);
    QCOMPARE(inserted.count(), 10000);
    for (int i = 0; i < 10000; ++i)
        model.removeMember(1, u"member%1"_s.arg(i));
    QCOMPARE(model.rowCount(), 1);
}

void tst_MemberListModel::namesAreNeverRichText()
{
    using namespace RichTextProbe;
    const QStringList members = HostileNames + QStringList {u"bob  smith"_s, u"张三"_s};
    MemberListModel model;
    model.resetMembers(members, HostileNames.first());

    const QList<Finding> findings =
        richTextWithRawMarkup(model, {Qt::DisplayRole, MemberListModel::KeyRole});
    QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));

    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        const QString name = members.at(row);
        // Shown as typed in the list: escaping here would print "&lt;b&gt;".
        QCOMPARE(index.data(Qt::DisplayRole).toString(), name);
        QCOMPARE(index.data(MemberListModel::KeyRole).toString(), Nickname::key(name));
        // The tip is markup of the model's own, so it does not depend on Qt's guess, and
        // renders as exactly the name: no image, inner spaces kept.
        const QString tip = index.data(Qt::ToolTipRole).toString();
        QVERIFY2(Qt::mightBeRichText(tip), qPrintable(tip));
        QVERIFY2(!carriesRawMarkup(tip), qPrintable(tip));
        QCOMPARE(renderedText(tip), name);
    }
}

QTEST_MAIN(tst_MemberListModel)
#include "tst_memberlistmodel.moc"
