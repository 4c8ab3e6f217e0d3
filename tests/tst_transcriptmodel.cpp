#include "chatsession.h"
#include "transcriptexport.h"
#include "transcriptmodel.h"
#include "unsentmessages.h"

#include "chatserver.h"
#include "memoryroomlog.h"
#include "richtextprobe.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Kind = TranscriptModel::Kind;
using NoticeCode = Protocol::NoticeCode;

namespace {

// A room log that outlives the server using it: a restarted server finds the same epoch
// and seqs, as with the SQLite log on disk.
class SharedLog final : public RoomLog
{
public:
    explicit SharedLog(MemoryRoomLog *log)
        : m_log(log)
    {
    }
    bool open() override { return true; }
    QString errorString() const override { return {}; }
    QString epoch() const override { return m_log->epoch(); }
    quint64 lastSeq() const override { return m_log->lastSeq(); }
    quint64 firstSeq() const override { return m_log->firstSeq(); }
    void append(const Event &event) override { m_log->append(event); }
    QList<Event> read(quint64 afterSeq, quint64 beforeSeq, int max, Filter filter) const override
    {
        return m_log->read(afterSeq, beforeSeq, max, filter);
    }
    QList<Event> search(const QString &query, int max) const override
    {
        return m_log->search(query, max);
    }

private:
    MemoryRoomLog *m_log;
};

qint64 at(int day, int hour, int minute, int second = 0)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute, second)).toMSecsSinceEpoch();
}

RoomEvent chat(quint64 seq, const QString &from, const QString &text, qint64 atMs = 0)
{
    RoomEvent event;
    event.kind = RoomEvent::Kind::Chat;
    event.seq = seq;
    event.nickname = from;
    event.text = text;
    event.atMs = atMs > 0 ? atMs : at(27, 8, 0) + qint64(seq) * 1000;
    return event;
}

RoomEvent joined(quint64 seq, const QString &name, bool own = false)
{
    RoomEvent event;
    event.kind = RoomEvent::Kind::Joined;
    event.seq = seq;
    event.nickname = name;
    event.own = own;
    event.atMs = at(27, 8, 0) + qint64(seq) * 1000;
    return event;
}

RoomEvent historic(RoomEvent event)
{
    event.history = true;
    return event;
}

} // namespace

// The transcript without a window: order, runs, dates, bounds and search.
class tst_TranscriptModel : public QObject
{
    Q_OBJECT

private slots:
    void seqOrder();
    void statusNoticeIsOneLine();
    void duplicatesShownOnce();
    void joinHistoryAboveTheDivider();
    void pagesBackAtTheTop();
    void restartGapBeforeOwnRejoin();
    void newLogStartsBelow();
    void runs_data();
    void runs();
    void dateBoundaries();
    void bounded();
    void search_data();
    void search();
    void searchWrapsBothWays();
    void noticesAndMentions();
    void plainTextInEveryRole();
    void followsSession();
    void serverRestartWithKeptLog();
    void unsentRows_data();
    void unsentRows();
    void unsentKeptOutOfExportAndRuns();
    void unsentRetriedThroughServerShowsOnce();
    void unsentTooLongIsEditedNotRetried();
    void unsentDiscarded();

private:
    static QStringList texts(const TranscriptModel &model);
};

QStringList tst_TranscriptModel::texts(const TranscriptModel &model)
{
    QStringList lines;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        const auto kind = index.data(TranscriptModel::KindRole).value<Kind>();
        QString text = index.data(TranscriptModel::TextRole).toString();
        text.remove(QChar(0x2068)).remove(QChar(0x2069));
        if (kind == Kind::HistoryDivider)
            text = u"--"_s + text;
        else if (kind == Kind::Joined)
            text = u"+"_s + index.data(TranscriptModel::SenderRole).toString();
        lines.append(text);
    }
    return lines;
}

void tst_TranscriptModel::seqOrder()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model);
    model.beginRoomLog(u"e"_s);
    for (const quint64 seq : {3, 1, 5, 2, 4})
        model.addEvent(chat(seq, u"张三"_s, QString::number(seq)));
    QCOMPARE(texts(model), (QStringList {u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s}));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row).data(TranscriptModel::SeqRole).toULongLong(), quint64(row + 1));
}

