#include "chatinput.h"
#include "chatsession.h"
#include "chatwindow.h"
#include "eventformatter.h"
#include "joindialog.h"
#include "memberlistmodel.h"
#include "mention.h"
#include "nicknamecolors.h"
#include "outboxstrip.h"
#include "transcriptdelegate.h"
#include "transcriptmodel.h"
#include "transcriptview.h"

#include "chatserver.h"
#include "protocol/framereader.h"
#include "protocol/messagecodec.h"
#include "typetext.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTranslator>
#include <QWindow>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

// The window against the real server core: a second session, driven by the test, plays
// the other member, and the server's broadcast() plays the administrator.
class tst_ChatWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void lateJoinerSeesEarlierMessages();
    void logLines_data();
    void logLines();
    void enterSends();
    void upRecalls();
    void tabCompletes();
    void htmlShowsLiterally();
    void memberListFollows();
    void tooLongRefusedBeforeSending();
    void mentionHighlighted();
    void mentionRule_data();
    void mentionRule();
    void markupInNamesAndTitleShownLiterally();
    void statusAndTitle();
    void closeSendsBye();
    void scrollbackBoundedAndFollows();
    void nameTakenAfterReconnectAsks();
    void kickToldOnce();
    void shutdownAndReconnectingAreOneLineEach();
    void saysTypedWhileAwayWaitInView();
    void slowEchoShownAfterAWhile();
    void longWaitingSayElided();
    void refusedSayRetriedFromTheLog();
    void tooLongSayEditedAndDiscardedFromTheMenu();
    void statusNamesTheServerInUse();

private:
    void useLanguage(const QString &language);
    bool startServer(quint16 port = 0);
    // Joins a session as `name` and waits for the server's welcome.
    std::unique_ptr<ChatSession> joinAs(const QString &name);
    std::unique_ptr<ChatWindow> openWindow();
    // The transcript's lines with the bidi isolates removed; the window's own notices
    // marked "* " as the old log wrote them.
    QStringList shownLines() const;
    TranscriptView *log() const { return m_window->findChild<TranscriptView *>(u"chatLog"_s); }
    QAbstractItemModel *transcript() const { return log()->model(); }
    // The width the delegate lays a row's text out at.
    int drawnTextWidth(int row) const;
    // Where the delegate draws a row's parts, in the viewport's coordinates.
    TranscriptDelegate::Geometry drawnGeometry(int row) const;
    // The rows of one's own Says that were not sent.
    QList<int> unsentRows() const;
    ChatInput *input() const { return m_window->findChild<ChatInput *>(u"chatInput"_s); }
    QAbstractItemModel *members() const
    {
        return m_window->findChild<QListView *>(u"memberList"_s)->model();
    }
    QStringList shownMembers() const;
    OutboxStrip *outboxStrip() const
    {
        return m_window->findChild<OutboxStrip *>(u"outboxStrip"_s);
    }
    // The strip's visible lines, bidi isolates removed.
    QStringList shownOutbox() const;

    std::unique_ptr<QTranslator> m_translator;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatSession> m_own; // 李四, shown by the window
    std::unique_ptr<ChatWindow> m_window;
};

void tst_ChatWindow::initTestCase()
{
    QCoreApplication::setOrganizationName(u"ChatroomTests"_s);
    QCoreApplication::setApplicationName(u"tst_chatwindow"_s);
    QSettings().clear();
}

void tst_ChatWindow::init()
{
    useLanguage(u"zh_CN"_s);
    QVERIFY2(startServer(), qPrintable(m_server->errorString()));
}

bool tst_ChatWindow::startServer(quint16 port)
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = port;
    config.roomTitle = u"测试房间"_s;
    m_server = std::make_unique<ChatServer>(config);
    return m_server->listen();
}

void tst_ChatWindow::cleanup()
{
    m_window.reset();
    m_own.reset();
    m_server.reset();
    if (m_translator)
        QCoreApplication::removeTranslator(m_translator.get());
    m_translator.reset();
}

void tst_ChatWindow::useLanguage(const QString &language)
{
    if (m_translator)
        QCoreApplication::removeTranslator(m_translator.get());
    m_translator = std::make_unique<QTranslator>();
    QVERIFY(m_translator->load(u":/i18n/chatroom-client_"_s + language + u".qm"_s));
    QCoreApplication::installTranslator(m_translator.get());
}

std::unique_ptr<ChatSession> tst_ChatWindow::joinAs(const QString &name)
{
    auto session = std::make_unique<ChatSession>();
    QSignalSpy joined(session.get(), &ChatSession::joined);
    session->join(u"127.0.0.1"_s, m_server->serverPort(), name);
    if (!joined.wait(5000))
        qWarning("%s did not join", qPrintable(name));
    return session;
}

std::unique_ptr<ChatWindow> tst_ChatWindow::openWindow()
{
    m_own = joinAs(u"李四"_s);
    auto window = std::make_unique<ChatWindow>(m_own.get());
    window->show();
    window->activateWindow();
    if (!QTest::qWaitForWindowExposed(window.get()))
        qWarning("window not exposed");
    return window;
}

QStringList tst_ChatWindow::shownLines() const
{
    QStringList lines;
    const QAbstractItemModel *model = transcript();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        QString text = index.data().toString();
        text.remove(QChar(0x2068)).remove(QChar(0x2069));
        // Every line has its time.
        if (!index.data(TranscriptModel::TimeRole).toDateTime().isValid())
            qWarning("line without a time: %s", qPrintable(text));
        const auto kind = index.data(TranscriptModel::KindRole).value<TranscriptModel::Kind>();
        if (kind == TranscriptModel::Kind::Notice || kind == TranscriptModel::Kind::Problem)
            text.prepend(u"* "_s);
        lines.append(text);
    }
    return lines;
}

