#include "emojitext.h"
#include "linkfinder.h"
#include "transcriptexport.h"
#include "transcriptmodel.h"
#include "unreadcounter.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

qint64 at(int hour, int minute)
{
    return QDateTime(QDate(2026, 12, 1), QTime(hour, minute)).toMSecsSinceEpoch();
}

RoomEvent roomEvent(RoomEvent::Kind kind, quint64 seq, const QString &from, const QString &text,
                    bool own = false)
{
    RoomEvent e;
    e.kind = kind;
    e.seq = seq;
    e.nickname = from;
    e.text = text;
    e.own = own;
    e.atMs = at(9, int(seq));
    return e;
}

RoomEvent chat(quint64 seq, const QString &from, const QString &text, bool own = false)
{
    return roomEvent(RoomEvent::Kind::Chat, seq, from, text, own);
}

} // namespace

// The transcript's widget-free helpers: finding links, saving, counting what is unread.
class tst_TranscriptFeatures : public QObject
{
    Q_OBJECT

private slots:
    void emojiRuns_data();
    void emojiRuns();
    void findLinks_data();
    void findLinks();
    void onlyWebIsOpenable_data();
    void onlyWebIsOpenable();
    void saveWritesUtf8Lines();
    void saveReportsFailure();
    void unreadCountsWhileInactive();
    void activationResets();
    void mentionAndBroadcastNotify();
    void settingOffSuppressesNotifications();
};

void tst_TranscriptFeatures::findLinks_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("urls");
    QTest::addColumn<QList<qsizetype>>("starts");

    QTest::newRow("plain") << u"see https://example.com/a?b=c#d now"_s
                           << QStringList {u"https://example.com/a?b=c#d"_s}
                           << QList<qsizetype> {4};
    QTest::newRow("http") << u"http://example.com"_s << QStringList {u"http://example.com"_s}
                          << QList<qsizetype> {0};
    QTest::newRow("case") << u"HTTPS://Example.com/X"_s << QStringList {u"HTTPS://Example.com/X"_s}
                          << QList<qsizetype> {0};
    QTest::newRow("period at the end")
        << u"Look at http://example.com/page."_s << QStringList {u"http://example.com/page"_s}
        << QList<qsizetype> {8};
    QTest::newRow("comma, question mark")
        << u"http://a.example/x, http://b.example/y?"_s
        << QStringList {u"http://a.example/x"_s, u"http://b.example/y"_s}
        << QList<qsizetype> {0, 20};
    QTest::newRow("parenthesised")
        << u"(see http://example.com/x)"_s << QStringList {u"http://example.com/x"_s}
        << QList<qsizetype> {5};
    QTest::newRow("balanced parentheses kept")
        << u"https://en.wikipedia.org/wiki/Foo_(bar)"_s
        << QStringList {u"https://en.wikipedia.org/wiki/Foo_(bar)"_s} << QList<qsizetype> {0};
    QTest::newRow("CJK around") << u"看这个https://example.com/路径你好"_s
                                << QStringList {u"https://example.com/"_s} << QList<qsizetype> {3};
    QTest::newRow("CJK punctuation")
        << u"链接：http://example.cn。谢谢"_s << QStringList {u"http://example.cn"_s}
        << QList<qsizetype> {3};
    QTest::newRow("other schemes") << u"file:///etc/passwd ftp://x.org javascript:alert(1)"_s
                                   << QStringList {} << QList<qsizetype> {};
    QTest::newRow("not a word's tail")
        << u"xhttp://example.com"_s << QStringList {} << QList<qsizetype> {};
    QTest::newRow("no host") << u"http:// and https:"_s << QStringList {} << QList<qsizetype> {};
    QTest::newRow("markup stays text")
        << u"<a href=\"http://evil.example/\">click</a>"_s
        << QStringList {u"http://evil.example/"_s} << QList<qsizetype> {9};
}

void tst_TranscriptFeatures::findLinks()
{
    QFETCH(QString, text);
    QFETCH(QStringList, urls);
    QFETCH(QList<qsizetype>, starts);

    const QList<LinkFinder::Link> links = LinkFinder::find(text);
    QStringList found;
    QList<qsizetype> foundStarts;
    for (const LinkFinder::Link &link : links) {
        // The range is exactly the address as written.
        QCOMPARE(link.url, QUrl(text.mid(link.start, link.length)));
        QVERIFY(LinkFinder::isOpenable(link.url));
        found.append(text.mid(link.start, link.length));
        foundStarts.append(link.start);
    }
    QCOMPARE(found, urls);
    QCOMPARE(foundStarts, starts);
}

