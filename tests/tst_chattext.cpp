#include "chattext.h"

#include <QTest>

using namespace Qt::StringLiterals;

char *toString(ChatText::Verdict verdict)
{
    switch (verdict) {
    case ChatText::Verdict::Ok:
        return qstrdup("Ok");
    case ChatText::Verdict::Empty:
        return qstrdup("Empty");
    case ChatText::Verdict::TooLong:
        return qstrdup("TooLong");
    }
    return qstrdup("?");
}

namespace {

// Built unit by unit: a lone surrogate cannot be written in a string literal.
QString units(std::initializer_list<char16_t> codeUnits)
{
    QString text;
    for (char16_t unit : codeUnits)
        text.append(QChar(unit));
    return text;
}

} // namespace

class tst_ChatText : public QObject
{
    Q_OBJECT

private slots:
    void check_data();
    void check();
    void sanitized_data();
    void sanitized();
};

void tst_ChatText::check_data()
{
    using V = ChatText::Verdict;
    QTest::addColumn<QString>("text");
    QTest::addColumn<ChatText::Verdict>("verdict");

    QTest::newRow("hi") << u"hi"_s << V::Ok;
    QTest::newRow("1 unit") << u"x"_s << V::Ok;
    QTest::newRow("2000 units") << QString(2000, u'a') << V::Ok;
    QTest::newRow("2001 units") << QString(2001, u'a') << V::TooLong;
    QTest::newRow("2000 CJK") << QString(2000, u'字') << V::Ok;
    QTest::newRow("1000 emoji, 2000 units") << u"😀"_s.repeated(1000) << V::Ok;
    QTest::newRow("1000 emoji and a letter") << u"😀"_s.repeated(1000) + u"a"_s << V::TooLong;
    // Judged after sanitizing, as the server sees it.
    QTest::newRow("2000 units and a ZWSP") << QString(2000, u'a') + u"\u200b"_s << V::Ok;
    QTest::newRow("CRLF lines, 2000 after sanitizing") << u"a\r\n"_s.repeated(1000) << V::Ok;
    QTest::newRow("CRLF lines, 2001 after sanitizing")
        << u"a\r\n"_s.repeated(1000) + u"b"_s << V::TooLong;

    QTest::newRow("null") << QString() << V::Empty;
    QTest::newRow("empty") << u""_s << V::Empty;
    QTest::newRow("white space") << u"  \n\t "_s << V::Empty;
    QTest::newRow("ZWSP only") << u"\u200b"_s << V::Empty;
    QTest::newRow("BEL and spaces") << u" \u0007 "_s << V::Empty;
    QTest::newRow("CRs") << u"\r\r\n"_s << V::Empty;
}

void tst_ChatText::check()
{
    QFETCH(QString, text);
    QFETCH(ChatText::Verdict, verdict);
    QCOMPARE(ChatText::check(text), verdict);
}

void tst_ChatText::sanitized_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("clean");

    QTest::newRow("plain") << u"hello"_s << u"hello"_s;
    QTest::newRow("not trimmed") << u"  padded  "_s << u"  padded  "_s;
    QTest::newRow("newline kept") << u"a\nb"_s << u"a\nb"_s;
    QTest::newRow("tab kept") << u"a\tb"_s << u"a\tb"_s;
    QTest::newRow("U+200B removed") << u"a\u200bb"_s << u"ab"_s;
    QTest::newRow("U+202E removed") << u"a\u202eb"_s << u"ab"_s;
    QTest::newRow("U+0007 removed") << u"a\u0007b"_s << u"ab"_s;
    QTest::newRow("NUL removed") << units({u'a', 0x0000, u'b'}) << u"ab"_s;
    QTest::newRow("DEL removed") << u"a\u007fb"_s << u"ab"_s;
    QTest::newRow("U+FEFF removed") << u"\ufeffab"_s << u"ab"_s;
    QTest::newRow("U+E0001 removed") << u"a\U000E0001b"_s << u"ab"_s;
    QTest::newRow("CRLF") << u"a\r\nb"_s << u"a\nb"_s;
    QTest::newRow("lone CR") << u"a\rb"_s << u"a\nb"_s;
    QTest::newRow("CR at end") << u"a\r"_s << u"a\n"_s;
    QTest::newRow("CR CRLF") << u"a\r\r\nb"_s << u"a\n\nb"_s;
    QTest::newRow("LF CR") << u"a\n\rb"_s << u"a\n\nb"_s;
    QTest::newRow("CRLF CRLF") << u"\r\n\r\n"_s << u"\n\n"_s;
    QTest::newRow("emoji kept") << u"a😀b"_s << u"a😀b"_s;
    QTest::newRow("emoji only") << u"😀"_s << u"😀"_s;
    QTest::newRow("lone high surrogate") << units({u'a', 0xd83d, u'b'}) << u"ab"_s;
    QTest::newRow("lone low surrogate") << units({u'a', 0xde00, u'b'}) << u"ab"_s;
    QTest::newRow("high surrogate at end") << units({u'a', 0xd83d}) << u"a"_s;
    QTest::newRow("surrogates swapped") << units({u'a', 0xde00, 0xd83d, u'b'}) << u"ab"_s;
    QTest::newRow("lone high before emoji") << units({0xd83d, 0xd83d, 0xde00}) << u"😀"_s;
    QTest::newRow("markup unchanged") << u"<b>hi</b>"_s << u"<b>hi</b>"_s;
    QTest::newRow("CJK") << u"张三：你好！"_s << u"张三：你好！"_s;
}

void tst_ChatText::sanitized()
{
    QFETCH(QString, text);
    QFETCH(QString, clean);
    QCOMPARE(ChatText::sanitized(text), clean);
}

QTEST_MAIN(tst_ChatText)
#include "tst_chattext.moc"
