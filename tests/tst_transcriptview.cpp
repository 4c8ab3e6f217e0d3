#include "emojipicker.h"
#include "transcriptdelegate.h"
#include "transcriptmodel.h"
#include "transcriptview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextLayout>
#include <QToolButton>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

qint64 at(int minute, int second = 0)
{
    return QDateTime(QDate::currentDate(), QTime(8, minute, second)).toMSecsSinceEpoch();
}

RoomEvent chat(quint64 seq, const QString &from, const QString &text, bool own = false,
               qint64 atMs = 0)
{
    RoomEvent event;
    event.kind = RoomEvent::Kind::Chat;
    event.seq = seq;
    event.nickname = from;
    event.text = text;
    event.own = own;
    event.atMs = atMs > 0 ? atMs : at(0) + qint64(seq);
    return event;
}

} // namespace

// The view offscreen: where the delegate puts things, following, the new-messages
// button, and copying.
class tst_TranscriptView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void ownMessagesOnTheRight();
    void emojiDrawnInColour();
    void runShowsOneHeader();
    void mentionHighlighted();
    void systemLinesCentred();
    void dateSeparators();
    void markupDrawnLiterally();
    void newMessagesButton();
    void ownMessageJumpsDown();
    void followsAfterResize();
    void historyPageKeepsReadingPosition();
    void shortPageAsksForMore();
    void copyAndQuote();
    void ctrlCCopiesSelection();
    void manyEvents();

private:
    void show(int width = 600, int height = 400);
    void fill(int count, quint64 firstSeq = 1);
    TranscriptDelegate::Geometry geometry(int row) const;
    QImage drawn() const;
    QScrollBar *bar() const { return m_view->verticalScrollBar(); }
    bool atBottom() const { return bar()->value() == bar()->maximum(); }

    QTranslator m_translator;
    std::unique_ptr<TranscriptModel> m_model;
    std::unique_ptr<TranscriptView> m_view;
};

void tst_TranscriptView::initTestCase()
{
    QVERIFY(m_translator.load(u":/i18n/chatroom-client_en.qm"_s));
    QCoreApplication::installTranslator(&m_translator);
}

void tst_TranscriptView::init()
{
    m_model = std::make_unique<TranscriptModel>();
    m_model->beginRoomLog(u"e"_s);
    m_view = std::make_unique<TranscriptView>();
    m_view->setModel(m_model.get());
}

void tst_TranscriptView::cleanup()
{
    m_view.reset();
    m_model.reset();
}