void tst_TranscriptModel::duplicatesShownOnce()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model);
    model.beginRoomLog(u"e"_s);
    model.addEvent(joined(5, u"李四"_s, true));
    model.addEvent(chat(6, u"张三"_s, u"a"_s));
    model.addEvent(joined(5, u"李四"_s, true)); // the own join again
    model.addEvent(chat(6, u"张三"_s, u"a"_s)); // a replay
    // A batch overlapping what is shown: only the new one goes in.
    model.addHistory({historic(chat(4, u"张三"_s, u"old"_s)), historic(chat(6, u"张三"_s, u"a"_s))},
                     false, false);
    QCOMPARE(texts(model), (QStringList {u"old"_s, u"--earlier messages"_s, u"+李四"_s, u"a"_s}));
}

void tst_TranscriptModel::joinHistoryAboveTheDivider()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model);
    model.beginRoomLog(u"e"_s);
    model.addEvent(joined(10, u"李四"_s, true));
    model.addEvent(chat(11, u"张三"_s, u"live"_s));
    model.addHistory({historic(chat(7, u"张三"_s, u"h1"_s)), historic(chat(9, u"王五"_s, u"h2"_s))},
                     false, true);
    QCOMPARE(texts(model),
             (QStringList {u"h1"_s, u"h2"_s, u"--earlier messages"_s, u"+李四"_s, u"live"_s}));
    QVERIFY(model.index(0).data(TranscriptModel::HistoryRole).toBool());
    QVERIFY(!model.index(4).data(TranscriptModel::HistoryRole).toBool());
    const QModelIndex divider = model.index(2);
    QCOMPARE(divider.data(TranscriptModel::KindRole).value<Kind>(), Kind::HistoryDivider);
    QCOMPARE(divider.data(TranscriptModel::SeqRole).toULongLong(), quint64(0));
    // The divider takes the time of the history it closes: no date separator of its own.
    QVERIFY(!divider.data(TranscriptModel::DateBoundaryRole).toBool());
}

void tst_TranscriptModel::pagesBackAtTheTop()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.beginRoomLog(u"e"_s);
    model.addEvent(joined(10, u"李四"_s, true));
    model.addHistory({historic(chat(8, u"张三"_s, u"h8"_s)), historic(chat(9, u"张三"_s, u"h9"_s))},
                     false, true);
    inserted.clear();
    // A page of older messages: one insertion, at row 0.
    model.addHistory({historic(chat(3, u"张三"_s, u"h3"_s)), historic(chat(5, u"张三"_s, u"h5"_s))},
                     true, true);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(texts(model).mid(0, 4), (QStringList {u"h3"_s, u"h5"_s, u"h8"_s, u"h9"_s}));
    // Nothing older any more: said once, at the top.
    model.addHistory({}, true, true);
    model.addHistory({}, true, true);
    QCOMPARE(texts(model),
             (QStringList {u"--older messages are no longer kept"_s, u"h3"_s, u"h5"_s, u"h8"_s,
                           u"h9"_s, u"--earlier messages"_s, u"+李四"_s}));
}

void tst_TranscriptModel::restartGapBeforeOwnRejoin()
{
    // The server restarted on its kept log: the member joins again in the same epoch and
    // its join history fills the gap, which belongs above the new join, not below it.
    TranscriptModel model;
    QAbstractItemModelTester tester(&model);
    model.beginRoomLog(u"e"_s);
    model.addEvent(joined(5, u"李四"_s, true));
    model.addEvent(chat(6, u"张三"_s, u"before"_s));
    model.addNotice(u"lost"_s, Kind::Problem);
    model.beginRoomLog(u"e"_s);
    model.addEvent(joined(4200, u"李四"_s, true));
    model.addHistory(
        {historic(chat(7, u"张三"_s, u"gap1"_s)), historic(chat(4100, u"张三"_s, u"gap2"_s))},
        false, false);
    model.addEvent(chat(4201, u"张三"_s, u"after"_s));
    QCOMPARE(texts(model),
             (QStringList {u"+李四"_s, u"before"_s, u"lost"_s, u"gap1"_s, u"gap2"_s, u"+李四"_s,
                           u"after"_s}));
}

void tst_TranscriptModel::newLogStartsBelow()
{
    // Another log (a server that kept nothing): its seqs start again and are not
    // compared with the earlier ones, nor taken for duplicates of them.
    TranscriptModel model;
    QAbstractItemModelTester tester(&model);
    model.beginRoomLog(u"old"_s);
    model.addEvent(joined(5, u"李四"_s, true));
    model.addEvent(chat(6, u"张三"_s, u"old 6"_s));
    model.beginRoomLog(u"new"_s);
    model.addEvent(joined(3, u"李四"_s, true));
    model.addHistory({historic(chat(2, u"张三"_s, u"new 2"_s))}, false, false);
    model.addEvent(chat(6, u"张三"_s, u"new 6"_s));
    QCOMPARE(texts(model),
             (QStringList {u"+李四"_s, u"old 6"_s, u"new 2"_s, u"--earlier messages"_s, u"+李四"_s,
                           u"new 6"_s}));
}

