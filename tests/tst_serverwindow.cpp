#include "adminfeed.h"
#include "bantablemodel.h"
#include "chatserver.h"
#include "membertablemodel.h"
#include "servercertificate.h"
#include "servereventformatter.h"
#include "serverlogview.h"
#include "serverwindow.h"
#include "transcriptsearch.h"

#include "richtextprobe.h"
#include "testclient.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>

#include <algorithm>
#include <memory>

using namespace Protocol;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// The administrator's window, offscreen, over a real ChatServer on 127.0.0.1 and raw test
// clients: what it shows follows the room, and what is typed and clicked reaches members.
// Runs in zh_CN, the product's language, so the log is checked word for word.
class tst_ServerWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void titleAndStatusBar();
    void localSocketInStatusBarAndTable();
    void memberTableFollowsJoinsAndLeaves();
    void messagesSentColumnIsLive();
    void broadcastWithEnter();
    void broadcastWithSendButton();
    void emptyBroadcastSendsNothing_data();
    void emptyBroadcastSendsNothing();
    void kick();
    void kickCancelled();
    void kickFromContextMenu();
    void kickNeedsSelection();
    void kickConfirmationIsPlainText_data();
    void kickConfirmationIsPlainText();
    void namesIsolatedInLog();
    void chatShownAsPlainText();
    void serverNoticesInLog();
    void messagesPerSecond();
    void closingShutsDownTheServer();
    void pastShownAboveDivider();
    void emptyRoomHasNoDivider();
    void tlsFingerprintInLog();
    void searchTranscript_data();
    void searchTranscript();
    void searchRunsAfterAPause();
    void renameShowsInTableAndLog();
    void detachedMemberKeepsItsRow();
    void kickAndBan();
    void kickAndBanCancelled();
    void banFromContextMenu();
    void banDialogIsPlainText_data();
    void banDialogIsPlainText();
    void banListFollowsExpiry();
    void floodOfNoticesIsOneLine();
    void burstIsBatched();
    void showingCostPacesTheFeed();
    void logStaysBounded();
    void scrolledUpLineStaysPut();
    void copySelectedLines();
    void responsivenessUnderLoad();

private:
    // A window on m_server, shown, with the widgets below found.
    void openWindow();
    // A fresh server with the flood gates off, so a burst reaches the room, and a window.
    void openWithoutFloodLimit();
    TestClient *joined(const QString &name);
    TestClient *joined11(const QString &name);
    QStringList logLines() const;
    QStringList tableColumn(int column) const;
    QStringList banColumn(int column) const;
    void selectMember(const QString &name);
    // The log as the administrator reads it: names sit between U+2068 and U+2069 (see
    // namesIsolatedInLog), which show as nothing.
    QString logText() const { return visible(rawLogText()); }
    // The log's lines as the view shows them, with the isolates.
    QString rawLogText() const;
    static QString visible(QString text)
    {
        return text.remove(QChar(0x2068)).remove(QChar(0x2069));
    }
    // The first row of the log that shows visibleText; invalid if none.
    QModelIndex rowContaining(const QString &visibleText) const;
    QModelIndex lastRow() const { return m_log->model()->index(m_log->model()->rowCount() - 1, 0); }
    static QFont fontOf(const QModelIndex &row) { return row.data(Qt::FontRole).value<QFont>(); }
    // QTest::keyClicks takes Latin-1 only; Chinese arrives as key events carrying text,
    // the way an input method commits it.
    static void typeText(QWidget *widget, const QString &text);

    std::unique_ptr<QTranslator> m_translator;
    std::unique_ptr<QObject> m_clients;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ServerWindow> m_window;
    QTableView *m_table = nullptr;
    ServerLogView *m_log = nullptr;
    QLineEdit *m_broadcastEdit = nullptr;
    QPushButton *m_sendButton = nullptr;
    QPushButton *m_kickButton = nullptr;
    QPushButton *m_banButton = nullptr;
    QTableView *m_banTable = nullptr;
    QPushButton *m_unbanButton = nullptr;
    QStringList m_confirmAsked;
    bool m_confirmAnswer = true;
    QStringList m_banAsked;
    std::optional<BanDialog::Choice> m_banAnswer;
};

void tst_ServerWindow::initTestCase()
{
    // The catalogue travels in the core library, as in the real executable; if it is not
    // there, every zh_CN comparison below would fail anyway, so say why up front.
    m_translator = std::make_unique<QTranslator>();
    QVERIFY(m_translator->load(u":/i18n/chatroom-server_zh_CN.qm"_s));
    QCoreApplication::installTranslator(m_translator.get());
}

void tst_ServerWindow::init()
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.roomTitle = u"测试房间"_s;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_clients = std::make_unique<QObject>();
    openWindow();
}

void tst_ServerWindow::openWindow()
{
    m_window = std::make_unique<ServerWindow>(m_server.get());
    m_confirmAsked.clear();
    m_confirmAnswer = true;
    m_window->setKickConfirmation([this](const QStringList &names) {
        m_confirmAsked += names;
        return m_confirmAnswer;
    });
    m_banAsked.clear();
    m_banAnswer = BanDialog::Choice {1h, true};
    m_window->setBanConfirmation([this](const QStringList &names) {
        m_banAsked += names;
        return m_banAnswer;
    });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    m_table = m_window->findChild<QTableView *>(u"memberTable"_s);
    m_log = m_window->findChild<ServerLogView *>(u"eventLog"_s);
    m_broadcastEdit = m_window->findChild<QLineEdit *>(u"broadcastEdit"_s);
    m_sendButton = m_window->findChild<QPushButton *>(u"sendButton"_s);
    m_kickButton = m_window->findChild<QPushButton *>(u"kickButton"_s);
    m_banButton = m_window->findChild<QPushButton *>(u"banButton"_s);
    m_banTable = m_window->findChild<QTableView *>(u"banTable"_s);
    m_unbanButton = m_window->findChild<QPushButton *>(u"unbanButton"_s);
    QVERIFY(m_table && m_log && m_broadcastEdit && m_sendButton && m_kickButton);
    QVERIFY(m_banButton && m_banTable && m_unbanButton);
}

void tst_ServerWindow::openWithoutFloodLimit()
{
    m_window.reset();
    m_clients.reset();
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.floodLimit = 0;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_clients = std::make_unique<QObject>();
    openWindow();
}

void tst_ServerWindow::cleanup()
{
    m_window.reset();
    m_clients.reset();
    m_server.reset();
}

TestClient *tst_ServerWindow::joined(const QString &name)
{
    auto *client = new TestClient(m_clients.get());
    if (!client->connectTo(m_server->serverPort()) || !client->join(name))
        qWarning("%s could not join", qPrintable(name));
    return client;
}

TestClient *tst_ServerWindow::joined11(const QString &name)
{
    auto *client = TestClient::connected(m_clients.get(), m_server->serverPort());
    if (!client->joinWith(Hello {1, name, 1}))
        qWarning("%s could not join with 1.1", qPrintable(name));
    return client;
}

QStringList tst_ServerWindow::logLines() const
{
    QStringList lines;
    const QAbstractItemModel *model = m_log->model();
    for (int row = 0; row < model->rowCount(); ++row)
        lines.append(visible(model->index(row, 0).data().toString()));
    return lines;
}

QString tst_ServerWindow::rawLogText() const
{
    QStringList lines;
    const QAbstractItemModel *model = m_log->model();
    for (int row = 0; row < model->rowCount(); ++row)
        lines.append(model->index(row, 0).data().toString());
    return lines.join(u'\n');
}

