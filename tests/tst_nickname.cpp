#include "nickname.h"

#include <QTest>

using namespace Qt::StringLiterals;

char *toString(Nickname::Verdict verdict)
{
    switch (verdict) {
    case Nickname::Verdict::Ok:
        return qstrdup("Ok");
    case Nickname::Verdict::Empty:
        return qstrdup("Empty");
    case Nickname::Verdict::TooLong:
        return qstrdup("TooLong");
    case Nickname::Verdict::InvalidCharacter:
        return qstrdup("InvalidCharacter");
    case Nickname::Verdict::Reserved:
        return qstrdup("Reserved");
    }
    return qstrdup("?");
}

namespace {

// Full-width Latin, as an IME in full-width mode types it.
const QString FullWidthAlice = u"\uff21\uff4c\uff49\uff43\uff45"_s;

QString withChar(char16_t c)
{
    return u"a"_s + QChar(c) + u"b"_s;
}

} // namespace

class tst_Nickname : public QObject
{
    Q_OBJECT

private slots:
    void check_data();
    void check();
    void normalized_data();
    void normalized();
    void key_data();
    void key();
    void isReserved_data();
    void isReserved();
};

void tst_Nickname::check_data()
{
    using V = Nickname::Verdict;
    QTest::addColumn<QString>("name");
    QTest::addColumn<Nickname::Verdict>("verdict");

    QTest::newRow("Alice") << u"Alice"_s << V::Ok;
    QTest::newRow("alice") << u"alice"_s << V::Ok;
    QTest::newRow("full-width Alice") << FullWidthAlice << V::Ok;
    QTest::newRow("surrounding spaces") << u"  bob  "_s << V::Ok;
    QTest::newRow("surrounding tab and newline") << u"\tbob\n"_s << V::Ok;
    QTest::newRow("inner space") << u"bob smith"_s << V::Ok;
    QTest::newRow("张三") << u"张三"_s << V::Ok;
    QTest::newRow("李四") << u"李四"_s << V::Ok;
    QTest::newRow("emoji") << u"😀"_s << V::Ok;
    QTest::newRow("name with emoji") << u"Bob😀"_s << V::Ok;
    QTest::newRow("admin2 is not reserved") << u"admin2"_s << V::Ok;

    QTest::newRow("24 units") << QString(24, u'a') << V::Ok;
    QTest::newRow("25 units") << QString(25, u'a') << V::TooLong;
    QTest::newRow("24 units, padded") << u"  "_s + QString(24, u'a') + u"  "_s << V::Ok;
    QTest::newRow("24 CJK") << QString(24, u'张') << V::Ok;
    QTest::newRow("25 CJK") << QString(25, u'张') << V::TooLong;
    QTest::newRow("12 emoji, 24 units") << u"😀"_s.repeated(12) << V::Ok;
    QTest::newRow("13 emoji, 26 units") << u"😀"_s.repeated(13) << V::TooLong;
    QTest::newRow("23 units and an emoji") << QString(23, u'a') + u"😀"_s << V::TooLong;

    QTest::newRow("U+202E RLO") << withChar(0x202e) << V::InvalidCharacter;
    QTest::newRow("U+202E at end") << u"abc\u202e"_s << V::InvalidCharacter;
    QTest::newRow("U+200B ZWSP") << withChar(0x200b) << V::InvalidCharacter;
    QTest::newRow("U+FEFF BOM") << withChar(0xfeff) << V::InvalidCharacter;
    QTest::newRow("U+00AD soft hyphen") << withChar(0x00ad) << V::InvalidCharacter;
    QTest::newRow("tab inside") << u"a\tb"_s << V::InvalidCharacter;
    QTest::newRow("newline inside") << u"a\nb"_s << V::InvalidCharacter;
    QTest::newRow("BEL inside") << withChar(0x0007) << V::InvalidCharacter;
    QTest::newRow("NUL inside") << withChar(0x0000) << V::InvalidCharacter;
    QTest::newRow("DEL inside") << withChar(0x007f) << V::InvalidCharacter;
    QTest::newRow("U+E0001 language tag") << u"a\U000E0001b"_s << V::InvalidCharacter;

    QTest::newRow("admin") << u"admin"_s << V::Reserved;
    QTest::newRow("Admin") << u"Admin"_s << V::Reserved;
    QTest::newRow("ADMINISTRATOR") << u"ADMINISTRATOR"_s << V::Reserved;
    QTest::newRow("管理员") << u"管理员"_s << V::Reserved;
    QTest::newRow("系统") << u"系统"_s << V::Reserved;
    QTest::newRow("server") << u"server"_s << V::Reserved;
    QTest::newRow("System") << u"System"_s << V::Reserved;
    QTest::newRow("padded admin") << u"  admin "_s << V::Reserved;
    QTest::newRow("full-width admin") << u"\uff41\uff44\uff4d\uff49\uff4e"_s << V::Reserved;

    QTest::newRow("empty") << QString() << V::Empty;
    QTest::newRow("empty, not null") << u""_s << V::Empty;
    QTest::newRow("spaces") << u"    "_s << V::Empty;
    QTest::newRow("white space") << u" \t\n\r "_s << V::Empty;
    QTest::newRow("ideographic space") << u"\u3000"_s << V::Empty;
}