void tst_TranscriptModel::runs_data()
{
    QTest::addColumn<QList<RoomEvent>>("events");
    QTest::addColumn<QList<bool>>("firsts");

    const auto say = [](quint64 seq, const QString &from, qint64 atMs, bool own = false) {
        RoomEvent event = chat(seq, from, u"x"_s, atMs);
        event.own = own;
        return event;
    };
    QTest::newRow("one sender") << QList {say(1, u"a"_s, at(27, 8, 0)),
                                          say(2, u"a"_s, at(27, 8, 1)),
                                          say(3, u"a"_s, at(27, 8, 5, 59))}
                                << QList {true, false, false};
    QTest::newRow("more than five minutes")
        << QList {say(1, u"a"_s, at(27, 8, 0)), say(2, u"a"_s, at(27, 8, 5, 1))}
        << QList {true, true};
    QTest::newRow("two senders") << QList {say(1, u"a"_s, at(27, 8, 0)),
                                           say(2, u"b"_s, at(27, 8, 0)),
                                           say(3, u"a"_s, at(27, 8, 0))}
                                 << QList {true, true, true};
    RoomEvent join = joined(2, u"c"_s);
    join.atMs = at(27, 8, 0);
    QTest::newRow("a join between")
        << QList {say(1, u"a"_s, at(27, 8, 0)), join, say(3, u"a"_s, at(27, 8, 0))}
        << QList {true, false, true};
    QTest::newRow("own") << QList {say(1, u"me"_s, at(27, 8, 0), true),
                                   say(2, u"me"_s, at(27, 8, 0), true)}
                         << QList {true, false};
    QTest::newRow("midnight") << QList {say(1, u"a"_s, at(27, 23, 59)),
                                        say(2, u"a"_s, at(28, 0, 1))}
                              << QList {true, true};
}

void tst_TranscriptModel::runs()
{
    QFETCH(QList<RoomEvent>, events);
    QFETCH(QList<bool>, firsts);
    TranscriptModel model;
    for (const RoomEvent &event : std::as_const(events))
        model.addEvent(event);
    QList<bool> shown;
    for (int row = 0; row < model.rowCount(); ++row)
        shown.append(model.index(row).data(TranscriptModel::FirstOfRunRole).toBool());
    QCOMPARE(shown, firsts);

    // The same rows arriving newest first (a page at the top): the same runs, and the
    // row that got a predecessor was told.
    TranscriptModel reversed;
    QSignalSpy changed(&reversed, &QAbstractItemModel::dataChanged);
    for (qsizetype i = events.size() - 1; i >= 0; --i)
        reversed.addEvent(events.at(i));
    shown.clear();
    for (int row = 0; row < reversed.rowCount(); ++row)
        shown.append(reversed.index(row).data(TranscriptModel::FirstOfRunRole).toBool());
    QCOMPARE(shown, firsts);
    QCOMPARE(changed.size(), events.size() - 1);
}

void tst_TranscriptModel::dateBoundaries()
{
    TranscriptModel model;
    model.addEvent(chat(1, u"a"_s, u"x"_s, at(26, 23, 0)));
    model.addEvent(chat(2, u"a"_s, u"x"_s, at(26, 23, 30)));
    model.addEvent(chat(3, u"a"_s, u"x"_s, at(27, 0, 5)));
    model.addEvent(chat(4, u"a"_s, u"x"_s, at(27, 9, 0)));
    QList<bool> boundaries;
    for (int row = 0; row < model.rowCount(); ++row)
        boundaries.append(model.index(row).data(TranscriptModel::DateBoundaryRole).toBool());
    QCOMPARE(boundaries, (QList {true, false, true, false}));
    QCOMPARE(model.index(1).data(TranscriptModel::DateRole).toDate(), QDate(2026, 11, 26));
    QCOMPARE(model.index(2).data(TranscriptModel::DateRole).toDate(), QDate(2026, 11, 27));
    QCOMPARE(model.index(2).data(TranscriptModel::TimeRole).toDateTime(),
             QDateTime(QDate(2026, 11, 27), QTime(0, 5)));
}