QStringList tst_ServerWindow::tableColumn(int column) const
{
    QStringList cells;
    const QAbstractItemModel *model = m_table->model();
    for (int row = 0; row < model->rowCount(); ++row)
        cells.append(model->index(row, column).data().toString());
    return cells;
}

void tst_ServerWindow::selectMember(const QString &name)
{
    const int row = int(tableColumn(MemberTableModel::NameColumn).indexOf(name));
    QVERIFY2(row >= 0, qPrintable(name));
    // A click, as the administrator would select the row.
    const QRect cell = m_table->visualRect(m_table->model()->index(row, 0));
    QTest::mouseClick(m_table->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(m_window->selectedNames(), QStringList {name});
}

QModelIndex tst_ServerWindow::rowContaining(const QString &visibleText) const
{
    const QAbstractItemModel *model = m_log->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (visible(index.data().toString()).contains(visibleText))
            return index;
    }
    return {};
}

void tst_ServerWindow::typeText(QWidget *widget, const QString &text)
{
    for (const QChar c : text)
        QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
}

void tst_ServerWindow::titleAndStatusBar()
{
    QCOMPARE(m_window->windowTitle(), u"测试房间"_s);
    const auto *address = m_window->findChild<QLabel *>(u"addressLabel"_s);
    const auto *count = m_window->findChild<QLabel *>(u"memberCountLabel"_s);
    QVERIFY(address && count);
    QVERIFY2(address->text().contains(u"127.0.0.1:%1"_s.arg(m_server->serverPort())),
             qPrintable(address->text()));
    QVERIFY2(count->text().contains(u'0'), qPrintable(count->text()));

    joined(u"张三"_s);
    joined(u"李四"_s);
    QTRY_VERIFY2(count->text().contains(u'2'), qPrintable(count->text()));
    QVERIFY2(logText().contains(u"127.0.0.1:%1"_s.arg(m_server->serverPort())),
             qPrintable(logText()));
}

void tst_ServerWindow::localSocketInStatusBarAndTable()
{
    m_window.reset();
    m_clients.reset();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.localName = dir.filePath(u"room.sock"_s);
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_clients = std::make_unique<QObject>();
    openWindow();

    // Where local clients connect, beside the TCP port.
    const auto *address = m_window->findChild<QLabel *>(u"addressLabel"_s);
    QVERIFY(address);
    QVERIFY2(address->text().contains(u"127.0.0.1:%1"_s.arg(m_server->serverPort())),
             qPrintable(address->text()));
    QVERIFY2(address->text().contains(u"本地套接字 "_s + config.localName),
             qPrintable(address->text()));

    // A local member's row says so, not 127.0.0.1:0.
    TestClient::joinedLocal(m_clients.get(), config.localName, u"李四"_s);
    joined(u"张三"_s);
    QTRY_COMPARE(tableColumn(MemberTableModel::NameColumn), (QStringList {u"李四"_s, u"张三"_s}));
    QCOMPARE(tableColumn(MemberTableModel::AddressColumn).at(0), u"本机（本地套接字）"_s);
    QVERIFY(tableColumn(MemberTableModel::AddressColumn).at(1).startsWith(u"127.0.0.1:"_s));
}

void tst_ServerWindow::memberTableFollowsJoinsAndLeaves()
{
    QCOMPARE(m_table->model()->rowCount(), 0);
    TestClient *zhang = joined(u"张三"_s);
    TestClient *li = joined(u"李四"_s);
    TestClient *wang = joined(u"王五"_s);
    QTRY_COMPARE(tableColumn(MemberTableModel::NameColumn),
                 (QStringList {u"张三"_s, u"李四"_s, u"王五"_s}));
    // Each member's own address and port, so the administrator can tell two of them apart.
    QCOMPARE(tableColumn(MemberTableModel::AddressColumn).at(1),
             u"127.0.0.1:%1"_s.arg(li->socket()->localPort()));
    QVERIFY(!tableColumn(MemberTableModel::JoinedAtColumn).at(0).isEmpty());
    QCOMPARE(tableColumn(MemberTableModel::MessagesColumn), (QStringList {u"0"_s, u"0"_s, u"0"_s}));

    li->send(Bye {});
    QTRY_COMPARE(tableColumn(MemberTableModel::NameColumn), (QStringList {u"张三"_s, u"王五"_s}));
    zhang->socket()->abort();
    QTRY_COMPARE(tableColumn(MemberTableModel::NameColumn), QStringList {u"王五"_s});
    QVERIFY(wang->isConnected());
    // The rows below a leave moved up; their counters still land on the right row.
    wang->send(Say {u"还在"_s});
    QTRY_COMPARE(tableColumn(MemberTableModel::MessagesColumn), QStringList {u"1"_s});

    // The same lines members see, each after a time.
    const QString log = logText();
    QVERIFY2(log.contains(u"张三进入了聊天室"_s), qPrintable(log));
    QVERIFY2(log.contains(u"李四退出了聊天室"_s), qPrintable(log));
    QVERIFY2(log.contains(u"张三退出了聊天室（连接中断）"_s), qPrintable(log));
    const QString joinLine = visible(rowContaining(u"王五进入"_s).data().toString());
    QVERIFY2(QRegularExpression(u"^\\d\\d:\\d\\d:\\d\\d +王五进入了聊天室$"_s)
                 .match(joinLine)
                 .hasMatch(),
             qPrintable(joinLine));
}

void tst_ServerWindow::messagesSentColumnIsLive()
{
    TestClient *zhang = joined(u"张三"_s);
    joined(u"李四"_s);
    QTRY_COMPARE(m_table->model()->rowCount(), 2);
    zhang->send(Say {u"你好"_s});
    zhang->send(Say {u"在吗"_s});
    QTRY_COMPARE(tableColumn(MemberTableModel::MessagesColumn), (QStringList {u"2"_s, u"0"_s}));
    QVERIFY2(logText().contains(u"张三说：你好"_s), qPrintable(logText()));
}

void tst_ServerWindow::broadcastWithEnter()
{
    TestClient *zhang = joined(u"张三"_s);
    TestClient *li = joined(u"李四"_s);
    QTest::keyClicks(m_broadcastEdit, u"Back at 10pm"_s);
    QTest::keyClick(m_broadcastEdit, Qt::Key_Return);

    QVERIFY(zhang->waitFor<Broadcast>());
    QVERIFY(li->waitFor<Broadcast>());
    QCOMPARE(zhang->last<Broadcast>()->text, u"Back at 10pm"_s);
    QCOMPARE(li->last<Broadcast>()->text, u"Back at 10pm"_s);
    QCOMPARE(zhang->countOf<Broadcast>(), 1);
    QVERIFY2(logText().contains(u"管理员说：Back at 10pm"_s), qPrintable(logText()));
    QVERIFY(m_broadcastEdit->text().isEmpty());
}

void tst_ServerWindow::broadcastWithSendButton()
{
    TestClient *zhang = joined(u"张三"_s);
    QVERIFY(!m_sendButton->isEnabled());
    typeText(m_broadcastEdit, u"今晚十点维护"_s);
    QCOMPARE(m_broadcastEdit->text(), u"今晚十点维护"_s);
    QVERIFY(m_sendButton->isEnabled());
    QTest::mouseClick(m_sendButton, Qt::LeftButton);
    QVERIFY(zhang->waitFor<Broadcast>());
    QCOMPARE(zhang->last<Broadcast>()->text, u"今晚十点维护"_s);
    QVERIFY2(logText().contains(u"管理员说：今晚十点维护"_s), qPrintable(logText()));
}

