#include "banlist.h"
#include "nickname.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// The administrator's bans as pure bookkeeping, on a clock the test moves: keys, addresses,
// expiry, lifting, and the timer that tells the window a ban ran out.
class tst_BanList : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void nameBannedInEveryLookAlikeSpelling_data();
    void nameBannedInEveryLookAlikeSpelling();
    void addressBanned();
    void expiresOnTheClock();
    void permanentNeverExpires();
    void removeLiftsIt();
    void sameBanAgainReplacesItsTime();
    void nothingToBan();
    void nameAloneOrAddressAlone();
    void timerSaysWhenABanRunsOut();

private:
    BanList m_bans;
    qint64 m_now = 0;
};

void tst_BanList::init()
{
    m_bans.clear();
    m_now = QDateTime(QDate(2026, 12, 1), QTime(14, 0), Qt::UTC).toMSecsSinceEpoch();
    m_bans.setClock([this] { return m_now; });
}

void tst_BanList::nameBannedInEveryLookAlikeSpelling_data()
{
    QTest::addColumn<QString>("spelling");
    QTest::addColumn<bool>("banned");
    QTest::newRow("as banned") << u"bob"_s << true;
    QTest::newRow("capitals") << u"BOB"_s << true;
    QTest::newRow("full width") << u"Ｂｏｂ"_s << true;
    QTest::newRow("zero for o") << u"b0b"_s << true;
    QTest::newRow("spaces around") << u"  bob "_s << true;
    QTest::newRow("another name") << u"bobby"_s << false;
}

void tst_BanList::nameBannedInEveryLookAlikeSpelling()
{
    QFETCH(QString, spelling);
    QFETCH(bool, banned);
    QVERIFY(m_bans.add(u"Bob"_s, {}, 10min).id != 0);
    QCOMPARE(m_bans.isKeyBanned(Nickname::key(Nickname::normalized(spelling))), banned);
}

void tst_BanList::addressBanned()
{
    m_bans.add({}, QHostAddress(u"192.0.2.7"_s), 1h);
    QVERIFY(m_bans.isAddressBanned(QHostAddress(u"192.0.2.7"_s)));
    // A dual-stack socket reports an IPv4 peer as IPv4-mapped IPv6: the same machine.
    QVERIFY(m_bans.isAddressBanned(QHostAddress(u"::ffff:192.0.2.7"_s)));
    QVERIFY(!m_bans.isAddressBanned(QHostAddress(u"192.0.2.8"_s)));
    QVERIFY(!m_bans.isKeyBanned(QString()));
}