void tst_TranscriptModel::bounded()
{
    TranscriptModel model;
    QCOMPARE(model.maximumRows(), 20000);
    QAbstractItemModelTester tester(&model);
    model.setMaximumRows(5);
    for (quint64 seq = 1; seq <= 8; ++seq)
        model.addEvent(chat(seq, u"a"_s, QString::number(seq)));
    QCOMPARE(texts(model), (QStringList {u"4"_s, u"5"_s, u"6"_s, u"7"_s, u"8"_s}));
    // The new first row heads its run and its day.
    QVERIFY(model.index(0).data(TranscriptModel::FirstOfRunRole).toBool());
    QVERIFY(model.index(0).data(TranscriptModel::DateBoundaryRole).toBool());
    model.addNotice(u"n"_s);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(texts(model).constFirst(), u"5"_s);
    // Ids stay with their rows while the rows move up.
    const quint64 id = model.index(4).data(TranscriptModel::IdRole).toULongLong();
    model.addEvent(chat(9, u"a"_s, u"9"_s));
    QCOMPARE(model.index(3).data(TranscriptModel::IdRole).toULongLong(), id);
}

void tst_TranscriptModel::search_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("found");
    QTest::newRow("plain") << u"hello world"_s << u"world"_s << true;
    QTest::newRow("case") << u"Hello World"_s << u"hello WORLD"_s << true;
    QTest::newRow("full width") << u"ＡＢＣ１２３"_s << u"abc123"_s << true;
    QTest::newRow("full width query") << u"abc"_s << u"ＡＢＣ"_s << true;
    QTest::newRow("ligature") << u"ﬁle"_s << u"FILE"_s << true;
    QTest::newRow("composed") << u"cafe\u0301"_s << u"CAFÉ"_s << true;
    QTest::newRow("greek final sigma") << u"ΟΔΟΣ"_s << u"οδος"_s << true;
    QTest::newRow("chinese") << u"今天天气不错"_s << u"天气"_s << true;
    QTest::newRow("absent") << u"hello"_s << u"bye"_s << false;
    QTest::newRow("markup literally") << u"<b>x</b>"_s << u"<B>"_s << true;
}

void tst_TranscriptModel::search()
{
    QFETCH(QString, text);
    QFETCH(QString, query);
    QFETCH(bool, found);
    TranscriptModel model;
    model.addEvent(chat(1, u"a"_s, u"nothing here"_s));
    model.addEvent(chat(2, u"a"_s, text));
    QCOMPARE(model.findMatch(query, -1), found ? 1 : -1);
    QCOMPARE(model.matches(1, query), found);
}

void tst_TranscriptModel::searchWrapsBothWays()
{
    TranscriptModel model;
    for (quint64 seq = 1; seq <= 6; ++seq)
        model.addEvent(chat(seq, u"a"_s, seq % 2 ? u"apple"_s : u"pear"_s));
    model.addNotice(u"Apple notice"_s);
    QCOMPARE(model.findMatch(u"APPLE"_s, -1), 0);
    QCOMPARE(model.findMatch(u"APPLE"_s, 0), 2);
    QCOMPARE(model.findMatch(u"APPLE"_s, 4), 6); // the notice's line counts too
    QCOMPARE(model.findMatch(u"APPLE"_s, 6), 0); // wraps to the top
    QCOMPARE(model.findMatch(u"APPLE"_s, 0, false), 6); // and backwards to the bottom
    QCOMPARE(model.findMatch(u"APPLE"_s, 4, false), 2);
    QCOMPARE(model.findMatch(u"apple"_s, -1, false), 6);
    QCOMPARE(model.findMatch(u"kiwi"_s, 0), -1);
    QCOMPARE(model.findMatch(QString(), 0), -1);
    // The sender's name is not the message's text.
    QCOMPARE(model.findMatch(u"a"_s, -1), 0);
    QCOMPARE(model.findMatch(u"pear"_s, 1), 3);
}