int tst_ChatWindow::drawnTextWidth(int row) const
{
    const QModelIndex index = transcript()->index(row, 0);
    QStyleOptionViewItem option;
    option.initFrom(log()->viewport());
    option.font = log()->font();
    option.rect = log()->visualRect(index);
    return log()->transcriptDelegate()->geometry(option, index).textWidth;
}

TranscriptDelegate::Geometry tst_ChatWindow::drawnGeometry(int row) const
{
    const QModelIndex index = transcript()->index(row, 0);
    QStyleOptionViewItem option;
    option.initFrom(log()->viewport());
    option.font = log()->font();
    option.rect = log()->visualRect(index);
    TranscriptDelegate::Geometry g = log()->transcriptDelegate()->geometry(option, index);
    for (QRect *rect : {&g.bubble, &g.text, &g.mark, &g.reason, &g.action})
        rect->translate(option.rect.topLeft());
    return g;
}

QList<int> tst_ChatWindow::unsentRows() const
{
    QList<int> rows;
    for (int row = 0; row < transcript()->rowCount(); ++row) {
        if (transcript()
                ->index(row, 0)
                .data(TranscriptModel::KindRole)
                .value<TranscriptModel::Kind>()
            == TranscriptModel::Kind::Unsent)
            rows.append(row);
    }
    return rows;
}

QStringList tst_ChatWindow::shownMembers() const
{
    QStringList names;
    const QAbstractItemModel *model = members();
    for (int row = 0; row < model->rowCount(); ++row)
        names.append(model->index(row, 0).data().toString());
    return names;
}

QStringList tst_ChatWindow::shownOutbox() const
{
    QStringList lines;
    QList<QLabel *> labels = m_window->findChildren<QLabel *>(u"outboxLine"_s);
    labels += m_window->findChildren<QLabel *>(u"outboxMore"_s);
    for (const QLabel *label : std::as_const(labels)) {
        if (label->isHidden())
            continue;
        QString text = label->text();
        text.remove(QChar(0x2068)).remove(QChar(0x2069));
        lines.append(text);
    }
    return lines;
}

void tst_ChatWindow::logLines_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("zh_CN") << u"zh_CN"_s
                           << QStringList {u"李四进入了聊天室"_s, u"张三进入了聊天室"_s,
                                           u"张三说：你好"_s, u"管理员说：大家好"_s,
                                           u"张三退出了聊天室"_s};
    QTest::newRow("en") << u"en"_s
                        << QStringList {u"李四 joined the chat room"_s,
                                        u"张三 joined the chat room"_s, u"张三: 你好"_s,
                                        u"Admin says: 大家好"_s, u"张三 left the chat room"_s};
}

void tst_ChatWindow::logLines()
{
    QFETCH(QString, language);
    QFETCH(QStringList, expected);
    useLanguage(language);
    m_window = openWindow();

    auto zhang = joinAs(u"张三"_s);
    QTRY_COMPARE(shownLines().size(), 2);
    QVERIFY(zhang->say(u"你好"_s));
    QTRY_COMPARE(shownLines().size(), 3);
    QVERIFY(m_server->broadcast(u"大家好"_s));
    QTRY_COMPARE(shownLines().size(), 4);
    zhang->leave();
    QTRY_COMPARE(shownLines().size(), 5);
    QCOMPARE(shownLines(), expected);

    // The name sits between U+2068 and U+2069, so right-to-left text cannot leak.
    const QString raw = transcript()->index(2, 0).data().toString();
    QVERIFY2(raw.contains(u"\u2068张三\u2069"_s), qPrintable(raw));
}

void tst_ChatWindow::enterSends()
{
    m_window = openWindow();
    auto zhang = joinAs(u"张三"_s);
    QSignalSpy heard(zhang.get(), &ChatSession::eventAdded);

    QTRY_VERIFY(input()->hasFocus());
    typeText(input(), u"hello 大家"_s);
    QTest::keyClick(input(), Qt::Key_Return);
    QCOMPARE(input()->text(), QString());
    QVERIFY(input()->hasFocus());

    QTRY_COMPARE(heard.size(), 1);
    const auto event = heard.at(0).at(0).value<RoomEvent>();
    QCOMPARE(event.nickname, u"李四"_s);
    QCOMPARE(event.text, u"hello 大家"_s);
    QTRY_COMPARE(shownLines().constLast(), u"李四说：hello 大家"_s);
}

void tst_ChatWindow::upRecalls()
{
    m_window = openWindow();
    QTRY_VERIFY(input()->hasFocus());
    for (const QString &line : {u"one"_s, u"two"_s}) {
        typeText(input(), line);
        QTest::keyClick(input(), Qt::Key_Return);
    }
    typeText(input(), u"draft"_s);
    QTest::keyClick(input(), Qt::Key_Up);
    QCOMPARE(input()->text(), u"two"_s);
    QTest::keyClick(input(), Qt::Key_Up);
    QCOMPARE(input()->text(), u"one"_s);
    QTest::keyClick(input(), Qt::Key_Up); // nothing older
    QCOMPARE(input()->text(), u"one"_s);
    QTest::keyClick(input(), Qt::Key_Down);
    QCOMPARE(input()->text(), u"two"_s);
    QTest::keyClick(input(), Qt::Key_Down);
    QCOMPARE(input()->text(), u"draft"_s);
}

