#include "eventformatter.h"

#include <QCoreApplication>
#include <QTest>
#include <QTranslator>

Q_DECLARE_METATYPE(RoomEvent)

using namespace Qt::StringLiterals;
using Protocol::LeaveReason;

namespace {

RoomEvent makeEvent(RoomEvent::Kind kind, const QString &nickname, const QString &text = {},
                    LeaveReason reason = LeaveReason::Quit)
{
    RoomEvent e;
    e.kind = kind;
    e.seq = 1;
    e.atMs = 1'700'000'000'000;
    e.nickname = nickname;
    e.text = text;
    e.leaveReason = reason;
    return e;
}

} // namespace

class tst_EventFormatter : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void catalogues_data();
    void catalogues();
    void lines_data();
    void lines();
    void nameSpan_data();
    void nameSpan();
    void placeholdersInTextStayLiteral();
    void controlCharactersRemoved();
    void reasons_data();
    void reasons();
    void nicknameVerdicts_data();
    void nicknameVerdicts();
    void isolated();

private:
    void useLanguage(const QString &language);

    std::unique_ptr<QTranslator> m_translator;
};

void tst_EventFormatter::useLanguage(const QString &language)
{
    if (m_translator)
        QCoreApplication::removeTranslator(m_translator.get());
    m_translator = std::make_unique<QTranslator>();
    // The same catalogue the client embeds, carried by chatroom-client-core.
    const QString file = u":/i18n/chatroom-client_"_s + language + u".qm"_s;
    QVERIFY2(m_translator->load(file), qPrintable(file));
    QVERIFY(QCoreApplication::installTranslator(m_translator.get()));
}

void tst_EventFormatter::cleanup()
{
    if (m_translator)
        QCoreApplication::removeTranslator(m_translator.get());
    m_translator.reset();
}

void tst_EventFormatter::catalogues_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("zh_CN") << u"zh_CN"_s;
    QTest::newRow("en") << u"en"_s;
}

void tst_EventFormatter::catalogues()
{
    QFETCH(QString, language);
    useLanguage(language);
    QVERIFY2(m_translator->language().startsWith(language), qPrintable(m_translator->language()));
}

void tst_EventFormatter::lines_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<RoomEvent>("event");
    QTest::addColumn<QString>("expected");

    using K = RoomEvent::Kind;
    const QString zs = u"张三"_s;
    QTest::newRow("zh joined") << u"zh_CN"_s << makeEvent(K::Joined, zs) << u"张三进入了聊天室"_s;
    QTest::newRow("zh chat") << u"zh_CN"_s << makeEvent(K::Chat, zs, u"你好"_s)
                             << u"张三说：你好"_s;
    QTest::newRow("zh left") << u"zh_CN"_s << makeEvent(K::Left, zs) << u"张三退出了聊天室"_s;
    QTest::newRow("zh broadcast") << u"zh_CN"_s << makeEvent(K::Broadcast, {}, u"大家好"_s)
                                  << u"管理员说：大家好"_s;
    QTest::newRow("zh lost") << u"zh_CN"_s
                             << makeEvent(K::Left, zs, {}, LeaveReason::ConnectionLost)
                             << u"张三退出了聊天室（连接中断）"_s;
    QTest::newRow("zh kicked") << u"zh_CN"_s << makeEvent(K::Left, zs, {}, LeaveReason::Kicked)
                               << u"张三被管理员请出了聊天室"_s;
    QTest::newRow("zh timed out") << u"zh_CN"_s << makeEvent(K::Left, zs, {}, LeaveReason::TimedOut)
                                  << u"张三退出了聊天室（长时间无响应）"_s;

    QTest::newRow("en joined") << u"en"_s << makeEvent(K::Joined, zs)
                               << u"张三 joined the chat room"_s;
    QTest::newRow("en chat") << u"en"_s << makeEvent(K::Chat, zs, u"你好"_s) << u"张三: 你好"_s;
    QTest::newRow("en left") << u"en"_s << makeEvent(K::Left, zs) << u"张三 left the chat room"_s;
    QTest::newRow("en broadcast") << u"en"_s << makeEvent(K::Broadcast, {}, u"大家好"_s)
                                  << u"Admin says: 大家好"_s;
    QTest::newRow("en lost") << u"en"_s << makeEvent(K::Left, zs, {}, LeaveReason::ConnectionLost)
                             << u"张三 left the chat room (connection lost)"_s;
    QTest::newRow("en flooding") << u"en"_s << makeEvent(K::Left, zs, {}, LeaveReason::Flooding)
                                 << u"张三 left the chat room (sending too fast)"_s;
    // A reason from a newer server still says the member left.
    QTest::newRow("en unknown reason")
        << u"en"_s << makeEvent(K::Left, zs, {}, LeaveReason(42)) << u"张三 left the chat room"_s;
}

void tst_EventFormatter::lines()
{
    QFETCH(QString, language);
    QFETCH(RoomEvent, event);
    QFETCH(QString, expected);
    useLanguage(language);
    QCOMPARE(EventFormatter::format(event).text, expected);
}

void tst_EventFormatter::nameSpan_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("zh_CN") << u"zh_CN"_s;
    QTest::newRow("en") << u"en"_s;
}