void tst_TranscriptModel::noticesAndMentions()
{
    TranscriptModel model;
    model.setClock([] { return at(27, 9, 30); });
    model.setOwnNickname(u"李四"_s);
    model.addEvent(chat(1, u"张三"_s, u"李四，在吗？"_s));
    RoomEvent own = chat(2, u"李四"_s, u"李四在"_s);
    own.own = true;
    model.addEvent(own);
    model.addNotice(u"connection lost"_s, Kind::Problem);
    model.addNotice(u"back"_s);
    // A text that reads like a system line stays a message by 张三.
    model.addEvent(chat(3, u"张三"_s, u"王五 joined the chat room\n* 管理员说：hi"_s));

    QCOMPARE(model.index(0).data(TranscriptModel::KindRole).value<Kind>(), Kind::Message);
    QVERIFY(model.index(0).data(TranscriptModel::MentionRole).toBool());
    QCOMPARE(model.index(1).data(TranscriptModel::KindRole).value<Kind>(), Kind::OwnMessage);
    QVERIFY(model.index(1).data(TranscriptModel::OwnRole).toBool());
    QVERIFY(!model.index(1).data(TranscriptModel::MentionRole).toBool()); // not one's own
    QCOMPARE(model.index(2).data(TranscriptModel::KindRole).value<Kind>(), Kind::Problem);
    QCOMPARE(model.index(2).data(TranscriptModel::TimeRole).toDateTime(),
             QDateTime::fromMSecsSinceEpoch(at(27, 9, 30)));
    QCOMPARE(model.index(3).data(TranscriptModel::KindRole).value<Kind>(), Kind::Notice);
    QCOMPARE(model.rowCount(), 5); // the notices keep their place after the messages
    const QModelIndex faked = model.index(4);
    QCOMPARE(faked.data(TranscriptModel::KindRole).value<Kind>(), Kind::Message);
    QCOMPARE(faked.data(TranscriptModel::SenderRole).toString(), u"张三"_s);
    QCOMPARE(faked.data(TranscriptModel::TextRole).toString(),
             u"王五 joined the chat room\n* 管理员说：hi"_s);
}

void tst_TranscriptModel::statusNoticeIsOneLine()
{
    TranscriptModel model;
    model.setClock([] { return at(27, 9, 30); });
    model.addNotice(u"connection lost"_s, Kind::Problem);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setStatusNotice(u"reconnecting in 1 s"_s);
    model.setStatusNotice(u"reconnecting in 2 s"_s);
    model.setStatusNotice(u"reconnecting in 4 s"_s);
    // Replaced in place while it is the newest row: one insertion, then changes.
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.index(1).data(TranscriptModel::TextRole).toString(), u"reconnecting in 4 s"_s);
    const quint64 id = model.index(1).data(TranscriptModel::IdRole).toULongLong();

    // Something else arrives: the next count-down moves below it, still one line.
    model.addEvent(chat(1, u"张三"_s, u"还在吗"_s));
    model.setStatusNotice(u"reconnecting in 8 s"_s);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1).data(TranscriptModel::SenderRole).toString(), u"张三"_s);
    QCOMPARE(model.index(2).data(TranscriptModel::TextRole).toString(), u"reconnecting in 8 s"_s);
    // A new text is a new row to a view's height cache.
    QVERIFY(model.index(2).data(TranscriptModel::IdRole).toULongLong() != id);

    model.clearStatusNotice();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0).data(TranscriptModel::TextRole).toString(), u"connection lost"_s);
    model.clearStatusNotice(); // nothing left to clear
    QCOMPARE(model.rowCount(), 2);
    model.setStatusNotice(u"reconnecting in 1 s"_s);
    QCOMPARE(model.rowCount(), 3);
}

void tst_TranscriptModel::plainTextInEveryRole()
{
    TranscriptModel model;
    for (const QString &name : RichTextProbe::HostileNames) {
        model.addEvent(chat(0, name, name));
        RoomEvent join = joined(0, name);
        model.addEvent(join);
    }
    RoomEvent broadcast;
    broadcast.kind = RoomEvent::Kind::Broadcast;
    broadcast.text = RichTextProbe::HostileNames.constFirst();
    model.addEvent(broadcast);
    model.addNotice(RichTextProbe::HostileNames.constLast());
    const QList<RichTextProbe::Finding> findings = RichTextProbe::richTextWithRawMarkup(
        model, {Qt::DisplayRole, TranscriptModel::SenderRole, TranscriptModel::TextRole});
    QVERIFY2(findings.isEmpty(), qPrintable(RichTextProbe::describe(findings)));
    // The plain-text roles hold the markup verbatim; no tool tip at all.
    QCOMPARE(model.index(0).data(TranscriptModel::SenderRole).toString(),
             RichTextProbe::HostileNames.at(0));
    QCOMPARE(model.index(0).data(TranscriptModel::TextRole).toString(),
             RichTextProbe::HostileNames.at(0));
    QVERIFY(model.index(1).data().toString().contains(RichTextProbe::HostileNames.at(0)));
    QVERIFY(!model.index(0).data(Qt::ToolTipRole).isValid());
}

