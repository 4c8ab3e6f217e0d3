#include "chatinput.h"
#include "chatsession.h"
#include "chattext.h"
#include "chatwindow.h"
#include "emojipicker.h"
#include "memberlistmodel.h"
#include "recentemoji.h"

#include "typetext.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QWindow>

#include <memory>

using namespace Qt::StringLiterals;

// The input side of the chat window offscreen: keys, the @ completer, the emoji picker
// and the length limit, typed as a user would.
class tst_ChatInput : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void enterKeys_data();
    void enterKeys();
    void upRecallsFromFirstLineOnly();
    void mentionCompleter_data();
    void mentionCompleter();
    void mentionPopupFollowsTyping();
    void mentionKeysThroughPopup();
    void emojiPickerInsertsAtCursor();
    void recentEmojiBounded();
    void limitCountsEmoji();

private:
    QStringList shownMentions() const;
    std::unique_ptr<ChatWindow> openWindow();

    std::unique_ptr<MemberListModel> m_members;
    std::unique_ptr<ChatInput> m_input;
};

void tst_ChatInput::initTestCase()
{
    QCoreApplication::setOrganizationName(u"ChatroomTests"_s);
    QCoreApplication::setApplicationName(u"tst_chatinput"_s);
}

void tst_ChatInput::init()
{
    QSettings().clear();
    m_members = std::make_unique<MemberListModel>();
    m_members->resetMembers({u"李四"_s, u"Zoe"_s, u"Alice"_s, u"Zed"_s, u"张三"_s}, u"李四"_s);
    m_input = std::make_unique<ChatInput>();
    m_input->setCompletionModel(m_members.get());
    m_input->show();
    m_input->activateWindow();
    QVERIFY(QTest::qWaitForWindowExposed(m_input.get()));
    m_input->setFocus();
}

void tst_ChatInput::cleanup()
{
    m_input.reset();
    m_members.reset();
}

QStringList tst_ChatInput::shownMentions() const
{
    QStringList names;
    const QAbstractItemView *popup = qobject_cast<QAbstractItemView *>(m_input->mentionPopup());
    if (!popup || !popup->isVisible())
        return names;
    for (int row = 0; row < popup->model()->rowCount(); ++row)
        names.append(popup->model()->index(row, 0).data().toString());
    return names;
}

std::unique_ptr<ChatWindow> tst_ChatInput::openWindow()
{
    // No server: the input side works the same before joining.
    auto window = std::make_unique<ChatWindow>(new ChatSession(this));
    window->show();
    window->activateWindow();
    if (!QTest::qWaitForWindowExposed(window.get()))
        qWarning("window not exposed");
    return window;
}

void tst_ChatInput::enterKeys_data()
{
    QTest::addColumn<QStringList>("lines"); // typed with Shift+Enter between them
    QTest::addColumn<int>("submitted");
    QTest::addColumn<QString>("left");

    QTest::newRow("one line") << QStringList {u"hello 大家"_s} << 1 << u"hello 大家"_s;
    QTest::newRow("two lines") << QStringList {u"first"_s, u"second"_s} << 1 << u"first\nsecond"_s;
    QTest::newRow("blank") << QStringList {u"   "_s} << 0 << QString();
    QTest::newRow("blank lines") << QStringList {u" "_s, QString(), u"\t"_s} << 0 << QString();
}

void tst_ChatInput::enterKeys()
{
    QFETCH(QStringList, lines);
    QFETCH(int, submitted);
    QFETCH(QString, left);

    QSignalSpy spy(m_input.get(), &ChatInput::submitted);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(m_input.get(), Qt::Key_Return, Qt::ShiftModifier);
        typeText(m_input.get(), lines.at(i));
    }
    QCOMPARE(spy.count(), 0); // Shift+Enter only breaks the line
    QTest::keyClick(m_input.get(), Qt::Key_Return);
    QCOMPARE(spy.count(), submitted);
    // What was submitted stays until the window has sent it; blanks are dropped.
    QCOMPARE(m_input->text(), left);
}

void tst_ChatInput::upRecallsFromFirstLineOnly()
{
    m_input->remember(u"older"_s);
    m_input->remember(u"one\ntwo"_s);
    QTest::keyClick(m_input.get(), Qt::Key_Up);
    QCOMPARE(m_input->text(), u"one\ntwo"_s);
    QCOMPARE(m_input->textCursor().blockNumber(), 1);
    QTest::keyClick(m_input.get(), Qt::Key_Up); // moves to the first line
    QCOMPARE(m_input->text(), u"one\ntwo"_s);
    QCOMPARE(m_input->textCursor().blockNumber(), 0);
    QTest::keyClick(m_input.get(), Qt::Key_Up);
    QCOMPARE(m_input->text(), u"older"_s);
    QTest::keyClick(m_input.get(), Qt::Key_Down);
    QCOMPARE(m_input->text(), u"one\ntwo"_s);
}

