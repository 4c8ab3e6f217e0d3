#include "chatsession.h"
#include "chatwindow.h"
#include "transcriptmodel.h"
#include "transcriptview.h"

#include "fakeserver.h"
#include "protocol/messagecodec.h"

#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

// A member joining and leaving thousands of times (issue 13, "Performance"): the old log
// froze every window for the length of such a churn. Here the events go through the real
// session, model, view and window, offscreen, and the test checks what a user would: that
// everything arrived, that the window shows the last of it, and that the window kept
// running its event loop while the events poured in. How fast it is, is measured by
// chatroom-window-bench (docs/benchmarks.md), never asserted here.
class tst_WindowChurn : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void churnArrivesAndWindowKeepsRunning();
};

void tst_WindowChurn::initTestCase()
{
    QCoreApplication::setOrganizationName(u"ChatroomTests"_s);
    QCoreApplication::setApplicationName(u"tst_windowchurn"_s);
    QSettings().clear();
}

void tst_WindowChurn::churnArrivesAndWindowKeepsRunning()
{
    // 10,000 events, as the issue asks: 5000 joins and 5000 leaves.
    constexpr int Cycles = 5000;
    FakeServer server;
    QVERIFY2(server.listen(), qPrintable(server.errorString()));
    ChatSession session;
    ChatWindow window(&session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy joined(&session, &ChatSession::joined);
    session.join(u"127.0.0.1"_s, server.port(), u"李四"_s);
    QVERIFY(joined.wait());

    // The events the window took in between two turns of its event loop, as a timer in
    // its thread sees them: the longest such run is how long the window was deaf.
    int events = 0;
    int sinceTick = 0;
    int longestRun = 0;
    QTimer tick;
    tick.setInterval(0);
    connect(&tick, &QTimer::timeout, &window, [&] {
        longestRun = std::max(longestRun, sinceTick);
        sinceTick = 0;
    });
    connect(&session, &ChatSession::eventAdded, &window, [&] {
        ++events;
        ++sinceTick;
    });
    tick.start();

    // All of it written at once, so the client's socket holds far more than one read's
    // worth at a time: a session that drains it in one go starves the window.
    const qint64 atMs = QDateTime::currentMSecsSinceEpoch();
    QByteArray churn;
    quint64 seq = 6; // after FakeServer's Welcome
    for (int i = 0; i < Cycles; ++i) {
        churn += Protocol::MessageCodec::encodeFrame(Protocol::Joined {seq++, atMs, u"churn"_s});
        churn += Protocol::MessageCodec::encodeFrame(
            Protocol::Left {seq++, atMs, u"churn"_s, Protocol::LeaveReason::Quit});
    }
    server.sendRaw(churn);
    QTRY_COMPARE_WITH_TIMEOUT(events, 2 * Cycles, 120'000);
    tick.stop();

    // The window ran between reads. One pass of the event loop may hold two reads' worth:
    // the socket's readyRead and the turn of what the last read left over. Draining the
    // socket in one go instead took in 3000-4000 of these events between two ticks here.
    const int perPass = 2 * session.timing().maxFramesPerRead;
    QVERIFY2(longestRun <= perPass,
             qPrintable(u"%1 events in one go (at most %2)"_s.arg(longestRun).arg(perPass)));

    // What the user sees: the last leave at the bottom, in view, and the member gone.
    auto *view = window.findChild<TranscriptView *>(u"chatLog"_s);
    QVERIFY(view);
    const QAbstractItemModel *model = view->model();
    // The transcript takes the session's events in batches: the last one follows shortly.
    const auto lastRow = [model] { return model->index(model->rowCount() - 1, 0); };
    QTRY_COMPARE(lastRow().data(TranscriptModel::SeqRole).toULongLong(), seq - 1);
    const QModelIndex last = lastRow();
    QCOMPARE(last.data(TranscriptModel::KindRole).value<TranscriptModel::Kind>(),
             TranscriptModel::Kind::Left);
    QVERIFY(view->isFollowing());
    QTRY_VERIFY(view->viewport()->rect().intersects(view->visualRect(last)));
    const QAbstractItemModel *members = window.findChild<QListView *>(u"memberList"_s)->model();
    QTRY_COMPARE(members->rowCount(), 2); // Zed and 李四
}

QTEST_MAIN(tst_WindowChurn)
#include "tst_windowchurn.moc"