void tst_ServerWindow::emptyBroadcastSendsNothing_data()
{
    QTest::addColumn<QString>("typed");
    QTest::newRow("nothing") << QString();
    QTest::newRow("spaces") << u"   "_s;
}

void tst_ServerWindow::emptyBroadcastSendsNothing()
{
    QFETCH(QString, typed);
    TestClient *zhang = joined(u"张三"_s);
    QTest::keyClicks(m_broadcastEdit, typed);
    QTest::keyClick(m_broadcastEdit, Qt::Key_Return);
    QTest::mouseClick(m_sendButton, Qt::LeftButton);
    // A Ping round trip: anything the server sent before the Pong has arrived.
    QVERIFY(zhang->sync());
    QCOMPARE(zhang->countOf<Broadcast>(), 0);
    QVERIFY(!logText().contains(u"管理员说"_s));
    QCOMPARE(m_broadcastEdit->text(), typed);
}

void tst_ServerWindow::kick()
{
    TestClient *zhang = joined(u"张三"_s);
    TestClient *li = joined(u"李四"_s);
    QTRY_COMPARE(m_table->model()->rowCount(), 2);
    selectMember(u"张三"_s);
    QVERIFY(m_kickButton->isEnabled());
    QTest::mouseClick(m_kickButton, Qt::LeftButton);

    QCOMPARE(m_confirmAsked, QStringList {u"张三"_s});
    QVERIFY(zhang->waitFor<Error>());
    QCOMPARE(zhang->last<Error>()->code, ErrorCode::Kicked);
    QVERIFY(zhang->waitForDisconnected());
    QVERIFY(li->waitFor<Left>());
    QCOMPARE(li->last<Left>()->nickname, u"张三"_s);
    QCOMPARE(li->last<Left>()->reason, LeaveReason::Kicked);
    QTRY_COMPARE(tableColumn(MemberTableModel::NameColumn), QStringList {u"李四"_s});
    QVERIFY2(logText().contains(u"张三被管理员请出了聊天室"_s), qPrintable(logText()));
    QVERIFY(!m_kickButton->isEnabled());
}

void tst_ServerWindow::kickCancelled()
{
    TestClient *zhang = joined(u"张三"_s);
    QTRY_COMPARE(m_table->model()->rowCount(), 1);
    selectMember(u"张三"_s);
    m_confirmAnswer = false;
    QTest::mouseClick(m_kickButton, Qt::LeftButton);
    QCOMPARE(m_confirmAsked, QStringList {u"张三"_s});
    QVERIFY(zhang->sync());
    QCOMPARE(zhang->countOf<Error>(), 0);
    QCOMPARE(m_table->model()->rowCount(), 1);
}

void tst_ServerWindow::kickFromContextMenu()
{
    TestClient *zhang = joined(u"张三"_s);
    joined(u"李四"_s);
    QTRY_COMPARE(m_table->model()->rowCount(), 2);
    // The table's context menu lists its actions; triggering the one it would show.
    QCOMPARE(m_table->contextMenuPolicy(), Qt::ActionsContextMenu);
    auto *kickAction = m_window->findChild<QAction *>(u"kickAction"_s);
    QVERIFY(kickAction);
    QVERIFY(m_table->actions().contains(kickAction));
    QVERIFY(!kickAction->isEnabled());
    selectMember(u"张三"_s);
    QVERIFY(kickAction->isEnabled());
    kickAction->trigger();
    QVERIFY(zhang->waitFor<Error>());
    QCOMPARE(zhang->last<Error>()->code, ErrorCode::Kicked);
    QTRY_COMPARE(tableColumn(MemberTableModel::NameColumn), QStringList {u"李四"_s});
}

void tst_ServerWindow::kickNeedsSelection()
{
    joined(u"张三"_s);
    QTRY_COMPARE(m_table->model()->rowCount(), 1);
    QVERIFY(!m_kickButton->isEnabled());
    m_window->kickSelected();
    QVERIFY(m_confirmAsked.isEmpty());
    QCOMPARE(m_server->memberCount(), 1);
}

void tst_ServerWindow::kickConfirmationIsPlainText_data()
{
    QTest::addColumn<bool>("kick");
    QTest::newRow("cancel") << false;
    QTest::newRow("kick") << true;
}

void tst_ServerWindow::kickConfirmationIsPlainText()
{
    QFETCH(bool, kick);
    // A name a member chose, that Qt::AutoText would take for rich text: rendered, the
    // image would read /dev/zero until the server ran out of memory.
    const QString name = u"<img src=/dev/zero>"_s;
    TestClient *member = joined(name);
    QTRY_COMPARE(m_table->model()->rowCount(), 1);
    selectMember(name);
    m_window->setKickConfirmation({}); // the real message box

    // The box is modal: it is answered from inside its own event loop.
    bool answered = false;
    Qt::TextFormat format = Qt::AutoText;
    QString text;
    QTimer answer;
    connect(&answer, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        answer.stop();
        answered = true;
        format = box->textFormat();
        text = box->text();
        box->button(kick ? QMessageBox::Yes : QMessageBox::Cancel)->click();
    });
    answer.start(10);
    QTest::mouseClick(m_kickButton, Qt::LeftButton);
    QVERIFY(answered);
    QCOMPARE(format, Qt::PlainText);
    QVERIFY2(text.contains(name), qPrintable(text));
    QVERIFY2(text.contains(u"\u2068"_s + name + u"\u2069"_s), qPrintable(text));

    if (kick) {
        QVERIFY(member->waitFor<Error>());
        QCOMPARE(member->last<Error>()->code, ErrorCode::Kicked);
        QTRY_COMPARE(m_table->model()->rowCount(), 0);
    } else {
        QVERIFY(member->sync());
        QCOMPARE(member->countOf<Error>(), 0);
        QCOMPARE(m_server->memberCount(), 1);
    }
}

void tst_ServerWindow::namesIsolatedInLog()
{
    // A right-to-left name must not reorder the line around it, so every name sits
    // between U+2068 (first strong isolate) and U+2069 (pop directional isolate).
    const QString name = u"أحمد"_s;
    TestClient *ahmad = joined(name);
    ahmad->send(Say {u"مرحبا"_s});
    QVERIFY(ahmad->waitFor<Chat>());
    ahmad->send(Bye {});
    QTRY_VERIFY2(logText().contains(name + u"退出了聊天室"_s), qPrintable(logText()));
    const QString raw = rawLogText();
    const QString isolated = u"\u2068"_s + name + u"\u2069"_s;
    QVERIFY2(raw.contains(isolated + u"进入了聊天室"_s), qPrintable(raw));
    QVERIFY2(raw.contains(isolated + u"说：مرحبا"_s), qPrintable(raw));
    QVERIFY2(raw.contains(isolated + u"退出了聊天室"_s), qPrintable(raw));

    // A refused name may hold bidi controls and line breaks: they cannot escape.
    QCOMPARE(ServerEventFormatter::isolated(u"a\u2069b\u202ec\nd"_s),
             u"\u2068a\ufffdb\ufffdc\ufffdd\u2069"_s);
}

