#include "chatwindow.h"
#include "transcriptdelegate.h"
#include "transcriptmodel.h"
#include "transcriptsearchbar.h"
#include "transcriptview.h"
#include "typetext.h"
#include "unreadcounter.h"
#include "windowattention.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

RoomEvent chat(quint64 seq, const QString &from, const QString &text)
{
    RoomEvent event;
    event.kind = RoomEvent::Kind::Chat;
    event.seq = seq;
    event.nickname = from;
    event.text = text;
    event.atMs = QDateTime(QDate::currentDate(), QTime(8, 0)).toMSecsSinceEpoch() + qint64(seq);
    return event;
}

} // namespace

// The transcript's tools in their widgets, offscreen: clicking links, the search bar,
// and the attention (tray, notifications) around the counter.
class tst_TranscriptTools : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void linkClickOpensOnlyWeb();
    void searchNextPreviousAndEsc();
    void searchNoMatch();
    void notificationTextIsInert();
    void attentionFollowsActivationAndSetting();
    void windowHasTheTools();

private:
    void show();
    // Points along the text of a row where the view finds a link, and where it finds none.
    QList<QPair<QPoint, QUrl>> probe(int row) const;

    QTranslator m_translator;
    std::unique_ptr<TranscriptModel> m_model;
    std::unique_ptr<TranscriptView> m_view;
};

void tst_TranscriptTools::initTestCase()
{
    QVERIFY(m_translator.load(u":/i18n/chatroom-client_en.qm"_s));
    QCoreApplication::installTranslator(&m_translator);
    QCoreApplication::setOrganizationName(u"ChatroomTests"_s);
    QCoreApplication::setApplicationName(u"tst_transcripttools"_s);
    QSettings().clear();
}

void tst_TranscriptTools::init()
{
    m_model = std::make_unique<TranscriptModel>();
    m_model->beginRoomLog(u"e"_s);
    m_view = std::make_unique<TranscriptView>();
    m_view->setModel(m_model.get());
}

void tst_TranscriptTools::cleanup()
{
    m_view.reset();
    m_model.reset();
}

void tst_TranscriptTools::show()
{
    m_view->resize(600, 400);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

QList<QPair<QPoint, QUrl>> tst_TranscriptTools::probe(int row) const
{
    const QModelIndex index = m_model->index(row);
    QStyleOptionViewItem option;
    option.initFrom(m_view->viewport());
    option.font = m_view->font();
    option.rect = m_view->visualRect(index);
    const TranscriptDelegate::Geometry g = m_view->transcriptDelegate()->geometry(option, index);
    const QRect text = g.text.translated(option.rect.topLeft());
    QList<QPair<QPoint, QUrl>> points;
    const int y = text.top() + m_view->fontMetrics().height() / 2;
    for (int x = text.left() + 1; x < text.right(); x += 2)
        points.append({QPoint(x, y), m_view->linkAt(QPoint(x, y))});
    return points;
}

void tst_TranscriptTools::linkClickOpensOnlyWeb()
{
    QList<QUrl> opened;
    m_view->setLinkOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    m_model->addEvent(chat(1, u"张三"_s, u"看 https://example.com/x 和 file:///etc/passwd"_s));
    m_model->addEvent(chat(2, u"张三"_s, u"<a href=\"file:///etc/passwd\">点我</a>"_s));
    show();

    const auto points = probe(0);
    QPoint onLink, offLink;
    for (const auto &[point, url] : points) {
        if (!url.isEmpty() && onLink.isNull())
            onLink = point;
        if (url.isEmpty() && offLink.isNull())
            offLink = point;
    }
    QVERIFY(!onLink.isNull());
    QVERIFY(!offLink.isNull());
    for (const auto &[point, url] : points)
        QVERIFY(url.isEmpty() || url == QUrl(u"https://example.com/x"_s));

    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, offLink);
    QVERIFY(opened.isEmpty());
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, onLink);
    QCOMPARE(opened, QList<QUrl> {QUrl(u"https://example.com/x"_s)});
    // Any other button is not a click on a link.
    QTest::mouseClick(m_view->viewport(), Qt::RightButton, {}, onLink);
    QCOMPARE(opened.size(), 1);

    // A typed anchor is text: nothing in the second row is a link, wherever it is clicked.
    for (const auto &[point, url] : probe(1)) {
        QVERIFY(url.isEmpty());
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, point);
    }
    QCOMPARE(opened.size(), 1);
}