void tst_TranscriptFeatures::onlyWebIsOpenable_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<bool>("openable");
    QTest::newRow("http") << QUrl(u"http://example.com"_s) << true;
    QTest::newRow("https") << QUrl(u"HTTPS://example.com"_s) << true;
    QTest::newRow("file") << QUrl(u"file:///etc/passwd"_s) << false;
    QTest::newRow("mailto") << QUrl(u"mailto:a@b.c"_s) << false;
    QTest::newRow("javascript") << QUrl(u"javascript:alert(1)"_s) << false;
    QTest::newRow("relative") << QUrl(u"example.com"_s) << false;
    QTest::newRow("empty") << QUrl() << false;
}

void tst_TranscriptFeatures::onlyWebIsOpenable()
{
    QFETCH(QUrl, url);
    QFETCH(bool, openable);
    QCOMPARE(LinkFinder::isOpenable(url), openable);
}

void tst_TranscriptFeatures::saveWritesUtf8Lines()
{
    TranscriptModel model;
    model.setClock([] { return at(9, 30); });
    model.beginRoomLog(u"e"_s);
    RoomEvent joined = roomEvent(RoomEvent::Kind::Joined, 1, u"张三"_s, {});
    model.addEvent(joined);
    model.addEvent(chat(2, u"张三"_s, u"你好 <b>世界</b> 😀"_s));
    model.addEvent(chat(3, u"李四"_s, u"第一行\n第二行"_s, true));
    model.addNotice(u"Connection lost"_s, TranscriptModel::Kind::Problem);

    const QStringList lines = TranscriptExport::lines(model);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines.at(0).startsWith(u"2026-12-01 09:01:00 "_s), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(0).contains(u"张三"_s), qPrintable(lines.at(0)));
    QCOMPARE(lines.at(1), u"2026-12-01 09:02:00 张三: 你好 <b>世界</b> 😀"_s);
    // One row, one line of the file, whatever the message held.
    QCOMPARE(lines.at(2), u"2026-12-01 09:03:00 李四: 第一行 \u23CE 第二行"_s);
    QCOMPARE(lines.at(3), u"2026-12-01 09:30:00 Connection lost"_s);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"transcript.txt"_s);
    QString error;
    QVERIFY2(TranscriptExport::save(model, path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QCOMPARE(bytes, (lines.join(u'\n') + u'\n').toUtf8());
    QVERIFY(bytes.contains("\xe4\xbd\xa0\xe5\xa5\xbd")); // 你好 in UTF-8, no BOM
    QVERIFY(!bytes.startsWith("\xef\xbb\xbf"));
}

void tst_TranscriptFeatures::saveReportsFailure()
{
    TranscriptModel model;
    model.beginRoomLog(u"e"_s);
    model.addEvent(chat(1, u"张三"_s, u"hi"_s));
    QString error;
    QVERIFY(!TranscriptExport::save(model, u"/nonexistent-dir/x/transcript.txt"_s, &error));
    QVERIFY(!error.isEmpty());

    QBuffer closed; // not open: every write fails
    QVERIFY(!TranscriptExport::write(model, closed, &error));
}

void tst_TranscriptFeatures::unreadCountsWhileInactive()
{
    UnreadCounter counter;
    counter.setOwnNickname(u"李四"_s);
    QSignalSpy changed(&counter, &UnreadCounter::unreadCountChanged);
    counter.addEvent(chat(1, u"张三"_s, u"seen"_s));
    QCOMPARE(counter.unreadCount(), 0); // active: nothing is missed
    QCOMPARE(counter.decoratedTitle(u"房间名"_s), u"房间名"_s);

    counter.setActive(false);
    counter.addEvent(chat(2, u"张三"_s, u"one"_s));
    counter.addEvent(chat(3, u"李四"_s, u"my own"_s, true));
    counter.addEvent(roomEvent(RoomEvent::Kind::Joined, 4, u"王五"_s, {}));
    RoomEvent old = chat(5, u"王五"_s, u"from history"_s);
    old.history = true;
    counter.addEvent(old);
    counter.addEvent(chat(6, u"王五"_s, u"two"_s));
    counter.addEvent(roomEvent(RoomEvent::Kind::Broadcast, 7, {}, u"three"_s));
    QCOMPARE(counter.unreadCount(), 3);
    QCOMPARE(changed.size(), 3);
    QCOMPARE(changed.last().at(0).toInt(), 3);
    QCOMPARE(counter.decoratedTitle(u"房间名"_s), u"(3) 房间名"_s);
}

void tst_TranscriptFeatures::activationResets()
{
    UnreadCounter counter;
    counter.setActive(false);
    counter.addEvent(chat(1, u"张三"_s, u"one"_s));
    QCOMPARE(counter.unreadCount(), 1);
    QSignalSpy changed(&counter, &UnreadCounter::unreadCountChanged);
    counter.setActive(true);
    QCOMPARE(counter.unreadCount(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toInt(), 0);
    counter.setActive(false);
    QCOMPARE(counter.unreadCount(), 0);
    QCOMPARE(changed.size(), 1); // nothing changed
}

void tst_TranscriptFeatures::mentionAndBroadcastNotify()
{
    UnreadCounter counter;
    counter.setOwnNickname(u"李四"_s);
    QSignalSpy notified(&counter, &UnreadCounter::notificationRequested);
    counter.addEvent(chat(1, u"张三"_s, u"@李四 here, active"_s));
    QCOMPARE(notified.size(), 0); // the member is looking

    counter.setActive(false);
    counter.addEvent(chat(2, u"张三"_s, u"nothing for you"_s));
    QCOMPARE(notified.size(), 0);
    counter.addEvent(chat(3, u"张三"_s, u"@李四 吃饭了吗"_s));
    QCOMPARE(notified.size(), 1);
    QCOMPARE(notified.at(0).at(0).value<UnreadCounter::Reason>(), UnreadCounter::Reason::Mention);
    QCOMPARE(notified.at(0).at(1).toString(), u"张三"_s);
    QCOMPARE(notified.at(0).at(2).toString(), u"@李四 吃饭了吗"_s);
    QCOMPARE(counter.mentionCount(), 1);

    counter.addEvent(roomEvent(RoomEvent::Kind::Broadcast, 4, {}, u"服务器十分钟后重启"_s));
    QCOMPARE(notified.size(), 2);
    QCOMPARE(notified.at(1).at(0).value<UnreadCounter::Reason>(), UnreadCounter::Reason::Broadcast);
    QCOMPARE(notified.at(1).at(2).toString(), u"服务器十分钟后重启"_s);

    // One's own message naming oneself is no news.
    counter.addEvent(chat(5, u"李四"_s, u"李四 is me"_s, true));
    QCOMPARE(notified.size(), 2);
}

void tst_TranscriptFeatures::settingOffSuppressesNotifications()
{
    UnreadCounter counter;
    counter.setOwnNickname(u"李四"_s);
    counter.setNotificationsEnabled(false);
    counter.setActive(false);
    QSignalSpy notified(&counter, &UnreadCounter::notificationRequested);
    counter.addEvent(chat(1, u"张三"_s, u"@李四"_s));
    counter.addEvent(roomEvent(RoomEvent::Kind::Broadcast, 2, {}, u"notice"_s));
    QCOMPARE(notified.size(), 0);
    // Still counted: the setting is about interrupting, not about the title.
    QCOMPARE(counter.unreadCount(), 2);
    counter.setNotificationsEnabled(true);
    counter.addEvent(chat(3, u"张三"_s, u"@李四"_s));
    QCOMPARE(notified.size(), 1);
}

using Runs = QList<std::pair<qsizetype, qsizetype>>;

void tst_TranscriptFeatures::emojiRuns_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Runs>("runs");
    QTest::newRow("none") << u"大家好 hello"_s << Runs {};
    QTest::newRow("grinning face between CJK") << u"笑😀好"_s << Runs {{1, 2}};
    QTest::newRow("two in a row are one run") << u"👍😀"_s << Runs {{0, 4}};
    QTest::newRow("text-style symbols stay text") << u"© ® ™ ❤ 1"_s << Runs {};
    QTest::newRow("heart with FE0F") << u"爱❤\uFE0F你"_s << Runs {{1, 2}};
    QTest::newRow("skin tone") << u"a👍🏻b"_s << Runs {{1, 4}};
    QTest::newRow("flag") << u"🇨🇳!"_s << Runs {{0, 4}};
    QTest::newRow("two flags") << u"🇨🇳🇫🇷"_s << Runs {{0, 8}};
    QTest::newRow("lone surrogate") << QString(QChar(0xD83D)) << Runs {};
}

void tst_TranscriptFeatures::emojiRuns()
{
    QFETCH(QString, text);
    QFETCH(Runs, runs);
    QCOMPARE(EmojiText::runs(text), runs);
}

QTEST_MAIN(tst_TranscriptFeatures)
#include "tst_transcriptfeatures.moc"