void tst_ChatInput::mentionCompleter_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("downs"); // Down presses before the key
    QTest::addColumn<QString>("result");

    const auto enter = int(Qt::Key_Return);
    const auto tab = int(Qt::Key_Tab);
    // 李四 is the user: never offered.
    QTest::newRow("@ alone") << u"hi @"_s << QStringList {u"Zoe"_s, u"Alice"_s, u"Zed"_s, u"张三"_s}
                             << enter << 0 << u"hi @Zoe "_s;
    QTest::newRow("filtered") << u"hi @z"_s << QStringList {u"Zoe"_s, u"Zed"_s} << enter << 0
                              << u"hi @Zoe "_s;
    QTest::newRow("down") << u"@z"_s << QStringList {u"Zoe"_s, u"Zed"_s} << enter << 1
                          << u"@Zed "_s;
    QTest::newRow("narrowed") << u"@ze"_s << QStringList {u"Zed"_s} << tab << 0 << u"@Zed "_s;
    QTest::newRow("inside") << u"@li"_s << QStringList {u"Alice"_s} << enter << 0 << u"@Alice "_s;
    QTest::newRow("chinese") << u"你好 @三"_s << QStringList {u"张三"_s} << tab << 0
                             << u"你好 @张三 "_s;
}

void tst_ChatInput::mentionCompleter()
{
    QFETCH(QString, typed);
    QFETCH(QStringList, shown);
    QFETCH(int, key);
    QFETCH(int, downs);
    QFETCH(QString, result);

    QSignalSpy spy(m_input.get(), &ChatInput::submitted);
    typeText(m_input.get(), typed);
    QCOMPARE(shownMentions(), shown);
    for (int i = 0; i < downs; ++i)
        QTest::keyClick(m_input.get(), Qt::Key_Down);
    QTest::keyClick(m_input.get(), Qt::Key(key));
    QCOMPARE(m_input->text(), result);
    QCOMPARE(m_input->textCursor().position(), result.size());
    QVERIFY(!m_input->mentionPopup()->isVisible());
    QCOMPARE(spy.count(), 0); // the Enter took the name and sent nothing
    QVERIFY(m_input->hasFocus());
}

void tst_ChatInput::mentionPopupFollowsTyping()
{
    typeText(m_input.get(), u"mail bob@z"_s); // not after a space: an address
    QCOMPARE(shownMentions(), QStringList());
    m_input->clear();
    typeText(m_input.get(), u"@zq"_s);
    QCOMPARE(shownMentions(), QStringList()); // nobody: no empty popup
    QTest::keyClick(m_input.get(), Qt::Key_Backspace);
    QCOMPARE(shownMentions(), (QStringList {u"Zoe"_s, u"Zed"_s}));
    QTest::keyClick(m_input.get(), Qt::Key_Escape);
    QCOMPARE(shownMentions(), QStringList());
    QCOMPARE(m_input->text(), u"@z"_s);
    typeText(m_input.get(), u"e"_s);
    QCOMPARE(shownMentions(), QStringList {u"Zed"_s});
    typeText(m_input.get(), u" "_s); // a space ends the name
    QCOMPARE(shownMentions(), QStringList());
    // Members who join while it is open are offered at once.
    m_input->clear();
    typeText(m_input.get(), u"@z"_s);
    m_members->appendMember(u"Zara"_s);
    QCOMPARE(shownMentions(), (QStringList {u"Zoe"_s, u"Zed"_s, u"Zara"_s}));
    // Old-style Tab completion of a bare word still works.
    m_input->clear();
    typeText(m_input.get(), u"al"_s);
    QTest::keyClick(m_input.get(), Qt::Key_Tab);
    QCOMPARE(m_input->text(), u"Alice "_s);
}

void tst_ChatInput::mentionKeysThroughPopup()
{
    // As on a desktop: key presses reach the window, which hands them to the open popup,
    // and the completer passes them on to the input.
    QWindow *window = m_input->window()->windowHandle();
    QVERIFY(window);
    QSignalSpy spy(m_input.get(), &ChatInput::submitted);
    QTest::keyClick(window, '@');
    QTest::keyClick(window, 'z');
    QCOMPARE(shownMentions(), (QStringList {u"Zoe"_s, u"Zed"_s}));
    QCOMPARE(QApplication::activePopupWidget(), m_input->mentionPopup());
    QTest::keyClick(window, 'e');
    QCOMPARE(shownMentions(), QStringList {u"Zed"_s});
    QTest::keyClick(window, Qt::Key_Return);
    QCOMPARE(m_input->text(), u"@Zed "_s);
    QCOMPARE(spy.count(), 0);
    QTest::keyClick(window, Qt::Key_Return); // now the popup is closed: it sends
    QCOMPARE(spy.count(), 1);
}