void tst_BanList::expiresOnTheClock()
{
    QSignalSpy changed(&m_bans, &BanList::changed);
    const BanList::Ban ban = m_bans.add(u"Bob"_s, QHostAddress(u"192.0.2.7"_s), 10min);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(ban.untilMs, m_now + 600'000);
    QCOMPARE(ban.until(), QDateTime::fromMSecsSinceEpoch(m_now + 600'000));
    QVERIFY(!ban.isPermanent());

    m_now += 600'000 - 1;
    QVERIFY(m_bans.isKeyBanned(Nickname::key(u"bob"_s)));
    QCOMPARE(m_bans.bans().size(), 1);
    m_now += 1;
    // Out at once, whether or not the timer has looked yet.
    QVERIFY(!m_bans.isKeyBanned(Nickname::key(u"bob"_s)));
    QVERIFY(!m_bans.isAddressBanned(QHostAddress(u"192.0.2.7"_s)));
    QVERIFY(m_bans.bans().isEmpty());
    m_bans.expire();
    QCOMPARE(changed.size(), 2);
    m_bans.expire();
    QCOMPARE(changed.size(), 2); // nothing more ran out
}

void tst_BanList::permanentNeverExpires()
{
    const BanList::Ban ban = m_bans.add(u"Bob"_s, {}, BanList::Permanent);
    QVERIFY(ban.isPermanent());
    QVERIFY(!ban.until().isValid());
    m_now += qint64(100) * 365 * 24 * 3600 * 1000;
    m_bans.expire();
    QVERIFY(m_bans.isKeyBanned(Nickname::key(u"bob"_s)));
    // A duration past the end of time is for good too, not an overflow into the past.
    const BanList::Ban huge = m_bans.add(u"Eve"_s, {}, std::chrono::milliseconds::max() - 1ms);
    QVERIFY(huge.isPermanent());
}

void tst_BanList::removeLiftsIt()
{
    const BanList::Ban bob = m_bans.add(u"Bob"_s, QHostAddress(u"192.0.2.7"_s), 1h);
    const BanList::Ban eve = m_bans.add(u"Eve"_s, QHostAddress(u"192.0.2.9"_s), 1h);
    QVERIFY(bob.id != eve.id);
    QSignalSpy changed(&m_bans, &BanList::changed);
    QVERIFY(m_bans.remove(bob.id));
    QCOMPARE(changed.size(), 1);
    QVERIFY(!m_bans.isKeyBanned(Nickname::key(u"bob"_s)));
    QVERIFY(!m_bans.isAddressBanned(QHostAddress(u"192.0.2.7"_s)));
    QVERIFY(m_bans.isKeyBanned(Nickname::key(u"eve"_s)));
    QCOMPARE(m_bans.bans().size(), 1);
    QCOMPARE(m_bans.bans().constFirst().name, u"Eve"_s);
    QVERIFY(!m_bans.remove(bob.id));
    QCOMPARE(changed.size(), 1);
}

void tst_BanList::sameBanAgainReplacesItsTime()
{
    const BanList::Ban first = m_bans.add(u"Bob"_s, QHostAddress(u"192.0.2.7"_s), 1h);
    const BanList::Ban again = m_bans.add(u"BOB"_s, QHostAddress(u"192.0.2.7"_s), 10min);
    QCOMPARE(again.id, first.id);
    QCOMPARE(m_bans.bans().size(), 1);
    QCOMPARE(m_bans.bans().constFirst().untilMs, m_now + 600'000);
    QCOMPARE(m_bans.bans().constFirst().name, u"BOB"_s);
    // Two bans on one address: it stays banned until the later one ends.
    m_bans.add(u"Eve"_s, QHostAddress(u"192.0.2.7"_s), 1h);
    m_now += 600'000;
    QVERIFY(!m_bans.isKeyBanned(Nickname::key(u"bob"_s)));
    QVERIFY(m_bans.isAddressBanned(QHostAddress(u"192.0.2.7"_s)));
}

void tst_BanList::nothingToBan()
{
    QSignalSpy changed(&m_bans, &BanList::changed);
    QCOMPARE(m_bans.add(QString(), QHostAddress(), 1h).id, 0u);
    QCOMPARE(m_bans.add(u"   "_s, QHostAddress(), 1h).id, 0u);
    QCOMPARE(changed.size(), 0);
    QVERIFY(m_bans.bans().isEmpty());
}

void tst_BanList::nameAloneOrAddressAlone()
{
    m_bans.add(u"Bob"_s, {}, 1h);
    QVERIFY(m_bans.isKeyBanned(Nickname::key(u"bob"_s)));
    QVERIFY(!m_bans.isAddressBanned(QHostAddress(u"192.0.2.7"_s)));
    m_bans.add({}, QHostAddress(u"2001:db8::7"_s), 1h);
    QVERIFY(m_bans.isAddressBanned(QHostAddress(u"2001:db8::7"_s)));
    const QList<BanList::Ban> bans = m_bans.bans();
    QCOMPARE(bans.size(), 2);
    QVERIFY(bans.at(0).address.isNull());
    QVERIFY(bans.at(1).name.isEmpty() && bans.at(1).key.isEmpty());
}

void tst_BanList::timerSaysWhenABanRunsOut()
{
    // The real clock and a ban of a few milliseconds: the window's list empties by itself.
    BanList bans;
    QSignalSpy changed(&bans, &BanList::changed);
    bans.add(u"Bob"_s, {}, 20ms);
    bans.add(u"Eve"_s, {}, 1h);
    QCOMPARE(changed.size(), 1 + 1);
    QVERIFY(changed.wait());
    QCOMPARE(bans.bans().size(), 1);
    QCOMPARE(bans.bans().constFirst().name, u"Eve"_s);
}

QTEST_GUILESS_MAIN(tst_BanList)
#include "tst_banlist.moc"