void tst_ServerWindow::chatShownAsPlainText()
{
    TestClient *zhang = joined(u"张三"_s);
    const QString text = u"<b>粗体</b> <img src=x> %2 &amp;"_s;
    zhang->send(Say {text});
    QTRY_VERIFY(logText().contains(u"张三说："_s + text));
    // Painted by the item delegate, which never parses markup; no other role has it.
    const QList<RichTextProbe::Finding> findings = RichTextProbe::richTextWithRawMarkup(
        *m_log->model(), {Qt::DisplayRole, ServerLogModel::TextRole});
    QVERIFY2(findings.isEmpty(), qPrintable(RichTextProbe::describe(findings)));
    QVERIFY(!lastRow().data(Qt::ToolTipRole).isValid());
}

void tst_ServerWindow::serverNoticesInLog()
{
    joined(u"张三"_s);
    auto *intruder = new TestClient(m_clients.get());
    QVERIFY(intruder->connectTo(m_server->serverPort()));
    QCOMPARE(intruder->helloRejected(u"张三"_s), RejectReason::NameTaken);

    ServerNotice rejected {ServerNotice::Kind::NameRejected, quint8(RejectReason::NameTaken),
                           u"张三"_s, QHostAddress::LocalHost, intruder->socket()->localPort()};
    const QString rejectedLine = ServerEventFormatter::notice(rejected);
    QVERIFY2(rejectedLine.contains(u"昵称"_s), qPrintable(rejectedLine)); // translated
    QTRY_VERIFY2(logText().contains(visible(rejectedLine)), qPrintable(logText()));

    // A frame of length 0 is a protocol error: the connection is closed with Malformed.
    const quint16 intruderPort = intruder->socket()->localPort();
    intruder->sendPayload({});
    QVERIFY(intruder->waitForDisconnected());
    const QString closedLine = ServerEventFormatter::notice({ServerNotice::Kind::ConnectionClosed,
                                                             quint8(ErrorCode::Malformed),
                                                             {},
                                                             QHostAddress::LocalHost,
                                                             intruderPort});
    QTRY_VERIFY2(logText().contains(visible(closedLine)), qPrintable(logText()));

    // Server-side lines look different from the room's: italic, in their own colour.
    QCOMPARE(fontOf(lastRow()).italic(), true);
    const QModelIndex joinRow = rowContaining(u"张三进入"_s);
    QCOMPARE(fontOf(joinRow).italic(), false);
    QVERIFY(lastRow().data(Qt::ForegroundRole) != joinRow.data(Qt::ForegroundRole));
}

void tst_ServerWindow::messagesPerSecond()
{
    auto *rate = m_window->findChild<QLabel *>(u"rateLabel"_s);
    QVERIFY(rate);
    const QString idle = rate->text();
    QVERIFY2(idle.contains(u"0.0"_s) || idle.contains(u"0,0"_s), qPrintable(idle));
    m_window->setRateInterval(std::chrono::milliseconds(300));
    TestClient *zhang = joined(u"张三"_s);
    for (int i = 0; i < 5; ++i)
        zhang->send(Say {u"第%1条"_s.arg(i)});
    QVERIFY(zhang->waitFor<Chat>(5));
    // Five messages within one 300 ms sample: a rate well above zero for one sample.
    QTRY_VERIFY2(rate->text() != idle, qPrintable(rate->text()));
}

void tst_ServerWindow::closingShutsDownTheServer()
{
    TestClient *zhang = joined(u"张三"_s);
    TestClient *li = joined(u"李四"_s);
    QSignalSpy stopped(m_window.get(), &ServerWindow::stopped);
    // With members in the room, closing asks first; "no" keeps the room open.
    QList<int> asked;
    m_window->setCloseConfirmation([&asked](int members) {
        asked.append(members);
        return asked.size() > 1;
    });
    m_window->close();
    QCOMPARE(asked, QList<int> {2});
    QVERIFY(!m_server->isShuttingDown());
    QVERIFY(m_window->isVisible());
    m_window->close();
    QCOMPARE(asked.size(), 2);
    // Still open until every member has been told.
    QVERIFY(m_server->isShuttingDown());
    QVERIFY(zhang->waitFor<Error>());
    QCOMPARE(zhang->last<Error>()->code, ErrorCode::ServerShutdown);
    QVERIFY(li->waitFor<Error>());
    QVERIFY(zhang->waitForDisconnected());
    QTRY_COMPARE(stopped.size(), 1);
    QTRY_VERIFY(!m_window->isVisible());
    QVERIFY(!m_server->isListening());
    QCOMPARE(m_table->model()->rowCount(), 0);
}

void tst_ServerWindow::pastShownAboveDivider()
{
    // This test opens its window on a room that already has a past.
    m_window.reset();
    const qint64 start = QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7)).toMSecsSinceEpoch();
    m_server->setClock([start, tick = qint64(0)]() mutable { return start + 1000 * tick++; });
    TestClient *zhang = joined(u"张三"_s); // 05:06:07
    TestClient *wang = joined11(u"王五"_s); // 05:06:08
    zhang->send(Say {u"早上好"_s}); // 05:06:09
    QVERIFY(wang->waitFor<Chat>());
    QVERIFY(m_server->broadcast(u"十点维护"_s)); // 05:06:10
    wang->send(Rename {u"王大锤"_s}); // Left 05:06:11, Joined with formerName 05:06:12
    QTRY_VERIFY(m_server->member(u"王大锤"_s).has_value());
    zhang->send(Bye {}); // 05:06:13
    QTRY_COMPARE(m_server->memberCount(), 1);

    openWindow();
    const QStringList lines = logLines();
    const QStringList past {
        u"05:06:07  张三进入了聊天室"_s,
        u"05:06:08  王五进入了聊天室"_s,
        u"05:06:09  张三说：早上好"_s,
        u"05:06:10  管理员说：十点维护"_s,
        // The rename is one line, as live; its Left half says nothing of its own.
        u"05:06:12  王五 改名为 王大锤"_s,
        u"05:06:13  张三退出了聊天室"_s,
        u"—— 以上是之前的记录 ——"_s,
    };
    QCOMPARE(lines.mid(0, past.size()), past);
    // Then the live lines, starting with the server's own.
    QVERIFY2(lines.value(past.size()).contains(u"127.0.0.1:%1"_s.arg(m_server->serverPort())),
             qPrintable(lines.value(past.size())));
    QCOMPARE(tableColumn(MemberTableModel::NameColumn), QStringList {u"王大锤"_s});

    wang->send(Say {u"现在"_s});
    QTRY_VERIFY2(logText().contains(u"王大锤说：现在"_s), qPrintable(logText()));
    const QModelIndex live = rowContaining(u"王大锤说：现在"_s);
    const QModelIndex divider = rowContaining(u"以上是之前的记录"_s);
    QVERIFY(live.row() > divider.row());
    // The past is quieter than the live lines of the same kind.
    const QModelIndex pastChat = rowContaining(u"张三说：早上好"_s);
    QVERIFY(pastChat.data(Qt::ForegroundRole) != live.data(Qt::ForegroundRole));
    QCOMPARE(divider.data(Qt::ForegroundRole), pastChat.data(Qt::ForegroundRole));
}

void tst_ServerWindow::emptyRoomHasNoDivider()
{
    // init() opened the window on a room with nothing in its log.
    QVERIFY2(!logText().contains(u"以上是之前的记录"_s), qPrintable(logText()));
    QCOMPARE(m_log->model()->rowCount(), 2); // "listening on", "room for N members"
    QVERIFY2(logText().contains(u"10,000"_s) || logText().contains(u"10000"_s),
             qPrintable(logText()));
}