void tst_ChatInput::emojiPickerInsertsAtCursor()
{
    const auto window = openWindow();
    auto *input = window->findChild<ChatInput *>(u"chatInput"_s);
    auto *button = window->findChild<QToolButton *>(u"emojiButton"_s);
    auto *picker = window->findChild<EmojiPicker *>(u"emojiPicker"_s);
    QVERIFY(input && button && picker);
    QVERIFY(RecentEmoji().recent().isEmpty());

    input->setFocus();
    typeText(input, u"ab"_s);
    QTest::keyClick(input, Qt::Key_Left);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY(picker->isVisible());
    QToolButton *party = picker->buttonFor(u"🎉"_s);
    QVERIFY(party);
    QVERIFY(picker->findChildren<QToolButton *>().constFirst() != party);
    QTest::mouseClick(party, Qt::LeftButton);
    QVERIFY(!picker->isVisible());
    QCOMPARE(input->text(), u"a🎉b"_s);
    QCOMPARE(input->textCursor().position(), 3); // after the emoji's two code units
    QCOMPARE(RecentEmoji().recent(), QStringList {u"🎉"_s}); // saved at once

    // Opened again, the grid starts with it.
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY(picker->isVisible());
    QCOMPARE(picker->findChildren<QToolButton *>().constFirst()->text(), u"🎉"_s);
    QTest::mouseClick(picker->buttonFor(u"👍"_s), Qt::LeftButton);
    QCOMPARE(input->text(), u"a🎉👍b"_s);
    QCOMPARE(RecentEmoji().recent(), (QStringList {u"👍"_s, u"🎉"_s}));
}

void tst_ChatInput::recentEmojiBounded()
{
    RecentEmoji recent;
    const QStringList common = RecentEmoji::common();
    for (const QString &emoji : common)
        recent.use(emoji);
    recent.use(common.first()); // used again: moves up, not in twice
    QCOMPARE(recent.recent().size(), RecentEmoji::MaximumRecent);
    QCOMPARE(recent.recent().first(), common.first());
    QCOMPARE(recent.recent().at(1), common.last());
    QCOMPARE(recent.offered().size(), common.size());
    QCOMPARE(recent.offered().first(), common.first());
    // A settings file edited by hand gives no duplicates or giant buttons.
    QSettings().setValue(u"emoji/recent"_s,
                         QStringList {u"😀"_s, u"😀"_s, QString(100, u'x'), u" "_s});
    QCOMPARE(RecentEmoji().recent(), QStringList {u"😀"_s});
    // No common emoji is joined with U+200D, which the server removes.
    for (const QString &emoji : common)
        QCOMPARE(ChatText::sanitized(emoji), emoji);
}

void tst_ChatInput::limitCountsEmoji()
{
    const auto window = openWindow();
    auto *input = window->findChild<ChatInput *>(u"chatInput"_s);
    auto *hint = window->findChild<QLabel *>(u"inputHint"_s);
    QPushButton *send = nullptr;
    for (QPushButton *button : window->findChildren<QPushButton *>()) {
        if (button->text() == u"&Send"_s)
            send = button;
    }
    QVERIFY(input && hint && send);
    input->setFocus();

    // The server counts UTF-16 code units (docs/protocol.md): 😀 is two of them.
    const QString smile = u"😀"_s;
    QCOMPARE(smile.size(), 2);
    input->setText(smile.repeated(ChatText::MaxLength / 2 - 1));
    typeText(input, u"x"_s);
    QVERIFY(!hint->isVisible());
    QVERIFY(send->isEnabled());
    QTest::keyClick(input, Qt::Key_Backspace);
    auto *button = window->findChild<QToolButton *>(u"emojiButton"_s);
    auto *picker = window->findChild<EmojiPicker *>(u"emojiPicker"_s);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY(picker->isVisible());
    QTest::mouseClick(picker->buttonFor(smile), Qt::LeftButton);
    QCOMPARE(input->text().size(), ChatText::MaxLength); // exactly at the limit: fine
    QVERIFY(!hint->isVisible());
    QVERIFY(send->isEnabled());
    typeText(input, u"x"_s);
    QVERIFY(hint->isVisible());
    QVERIFY(!send->isEnabled());
    QTest::keyClick(input, Qt::Key_Backspace);
    QVERIFY(!hint->isVisible()); // the complaint goes once it no longer holds
    QVERIFY(send->isEnabled());
}

QTEST_MAIN(tst_ChatInput)
#include "tst_chatinput.moc"