void tst_TranscriptModel::followsSession()
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    ChatServer server(config);
    QVERIFY2(server.listen(), qPrintable(server.errorString()));
    ChatSession zhang;
    zhang.join(u"127.0.0.1"_s, server.serverPort(), u"张三"_s);
    QTRY_COMPARE(zhang.state(), ChatSession::State::Joined);
    for (const QString &text : {u"早上好"_s, u"李四呢"_s})
        QVERIFY(zhang.say(text));
    QTRY_COMPARE(zhang.events().size(), 3);

    ChatSession li;
    TranscriptModel live;
    QAbstractItemModelTester tester(&live);
    live.setSession(&li);
    li.join(u"127.0.0.1"_s, server.serverPort(), u"李四"_s);
    QTRY_COMPARE(live.rowCount(), 4);
    QVERIFY(zhang.say(u"欢迎"_s));
    QTRY_COMPARE(live.rowCount(), 5);
    const QStringList expected {u"早上好"_s, u"李四呢"_s, u"--earlier messages"_s, u"+李四"_s,
                                u"欢迎"_s};
    QCOMPARE(texts(live), expected);
    QVERIFY(live.index(1).data(TranscriptModel::MentionRole).toBool());
    QVERIFY(live.index(3).data(TranscriptModel::OwnRole).toBool());

    // A window opened later shows the same, from what the session kept.
    TranscriptModel late;
    late.setSession(&li);
    QCOMPARE(texts(late), expected);
    QVERIFY(late.index(1).data(TranscriptModel::MentionRole).toBool());
}

void tst_TranscriptModel::serverRestartWithKeptLog()
{
    // The known bug: after a restart the gap's messages showed below the member's own
    // join. The server comes back on the same log; 张三 speaks before 李四 is back.
    MemoryRoomLog log;
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    auto server = std::make_unique<ChatServer>(config, std::make_unique<SharedLog>(&log));
    QVERIFY2(server->listen(), qPrintable(server->errorString()));
    const quint16 port = server->serverPort();

    ChatSession::Timing quick;
    quick.reconnectInitialMs = 20;
    quick.reconnectMaxMs = 80;
    quick.resumeDelayMs = 20;
    quick.reconnectJitter = 0;
    ChatSession::Timing waiting = quick; // back only when the test says
    waiting.reconnectInitialMs = waiting.reconnectMaxMs = waiting.resumeDelayMs = 600000;
    ChatSession zhang;
    zhang.setTiming(quick);
    ChatSession li;
    li.setTiming(waiting);
    TranscriptModel model;
    model.setSession(&li);
    zhang.join(u"127.0.0.1"_s, port, u"张三"_s);
    QTRY_COMPARE(zhang.state(), ChatSession::State::Joined);
    li.join(u"127.0.0.1"_s, port, u"李四"_s);
    QTRY_COMPARE(li.state(), ChatSession::State::Joined);
    QVERIFY(zhang.say(u"before"_s));
    QTRY_COMPARE(model.rowCount(), 2);

    server.reset();
    QTRY_COMPARE(li.state(), ChatSession::State::Reconnecting);
    // On the same port: the sessions reconnect to where they were.
    ServerConfig again = config;
    again.port = port;
    server = std::make_unique<ChatServer>(again, std::make_unique<SharedLog>(&log));
    QVERIFY2(server->listen(), qPrintable(server->errorString()));
    QCOMPARE(server->serverPort(), port);
    QTRY_COMPARE(zhang.state(), ChatSession::State::Joined);
    QVERIFY(zhang.say(u"gap 1"_s));
    QVERIFY(zhang.say(u"gap 2"_s));
    QTRY_COMPARE(log.read(0, UINT64_MAX, 0, RoomLog::Filter::Messages).size(), 3);

    li.reconnectNow();
    QTRY_COMPARE(li.state(), ChatSession::State::Joined);
    QTRY_COMPARE(model.rowCount(), 5);
    QVERIFY(zhang.say(u"after"_s));
    QTRY_COMPARE(model.rowCount(), 6);
    QCOMPARE(
        texts(model),
        (QStringList {u"+李四"_s, u"before"_s, u"gap 1"_s, u"gap 2"_s, u"+李四"_s, u"after"_s}));
}

void tst_TranscriptModel::unsentRows_data()
{
    QTest::addColumn<NoticeCode>("code");
    QTest::addColumn<TranscriptModel::UnsentAction>("action");
    QTest::addColumn<QString>("reason");
    using A = TranscriptModel::UnsentAction;
    QTest::newRow("slow down") << NoticeCode::SlowDown << A::Retry << u"Sent too fast; not sent"_s;
    QTest::newRow("too long") << NoticeCode::TextTooLong << A::Edit << u"Too long; not sent"_s;
    QTest::newRow("lost while away") << NoticeCode::UnknownType << A::Retry << u"Not sent"_s;
}