void tst_ServerWindow::tlsFingerprintInLog()
{
    QTemporaryDir dir;
    ServerCertificate certificate;
    QVERIFY2(certificate.loadOrCreate(dir.filePath(u"tls"_s)),
             qPrintable(certificate.errorString()));
    m_window.reset();
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.tls = true;
    config.tlsPort = 0;
    config.tlsCertificate = certificate.certificate();
    config.tlsKey = certificate.key();
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    openWindow();
    // The administrator reads to members the fingerprint their client shows.
    const QString fingerprint = ServerCertificate::fingerprint(certificate.certificate());
    QVERIFY2(logText().contains(u"127.0.0.1:%1"_s.arg(m_server->tlsPort())), qPrintable(logText()));
    QVERIFY2(logText().contains(fingerprint), qPrintable(logText()));
}

void tst_ServerWindow::searchTranscript_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("found"); // the first match's line, past its time

    QTest::newRow("Chinese, two characters") << u"你好"_s << 1 << u"张三说：你好世界"_s;
    QTest::newRow("Chinese, one character") << u"见"_s << 1 << u"张三说：再见"_s;
    QTest::newRow("English, any case") << u"WORLD"_s << 1 << u"张三说：Hello World"_s;
    QTest::newRow("a sender") << u"李四"_s << 1 << u"李四说：你们好"_s;
    QTest::newRow("a broadcast") << u"维护"_s << 1 << u"管理员说：今晚维护"_s;
    QTest::newRow("markup stays text") << u"<b>"_s << 1 << u"张三说：<b>粗体</b>"_s;
    QTest::newRow("newest first") << u"好"_s << 2 << u"李四说：你们好"_s;
    QTest::newRow("no match") << u"xyz"_s << 0 << QString();
}

void tst_ServerWindow::searchTranscript()
{
    QFETCH(QString, query);
    QFETCH(int, count);
    QFETCH(QString, found);
    TestClient *zhang = joined(u"张三"_s);
    TestClient *li = joined(u"李四"_s);
    for (const QString &text : {u"你好世界"_s, u"再见"_s, u"Hello World"_s, u"<b>粗体</b>"_s})
        zhang->send(Say {text});
    li->send(Say {u"你们好"_s});
    QVERIFY(m_server->broadcast(u"今晚维护"_s));
    QVERIFY(zhang->waitFor<Chat>(5));

    auto *edit = m_window->findChild<QLineEdit *>(u"searchEdit"_s);
    auto *results = m_window->findChild<QListWidget *>(u"searchResults"_s);
    auto *countLabel = m_window->findChild<QLabel *>(u"searchCount"_s);
    QVERIFY(edit && results && countLabel);
    QVERIFY(results->isHidden());
    QCOMPARE(countLabel->textFormat(), Qt::PlainText);

    const bool latin1 =
        std::all_of(query.cbegin(), query.cend(), [](QChar c) { return c.unicode() < 0x100; });
    if (latin1)
        QTest::keyClicks(edit, query);
    else
        typeText(edit, query);
    QCOMPARE(edit->text(), query);
    QTest::keyClick(edit, Qt::Key_Return);

    QVERIFY(results->isVisible());
    QVERIFY(!m_log->isVisible());
    QCOMPARE(results->count(), count);
    QVERIFY2(countLabel->isVisible() && countLabel->text().contains(QString::number(count)),
             qPrintable(countLabel->text()));
    if (count > 0) {
        const QString line = visible(results->item(0)->text());
        const QRegularExpression stamped(u"^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  (.*)$"_s);
        const QRegularExpressionMatch match = stamped.match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        QCOMPARE(match.captured(1), found);
    }

    // An empty box is the live log again.
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Backspace);
    QVERIFY(edit->text().isEmpty());
    QVERIFY(results->isHidden());
    QVERIFY(countLabel->isHidden());
    QVERIFY(m_log->isVisible());
}

void tst_ServerWindow::searchRunsAfterAPause()
{
    TestClient *zhang = joined(u"张三"_s);
    zhang->send(Say {u"再见"_s});
    QVERIFY(zhang->waitFor<Chat>());
    auto *search = m_window->findChild<TranscriptSearch *>();
    auto *edit = m_window->findChild<QLineEdit *>(u"searchEdit"_s);
    auto *results = m_window->findChild<QListWidget *>(u"searchResults"_s);
    QVERIFY(search && edit && results);
    search->setDebounce(std::chrono::milliseconds(20));
    QSignalSpy searching(search, &TranscriptSearch::searchingChanged);
    typeText(edit, u"再见"_s);
    // No Enter: the search runs once the typing stops.
    QTRY_COMPARE(searching.size(), 1);
    QCOMPARE(searching.first().first().toBool(), true);
    QCOMPARE(results->count(), 1);
}

void tst_ServerWindow::renameShowsInTableAndLog()
{
    TestClient *zhang = joined11(u"张三"_s);
    joined(u"李四"_s);
    QTRY_COMPARE(tableColumn(MemberTableModel::NameColumn), (QStringList {u"张三"_s, u"李四"_s}));
    const QString address = tableColumn(MemberTableModel::AddressColumn).at(0);
    zhang->send(Rename {u"张三丰"_s});
    QTRY_COMPARE(tableColumn(MemberTableModel::NameColumn), (QStringList {u"张三丰"_s, u"李四"_s}));
    QCOMPARE(tableColumn(MemberTableModel::AddressColumn).at(0), address);
    QTRY_VERIFY2(logText().contains(u"张三 改名为 张三丰"_s), qPrintable(logText()));
    QVERIFY2(!logText().contains(u"张三退出"_s), qPrintable(logText()));
    // The row answers to its new name: the counter lands on it, and it can be kicked.
    zhang->send(Say {u"改好了"_s});
    QTRY_COMPARE(tableColumn(MemberTableModel::MessagesColumn), (QStringList {u"1"_s, u"0"_s}));
    selectMember(u"张三丰"_s);
}

void tst_ServerWindow::detachedMemberKeepsItsRow()
{
    TestClient *zhang = joined11(u"张三"_s);
    joined(u"李四"_s);
    QTRY_COMPARE(m_table->model()->rowCount(), 2);
    QSignalSpy detached(m_server.get(), &ChatServer::memberDetached);
    zhang->socket()->abort();
    QVERIFY(detached.wait());

    // Still in the room, seat held: the row stays, greyed, with no port to show.
    QCOMPARE(tableColumn(MemberTableModel::NameColumn), (QStringList {u"张三"_s, u"李四"_s}));
    QCOMPARE(tableColumn(MemberTableModel::AddressColumn).at(0), u"127.0.0.1（已断开）"_s);
    const QModelIndex name = m_table->model()->index(0, MemberTableModel::NameColumn);
    QVERIFY(name.data(Qt::ForegroundRole).isValid());
    const QString tip = name.data(Qt::ToolTipRole).toString();
    QVERIFY(!tip.isEmpty());
    QVERIFY2(!tip.contains(u"张三"_s), qPrintable(tip)); // tool tips guess rich text
    QTRY_VERIFY2(logText().contains(u"* 张三的连接中断，席位暂时保留"_s), qPrintable(logText()));
    QVERIFY2(!logText().contains(u"张三退出"_s), qPrintable(logText()));

    auto *again = TestClient::connected(m_clients.get(), m_server->serverPort());
    QVERIFY(again->resume(zhang->welcome.resumeToken, zhang->welcome.seq));
    QTRY_COMPARE(tableColumn(MemberTableModel::AddressColumn).at(0),
                 u"127.0.0.1:%1"_s.arg(again->socket()->localPort()));
    QVERIFY(!name.data(Qt::ForegroundRole).isValid());
    QTRY_VERIFY2(logText().contains(u"* 张三从 127.0.0.1 回来了"_s), qPrintable(logText()));
    QCOMPARE(m_table->model()->rowCount(), 2);
}