void tst_EventFormatter::nameSpan()
{
    QFETCH(QString, language);
    useLanguage(language);
    using K = RoomEvent::Kind;
    for (const K kind : {K::Joined, K::Left, K::Chat}) {
        const EventFormatter::Line line =
            EventFormatter::format(makeEvent(kind, u"Alice"_s, u"hi"_s));
        QVERIFY(line.hasName());
        QCOMPARE(line.text.mid(line.nameStart, line.nameLength), u"Alice"_s);
    }
    QVERIFY(!EventFormatter::format(makeEvent(K::Broadcast, {}, u"hi"_s)).hasName());
}

void tst_EventFormatter::placeholdersInTextStayLiteral()
{
    useLanguage(u"en"_s);
    // QString::arg would substitute into the name or the text; the formatter must not.
    const EventFormatter::Line line =
        EventFormatter::format(makeEvent(RoomEvent::Kind::Chat, u"%2"_s, u"%1 <b>hi</b>"_s));
    QCOMPARE(line.text, u"%2: %1 <b>hi</b>"_s);
    QCOMPARE(line.nameStart, 0);
    QCOMPARE(line.nameLength, 2);
}

void tst_EventFormatter::controlCharactersRemoved()
{
    useLanguage(u"en"_s);
    // A right-to-left override from a misbehaving server must not reach the screen.
    const EventFormatter::Line line =
        EventFormatter::format(makeEvent(RoomEvent::Kind::Chat, u"Bob"_s, u"a\u202Eb\nc"_s));
    QCOMPARE(line.text, u"Bob: ab\nc"_s);
}

void tst_EventFormatter::reasons_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("expected");

    // Evaluated in reasons() under the row's language, so only the keys are stored here.
    QTest::newRow("zh name taken") << u"zh_CN"_s << u"nameTaken"_s << u"该昵称已被使用，请换一个"_s;
    QTest::newRow("en name taken")
        << u"en"_s << u"nameTaken"_s << u"That nickname is taken, please choose another"_s;
    QTest::newRow("zh too long") << u"zh_CN"_s << u"nickTooLong"_s << u"昵称最多 24 个字符"_s;
    QTest::newRow("en too long") << u"en"_s << u"nickTooLong"_s
                                 << u"A nickname has at most 24 characters"_s;
    QTest::newRow("zh shutdown") << u"zh_CN"_s << u"shutdown"_s << u"服务器已关闭"_s;
    QTest::newRow("en shutdown") << u"en"_s << u"shutdown"_s << u"The server has shut down"_s;
    QTest::newRow("zh text too long")
        << u"zh_CN"_s << u"textTooLong"_s << u"消息太长：最多 2000 个字符"_s;
    QTest::newRow("zh slow down") << u"zh_CN"_s << u"slowDown"_s << u"发言太快，这条消息没有发出"_s;
}

void tst_EventFormatter::reasons()
{
    QFETCH(QString, language);
    QFETCH(QString, actual);
    QFETCH(QString, expected);
    useLanguage(language);
    QString text;
    if (actual == u"nameTaken")
        text = EventFormatter::rejectReasonText(Protocol::RejectReason::NameTaken);
    else if (actual == u"nickTooLong")
        text = EventFormatter::nicknameVerdictText(Nickname::Verdict::TooLong);
    else if (actual == u"shutdown")
        text = EventFormatter::endReasonText(ChatSession::EndReason::ServerShutdown);
    else if (actual == u"textTooLong")
        text = EventFormatter::chatTextVerdictText(ChatText::Verdict::TooLong);
    else if (actual == u"slowDown")
        text = EventFormatter::noticeText(Protocol::NoticeCode::SlowDown);
    QCOMPARE(text, expected);
}

void tst_EventFormatter::nicknameVerdicts_data()
{
    using V = Nickname::Verdict;
    QTest::addColumn<Nickname::Verdict>("verdict");
    QTest::addColumn<QString>("zh");
    QTest::newRow("Invisible") << V::Invisible
                               << u"昵称需要至少一个可见字符，且除空格外不能含空白字符"_s;
    QTest::newRow("MixedScript") << V::MixedScript
                                 << u"昵称不能混用这几种文字，例如拉丁字母与西里尔字母或希腊字母"_s;
    QTest::newRow("InvalidCharacter")
        << V::InvalidCharacter << u"昵称不能包含控制字符或不可见字符"_s;
}

void tst_EventFormatter::nicknameVerdicts()
{
    // Every refusal has a sentence of its own, in both catalogues.
    QFETCH(Nickname::Verdict, verdict);
    QFETCH(QString, zh);
    useLanguage(u"zh_CN"_s);
    QCOMPARE(EventFormatter::nicknameVerdictText(verdict), zh);
    useLanguage(u"en"_s);
    const QString en = EventFormatter::nicknameVerdictText(verdict);
    QVERIFY(!en.isEmpty());
    QVERIFY(en != zh);
}

void tst_EventFormatter::isolated()
{
    QCOMPARE(EventFormatter::isolated(u"أحمد"_s), u"\u2068أحمد\u2069"_s);
}

QTEST_GUILESS_MAIN(tst_EventFormatter)
#include "tst_eventformatter.moc"