void tst_ChatWindow::tabCompletes()
{
    m_window = openWindow();
    auto zhang = joinAs(u"张三"_s);
    auto zoe = joinAs(u"Zoe"_s);
    auto zed = joinAs(u"Zed"_s);
    QTRY_COMPARE(members()->rowCount(), 4);

    QTRY_VERIFY(input()->hasFocus());
    typeText(input(), u"张"_s);
    QTest::keyClick(input(), Qt::Key_Tab);
    QCOMPARE(input()->text(), u"张三 "_s);
    QVERIFY(input()->hasFocus()); // Tab completed instead of moving the focus

    // Case does not matter; Tab again cycles through the matches in join order.
    typeText(input(), u"hi z"_s);
    QTest::keyClick(input(), Qt::Key_Tab);
    QCOMPARE(input()->text(), u"张三 hi Zoe "_s);
    QTest::keyClick(input(), Qt::Key_Tab);
    QCOMPARE(input()->text(), u"张三 hi Zed "_s);

    // No match: nothing changes.
    typeText(input(), u"q"_s);
    QTest::keyClick(input(), Qt::Key_Tab);
    QCOMPARE(input()->text(), u"张三 hi Zed q"_s);
}

void tst_ChatWindow::htmlShowsLiterally()
{
    m_window = openWindow();
    auto zhang = joinAs(u"张三"_s);
    QVERIFY(zhang->say(u"<b>hi</b>"_s));
    QVERIFY(zhang->say(u"<img src=\"/dev/zero\">"_s));
    QTRY_COMPARE(shownLines().size(), 4);
    QCOMPARE(shownLines().at(2), u"张三说：<b>hi</b>"_s);
    QCOMPARE(shownLines().at(3), u"张三说：<img src=\"/dev/zero\">"_s);
    QCOMPARE(transcript()->index(2, 0).data(TranscriptModel::TextRole).toString(), u"<b>hi</b>"_s);

    // The text is laid out as the plain string, in the view's font: every character of
    // the markup takes its room, nothing turned bold or into an image.
    const QFontMetrics metrics(log()->font());
    for (const auto &[row, text] :
         {std::pair {2, u"<b>hi</b>"_s}, std::pair {3, u"<img src=\"/dev/zero\">"_s}}) {
        const int expected = metrics.horizontalAdvance(text);
        const int drawn = drawnTextWidth(row);
        QVERIFY2(qAbs(drawn - expected) <= 2,
                 qPrintable(u"%1: %2 drawn, %3 expected"_s.arg(text).arg(drawn).arg(expected)));
    }
}