QStringList tst_ServerWindow::banColumn(int column) const
{
    QStringList cells;
    const QAbstractItemModel *model = m_banTable->model();
    for (int row = 0; row < model->rowCount(); ++row)
        cells.append(model->index(row, column).data().toString());
    return cells;
}

void tst_ServerWindow::kickAndBan()
{
    TestClient *zhang = joined(u"张三"_s);
    TestClient *li = joined(u"李四"_s);
    QTRY_COMPARE(m_table->model()->rowCount(), 2);
    QVERIFY(!m_banButton->isEnabled());
    QCOMPARE(m_banTable->model()->rowCount(), 0);
    selectMember(u"张三"_s);
    QVERIFY(m_banButton->isEnabled());
    QTest::mouseClick(m_banButton, Qt::LeftButton);

    QCOMPARE(m_banAsked, QStringList {u"张三"_s});
    QVERIFY(zhang->waitFor<Error>());
    QCOMPARE(zhang->last<Error>()->code, ErrorCode::Kicked);
    QVERIFY(li->waitFor<Left>());
    QCOMPARE(li->last<Left>()->reason, LeaveReason::Kicked);
    QTRY_COMPARE(tableColumn(MemberTableModel::NameColumn), QStringList {u"李四"_s});

    // The list shows who, from where, until when.
    QCOMPARE(banColumn(BanTableModel::NameColumn), QStringList {u"张三"_s});
    QCOMPARE(banColumn(BanTableModel::AddressColumn), QStringList {u"127.0.0.1"_s});
    const QList<BanList::Ban> bans = m_server->bans();
    QCOMPARE(bans.size(), 1);
    const QString until = ServerEventFormatter::banEnd(bans.constFirst().until());
    QCOMPARE(banColumn(BanTableModel::UntilColumn), QStringList {until});
    QVERIFY(qAbs(bans.constFirst().untilMs - QDateTime::currentMSecsSinceEpoch() - 3'600'000)
            < 60'000);
    QVERIFY2(logText().contains(u"张三被管理员请出了聊天室"_s), qPrintable(logText()));
    QVERIFY2(logText().contains(u"* 已封禁 张三（127.0.0.1），直到 "_s + until),
             qPrintable(logText()));

    // The address is shut: a new connection from it is closed unread.
    auto *again = TestClient::connected(m_clients.get(), m_server->serverPort());
    QVERIFY(again->waitForDisconnected());
    QVERIFY(again->messages().isEmpty());

    // Unban: the row goes, the log says so, and the door is open again.
    QVERIFY(!m_unbanButton->isEnabled());
    const QRect cell = m_banTable->visualRect(m_banTable->model()->index(0, 0));
    QTest::mouseClick(m_banTable->viewport(), Qt::LeftButton, {}, cell.center());
    QVERIFY(m_unbanButton->isEnabled());
    QTest::mouseClick(m_unbanButton, Qt::LeftButton);
    QCOMPARE(m_banTable->model()->rowCount(), 0);
    QVERIFY(m_server->bans().isEmpty());
    QVERIFY(!m_unbanButton->isEnabled());
    QVERIFY2(logText().contains(u"* 已解除对 张三（127.0.0.1） 的封禁"_s), qPrintable(logText()));
    TestClient *back = joined(u"张三"_s);
    QVERIFY(back->isConnected());
    QTRY_COMPARE(m_table->model()->rowCount(), 2);
}

void tst_ServerWindow::kickAndBanCancelled()
{
    TestClient *zhang = joined(u"张三"_s);
    QTRY_COMPARE(m_table->model()->rowCount(), 1);
    selectMember(u"张三"_s);
    m_banAnswer.reset();
    QTest::mouseClick(m_banButton, Qt::LeftButton);
    QCOMPARE(m_banAsked, QStringList {u"张三"_s});
    QVERIFY(zhang->sync());
    QCOMPARE(zhang->countOf<Error>(), 0);
    QVERIFY(m_server->bans().isEmpty());
    QCOMPARE(m_banTable->model()->rowCount(), 0);
}

void tst_ServerWindow::banFromContextMenu()
{
    TestClient *zhang = joined(u"张三"_s);
    joined(u"李四"_s);
    QTRY_COMPARE(m_table->model()->rowCount(), 2);
    auto *banAction = m_window->findChild<QAction *>(u"banAction"_s);
    QVERIFY(banAction);
    QVERIFY(m_table->actions().contains(banAction));
    QVERIFY(!banAction->isEnabled());
    selectMember(u"张三"_s);
    QVERIFY(banAction->isEnabled());
    // Permanent, the name alone: the address (every test client's) stays open.
    m_banAnswer = BanDialog::Choice {BanList::Permanent, false};
    banAction->trigger();
    QVERIFY(zhang->waitFor<Error>());
    QCOMPARE(banColumn(BanTableModel::NameColumn), QStringList {u"张三"_s});
    QCOMPARE(banColumn(BanTableModel::AddressColumn), QStringList {u"（任意）"_s});
    QCOMPARE(banColumn(BanTableModel::UntilColumn), QStringList {u"永久"_s});
    QVERIFY2(logText().contains(u"* 已永久封禁 张三"_s), qPrintable(logText()));
    auto *again = TestClient::connected(m_clients.get(), m_server->serverPort());
    QCOMPARE(again->helloRejected(u"张三"_s), RejectReason::NameReserved);
    QTRY_VERIFY2(logText().contains(u"拒绝了来自 127.0.0.1:%1 的已封禁昵称“张三”"_s.arg(
                     again->socket()->localPort())),
                 qPrintable(logText()));
}

void tst_ServerWindow::banDialogIsPlainText_data()
{
    QTest::addColumn<bool>("ban");
    QTest::newRow("cancel") << false;
    QTest::newRow("ban") << true;
}

void tst_ServerWindow::banDialogIsPlainText()
{
    QFETCH(bool, ban);
    const QString name = u"<img src=/dev/zero>"_s;
    TestClient *member = joined(name);
    QTRY_COMPARE(m_table->model()->rowCount(), 1);
    selectMember(name);
    m_window->setBanConfirmation({}); // the real dialog

    // The dialog is modal: it is answered from inside its own event loop.
    bool answered = false;
    QList<Qt::TextFormat> formats;
    QString question;
    QStringList durations;
    QTimer answer;
    connect(&answer, &QTimer::timeout, this, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        answer.stop();
        answered = true;
        for (const QLabel *label : dialog->findChildren<QLabel *>())
            formats.append(label->textFormat());
        question = dialog->findChild<QLabel *>(u"banQuestion"_s)->text();
        auto *duration = dialog->findChild<QComboBox *>(u"banDuration"_s);
        for (int i = 0; i < duration->count(); ++i)
            durations.append(duration->itemText(i));
        duration->setCurrentIndex(duration->count() - 1); // permanent
        dialog->findChild<QCheckBox *>(u"banAddress"_s)->setChecked(false);
        if (ban)
            dialog->accept();
        else
            dialog->reject();
    });
    answer.start(10);
    QTest::mouseClick(m_banButton, Qt::LeftButton);
    QVERIFY(answered);
    QVERIFY(!formats.isEmpty());
    for (const Qt::TextFormat format : formats)
        QCOMPARE(format, Qt::PlainText);
    QVERIFY2(question.contains(u"\u2068"_s + name + u"\u2069"_s), qPrintable(question));
    QCOMPARE(durations, (QStringList {u"10 分钟"_s, u"1 小时"_s, u"1 天"_s, u"永久"_s}));

    if (!ban) {
        QVERIFY(member->sync());
        QCOMPARE(member->countOf<Error>(), 0);
        QVERIFY(m_server->bans().isEmpty());
        return;
    }
    QVERIFY(member->waitFor<Error>());
    QCOMPARE(member->last<Error>()->code, ErrorCode::Kicked);
    QCOMPARE(m_server->bans().size(), 1);
    QVERIFY(m_server->bans().constFirst().isPermanent());
    QVERIFY(m_server->bans().constFirst().address.isNull());
    // The name as typed in the list, and in no role that could be taken for markup.
    QCOMPARE(banColumn(BanTableModel::NameColumn), QStringList {name});
    const QList<RichTextProbe::Finding> findings =
        RichTextProbe::richTextWithRawMarkup(*m_banTable->model(), {Qt::DisplayRole});
    QVERIFY(findings.isEmpty());
    for (int role = Qt::DisplayRole + 1; role <= RichTextProbe::LastRole; ++role) {
        const QVariant value = m_banTable->model()->index(0, 0).data(role);
        QVERIFY2(!value.toString().contains(u"<img"_s), qPrintable(QString::number(role)));
    }
}