void tst_TranscriptView::show(int width, int height)
{
    m_view->resize(width, height);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void tst_TranscriptView::fill(int count, quint64 firstSeq)
{
    for (int i = 0; i < count; ++i) {
        const quint64 seq = firstSeq + quint64(i);
        // Two speakers taking turns, some messages long enough to wrap.
        m_model->addEvent(chat(seq, seq % 2 ? u"张三"_s : u"王五"_s,
                               seq % 3 ? u"消息 %1"_s.arg(seq)
                                       : u"一条会折行的长消息 %1 "_s.arg(seq).repeated(6)));
    }
}

TranscriptDelegate::Geometry tst_TranscriptView::geometry(int row) const
{
    const QModelIndex index = m_model->index(row);
    QStyleOptionViewItem option;
    option.initFrom(m_view->viewport());
    option.font = m_view->font();
    option.rect = m_view->visualRect(index);
    return m_view->transcriptDelegate()->geometry(option, index);
}

// The viewport as painted, one pixel per logical pixel, so that the delegate's geometry
// addresses it at any scale: at QT_SCALE_FACTOR=2 (tst_transcriptview_2x) the grab has
// twice the pixels each way.
QImage tst_TranscriptView::drawn() const
{
    const QImage image = m_view->viewport()->grab().toImage();
    if (image.size() == m_view->viewport()->size())
        return image;
    return image.scaled(m_view->viewport()->size(), Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

void tst_TranscriptView::ownMessagesOnTheRight()
{
    m_model->addEvent(chat(1, u"张三"_s, u"你好"_s));
    m_model->addEvent(chat(2, u"李四"_s, u"你好呀"_s, true));
    show();
    const int width = m_view->viewport()->width();
    const TranscriptDelegate::Geometry other = geometry(0);
    const TranscriptDelegate::Geometry own = geometry(1);
    QVERIFY(other.avatar.left() < width / 10);
    QVERIFY(other.bubble.left() > other.avatar.right());
    QVERIFY(other.bubble.right() < width / 2);
    QVERIFY(own.avatar.right() > width * 9 / 10);
    QVERIFY(own.bubble.right() < own.avatar.left());
    QVERIFY(own.bubble.left() > width / 2);
    QVERIFY(own.name.right() <= own.time.left()); // name, then time, towards the avatar

    // Drawn where the geometry says: the own bubble's colour is not the other's.
    const QImage image = drawn();
    const QRect otherRect = m_view->visualRect(m_model->index(0));
    const QRect ownRect = m_view->visualRect(m_model->index(1));
    const QColor otherBubble =
        image.pixelColor(otherRect.topLeft() + other.bubble.topLeft() + QPoint(3, 3));
    const QColor ownBubble =
        image.pixelColor(ownRect.topLeft() + own.bubble.topLeft() + QPoint(3, 3));
    const QColor base = m_view->palette().color(QPalette::Base);
    QVERIFY(otherBubble != base);
    QVERIFY(ownBubble != base);
    QVERIFY(ownBubble != otherBubble);
}

void tst_TranscriptView::runShowsOneHeader()
{
    m_model->addEvent(chat(1, u"张三"_s, u"一"_s, false, at(0)));
    m_model->addEvent(chat(2, u"张三"_s, u"二"_s, false, at(1)));
    m_model->addEvent(chat(3, u"张三"_s, u"三"_s, false, at(2)));
    m_model->addEvent(chat(4, u"王五"_s, u"四"_s, false, at(2)));
    m_model->addEvent(chat(5, u"张三"_s, u"五"_s, false, at(30))); // a new run: much later
    show();
    QList<bool> headers;
    for (int row = 0; row < m_model->rowCount(); ++row)
        headers.append(!geometry(row).avatar.isNull() && !geometry(row).name.isNull());
    QCOMPARE(headers, (QList {true, false, false, true, true}));
    // The run's texts line up under the name.
    QCOMPARE(geometry(1).bubble.left(), geometry(0).name.left());
    QVERIFY(geometry(1).height < geometry(0).height);
}

void tst_TranscriptView::mentionHighlighted()
{
    m_model->setOwnNickname(u"李四"_s);
    m_model->addEvent(chat(1, u"张三"_s, u"你好"_s));
    m_model->addEvent(chat(2, u"张三"_s, u"李四，在吗？"_s));
    show();
    const QImage image = drawn();
    const auto bubbleColour = [&](int row) {
        const QRect rect = m_view->visualRect(m_model->index(row));
        return image.pixelColor(rect.topLeft() + geometry(row).bubble.center()
                                + QPoint(0, geometry(row).bubble.height() / 2 - 2));
    };
    QVERIFY(bubbleColour(0) != bubbleColour(1));
}

void tst_TranscriptView::systemLinesCentred()
{
    RoomEvent join;
    join.kind = RoomEvent::Kind::Joined;
    join.seq = 1;
    join.atMs = at(0);
    join.nickname = u"王五"_s;
    m_model->addEvent(join);
    RoomEvent broadcast;
    broadcast.kind = RoomEvent::Kind::Broadcast;
    broadcast.seq = 2;
    broadcast.atMs = at(0);
    broadcast.text = u"维护通知"_s;
    m_model->addEvent(broadcast);
    show();
    const int width = m_view->viewport()->width();
    const TranscriptDelegate::Geometry line = geometry(0);
    QVERIFY(line.avatar.isNull());
    QVERIFY(qAbs(line.text.center().x() - width / 2) <= 2);
    // The banner spans the width, as no message bubble does.
    const TranscriptDelegate::Geometry banner = geometry(1);
    QVERIFY(banner.bubble.width() > width * 9 / 10);
}

void tst_TranscriptView::dateSeparators()
{
    const QDate today = QDate::currentDate();
    QCOMPARE(TranscriptDelegate::dateText(today, today), u"Today"_s);
    QCOMPARE(TranscriptDelegate::dateText(today.addDays(-1), today), u"Yesterday"_s);
    QVERIFY(
        TranscriptDelegate::dateText(QDate(2026, 3, 4), QDate(2026, 12, 2)).contains(u"2026"_s));

    const qint64 yesterday = QDateTime(today.addDays(-1), QTime(23, 0)).toMSecsSinceEpoch();
    m_model->addEvent(chat(1, u"张三"_s, u"一"_s, false, yesterday));
    m_model->addEvent(chat(2, u"张三"_s, u"二"_s, false, yesterday + 60000));
    m_model->addEvent(chat(3, u"张三"_s, u"三"_s, false, at(0)));
    show();
    QVERIFY(!geometry(0).date.isNull());
    QVERIFY(geometry(1).date.isNull());
    QVERIFY(!geometry(2).date.isNull());
    QVERIFY(geometry(2).avatar.top() > geometry(2).date.bottom()); // a new day, a new run
}

void tst_TranscriptView::emojiDrawnInColour()
{
    // DejaVu Sans has 😀 in black and white; the transcript draws emoji runs with the
    // colour emoji font, so a row of them puts yellow into the bubble.
    if (EmojiPicker::colourEmojiFamily().isEmpty())
        QSKIP("no colour emoji font installed (fonts-noto-color-emoji)");
    m_model->addEvent(chat(1, u"张三"_s, u"😀😀😀"_s));
    show();
    const QImage image = drawn();
    const QRect text = geometry(0).text.translated(m_view->visualRect(m_model->index(0)).topLeft());
    int yellow = 0;
    for (int x = text.left(); x <= text.right(); ++x) {
        for (int y = text.top(); y <= text.bottom(); ++y) {
            const QColor c = image.pixelColor(x, y);
            yellow += c.red() > 200 && c.green() > 150 && c.blue() < 100 ? 1 : 0;
        }
    }
    QVERIFY2(yellow > 20, qPrintable(u"%1 yellow pixels"_s.arg(yellow)));
}

void tst_TranscriptView::markupDrawnLiterally()
{
    const QStringList hostile {u"<b>x</b>"_s, u"<img src=/dev/zero>"_s};
    quint64 seq = 0;
    for (const QString &text : hostile)
        m_model->addEvent(chat(++seq, text, text));
    show();
    const QFontMetrics metrics(m_view->font());
    QFont bold = m_view->font();
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    for (int row = 0; row < hostile.size(); ++row) {
        const TranscriptDelegate::Geometry g = geometry(row);
        // Every character of the markup takes its room: the text and the name as typed.
        const int expected = metrics.horizontalAdvance(hostile.at(row));
        QVERIFY2(qAbs(g.textWidth - expected) <= 2,
                 qPrintable(u"%1 drawn %2 wide, %3 expected"_s.arg(hostile.at(row))
                                .arg(g.textWidth)
                                .arg(expected)));
        QVERIFY(qAbs(g.name.width() - boldMetrics.horizontalAdvance(hostile.at(row))) <= 2);
    }
    // Painting them reads no image (an <img src=/dev/zero> would never return) and puts
    // ink where the literal text goes.
    const QImage image = drawn();
    const QRect rect = m_view->visualRect(m_model->index(0));
    const QRect text = geometry(0).text.translated(rect.topLeft());
    const QColor ink = m_view->palette().color(QPalette::Text);
    int inked = 0;
    for (int x = text.left(); x <= text.right(); ++x) {
        for (int y = text.top(); y <= text.bottom(); ++y) {
            const QColor c = image.pixelColor(x, y);
            inked += qAbs(c.lightness() - ink.lightness()) < 60 ? 1 : 0;
        }
    }
    QVERIFY2(inked > 20, qPrintable(QString::number(inked)));
}

void tst_TranscriptView::newMessagesButton()
{
    fill(60);
    show();
    QTRY_VERIFY(bar()->maximum() > 0);
    QTRY_VERIFY(atBottom());
    QVERIFY(m_view->isFollowing());
    QToolButton *button = m_view->newMessagesButton();
    QVERIFY(button->isHidden());

    bar()->setValue(bar()->maximum() / 3); // the user scrolls up to read
    QVERIFY(!m_view->isFollowing());
    const int reading = bar()->value();
    fill(3, 61);
    QCOMPARE(m_view->unseenCount(), 3);
    QTRY_VERIFY(button->isVisible());
    QCOMPARE(button->text(), u"↓ 3 new messages"_s);
    QCOMPARE(bar()->value(), reading); // not pulled down
    // The button sits over the bottom of the rows.
    QVERIFY(m_view->viewport()->geometry().contains(button->geometry()));

    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY(atBottom());
    QVERIFY(m_view->isFollowing());
    QVERIFY(button->isHidden());
    QCOMPARE(m_view->unseenCount(), 0);
    fill(1, 64);
    QTRY_VERIFY(atBottom());
    QVERIFY(button->isHidden());

    // Scrolling down by hand to the end does the same as the button.
    bar()->setValue(0);
    fill(1, 65);
    QTRY_VERIFY(button->isVisible());
    bar()->setValue(bar()->maximum());
    QVERIFY(button->isHidden());
}

void tst_TranscriptView::ownMessageJumpsDown()
{
    fill(60);
    show();
    QTRY_VERIFY(bar()->maximum() > 0);
    bar()->setValue(0);
    m_model->addEvent(chat(61, u"李四"_s, u"我说的"_s, true));
    QTRY_VERIFY(atBottom());
    QVERIFY(m_view->isFollowing());
}

void tst_TranscriptView::followsAfterResize()
{
    fill(80);
    show(600, 400);
    QTRY_VERIFY(bar()->maximum() > 0);
    QTRY_VERIFY(atBottom());
    // Narrower: rows wrap and grow; wider: they shrink. Following survives both.
    for (const QSize size : {QSize(300, 400), QSize(900, 300), QSize(420, 700), QSize(350, 250)}) {
        const int maximum = bar()->maximum();
        m_view->resize(size);
        QTRY_VERIFY(bar()->maximum() != maximum);
        QTRY_VERIFY2(atBottom(),
                     qPrintable(u"%1x%2: %3 of %4"_s.arg(size.width())
                                    .arg(size.height())
                                    .arg(bar()->value())
                                    .arg(bar()->maximum())));
        QVERIFY(m_view->isFollowing());
    }
    fill(1, 81);
    QTRY_VERIFY(atBottom());
    const QModelIndex last = m_model->index(m_model->rowCount() - 1);
    QVERIFY(m_view->viewport()->rect().contains(m_view->visualRect(last)));
}

void tst_TranscriptView::historyPageKeepsReadingPosition()
{
    fill(40, 1000);
    show();
    QTRY_VERIFY(bar()->maximum() > 0);
    bar()->setValue(0); // reading the oldest
    QSignalSpy top(m_view.get(), &TranscriptView::reachedTop);
    bar()->setValue(1);
    bar()->setValue(0);
    QCOMPARE(top.size(), 1);
    const QModelIndex reading = m_view->indexAt(QPoint(10, 1));
    QCOMPARE(reading.row(), 0);
    const QPersistentModelIndex kept(reading);
    const int offset = m_view->visualRect(reading).top();
    QList<RoomEvent> page;
    for (quint64 seq = 900; seq < 930; ++seq)
        page.append(chat(seq, u"张三"_s, u"旧消息 %1"_s.arg(seq)));
    m_model->addHistory(page, true, true);
    QCOMPARE(kept.row(), 30);
    // Still the same row at the same place, the page above it.
    QTRY_COMPARE(m_view->visualRect(kept).top(), offset);
    QVERIFY(bar()->value() > 0);
    QCOMPARE(m_view->unseenCount(), 0); // older messages are not new ones
}

void tst_TranscriptView::shortPageAsksForMore()
{
    m_model->addEvent(chat(100, u"张三"_s, u"最新"_s));
    show();
    QSignalSpy top(m_view.get(), &TranscriptView::reachedTop);
    // A page that leaves nothing to scroll: the next one is wanted at once.
    m_model->addHistory({chat(90, u"张三"_s, u"旧"_s)}, true, true);
    QTRY_COMPARE(top.size(), 1);
    // A line added below (a refused request's notice) does not ask again.
    m_model->addNotice(u"slow down"_s, TranscriptModel::Kind::Problem);
    m_view->visualRect(m_model->index(0)); // runs the pending layout now
    QCoreApplication::processEvents();
    QCOMPARE(top.size(), 1);
    m_model->addHistory({}, true, true); // nothing older: its divider lands at the top
    QTRY_COMPARE(top.size(), 2);
}

void tst_TranscriptView::copyAndQuote()
{
    m_model->addEvent(chat(1, u"张三"_s, u"<b>x</b>\n第二行"_s, false, at(5)));
    RoomEvent join;
    join.kind = RoomEvent::Kind::Joined;
    join.seq = 2;
    join.atMs = at(6);
    join.nickname = u"王五"_s;
    m_model->addEvent(join);
    show();
    QClipboard *clipboard = QApplication::clipboard();

    std::unique_ptr<QMenu> menu(m_view->createContextMenu(m_model->index(0), nullptr));
    menu->findChild<QAction *>(u"copyAction"_s)->trigger();
    QCOMPARE(clipboard->text(), u"<b>x</b>\n第二行"_s);
    menu->findChild<QAction *>(u"copyWithNameAction"_s)->trigger();
    const QString day = QDate::currentDate().toString(u"yyyy-MM-dd"_s);
    QCOMPARE(clipboard->text(), day + u" 08:05 张三: <b>x</b>\n第二行"_s);
    QSignalSpy quoted(m_view.get(), &TranscriptView::quoteRequested);
    QAction *quote = menu->findChild<QAction *>(u"quoteAction"_s);
    QVERIFY(quote->isEnabled());
    quote->trigger();
    QCOMPARE(quoted.size(), 1);
    QCOMPARE(quoted.at(0).at(0).toString(), u"> <b>x</b> 第二行"_s);

    // A join is copied as its line and cannot be quoted.
    menu.reset(m_view->createContextMenu(m_model->index(1), nullptr));
    QVERIFY(!menu->findChild<QAction *>(u"quoteAction"_s)->isEnabled());
    menu->findChild<QAction *>(u"copyAction"_s)->trigger();
    QCOMPARE(clipboard->text(), u"王五 joined the chat room"_s);
}

void tst_TranscriptView::ctrlCCopiesSelection()
{
    m_model->addEvent(chat(1, u"张三"_s, u"一"_s, false, at(1)));
    m_model->addEvent(chat(2, u"王五"_s, u"二"_s, false, at(2)));
    m_model->addEvent(chat(3, u"张三"_s, u"三"_s, false, at(3)));
    show();
    m_view->setFocus();
    QItemSelectionModel *selection = m_view->selectionModel();
    selection->select(m_model->index(2), QItemSelectionModel::Select);
    selection->select(m_model->index(0), QItemSelectionModel::Select);
    QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
    const QString day = QDate::currentDate().toString(u"yyyy-MM-dd"_s);
    QCOMPARE(QApplication::clipboard()->text(),
             day + u" 08:01 张三: 一\n"_s + day + u" 08:03 张三: 三"_s);

    // Select all, copy: the whole transcript, in order.
    QTest::keyClick(m_view.get(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text().split(u'\n').size(), 3);
    QVERIFY(QApplication::clipboard()->text().contains(u"王五: 二"_s));
}

void tst_TranscriptView::manyEvents()
{
    // Ten thousand events while shown: the view keeps up and stays at the newest.
    show();
    for (int batch = 0; batch < 10; ++batch) {
        fill(1000, quint64(batch) * 1000 + 1);
        QCoreApplication::processEvents();
    }
    QCOMPARE(m_model->rowCount(), 10000);
    QTRY_VERIFY2(atBottom(),
                 qPrintable(u"%1 of %2, following %3"_s.arg(bar()->value())
                                .arg(bar()->maximum())
                                .arg(m_view->isFollowing())));
    const QModelIndex last = m_model->index(m_model->rowCount() - 1);
    QTRY_VERIFY(m_view->viewport()->rect().contains(m_view->visualRect(last)));
}

QTEST_MAIN(tst_TranscriptView)
#include "tst_transcriptview.moc"