void tst_ChatWindow::memberListFollows()
{
    m_window = openWindow();
    const auto *count = m_window->findChild<QLabel *>(u"memberCount"_s);
    QCOMPARE(shownMembers(), QStringList {u"李四"_s});
    QTRY_VERIFY2(count->text().contains(u'1'), qPrintable(count->text()));

    QSignalSpy inserted(members(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(members(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(members(), &QAbstractItemModel::modelReset);
    auto zhang = joinAs(u"张三"_s);
    QTRY_COMPARE(shownMembers(), (QStringList {u"李四"_s, u"张三"_s}));
    QTRY_VERIFY2(count->text().contains(u'2'), qPrintable(count->text()));

    // One's own name in bold, each name in its colour in the log.
    const QModelIndex own = members()->index(0, 0);
    const QModelIndex other = members()->index(1, 0);
    QVERIFY(own.data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!other.data(Qt::FontRole).value<QFont>().bold());
    const QPalette palette = m_window->findChild<QListView *>(u"memberList"_s)->palette();
    QCOMPARE(other.data(Qt::ForegroundRole).value<QColor>(),
             NicknameColors::nicknameColor(u"张三"_s, palette));

    zhang->leave();
    QTRY_COMPARE(shownMembers(), QStringList {u"李四"_s});
    QTRY_VERIFY2(count->text().contains(u'1'), qPrintable(count->text()));
    // Row by row, never a rebuild.
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(reset.count(), 0);
}

void tst_ChatWindow::tooLongRefusedBeforeSending()
{
    m_window = openWindow();
    auto zhang = joinAs(u"张三"_s);
    QSignalSpy heard(zhang.get(), &ChatSession::eventAdded);
    const auto *hint = m_window->findChild<QLabel *>(u"inputHint"_s);

    const QString tooLong(ChatText::MaxLength + 1, u'x');
    QTRY_VERIFY(input()->hasFocus());
    input()->setText(tooLong.left(ChatText::MaxLength - 1));
    typeText(input(), u"xx"_s);
    QVERIFY(hint->isVisible());
    QCOMPARE(hint->text(), u"消息太长：最多 2000 个字符"_s);
    QTest::keyClick(input(), Qt::Key_Return);
    QCOMPARE(input()->text(), tooLong); // kept, so the user can shorten it
    QTest::qWait(200);
    QCOMPARE(heard.size(), 0);

    QTest::keyClick(input(), Qt::Key_Backspace);
    QVERIFY(!hint->isVisible());
    QTest::keyClick(input(), Qt::Key_Return);
    QTRY_COMPARE(heard.size(), 1);
}

void tst_ChatWindow::mentionHighlighted()
{
    m_window = openWindow();
    auto zhang = joinAs(u"张三"_s);
    QVERIFY(zhang->say(u"你好"_s));
    QVERIFY(zhang->say(u"李四，在吗？"_s));
    QTRY_COMPARE(shownLines().size(), 4);
    QVERIFY(!transcript()->index(2, 0).data(TranscriptModel::MentionRole).toBool());
    QVERIFY(transcript()->index(3, 0).data(TranscriptModel::MentionRole).toBool());
}

void tst_ChatWindow::mentionRule_data()
{
    QTest::addColumn<QString>("nickname");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("mentioned");

    QTest::newRow("inside a word") << u"an"_s << u"I want tea"_s << false;
    QTest::newRow("word") << u"an"_s << u"where is an?"_s << true;
    QTest::newRow("start and end") << u"an"_s << u"an"_s << true;
    QTest::newRow("at sign") << u"an"_s << u"@an hi"_s << true;
    QTest::newRow("case") << u"Alice"_s << u"hi ALICE!"_s << true;
    QTest::newRow("full width") << u"Alice"_s << u"hi ａｌｉｃｅ"_s << true;
    QTest::newRow("prefix of a word") << u"Al"_s << u"Alice is here"_s << false;
    QTest::newRow("later occurrence") << u"an"_s << u"plan an outing"_s << true;
    QTest::newRow("digits") << u"bob2"_s << u"bob21 said"_s << false;
    QTest::newRow("underscore") << u"bob"_s << u"bob_ is away"_s << false;
    QTest::newRow("accent") << u"jose"_s << u"josé"_s << false;
    QTest::newRow("punctuation in name") << u"bob!"_s << u"hey bob!!"_s << true;
    QTest::newRow("cyrillic") << u"Иван"_s << u"привет, иван"_s << true;
    QTest::newRow("cyrillic inside") << u"Иван"_s << u"Иванов"_s << false;
    // No spaces between words: any occurrence counts.
    QTest::newRow("chinese") << u"李四"_s << u"李四，在吗？"_s << true;
    QTest::newRow("chinese run-in") << u"李四"_s << u"你好李四你好"_s << true;
    QTest::newRow("chinese absent") << u"李四"_s << u"张三，在吗？"_s << false;
    QTest::newRow("mixed name") << u"小an"_s << u"喂小an在吗"_s << true;
    QTest::newRow("japanese") << u"さくら"_s << u"さくらさん"_s << true;
    QTest::newRow("empty text") << u"an"_s << QString() << false;
}

void tst_ChatWindow::mentionRule()
{
    QFETCH(QString, nickname);
    QFETCH(QString, text);
    QFETCH(bool, mentioned);
    QCOMPARE(Mention::mentions(text, nickname), mentioned);

    // And the transcript highlights by the same rule.
    TranscriptModel model;
    model.setOwnNickname(nickname);
    RoomEvent event;
    event.kind = RoomEvent::Kind::Chat;
    event.nickname = u"张三"_s;
    event.text = text;
    model.addEvent(event);
    QCOMPARE(model.index(0, 0).data(TranscriptModel::MentionRole).toBool(), mentioned);
}

void tst_ChatWindow::markupInNamesAndTitleShownLiterally()
{
    // A room title and a nickname that look like markup, or like setWindowTitle()'s
    // "[*]" placeholder, are shown exactly as written.
    const QString title = u"<img src=/dev/zero> [*]<b>房间</b>"_s;
    const QString name = u"<i>李</i>"_s;
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0; // never the fixed default: other tests run beside this one
    config.roomTitle = title;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_own = joinAs(name);
    QCOMPARE(m_own->state(), ChatSession::State::Joined);
    m_window = std::make_unique<ChatWindow>(m_own.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    const QString expected = title + u" — "_s + name;
    QCOMPARE(m_window->windowHandle()->title(), expected);
    for (const QLabel *label : m_window->findChildren<QLabel *>())
        QCOMPARE(label->textFormat(), Qt::PlainText);
    bool nameShown = false;
    for (const QLabel *label : m_window->findChildren<QLabel *>())
        nameShown = nameShown || label->text() == name;
    QVERIFY(nameShown);
    QCOMPARE(shownMembers(), QStringList {name});
    QVERIFY(shownLines().contains(name + u"进入了聊天室"_s));
}

void tst_ChatWindow::statusAndTitle()
{
    m_window = openWindow();
    QCOMPARE(m_window->windowTitle(), u"测试房间 — 李四"_s);
    const QString status = u"127.0.0.1:%1"_s.arg(m_server->serverPort());
    bool foundServer = false;
    for (const QLabel *label : m_window->findChildren<QLabel *>())
        foundServer = foundServer || label->text() == status;
    QVERIFY(foundServer);
    QCOMPARE(m_window->findChild<QLabel *>(u"stateLabel"_s)->text(), u"已在聊天室中"_s);
}

void tst_ChatWindow::closeSendsBye()
{
    m_window = openWindow();
    auto zhang = joinAs(u"张三"_s);
    QSignalSpy heard(zhang.get(), &ChatSession::eventAdded);
    m_window->close();
    QTRY_COMPARE(heard.size(), 1);
    const auto event = heard.at(0).at(0).value<RoomEvent>();
    QCOMPARE(event.kind, RoomEvent::Kind::Left);
    QCOMPARE(event.nickname, u"李四"_s);
    QCOMPARE(event.leaveReason, Protocol::LeaveReason::Quit);
}

void tst_ChatWindow::scrollbackBoundedAndFollows()
{
    TranscriptModel model;
    QCOMPARE(model.maximumRows(), TranscriptModel::DefaultMaximumRows);
    model.setMaximumRows(200); // the same mechanism, at a size a test runs quickly
    TranscriptView view;
    view.setModel(&model);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    RoomEvent event;
    event.kind = RoomEvent::Kind::Chat;
    event.nickname = u"张三"_s;
    for (int i = 0; i < 300; ++i) {
        event.seq = quint64(i + 1);
        event.text = QString::number(i);
        model.addEvent(event);
    }
    QCOMPARE(model.rowCount(), 200);
    QVERIFY(model.index(199, 0).data().toString().endsWith(u"299"_s));
    QScrollBar *bar = view.verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());

    // Scrolled up to read: new lines do not pull the view down, and the oldest line
    // dropped above does not move what is being read.
    bar->setValue(bar->maximum() / 2);
    QVERIFY(!view.isFollowing());
    const auto topRow = [&] {
        return view.indexAt(QPoint(view.viewport()->width() / 2, 0)).data().toString();
    };
    const QString reading = topRow();
    event.seq = 301;
    model.addEvent(event);
    QCOMPARE(view.unseenCount(), 1);
    view.visualRect(model.index(0, 0)); // runs the pending layout now
    QCOMPARE(topRow(), reading);
    QVERIFY(bar->value() < bar->maximum());
    // Back at the bottom: it follows again.
    bar->setValue(bar->maximum());
    event.seq = 302;
    model.addEvent(event);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(view.isFollowing());
}

void tst_ChatWindow::kickToldOnce()
{
    m_window = openWindow();
    QVERIFY(m_server->kick(u"李四"_s));
    QTRY_COMPARE(m_own->state(), ChatSession::State::Disconnected);
    // The Error says why, and the end of the connection that follows adds no second line.
    const QString byError = u"* "_s + EventFormatter::errorText(Protocol::ErrorCode::Kicked, {});
    const QString byEnd = u"* "_s + EventFormatter::endReasonText(ChatSession::EndReason::Kicked);
    QTRY_VERIFY(shownLines().contains(byError));
    const QStringList lines = shownLines();
    QCOMPARE(lines.count(byError) + (byEnd == byError ? 0 : lines.count(byEnd)), 1);
}

void tst_ChatWindow::shutdownAndReconnectingAreOneLineEach()
{
    m_window = openWindow();
    ChatSession::Timing timing;
    // Attempts every few milliseconds while the server is away: many of them, quickly.
    timing.shutdownInitialMs = 10;
    timing.shutdownMaxMs = 20;
    timing.reconnectInitialMs = 10;
    timing.reconnectMaxMs = 20;
    timing.reconnectJitter = 0;
    m_own->setTiming(timing);
    QSignalSpy attempts(m_own.get(), &ChatSession::reconnectScheduled);

    const quint16 port = m_server->serverPort();
    m_server->shutdown();
    QTRY_VERIFY(attempts.size() >= 4);
    m_server.reset();
    QTRY_VERIFY(attempts.size() >= 8);
    const auto countOf = [this](const QString &pattern) {
        const QRegularExpression match(pattern);
        const QStringList lines = shownLines();
        return int(std::count_if(lines.cbegin(), lines.cend(), [&](const QString &line) {
            return match.match(line).hasMatch();
        }));
    };
    // The shutdown in one line (not also "shutting down" and "has shut down"), and one
    // line counting down however many attempts failed.
    QCOMPARE(countOf(u"^\\* 服务器已关闭，恢复后"_s), 1);
    QCOMPARE(countOf(u"^\\* "_s
                     + QRegularExpression::escape(
                         EventFormatter::errorText(Protocol::ErrorCode::ServerShutdown, {}))),
             0);
    QCOMPARE(countOf(u"秒后重新连接$"_s), 1);

    // Back: the count-down line goes, the member is in again.
    QVERIFY2(startServer(port), qPrintable(m_server->errorString()));
    QTRY_COMPARE(m_own->state(), ChatSession::State::Joined);
    QCOMPARE(countOf(u"秒后重新连接$"_s), 0);
    QCOMPARE(countOf(u"^\\* 服务器已关闭，恢复后"_s), 1);
}

void tst_ChatWindow::nameTakenAfterReconnectAsks()
{
    m_window = openWindow();
    ChatSession::Timing timing;
    // No attempt of its own until the test asks: the name is taken first, for certain.
    timing.reconnectInitialMs = 600000;
    timing.reconnectMaxMs = 600000;
    timing.resumeDelayMs = 600000;
    timing.reconnectJitter = 0;
    m_own->setTiming(timing);
    const auto *state = m_window->findChild<QLabel *>(u"stateLabel"_s);

    // The server goes away without a goodbye: the session waits and reconnects.
    const quint16 port = m_server->serverPort();
    m_server.reset();
    QTRY_COMPARE(m_own->state(), ChatSession::State::Reconnecting);
    // The number is the session's own rounding of its timer; the words are the window's.
    QVERIFY2(QRegularExpression(u"^60[01] 秒后重新连接$"_s).match(state->text()).hasMatch(),
             qPrintable(state->text()));
    // A drop that may resume is silent in the log: the status bar says it.
    QVERIFY(m_own->isResuming());
    QVERIFY(!shownLines().contains(u"* 与服务器的连接中断了"_s));

    // Back again, but someone else took the name meanwhile: only the user can choose.
    QVERIFY2(startServer(port), qPrintable(m_server->errorString()));
    auto other = joinAs(u"李四"_s);
    QCOMPARE(other->state(), ChatSession::State::Joined);
    QCOMPARE(m_own->state(), ChatSession::State::Reconnecting);
    m_own->reconnectNow(); // the menu's Reconnect, or the timer running out
    JoinDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<JoinDialog *>()) && dialog->isVisible());
    QTRY_COMPARE(dialog->message(), u"该昵称已被使用，请换一个"_s);
    auto *name = dialog->findChild<QLineEdit *>(u"nicknameEdit"_s);
    QCOMPARE(name->selectedText(), u"李四"_s);

    typeText(name, u"李四二"_s);
    QTest::keyClick(name, Qt::Key_Return);
    QTRY_COMPARE(m_own->state(), ChatSession::State::Joined);
    QCOMPARE(m_own->nickname(), u"李四二"_s);
    QTRY_VERIFY(!m_window->findChild<JoinDialog *>());
    QCOMPARE(m_window->windowTitle(), u"测试房间 — 李四二"_s);
}

void tst_ChatWindow::saysTypedWhileAwayWaitInView()
{
    m_window = openWindow();
    ChatSession::Timing timing;
    // No attempt of its own until the test asks: the Says are typed while away, for certain.
    timing.reconnectInitialMs = 600000;
    timing.reconnectMaxMs = 600000;
    timing.resumeDelayMs = 600000;
    timing.reconnectJitter = 0;
    m_own->setTiming(timing);
    OutboxStrip *strip = outboxStrip();
    QVERIFY(strip);
    QVERIFY(strip->isHidden());

    const quint16 port = m_server->serverPort();
    m_server.reset();
    QTRY_COMPARE(m_own->state(), ChatSession::State::Reconnecting);
    QTRY_VERIFY(input()->hasFocus());
    const QStringList says {u"还在吗 <b>?</b>"_s, u"二"_s, u"三"_s, u"四"_s, u"五"_s};
    typeText(input(), says.at(0));
    QTest::keyClick(input(), Qt::Key_Return);
    // Taken, not refused: it waits in view, as typed and as plain text.
    QCOMPARE(input()->text(), QString());
    QVERIFY(!m_window->findChild<QLabel *>(u"inputHint"_s)->isVisible());
    QVERIFY(strip->isVisible());
    QCOMPARE(shownOutbox(), QStringList {u"发送中… 还在吗 <b>?</b>"_s});
    for (const QLabel *label : strip->findChildren<QLabel *>())
        QCOMPARE(label->textFormat(), Qt::PlainText);
    // More than three: the oldest three, then how many more.
    for (qsizetype i = 1; i < says.size(); ++i) {
        typeText(input(), says.at(i));
        QTest::keyClick(input(), Qt::Key_Return);
    }
    QCOMPARE(shownOutbox(),
             (QStringList {u"发送中… 还在吗 <b>?</b>"_s, u"发送中… 二"_s, u"发送中… 三"_s,
                           u"还有 2 条"_s}));
    QCOMPARE(strip->shownTexts(), says.first(3));

    // The server is back: each Say goes once, leaves the strip and shows in the log.
    QVERIFY2(startServer(port), qPrintable(m_server->errorString()));
    m_own->reconnectNow();
    QTRY_VERIFY(strip->isHidden());
    QCOMPARE(m_own->state(), ChatSession::State::Joined);
    QVERIFY(shownOutbox().isEmpty());
    // The transcript takes the session's events in batches (TranscriptModel::setSession).
    QTRY_VERIFY(shownLines().contains(u"李四说："_s + says.constLast()));
    const QStringList lines = shownLines();
    qsizetype previous = -1;
    for (const QString &say : says) {
        const QString line = u"李四说："_s + say;
        QVERIFY2(lines.count(line) == 1, qPrintable(lines.join(u'|')));
        QVERIFY(lines.indexOf(line) > previous);
        previous = lines.indexOf(line);
    }
    QVERIFY(m_own->outbox().isEmpty());
}

void tst_ChatWindow::slowEchoShownAfterAWhile()
{
    // A peer that welcomes and then answers only when the test says: the real server
    // echoes too quickly for a Say to be seen waiting.
    QTcpServer peer;
    QVERIFY(peer.listen(QHostAddress::LocalHost));
    m_own = std::make_unique<ChatSession>();
    m_own->join(u"127.0.0.1"_s, peer.serverPort(), u"李四"_s);
    QTRY_VERIFY(peer.hasPendingConnections());
    QTcpSocket *socket = peer.nextPendingConnection();
    Protocol::FrameReader reader;
    const auto next = [&]() -> std::optional<Protocol::Message> {
        if (!QTest::qWaitFor([&] { return reader.readNext(socket); }))
            return std::nullopt;
        return Protocol::MessageCodec::decode(reader.takePayload()).message;
    };
    const std::optional<Protocol::Message> hello = next();
    QVERIFY(hello && std::holds_alternative<Protocol::Hello>(*hello));
    using Protocol::Layout;
    socket->write(Protocol::MessageCodec::encodeFrame(
        Protocol::Welcome {u"李四"_s, u"测试房间"_s, 1, 1, u"e"_s, {}, 0}, Layout::V1_1));
    socket->write(Protocol::MessageCodec::encodeFrame(Protocol::Members {{u"李四"_s}}));
    QTRY_COMPARE(m_own->state(), ChatSession::State::Joined);
    m_window = std::make_unique<ChatWindow>(m_own.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    OutboxStrip *strip = outboxStrip();
    strip->setShowAfter(150);

    QTRY_VERIFY(input()->hasFocus());
    QElapsedTimer clock;
    clock.start();
    typeText(input(), u"慢"_s);
    QTest::keyClick(input(), Qt::Key_Return);
    // Joined: a Say on its way is no news at first...
    QVERIFY(strip->isHidden());
    const std::optional<Protocol::Message> sent = next();
    QVERIFY(sent && std::holds_alternative<Protocol::Say>(*sent));
    const Protocol::Say say = std::get<Protocol::Say>(*sent);
    // ...but one that has waited a while is.
    QTRY_VERIFY(strip->isVisible());
    QVERIFY2(clock.elapsed() >= 150, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(shownOutbox(), QStringList {u"发送中… 慢"_s});

    socket->write(Protocol::MessageCodec::encodeFrame(
        Protocol::Chat {2, 1000, u"李四"_s, u"慢"_s, say.clientId}, Layout::V1_1));
    QTRY_VERIFY(strip->isHidden());
    QCOMPARE(shownLines().count(u"李四说：慢"_s), 1);
}

void tst_ChatWindow::longWaitingSayElided()
{
    m_window = openWindow();
    ChatSession::Timing timing;
    timing.reconnectInitialMs = 600000;
    timing.reconnectMaxMs = 600000;
    timing.resumeDelayMs = 600000;
    m_own->setTiming(timing);
    m_server.reset();
    QTRY_COMPARE(m_own->state(), ChatSession::State::Reconnecting);
    const int width = m_window->width();

    // Two lines and far more than fits: one line of the strip, cut at its end.
    const QString text = u"第一行\n"_s + QString(1500, u'长');
    input()->setText(text);
    QTest::keyClick(input(), Qt::Key_Return);
    QCOMPARE(outboxStrip()->shownTexts(), QStringList {text});
    const QStringList lines = shownOutbox();
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.constFirst().startsWith(u"发送中… 第一行 长"_s), qPrintable(lines.constFirst()));
    QVERIFY(lines.constFirst().endsWith(u'…'));
    QVERIFY(lines.constFirst().size() < 500);
    QCOMPARE(m_window->width(), width);
}

void tst_ChatWindow::lateJoinerSeesEarlierMessages()
{
    auto zhang = joinAs(u"张三"_s);
    QSignalSpy zhangEvents(zhang.get(), &ChatSession::eventAdded);
    for (int i = 1; i <= 3; ++i)
        QVERIFY(zhang->say(u"早上好 %1"_s.arg(i)));
    QTRY_COMPARE(zhangEvents.size(), 3);
    m_window = openWindow();
    // The conversation before 李四 came, above a quiet divider, then his own join.
    QTRY_VERIFY2(shownLines().size() >= 5, qPrintable(shownLines().join(u'|')));
    const QStringList lines = shownLines();
    QCOMPARE(lines.at(0), u"张三说：早上好 1"_s);
    QCOMPARE(lines.at(2), u"张三说：早上好 3"_s);
    // The divider has no time: the helper cuts its first six characters.
    QVERIFY2(lines.at(3).contains(u"历史消息"_s), qPrintable(lines.at(3)));
    QCOMPARE(lines.at(4), u"李四进入了聊天室"_s);
}

void tst_ChatWindow::refusedSayRetriedFromTheLog()
{
    // The real server, letting one Say through per 500 ms: the second is refused for real.
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.roomTitle = u"测试房间"_s;
    config.floodLimit = 1;
    config.floodWindow = std::chrono::milliseconds(500);
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_window = openWindow();
    auto zhang = joinAs(u"张三"_s);
    QSignalSpy heard(zhang.get(), &ChatSession::eventAdded);

    QTRY_VERIFY(input()->hasFocus());
    for (const QString &say : {u"第一条"_s, u"第二条"_s}) {
        typeText(input(), say);
        QTest::keyClick(input(), Qt::Key_Return);
    }
    QTRY_COMPARE(unsentRows().size(), 1);
    const int row = unsentRows().constFirst();
    const QModelIndex index = transcript()->index(row, 0);
    QCOMPARE(index.data(TranscriptModel::TextRole).toString(), u"第二条"_s);
    QCOMPARE(index.data(TranscriptModel::UnsentReasonRole).toString(), u"发送太快，未发送"_s);
    QCOMPARE(TranscriptDelegate::actionText(index), u"重试"_s);
    // The row says why; the server's Notice adds no second line, nor a "not confirmed" one.
    const QStringList lines = shownLines();
    QVERIFY2(!lines.contains(u"* "_s + EventFormatter::noticeText(Protocol::NoticeCode::SlowDown)),
             qPrintable(lines.join(u'|')));
    QVERIFY(lines.filter(u"未能确认"_s).isEmpty());
    QTRY_VERIFY(outboxStrip()->shownTexts().isEmpty());

    // Drawn on one's own side, the action under the bubble's right edge, the mark left of it.
    const TranscriptDelegate::Geometry g = drawnGeometry(row);
    QVERIFY(g.bubble.center().x() > log()->viewport()->width() / 2);
    QVERIFY(!g.action.isEmpty());
    QVERIFY(g.action.top() > g.bubble.bottom());
    QVERIFY(g.mark.right() < g.bubble.left());
    QVERIFY(log()->isUnsentActionAt(g.action.center()));
    QVERIFY(!log()->isUnsentActionAt(g.text.center()));
    // A click on the text is no retry.
    QTest::mouseClick(log()->viewport(), Qt::LeftButton, {}, g.text.center());
    QCOMPARE(unsentRows().size(), 1);

    // Once the flood window has passed (the server's clock cannot be injected), the click
    // sends it again, once.
    QTest::qWait(550);
    QTest::mouseClick(log()->viewport(), Qt::LeftButton, {}, g.action.center());
    QVERIFY(unsentRows().isEmpty());
    QTRY_COMPARE(heard.size(), 2);
    QCOMPARE(heard.at(0).at(0).value<RoomEvent>().text, u"第一条"_s);
    QCOMPARE(heard.at(1).at(0).value<RoomEvent>().text, u"第二条"_s);
    QTRY_COMPARE(shownLines().count(u"李四说：第二条"_s), 1);
    QCOMPARE(shownLines().constLast(), u"李四说：第二条"_s);
    QVERIFY(unsentRows().isEmpty());
}

void tst_ChatWindow::tooLongSayEditedAndDiscardedFromTheMenu()
{
    m_window = openWindow();
    // This client never sends a text over the limit; a server with a lower one refuses it.
    Q_EMIT m_own->sayFailed(9, u"太长的一句话"_s, Protocol::NoticeCode::TextTooLong);
    QCOMPARE(unsentRows().size(), 1);
    int row = unsentRows().constFirst();
    QModelIndex index = transcript()->index(row, 0);
    QCOMPARE(index.data(TranscriptModel::UnsentReasonRole).toString(), u"消息太长，未发送"_s);
    QCOMPARE(TranscriptDelegate::actionText(index), u"编辑"_s);

    std::unique_ptr<QMenu> menu(log()->createContextMenu(index, nullptr));
    auto *retry = menu->findChild<QAction *>(u"retryAction"_s);
    auto *edit = menu->findChild<QAction *>(u"editAction"_s);
    auto *discard = menu->findChild<QAction *>(u"discardAction"_s);
    QVERIFY(retry && edit && discard);
    QVERIFY(!retry->isEnabled()); // the same text would be refused again
    QCOMPARE(retry->text(), u"重试(&R)"_s);
    edit->trigger();
    QCOMPARE(input()->text(), u"太长的一句话"_s);
    QVERIFY(unsentRows().isEmpty());
    // Only an unsent row's menu has the extras.
    std::unique_ptr<QMenu> plain(log()->createContextMenu(transcript()->index(0, 0), nullptr));
    QVERIFY(!plain->findChild<QAction *>(u"retryAction"_s));

    // Lost while away: Retry; Delete on the current row lets it go.
    Q_EMIT m_own->sayFailed(10, u"丢了"_s, Protocol::NoticeCode::UnknownType);
    row = unsentRows().constFirst();
    index = transcript()->index(row, 0);
    QCOMPARE(index.data(TranscriptModel::UnsentReasonRole).toString(), u"未发送"_s);
    // Ctrl+C of the whole log never carries an unsent row.
    log()->selectAll();
    QVERIFY(!log()->selectedLines().isEmpty());
    QVERIFY(!log()->selectedLines().contains(u"丢了"_s));
    log()->setCurrentIndex(index);
    log()->setFocus();
    QTest::keyClick(log(), Qt::Key_Delete);
    QVERIFY(unsentRows().isEmpty());
    // The menu's Discard does the same.
    Q_EMIT m_own->sayFailed(11, u"再丢"_s, Protocol::NoticeCode::SlowDown);
    menu.reset(
        log()->createContextMenu(transcript()->index(unsentRows().constFirst(), 0), nullptr));
    QVERIFY(menu->findChild<QAction *>(u"retryAction"_s)->isEnabled());
    menu->findChild<QAction *>(u"discardAction"_s)->trigger();
    QVERIFY(unsentRows().isEmpty());
}

void tst_ChatWindow::statusNamesTheServerInUse()
{
    // A second server of the room's list, for when the first one goes.
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.roomTitle = u"测试房间"_s;
    ChatServer second(config);
    QVERIFY2(second.listen(), qPrintable(second.errorString()));
    const ServerAddress firstAddress {ServerAddress::Transport::Tcp, u"127.0.0.1"_s,
                                      m_server->serverPort()};
    const ServerAddress secondAddress {ServerAddress::Transport::Tcp, u"127.0.0.1"_s,
                                       second.serverPort()};
    m_own = std::make_unique<ChatSession>();
    ChatSession::Timing timing;
    timing.resumeDelayMs = 10;
    timing.reconnectInitialMs = 10;
    timing.reconnectMaxMs = 20;
    m_own->setTiming(timing);
    m_own->join(ServerList(QList<ServerAddress> {firstAddress, secondAddress}), u"李四"_s);
    QTRY_COMPARE(m_own->state(), ChatSession::State::Joined);
    m_window = std::make_unique<ChatWindow>(m_own.get());
    m_window->show();
    const auto *server = m_window->findChild<QLabel *>(u"serverLabel"_s);
    QVERIFY(server);
    QCOMPARE(server->text(), firstAddress.display());

    // The first server goes without a word: the session goes on with the second, and the
    // status bar says so.
    m_server.reset();
    QTRY_COMPARE(server->text(), secondAddress.display());
    QTRY_COMPARE(m_own->state(), ChatSession::State::Joined);
    QCOMPARE(second.memberCount(), 1);
    m_window.reset();
    m_own.reset();
}

QTEST_MAIN(tst_ChatWindow)
#include "tst_chatwindow.moc"