void tst_TranscriptModel::unsentRows()
{
    QFETCH(NoticeCode, code);
    QFETCH(TranscriptModel::UnsentAction, action);
    QFETCH(QString, reason);
    TranscriptModel model;
    QAbstractItemModelTester tester(&model);
    model.setOwnNickname(u"李四"_s);
    model.addEvent(chat(1, u"张三"_s, u"hi"_s));
    QCOMPARE(model.addUnsent(u"在吗"_s, code), 1);
    const QModelIndex row = model.index(1);
    QCOMPARE(row.data(TranscriptModel::KindRole).value<Kind>(), Kind::Unsent);
    QCOMPARE(row.data(TranscriptModel::TextRole).toString(), u"在吗"_s);
    QCOMPARE(row.data(TranscriptModel::SenderRole).toString(), u"李四"_s);
    QVERIFY(row.data(TranscriptModel::OwnRole).toBool());
    QCOMPARE(row.data(TranscriptModel::SeqRole).toULongLong(), quint64(0));
    QCOMPARE(row.data(TranscriptModel::UnsentCodeRole).value<NoticeCode>(), code);
    QCOMPARE(row.data(TranscriptModel::UnsentActionRole).value<TranscriptModel::UnsentAction>(),
             action);
    QCOMPARE(row.data(TranscriptModel::UnsentReasonRole).toString(), reason);
    // Only Unsent rows have the three roles.
    QVERIFY(!model.index(0).data(TranscriptModel::UnsentReasonRole).isValid());
    QVERIFY(!model.index(0).data(TranscriptModel::UnsentActionRole).isValid());
    // Found by a search like any message.
    QCOMPARE(model.findMatch(u"在吗"_s, -1), 1);
    // Blank lines are never kept.
    for (const QString &blank : {QString(), u"   "_s, u"\n\t"_s})
        QCOMPARE(model.addUnsent(blank, code), -1);
    QCOMPARE(model.rowCount(), 2);
    // Taken back: the text; a row of another kind is not taken.
    QCOMPARE(model.takeUnsent(0), QString());
    QCOMPARE(model.takeUnsent(1), u"在吗"_s);
    QCOMPARE(model.rowCount(), 1);
}

void tst_TranscriptModel::unsentKeptOutOfExportAndRuns()
{
    TranscriptModel model;
    model.setClock([] { return at(27, 8, 0, 30); });
    model.setOwnNickname(u"李四"_s);
    RoomEvent said = chat(1, u"李四"_s, u"one"_s, at(27, 8, 0, 10));
    said.own = true;
    model.addEvent(said);
    model.addUnsent(u"two"_s, NoticeCode::SlowDown);
    said = chat(2, u"李四"_s, u"three"_s, at(27, 8, 0, 40));
    said.own = true;
    model.addEvent(said);
    QCOMPARE(texts(model), (QStringList {u"one"_s, u"two"_s, u"three"_s}));
    // One's own run goes on through the unsent bubble: one header, not three.
    QVERIFY(model.index(0).data(TranscriptModel::FirstOfRunRole).toBool());
    QVERIFY(!model.index(1).data(TranscriptModel::FirstOfRunRole).toBool());
    QVERIFY(!model.index(2).data(TranscriptModel::FirstOfRunRole).toBool());
    // The saved transcript keeps what the room saw.
    const QStringList lines = TranscriptExport::lines(model);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.at(0).endsWith(u"李四: one"_s));
    QVERIFY(lines.at(1).endsWith(u"李四: three"_s));
    QVERIFY(!TranscriptExport::isExported(model, 1));
}