void tst_Nickname::check()
{
    QFETCH(QString, name);
    QFETCH(Nickname::Verdict, verdict);
    QCOMPARE(Nickname::check(name), verdict);
}

void tst_Nickname::normalized_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("shown");

    QTest::newRow("surrounding spaces") << u"  bob  "_s << u"bob"_s;
    QTest::newRow("tab and newline") << u"\tAlice\n"_s << u"Alice"_s;
    QTest::newRow("inner space kept") << u" a b "_s << u"a b"_s;
    QTest::newRow("case kept") << u"Alice"_s << u"Alice"_s;
    // Shown as typed: NFKC is for comparing, not for display.
    QTest::newRow("full-width kept") << FullWidthAlice << FullWidthAlice;
    QTest::newRow("张三") << u" 张三 "_s << u"张三"_s;
}

void tst_Nickname::normalized()
{
    QFETCH(QString, name);
    QFETCH(QString, shown);
    QCOMPARE(Nickname::normalized(name), shown);
}

void tst_Nickname::key_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");

    QTest::newRow("Alice, alice") << u"Alice"_s << u"alice"_s << true;
    QTest::newRow("Alice, full-width") << u"Alice"_s << FullWidthAlice << true;
    QTest::newRow("alice, full-width") << u"alice"_s << FullWidthAlice << true;
    QTest::newRow("ALICE, alice") << u"ALICE"_s << u"alice"_s << true;
    QTest::newRow("padded") << u"  Alice "_s << u"alice"_s << true;
    QTest::newRow("fi ligature") << u"\ufb01sh"_s << u"fish"_s << true;
    QTest::newRow("composed, decomposed") << u"\u00e9"_s << u"e\u0301"_s << true;
    QTest::newRow("Alice, Alicia") << u"Alice"_s << u"Alicia"_s << false;
    QTest::newRow("张三, 李四") << u"张三"_s << u"李四"_s << false;
    QTest::newRow("inner space matters") << u"a b"_s << u"ab"_s << false;
}

void tst_Nickname::key()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    QCOMPARE(Nickname::key(a) == Nickname::key(b), same);
    QCOMPARE(Nickname::key(a) == Nickname::key(a), true);
}

void tst_Nickname::isReserved_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("reserved");

    for (const QString &name :
         {u"admin"_s, u"Admin"_s, u"ADMINISTRATOR"_s, u"administrator"_s, u"server"_s, u"SERVER"_s,
          u"system"_s, u"System"_s, u"管理员"_s, u"系统"_s, u" system "_s})
        QTest::addRow("%s", qUtf8Printable(name)) << name << true;
    for (const QString &name : {u"Alice"_s, u"张三"_s, u"admins"_s, u"sys tem"_s, u"管理"_s})
        QTest::addRow("%s", qUtf8Printable(name)) << name << false;
}

void tst_Nickname::isReserved()
{
    QFETCH(QString, name);
    QFETCH(bool, reserved);
    QCOMPARE(Nickname::isReserved(name), reserved);
}

QTEST_MAIN(tst_Nickname)
#include "tst_nickname.moc"