void tst_ServerWindow::banListFollowsExpiry()
{
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_server->setBanClock([&now] { return now; });
    QVERIFY(m_server->ban(u"张三"_s, 10min, false));
    QCOMPARE(banColumn(BanTableModel::NameColumn), QStringList {u"张三"_s});
    now += 600'000;
    m_server->expireBans();
    QCOMPARE(m_banTable->model()->rowCount(), 0);
}

void tst_ServerWindow::floodOfNoticesIsOneLine()
{
    // A server with the flood gates off: every unknown frame is answered and noticed.
    m_window.reset();
    m_clients.reset();
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.floodLimit = 0;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    // Only closing ends the window: the count is exact, whatever the machine's speed.
    m_server->setNoticeWindow(1h);
    m_clients = std::make_unique<QObject>();
    openWindow();
    const int rowsBefore = m_log->model()->rowCount();

    TestClient *flooder = joined(u"张三"_s);
    constexpr int Frames = 5000;
    QByteArray burst;
    for (int i = 0; i < Frames; ++i)
        burst += QByteArray::fromHex("0000000120"); // a type the server does not know
    flooder->sendRaw(burst);
    QVERIFY(flooder->sync());
    QCOMPARE(flooder->countOf<Notice>(), Frames);
    const auto refusals = [this] { return logLines().filter(u"未知的消息类型"_s); };
    QTRY_COMPARE(refusals().size(), 1);
    // The join and the first refusal: not a line per frame.
    QCOMPARE(m_log->model()->rowCount(), rowsBefore + 2);

    m_window->setCloseConfirmation([](int) { return true; });
    QSignalSpy stopped(m_window.get(), &ServerWindow::stopped);
    m_window->close();
    QTRY_COMPARE(stopped.size(), 1);
    const QStringList lines = refusals();
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(1).endsWith(u"未知的消息类型（另有 4999 次）"_s), qPrintable(lines.at(1)));
}

void tst_ServerWindow::burstIsBatched()
{
    openWithoutFloodLimit();
    auto *feed = m_window->findChild<AdminFeed *>();
    QVERIFY(feed);
    QCOMPARE(feed->interval(), AdminFeed::DefaultInterval);
    TestClient *zhang = joined(u"张三"_s);
    TestClient *li = joined(u"李四"_s);
    li->send(Say {u"先说一句"_s});
    QTRY_COMPARE(tableColumn(MemberTableModel::MessagesColumn), (QStringList {u"0"_s, u"1"_s}));

    // Every time the views are told something, from here on.
    QElapsedTimer clock;
    clock.start();
    QList<qint64> logUpdates;
    const auto logUpdated = [&] { logUpdates.append(clock.elapsed()); };
    connect(m_log->model(), &QAbstractItemModel::rowsInserted, this, logUpdated);
    connect(m_log->model(), &QAbstractItemModel::modelReset, this, logUpdated);
    int tableUpdates = 0;
    connect(m_table->model(), &QAbstractItemModel::dataChanged, this, [&] { ++tableUpdates; });
    const quint64 batchesBefore = feed->batchCount();

    constexpr int Messages = 1000;
    QByteArray burst;
    for (int i = 0; i < Messages; ++i)
        burst += MessageCodec::encodeFrame(Say {u"第%1条"_s.arg(i)});
    zhang->sendRaw(burst);
    QVERIFY(li->waitFor<Chat>(Messages + 1));
    // The counts right, once the batch is in; the newest line shown, at the bottom.
    QTRY_COMPARE(tableColumn(MemberTableModel::MessagesColumn),
                 (QStringList {QLocale().toString(Messages), u"1"_s}));
    QTRY_VERIFY2(visible(lastRow().data().toString()).endsWith(u"张三说：第999条"_s),
                 qPrintable(lastRow().data().toString()));
    QVERIFY(logText().contains(u"张三说：第0条"_s));
    QVERIFY(m_log->isFollowing());
    QVERIFY(m_log->viewport()->rect().intersects(m_log->visualRect(lastRow())));

    // A few batches, each one insertion into the log and one change to the table, at
    // least an interval apart: not a thousand of either.
    const int batches = int(feed->batchCount() - batchesBefore);
    QVERIFY(!logUpdates.isEmpty());
    const qint64 span = logUpdates.last() - logUpdates.first();
    QVERIFY2(logUpdates.size() <= batches && tableUpdates <= batches,
             qPrintable(u"%1 log and %2 table updates in %3 batches"_s.arg(logUpdates.size())
                            .arg(tableUpdates)
                            .arg(batches)));
    // QTimer may fire up to 5% early; 40 ms leaves room for that.
    QVERIFY2(logUpdates.size() <= span / 40 + 1,
             qPrintable(u"%1 log updates within %2 ms"_s.arg(logUpdates.size()).arg(span)));
    QVERIFY2(batches < Messages / 10, qPrintable(QString::number(batches)));
}

void tst_ServerWindow::showingCostPacesTheFeed()
{
    auto *feed = m_window->findChild<AdminFeed *>();
    QVERIFY(feed);
    TestClient *zhang = joined(u"张三"_s);
    zhang->send(Say {u"你好"_s});
    QTRY_VERIFY(logText().endsWith(u"张三说：你好"_s));
    // What the window spends showing the room goes on the feed's account, which paces
    // the batches (FeedPacer, tst_feedpacer): the batch itself...
    QVERIFY(feed->pacer().pendingCost() > 0ns);
    // ...and every repaint, whatever asked for it.
    const std::chrono::nanoseconds before = feed->pacer().pendingCost();
    m_window->repaint();
    QVERIFY(feed->pacer().pendingCost() > before);
}