void tst_TranscriptModel::unsentRetriedThroughServerShowsOnce()
{
    // A real server that lets one Say through per 200 ms: the second one is refused.
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.floodLimit = 1;
    config.floodWindow = std::chrono::milliseconds(200);
    ChatServer server(config);
    QVERIFY2(server.listen(), qPrintable(server.errorString()));
    ChatSession zhang;
    zhang.join(u"127.0.0.1"_s, server.serverPort(), u"张三"_s);
    QTRY_COMPARE(zhang.state(), ChatSession::State::Joined);
    ChatSession li;
    TranscriptModel model;
    QAbstractItemModelTester tester(&model);
    model.setSession(&li);
    UnsentMessages unsent(&li, &model);
    li.join(u"127.0.0.1"_s, server.serverPort(), u"李四"_s);
    QTRY_COMPARE(li.state(), ChatSession::State::Joined);

    QSignalSpy heard(&zhang, &ChatSession::eventAdded);
    QSignalSpy failed(&li, &ChatSession::sayFailed);
    QVERIFY(li.say(u"first"_s));
    QVERIFY(li.say(u"second"_s));
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(2).value<NoticeCode>(), NoticeCode::SlowDown);
    const int row = model.rowCount() - 1;
    QCOMPARE(model.index(row).data(TranscriptModel::KindRole).value<Kind>(), Kind::Unsent);
    QCOMPARE(model.index(row).data(TranscriptModel::TextRole).toString(), u"second"_s);
    QVERIFY(li.outbox().isEmpty());

    // Once the flood window has passed (the server's clock cannot be injected), the same
    // text goes again with a new clientId.
    QTest::qWait(250);
    QSignalSpy queued(&li, &ChatSession::sayQueued);
    QVERIFY(unsent.retry(row));
    QCOMPARE(queued.size(), 1);
    QCOMPARE(queued.at(0).at(1).toString(), u"second"_s);
    QVERIFY(queued.at(0).at(0).toULongLong() != failed.at(0).at(0).toULongLong());
    for (int at = 0; at < model.rowCount(); ++at)
        QVERIFY(model.index(at).data(TranscriptModel::KindRole).value<Kind>() != Kind::Unsent);
    QTRY_VERIFY(li.outbox().isEmpty());
    QCOMPARE(failed.size(), 1);

    // The room heard it, and the transcript shows it once, as one's own message.
    QStringList room;
    for (const QList<QVariant> &args : std::as_const(heard))
        room.append(args.at(0).value<RoomEvent>().text);
    QCOMPARE(room, (QStringList {u"first"_s, u"second"_s}));
    // The model takes the session's events in batches (at most one every 40 ms while they
    // keep coming), so the echo may still wait for the next one.
    QTRY_COMPARE(texts(model).count(u"second"_s), 1);
    QCOMPARE(model.index(model.rowCount() - 1).data(TranscriptModel::KindRole).value<Kind>(),
             Kind::OwnMessage);
    // Retrying a row that is no longer unsent does nothing.
    QVERIFY(!unsent.retry(model.rowCount() - 1));
}

void tst_TranscriptModel::unsentTooLongIsEditedNotRetried()
{
    ChatSession li; // never joined: nothing could be sent anyway
    TranscriptModel model;
    UnsentMessages unsent(&li, &model);
    QSignalSpy queued(&li, &ChatSession::sayQueued);
    QSignalSpy edit(&unsent, &UnsentMessages::editRequested);
    // As the session reports a refusal the server sent.
    Q_EMIT li.sayFailed(3, u"很长的一段话"_s, NoticeCode::TextTooLong);
    QCOMPARE(model.rowCount(), 1);
    // The same text would be refused again: no Retry.
    QVERIFY(!unsent.retry(0));
    QCOMPARE(queued.size(), 0);
    QCOMPARE(model.rowCount(), 1);
    // Its action is Edit: the text back, the row gone.
    QVERIFY(unsent.trigger(0));
    QCOMPARE(edit.size(), 1);
    QCOMPARE(edit.at(0).at(0).toString(), u"很长的一段话"_s);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(queued.size(), 0);

    // A blank Say is never kept.
    Q_EMIT li.sayFailed(4, u"  "_s, NoticeCode::SlowDown);
    QCOMPARE(model.rowCount(), 0);
}

void tst_TranscriptModel::unsentDiscarded()
{
    ChatSession li;
    TranscriptModel model;
    UnsentMessages unsent(&li, &model);
    model.addNotice(u"a notice"_s);
    Q_EMIT li.sayFailed(1, u"lost"_s, NoticeCode::UnknownType);
    Q_EMIT li.sayFailed(2, u"slow"_s, NoticeCode::SlowDown);
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(!unsent.discard(0)); // not an unsent row
    QVERIFY(unsent.discard(1));
    QCOMPARE(texts(model), (QStringList {u"a notice"_s, u"slow"_s}));
    // Not joined: a retry cannot be taken, and the row stays for later.
    QVERIFY(!unsent.retry(1));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(unsent.edit(1), u"slow"_s);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(unsent.edit(0), QString());
}

QTEST_MAIN(tst_TranscriptModel)
#include "tst_transcriptmodel.moc"