void tst_TranscriptTools::searchNextPreviousAndEsc()
{
    m_model->addEvent(chat(1, u"张三"_s, u"Ｈｅｌｌｏ there"_s)); // full width: NFKC folds it
    m_model->addEvent(chat(2, u"李四"_s, u"nothing here"_s));
    m_model->addEvent(chat(3, u"王五"_s, u"say HELLO"_s));
    TranscriptSearchBar bar(m_model.get(), m_view.get());
    QSignalSpy closed(&bar, &TranscriptSearchBar::closed);
    bar.resize(400, 40);
    show();
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    bar.open();
    QVERIFY(bar.isVisible());

    QTest::keyClicks(bar.field(), u"hello"_s);
    QCOMPARE(m_view->transcriptDelegate()->highlight(), u"hello"_s);
    QCOMPARE(bar.currentMatch(), 0);
    QCOMPARE(m_view->currentIndex().row(), 0);
    QVERIFY(m_view->selectionModel()->isRowSelected(0));
    QVERIFY(!bar.hasNoMatch());

    QTest::keyClick(bar.field(), Qt::Key_Return);
    QCOMPARE(bar.currentMatch(), 2);
    QVERIFY(m_view->selectionModel()->isRowSelected(2));
    QVERIFY(!m_view->selectionModel()->isRowSelected(0));
    QTest::keyClick(bar.field(), Qt::Key_Return); // wraps around
    QCOMPARE(bar.currentMatch(), 0);
    QTest::keyClick(bar.field(), Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(bar.currentMatch(), 2);
    bar.findPrevious();
    QCOMPARE(bar.currentMatch(), 0);

    // Rows added above do not move the match to another message.
    m_model->addNotice(u"a notice"_s);
    bar.findNext();
    QCOMPARE(m_model->index(bar.currentMatch()).data(TranscriptModel::TextRole).toString(),
             u"say HELLO"_s);

    QTest::keyClick(bar.field(), Qt::Key_Escape);
    QVERIFY(!bar.isVisible());
    QCOMPARE(closed.size(), 1);
    QVERIFY(m_view->transcriptDelegate()->highlight().isEmpty());
}

void tst_TranscriptTools::searchNoMatch()
{
    m_model->addEvent(chat(1, u"张三"_s, u"你好"_s));
    TranscriptSearchBar bar(m_model.get(), m_view.get());
    show();
    bar.open();
    typeText(bar.field(), u"你好吗"_s);
    QVERIFY(bar.hasNoMatch());
    QCOMPARE(bar.currentMatch(), -1);
    auto *status = bar.findChild<QLabel *>(u"searchStatus"_s);
    QVERIFY(status);
    QCOMPARE(status->text(), u"No match"_s);
    QTest::keyClick(bar.field(), Qt::Key_Backspace);
    QVERIFY(!bar.hasNoMatch());
    QCOMPARE(bar.currentMatch(), 0);
    QVERIFY(status->text().isEmpty());
}

void tst_TranscriptTools::notificationTextIsInert()
{
    const QString shown = WindowAttention::notificationText(u"<img src=/dev/zero> & <b>x</b>"_s);
    QVERIFY(!shown.contains(u'<'));
    QVERIFY(!shown.contains(u'>'));
    QVERIFY(!shown.contains(u'&'));
    QVERIFY(shown.contains(u"img src=/dev/zero"_s));
    QCOMPARE(WindowAttention::notificationText(u"长"_s.repeated(500)).size(), 200);
}

void tst_TranscriptTools::attentionFollowsActivationAndSetting()
{
    QSettings().remove(QLatin1String(WindowAttention::NotificationsKey));
    QWidget window;
    UnreadCounter counter;
    counter.setOwnNickname(u"李四"_s);
    auto *attention = new WindowAttention(&window, &counter);
    QSignalSpy notified(attention, &WindowAttention::notified);
    QVERIFY(attention->notificationsAction()->isChecked());

    // The window is not the active one: its activation change says so.
    QEvent change(QEvent::ActivationChange);
    QCoreApplication::sendEvent(&window, &change);
    QVERIFY(!counter.isActive());
    counter.addEvent(chat(1, u"张三"_s, u"@李四 <b>看</b>"_s));
    QCOMPARE(counter.unreadCount(), 1);
    QCOMPARE(notified.size(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), u"张三 mentioned you"_s);
    QCOMPARE(notified.at(0).at(1).toString(), u"@李四 \uFF1Cb\uFF1E看\uFF1C/b\uFF1E"_s);
    if (attention->trayIcon())
        QVERIFY(attention->trayIcon()->toolTip().contains(u'1'));

    attention->notificationsAction()->setChecked(false);
    QCOMPARE(QSettings().value(QLatin1String(WindowAttention::NotificationsKey)).toBool(), false);
    counter.addEvent(chat(2, u"张三"_s, u"@李四 again"_s));
    QCOMPARE(notified.size(), 1);
    QCOMPARE(counter.unreadCount(), 2);

    // The next window starts with the setting as it was left.
    QWidget other;
    UnreadCounter otherCounter;
    WindowAttention otherAttention(&other, &otherCounter);
    QVERIFY(!otherAttention.notificationsAction()->isChecked());
    QVERIFY(!otherCounter.notificationsEnabled());
    QSettings().remove(QLatin1String(WindowAttention::NotificationsKey));
}

void tst_TranscriptTools::windowHasTheTools()
{
    ChatSession session;
    ChatWindow window(&session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *bar = window.findChild<TranscriptSearchBar *>(u"searchBar"_s);
    QVERIFY(bar);
    QVERIFY(!bar->isVisible());
    auto *find = window.findChild<QAction *>(u"findAction"_s);
    QVERIFY(find);
    QCOMPARE(find->shortcut(), QKeySequence(QKeySequence::Find));
    find->trigger();
    QVERIFY(bar->isVisible());
    QTest::keyClick(bar->field(), Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
    QVERIFY(window.findChild<QAction *>(u"saveTranscriptAction"_s));
    QVERIFY(window.findChild<QAction *>(u"notificationsAction"_s));

    // In the background (a window never shown is never the active one), the title counts
    // what came since.
    ChatWindow background(&session);
    const QString title = background.windowTitle();
    QEvent change(QEvent::ActivationChange);
    QCoreApplication::sendEvent(&background, &change);
    Q_EMIT session.eventAdded(chat(1, u"张三"_s, u"one"_s));
    Q_EMIT session.eventAdded(chat(2, u"张三"_s, u"two"_s));
    QCOMPARE(background.windowTitle(), u"(2) "_s + title);
}

QTEST_MAIN(tst_TranscriptTools)
#include "tst_transcripttools.moc"