void tst_ServerWindow::logStaysBounded()
{
    openWithoutFloodLimit();
    m_window->setMaximumLogLines(100);
    TestClient *zhang = joined(u"张三"_s);
    QByteArray burst;
    for (int i = 0; i < 300; ++i)
        burst += MessageCodec::encodeFrame(Say {u"第%1条"_s.arg(i)});
    zhang->sendRaw(burst);
    QTRY_VERIFY2(logText().endsWith(u"张三说：第299条"_s), qPrintable(lastRow().data().toString()));
    // The newest 100 lines and no more, oldest first.
    QCOMPARE(m_log->model()->rowCount(), 100);
    const QStringList lines = logLines();
    QVERIFY2(lines.first().endsWith(u"张三说：第200条"_s), qPrintable(lines.first()));
    QVERIFY(!logText().contains(u"第199条"_s));
    // The administrator's own line, at once and within the same bound.
    m_broadcastEdit->setText(u"还在"_s);
    m_window->sendBroadcast();
    QCOMPARE(m_log->model()->rowCount(), 100);
    QVERIFY2(logLines().last().endsWith(u"管理员说：还在"_s), qPrintable(logLines().last()));
}

void tst_ServerWindow::scrolledUpLineStaysPut()
{
    openWithoutFloodLimit();
    // Enough lines below the one read that it can be scrolled to the top whatever the
    // font's height (15 px rows fit 33 in this window), and a bound that trims the top.
    m_window->setMaximumLogLines(150);
    auto *feed = m_window->findChild<AdminFeed *>();
    TestClient *zhang = joined(u"张三"_s);
    for (int i = 0; i < 150; ++i)
        zhang->send(Say {u"第%1条"_s.arg(i)});
    QTRY_VERIFY(logText().endsWith(u"张三说：第149条"_s));
    // The administrator scrolls up to read a line in the middle.
    const QModelIndex reading = rowContaining(u"张三说：第30条"_s);
    m_log->scrollTo(reading, QAbstractItemView::PositionAtTop);
    QVERIFY(!m_log->isFollowing());
    const auto topLine = [this] { return visible(m_log->indexAt(QPoint(2, 2)).data().toString()); };
    QVERIFY2(topLine().endsWith(u"第30条"_s), qPrintable(topLine()));
    for (int i = 150; i < 170; ++i)
        zhang->send(Say {u"第%1条"_s.arg(i)});
    QTRY_VERIFY(logText().endsWith(u"张三说：第169条"_s));
    QVERIFY(!feed->hasPending());
    // Twenty lines left at the top; the one being read has not moved.
    QVERIFY2(topLine().endsWith(u"第30条"_s), qPrintable(topLine()));
    QVERIFY(!m_log->isFollowing());
}

void tst_ServerWindow::copySelectedLines()
{
    TestClient *zhang = joined(u"张三"_s);
    zhang->send(Say {u"一行\n两行"_s});
    zhang->send(Say {u"<b>三</b>"_s});
    QTRY_VERIFY(logText().endsWith(u"张三说：<b>三</b>"_s));
    const int rows = m_log->model()->rowCount();
    // One row per event, its line breaks shown as a symbol...
    QVERIFY2(logLines().at(rows - 2).endsWith(u"张三说：一行\u21B5两行"_s),
             qPrintable(logLines().at(rows - 2)));
    m_log->selectionModel()->select(
        QItemSelection(m_log->model()->index(rows - 2, 0), m_log->model()->index(rows - 1, 0)),
        QItemSelectionModel::Select);
    // ...and copied as they were, one event per line.
    m_log->copySelection();
    const QStringList copied = visible(QGuiApplication::clipboard()->text()).split(u'\n');
    QCOMPARE(copied.size(), 3);
    QVERIFY2(copied.at(0).endsWith(u"张三说：一行"_s), qPrintable(copied.at(0)));
    QCOMPARE(copied.at(1), u"两行"_s);
    QVERIFY2(copied.at(2).endsWith(u"张三说：<b>三</b>"_s), qPrintable(copied.at(2)));
    QVERIFY(m_log->actions().size() == 1 && m_log->contextMenuPolicy() == Qt::ActionsContextMenu);
}

// A measurement, not a check: with CHATROOM_BENCH set to chatroom-bench's path, the
// window is loaded by its latency mode (CHATROOM_BENCH_MEMBERS, default 1000, and
// CHATROOM_BENCH_RATE messages a second, default 1000, for 5 s) while clicks are posted to
// the member table the way the window system delivers them. Prints how long the event
// loop took to answer them; asserts nothing about time.
void tst_ServerWindow::responsivenessUnderLoad()
{
    const QString bench = qEnvironmentVariable("CHATROOM_BENCH");
    if (bench.isEmpty())
        QSKIP("set CHATROOM_BENCH to chatroom-bench's path to measure");
    const int members = qEnvironmentVariableIntValue("CHATROOM_BENCH_MEMBERS") > 0
        ? qEnvironmentVariableIntValue("CHATROOM_BENCH_MEMBERS")
        : 1000;
    const int rate = qEnvironmentVariableIntValue("CHATROOM_BENCH_RATE") > 0
        ? qEnvironmentVariableIntValue("CHATROOM_BENCH_RATE")
        : 1000;
    openWithoutFloodLimit();
    QProcess load;
    load.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    load.start(bench,
               {u"latency"_s, u"-n"_s, QString::number(members), u"-s"_s, u"10"_s, u"-r"_s,
                QString::number(qint64(rate) * members), u"-t"_s, u"5"_s, u"--port"_s,
                QString::number(m_server->serverPort()), u"--timeout"_s, u"60"_s});
    QVERIFY(load.waitForStarted());

    // Every 100 ms, while the room talks, a click on the first or the second row, posted
    // as the window system posts input; answered when the selection has changed.
    QElapsedTimer clock;
    clock.start();
    QList<double> answers; // ms
    qint64 clickedAt = -1;
    int row = 0;
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [&] {
        if (clickedAt >= 0)
            answers.append(double(clock.nsecsElapsed() - clickedAt) / 1e6);
        clickedAt = -1;
    });
    QTimer clicker;
    connect(&clicker, &QTimer::timeout, this, [&] {
        if (m_server->messagesRelayed() == 0 || m_table->model()->rowCount() < 2 || clickedAt >= 0)
            return;
        row = 1 - row;
        const QPoint at = m_table->visualRect(m_table->model()->index(row, 0)).center();
        const QPoint global = m_table->viewport()->mapToGlobal(at);
        clickedAt = clock.nsecsElapsed();
        for (const QEvent::Type type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease}) {
            QCoreApplication::postEvent(
                m_table->viewport(),
                new QMouseEvent(type, at, global, Qt::LeftButton,
                                type == QEvent::MouseButtonPress ? Qt::LeftButton : Qt::NoButton,
                                Qt::NoModifier));
        }
    });
    clicker.start(100);
    QTRY_VERIFY_WITH_TIMEOUT(load.state() == QProcess::NotRunning, 120'000);
    clicker.stop();
    const QByteArray result = load.readAllStandardOutput().trimmed();
    auto *feed = m_window->findChild<AdminFeed *>();
    std::sort(answers.begin(), answers.end());
    const auto at = [&](double q) {
        return answers.isEmpty()
            ? -1.0
            : answers.at(qMin(answers.size() - 1, qsizetype(q * answers.size())));
    };
    qInfo("clicks answered: %lld, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; "
          "%llu messages relayed, %llu window batches",
          qlonglong(answers.size()), at(0.5), at(0.9), at(0.99),
          answers.isEmpty() ? -1.0 : answers.last(), qulonglong(m_server->messagesRelayed()),
          qulonglong(feed->batchCount()));
    qInfo("%s", result.constData());
    QVERIFY2(result.contains("ok=1"), result.constData());
}

QTEST_MAIN(tst_ServerWindow)
#include "tst_serverwindow.moc"
