#include "memoryroomlog.h"
#include "sqliteroomlog.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <limits>
#include <memory>
#include <unistd.h>

using namespace Qt::StringLiterals;
using Protocol::MessageType;
using Event = RoomLog::Event;
using Filter = RoomLog::Filter;

Q_DECLARE_METATYPE(RoomLog::Filter)

namespace {

constexpr quint64 End = std::numeric_limits<quint64>::max();
constexpr qint64 DayMs = 24 * 60 * 60 * 1000;

// memory; sqlite, committed; sqlite-pending, its second half appended but not committed;
// sqlite-reopened, committed, closed and opened again, so everything comes from the file.
constexpr const char *Backends[] = {"memory", "sqlite", "sqlite-pending", "sqlite-reopened"};

// The real 1.1 encoding is not needed here: the type byte, then the seq as text, is enough
// to see that each event's payload comes back byte for byte.
Event makeEvent(quint64 seq, MessageType type, const QString &nickname, const QString &text,
                qint64 atMs)
{
    Event event;
    event.seq = seq;
    event.atMs = atMs;
    event.type = type;
    event.nickname = nickname;
    event.text = text;
    event.payload = QByteArray(1, char(type)) + QByteArray::number(seq);
    return event;
}

// A room's mix: two messages in five events, the rest Joined, Left and Broadcast.
QList<Event> mixedEvents(quint64 first, quint64 last, qint64 atMs = 1'700'000'000'000)
{
    QList<Event> events;
    for (quint64 seq = first; seq <= last; ++seq) {
        const QString n = QString::number(seq);
        switch (seq % 5) {
        case 0:
            events.append(makeEvent(seq, MessageType::Joined, u"用户"_s + n, {}, atMs));
            break;
        case 1:
            events.append(
                makeEvent(seq, MessageType::Chat, u"Alice"_s, u"hello 你好 "_s + n, atMs));
            break;
        case 2:
            events.append(makeEvent(seq, MessageType::Left, u"用户"_s + n, {}, atMs));
            break;
        case 3:
            events.append(makeEvent(seq, MessageType::Broadcast, {}, u"notice "_s + n, atMs));
            break;
        default:
            events.append(makeEvent(seq, MessageType::Joined, u"Bob"_s + n, {}, atMs));
            break;
        }
    }
    return events;
}

QList<quint64> seqsOf(const QList<Event> &events)
{
    QList<quint64> seqs;
    for (const Event &event : events)
        seqs.append(event.seq);
    return seqs;
}

QList<quint64> seqRange(quint64 first, quint64 last)
{
    QList<quint64> seqs;
    for (quint64 seq = first; seq <= last; ++seq)
        seqs.append(seq);
    return seqs;
}

// What read() must return, by the definition in roomlog.h, computed the slow way.
QList<Event> referenceRead(const QList<Event> &events, quint64 afterSeq, quint64 beforeSeq, int max,
                           Filter filter)
{
    QList<Event> result;
    for (const Event &event : events) {
        if (event.seq > afterSeq && event.seq < beforeSeq
            && (filter == Filter::AllEvents || MemoryRoomLog::isMessage(event.type)))
            result.append(event);
    }
    return max > 0 && result.size() > max ? result.mid(result.size() - max) : result;
}

struct BenchResult
{
    double appendUs = 0; // append() and commit(), per event
    double indexUs = 0; // indexPending(), per event
};

// Appends `events` with a commit() every perCommit events and, for a SqliteRoomLog, an
// indexPending() every indexEvery events (0: never), timing the two apart.
BenchResult benchAppend(RoomLog &log, const QList<Event> &events, int perCommit, int indexEvery)
{
    auto *sqlite = dynamic_cast<SqliteRoomLog *>(&log);
    QElapsedTimer timer;
    qint64 appendNs = 0;
    qint64 indexNs = 0;
    for (qsizetype i = 0; i < events.size(); ++i) {
        timer.start();
        log.append(events.at(i));
        if ((i + 1) % perCommit == 0)
            log.commit();
        appendNs += timer.nsecsElapsed();
        if (sqlite && indexEvery > 0 && (i + 1) % indexEvery == 0) {
            timer.start();
            sqlite->indexPending();
            indexNs += timer.nsecsElapsed();
        }
    }
    log.commit();
    const double count = double(events.size());
    return {double(appendNs) / 1000.0 / count, double(indexNs) / 1000.0 / count};
}

// A second connection on a log's file, to look at what is really stored there.
class FileInspector
{
public:
    explicit FileInspector(const QString &path)
        : m_name(u"inspector-"_s + QString::number(++s_connections))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~FileInspector()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    FileInspector(const FileInspector &) = delete;
    FileInspector &operator=(const FileInspector &) = delete;

    QVariant value(const QString &sql) const
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        return query.exec(sql) && query.next() ? query.value(0) : QVariant();
    }
    // An empty string when it worked, else SQLite's reason.
    QString run(const QString &sql) const
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        return query.exec(sql) ? QString() : query.lastError().text() + u" "_s;
    }
    QList<quint64> storedSeqs() const
    {
        QList<quint64> seqs;
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        query.exec(u"SELECT seq FROM events ORDER BY seq"_s);
        while (query.next())
            seqs.append(query.value(0).toULongLong());
        return seqs;
    }

private:
    static inline int s_connections = 0;
    QString m_name;
};

// What a process killed at this moment leaves on disk: in WAL mode the database file and
// its -wal file together are a consistent state, whatever is only in memory is gone.
bool copyAsKilled(const QString &from, const QString &to)
{
    return QFile::copy(from, to)
        && (!QFile::exists(from + u"-wal"_s) || QFile::copy(from + u"-wal"_s, to + u"-wal"_s));
}

} // namespace

// Both RoomLog backends against the contract in roomlog.h, then what only the file has:
// reopening, a killed process, failures to open, retention, the tail cache's boundary.
class tst_RoomLog : public QObject
{
    Q_OBJECT

private slots:
    // First: the SQL driver list can only be emptied before anything has loaded it.
    void sqliteOpenFailsWithoutDriver();

    void init();

    void emptyLog_data();
    void emptyLog();
    void appendAndReadAll_data();
    void appendAndReadAll();
    void readRanges_data();
    void readRanges();
    void ignoresSeqNotAboveLast_data();
    void ignoresSeqNotAboveLast();
    void search_data();
    void search();
    void searchNewestFirstAndMax_data();
    void searchNewestFirstAndMax();

    void memoryEpochIsRandomHex();
    void memoryRingDropsOldest();
    void memoryRingGrowsAfterDrops();
    void memoryDropBeforeAndCovers();

    void sqliteSchema();
    void sqliteWritePath();
    void sqliteWritesEitherWay_data();
    void sqliteWritesEitherWay();
    void sqliteFailedWriteRollsBack_data();
    void sqliteFailedWriteRollsBack();
    void sqliteCheckpointsOnItsOwnThread();
    void sqliteReopenKeepsEpochEventsAndSeq();
    void sqliteKilledKeepsReservedSeq();
    void sqliteReservationIsDurableBeforeCommit();
    void sqlitePendingVisibleButNotDurable();
    void sqliteOpenFailures_data();
    void sqliteOpenFailures();
    void sqliteOpenFailsInReadOnlyDirectory();
    void sqliteRetentionByCount();
    void sqliteRetentionByDays();
    void sqliteRetentionByDaysOnOpen();
    void sqliteTailBoundaryMatchesMemory_data();
    void sqliteTailBoundaryMatchesMemory();
    void sqliteSearchCatchesUpIndex();
    void sqliteBusyRoomDefersIndex();
    void sqliteIndexPendingInBatches();
    void sqliteTimerIndexes();
    void sqliteRetentionAfterIndexing();
    void sqliteReopenCatchesUpIndex_data();
    void sqliteReopenCatchesUpIndex();

    // A measurement to run by hand, never a timed assertion: CHATROOM_ROOMLOG_BENCH=1.
    void benchCommitCost();

private:
    static void addBackends();
    std::unique_ptr<RoomLog> makeLog(const QString &backend, const QList<Event> &events);
    std::unique_ptr<SqliteRoomLog> openSqlite(const QString &path,
                                              const RoomLog::Retention &retention = {});
    QString dbPath() const { return m_dir->filePath(u"room.db"_s); }

    // Opens a log with the Qt path forced (CHATROOM_SQLITE_VIA_QT) or not, whatever the
    // environment of the whole run says.
    std::unique_ptr<SqliteRoomLog> openSqliteVia(bool viaQt, const QString &path);
    static void addWritePaths();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_openError;
    qint64 m_now = 1'700'000'000'000;
};

void tst_RoomLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
    m_now = 1'700'000'000'000;
}

void tst_RoomLog::addBackends()
{
    QTest::addColumn<QString>("backend");
    for (const char *backend : Backends)
        QTest::newRow(backend) << QString::fromLatin1(backend);
}

std::unique_ptr<RoomLog> tst_RoomLog::makeLog(const QString &backend, const QList<Event> &events)
{
    std::unique_ptr<RoomLog> log;
    if (backend == u"memory"_s)
        log = std::make_unique<MemoryRoomLog>();
    else
        log = openSqlite(dbPath());
    if (!log || !log->open()) {
        m_openError = log ? log->errorString() : m_openError;
        return nullptr;
    }
    const qsizetype committed = backend == u"sqlite-pending"_s ? events.size() / 2 : events.size();
    for (qsizetype i = 0; i < events.size(); ++i) {
        log->append(events.at(i));
        if (i + 1 == committed)
            log->commit();
    }
    if (backend == u"sqlite-reopened"_s) {
        log.reset();
        log = openSqlite(dbPath());
    }
    return log;
}

std::unique_ptr<SqliteRoomLog> tst_RoomLog::openSqlite(const QString &path,
                                                       const RoomLog::Retention &retention)
{
    auto log = std::make_unique<SqliteRoomLog>(path, retention, [this] { return m_now; });
    if (log->open())
        return log;
    m_openError = log->errorString();
    return nullptr;
}

std::unique_ptr<SqliteRoomLog> tst_RoomLog::openSqliteVia(bool viaQt, const QString &path)
{
    const char *variable = SqliteEventWriter::ForceQtVariable;
    const QByteArray before = qgetenv(variable);
    const bool wasSet = qEnvironmentVariableIsSet(variable);
    if (viaQt)
        qputenv(variable, "1");
    else
        qunsetenv(variable);
    auto log = openSqlite(path);
    if (wasSet)
        qputenv(variable, before);
    else
        qunsetenv(variable);
    return log;
}

void tst_RoomLog::addWritePaths()
{
    QTest::addColumn<bool>("viaQt");
    QTest::newRow("sqlite-api") << false;
    QTest::newRow("qt") << true;
}

void tst_RoomLog::sqliteOpenFailsWithoutDriver()
{
    QTemporaryDir noPlugins;
    const QStringList paths = QCoreApplication::libraryPaths();
    QCoreApplication::setLibraryPaths({noPlugins.path()});
    const bool available = QSqlDatabase::isDriverAvailable(u"QSQLITE"_s);
    {
        SqliteRoomLog log(noPlugins.filePath(u"room.db"_s));
        const bool opened = log.open();
        const QString error = log.errorString();
        QCoreApplication::setLibraryPaths(paths);
        if (available)
            QSKIP("the SQL drivers were loaded before this test ran");
        QVERIFY(!opened);
        QVERIFY2(error.contains(u"QSQLITE"_s) && error.contains(noPlugins.filePath(u"room.db"_s)),
                 qPrintable(error));
    }
    QVERIFY(QSqlDatabase::isDriverAvailable(u"QSQLITE"_s));
}

void tst_RoomLog::emptyLog_data()
{
    addBackends();
}

void tst_RoomLog::emptyLog()
{
    QFETCH(QString, backend);
    const auto log = makeLog(backend, {});
    QVERIFY2(log, qPrintable(m_openError));
    QVERIFY(log->errorString().isEmpty());
    QVERIFY(!log->epoch().isEmpty());
    QCOMPARE(log->lastSeq(), 0u);
    QCOMPARE(log->firstSeq(), 1u);
    QVERIFY(log->read(0, End, 0, Filter::AllEvents).isEmpty());
    QVERIFY(log->search(u"hello"_s, 10).isEmpty());
}

void tst_RoomLog::appendAndReadAll_data()
{
    addBackends();
}

void tst_RoomLog::appendAndReadAll()
{
    QFETCH(QString, backend);
    const QList<Event> events = mixedEvents(1, 40);
    const auto log = makeLog(backend, events);
    QVERIFY2(log, qPrintable(m_openError));
    QCOMPARE(log->firstSeq(), 1u);
    QCOMPARE(log->lastSeq(), 40u);
    QCOMPARE(log->read(0, End, 0, Filter::AllEvents), events);
    QCOMPARE(log->read(0, End, 0, Filter::Messages),
             referenceRead(events, 0, End, 0, Filter::Messages));
    QCOMPARE(seqsOf(log->read(0, End, 0, Filter::Messages)).first(), 1u);

    Event bare; // null strings and payload, which the file's NOT NULL columns must take
    bare.seq = 41;
    log->append(bare);
    log->commit();
    QCOMPARE(log->read(40, End, 0, Filter::AllEvents), QList<Event>({bare}));
}

void tst_RoomLog::readRanges_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<quint64>("afterSeq");
    QTest::addColumn<quint64>("beforeSeq");
    QTest::addColumn<int>("max");
    QTest::addColumn<Filter>("filter");
    QTest::addColumn<QList<quint64>>("expected"); // empty: take referenceRead()'s word

    const auto All = Filter::AllEvents;
    const auto Messages = Filter::Messages;
    const struct
    {
        const char *name;
        quint64 afterSeq;
        quint64 beforeSeq;
        int max;
        Filter filter;
        QList<quint64> expected;
    } cases[] = {
        {"newest 3", 0, End, 3, All, {48, 49, 50}},
        {"newest 4 messages", 0, End, 4, Messages, {41, 43, 46, 48}},
        {"page back before 20", 0, 20, 3, Messages, {13, 16, 18}},
        {"after 45", 45, End, 0, All, {46, 47, 48, 49, 50}},
        {"window 10..20", 10, 20, 0, All, {}},
        {"window messages", 10, 20, 0, Messages, {11, 13, 16, 18}},
        {"max above range", 45, End, 100, All, {46, 47, 48, 49, 50}},
        {"everything", 0, End, 0, All, {}},
        {"every message", 0, End, 0, Messages, {}},
        {"empty window", 10, 11, 0, All, {}},
        {"inverted window", 20, 10, 0, All, {}},
        {"before the first", 0, 1, 0, All, {}},
        {"beforeSeq zero", 0, 0, 0, All, {}},
        {"after the last", 50, End, 0, All, {}},
        {"after the largest seq", End, End, 0, All, {}},
        {"only joins in range", 13, 16, 0, Messages, {}},
    };
    for (const char *backend : Backends) {
        for (const auto &c : cases)
            QTest::addRow("%s: %s", backend, c.name)
                << QString::fromLatin1(backend) << c.afterSeq << c.beforeSeq << c.max << c.filter
                << c.expected;
    }
}

void tst_RoomLog::readRanges()
{
    QFETCH(QString, backend);
    QFETCH(quint64, afterSeq);
    QFETCH(quint64, beforeSeq);
    QFETCH(int, max);
    QFETCH(Filter, filter);
    QFETCH(QList<quint64>, expected);

    const QList<Event> events = mixedEvents(1, 50);
    const auto log = makeLog(backend, events);
    QVERIFY2(log, qPrintable(m_openError));
    const QList<Event> reference = referenceRead(events, afterSeq, beforeSeq, max, filter);
    if (!expected.isEmpty())
        QCOMPARE(seqsOf(reference), expected); // the reference itself, checked by hand
    QCOMPARE(log->read(afterSeq, beforeSeq, max, filter), reference);
}

void tst_RoomLog::ignoresSeqNotAboveLast_data()
{
    addBackends();
}

void tst_RoomLog::ignoresSeqNotAboveLast()
{
    QFETCH(QString, backend);
    const QList<Event> events = mixedEvents(1, 6);
    const auto log = makeLog(backend, events);
    QVERIFY2(log, qPrintable(m_openError));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ignored event 4\\b"_s));
    log->append(makeEvent(4, MessageType::Chat, u"Mallory"_s, u"again"_s, m_now));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ignored event 0\\b"_s));
    log->append(makeEvent(0, MessageType::Chat, u"Mallory"_s, u"zero"_s, m_now));
    log->commit();
    QCOMPARE(log->lastSeq(), 6u);
    QCOMPARE(log->read(0, End, 0, Filter::AllEvents), events);
    QVERIFY(log->search(u"Mallory"_s, 0).isEmpty());

    log->append(makeEvent(7, MessageType::Chat, u"Carol"_s, u"next"_s, m_now));
    QCOMPARE(log->lastSeq(), 7u);
    QCOMPARE(seqsOf(log->read(5, End, 0, Filter::AllEvents)), QList<quint64>({6, 7}));
}

void tst_RoomLog::search_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<quint64>>("expected");

    const struct
    {
        const char *name;
        QString query;
        QList<quint64> expected;
    } cases[] = {
        {"english", u"hello"_s, {8, 1}},
        {"english, other case", u"HeLLo"_s, {8, 1}},
        {"across a space", u"o wor"_s, {1}},
        {"sender", u"bob"_s, {8, 5}},
        {"one chinese character", u"你"_s, {2}},
        {"two chinese characters", u"你好"_s, {2}},
        {"three chinese characters", u"说中文"_s, {9}},
        {"chinese sender", u"小红"_s, {9}},
        {"two latin characters", u"he"_s, {8, 5, 1}},
        {"percent", u"%"_s, {4}},
        {"percent, longer", u"5% l"_s, {4}},
        {"underscore", u"_"_s, {4}},
        {"underscore, longer", u"load_f"_s, {4}},
        {"underscore is no wildcard", u"load f"_s, {}},
        {"double quote", u"\""_s, {5}},
        {"quoted", u"\"quoted\""_s, {5}},
        {"fts syntax is text", u"quoted OR hello"_s, {}},
        {"cyrillic", u"ПРИВЕТ"_s, {6}},
        {"cyrillic, two characters", u"ал"_s, {6}},
        {"accented, one character", u"é"_s, {10}},
        {"accented", u"écol"_s, {10}},
        {"no match", u"xyz"_s, {}},
        {"no short match", u"zq"_s, {}},
        {"empty", QString(), {}},
    };
    for (const char *backend : Backends) {
        for (const auto &c : cases)
            QTest::addRow("%s: %s", backend, c.name)
                << QString::fromLatin1(backend) << c.query << c.expected;
    }
}

void tst_RoomLog::search()
{
    QFETCH(QString, backend);
    QFETCH(QString, query);
    QFETCH(QList<quint64>, expected);

    const QList<Event> events = {
        makeEvent(1, MessageType::Chat, u"Alice"_s, u"Hello World"_s, m_now),
        makeEvent(2, MessageType::Chat, u"小明"_s, u"你好，世界"_s, m_now),
        makeEvent(3, MessageType::Joined, u"Bob"_s, {}, m_now),
        makeEvent(4, MessageType::Broadcast, {}, u"Server at 5% load_factor"_s, m_now),
        makeEvent(5, MessageType::Chat, u"Bob"_s, u"He said \"quoted\" text"_s, m_now),
        makeEvent(6, MessageType::Chat, u"Алиса"_s, u"Привет всем"_s, m_now),
        makeEvent(7, MessageType::Left, u"你好"_s, {}, m_now),
        makeEvent(8, MessageType::Chat, u"bob"_s, u"hello again"_s, m_now),
        makeEvent(9, MessageType::Chat, u"小红"_s, u"我们说中文吧"_s, m_now),
        makeEvent(10, MessageType::Chat, u"Zoë"_s, u"ÉCOLE"_s, m_now),
    };
    const auto log = makeLog(backend, events);
    QVERIFY2(log, qPrintable(m_openError));
    const QList<Event> found = log->search(query, 0);
    QCOMPARE(seqsOf(found), expected);
    for (const Event &event : found)
        QCOMPARE(event, events.at(qsizetype(event.seq) - 1));
}

void tst_RoomLog::searchNewestFirstAndMax_data()
{
    addBackends();
}

void tst_RoomLog::searchNewestFirstAndMax()
{
    QFETCH(QString, backend);
    QList<Event> events;
    for (quint64 seq = 1; seq <= 30; ++seq) {
        events.append(makeEvent(seq, seq % 2 ? MessageType::Chat : MessageType::Broadcast,
                                u"Alice"_s, u"message %1 消息"_s.arg(seq), m_now));
    }
    const auto log = makeLog(backend, events);
    QVERIFY2(log, qPrintable(m_openError));
    QCOMPARE(seqsOf(log->search(u"MESSAGE"_s, 5)), QList<quint64>({30, 29, 28, 27, 26}));
    // Across the uncommitted and committed halves of sqlite-pending.
    QList<quint64> newest20 = seqRange(11, 30);
    std::reverse(newest20.begin(), newest20.end());
    QCOMPARE(seqsOf(log->search(u"message"_s, 20)), newest20);
    QCOMPARE(log->search(u"消息"_s, 0).size(), 30);
}

void tst_RoomLog::memoryEpochIsRandomHex()
{
    const MemoryRoomLog a;
    const MemoryRoomLog b;
    const QRegularExpression hex(u"^[0-9a-f]{32}$"_s);
    QVERIFY2(hex.match(a.epoch()).hasMatch(), qPrintable(a.epoch()));
    QVERIFY2(hex.match(b.epoch()).hasMatch(), qPrintable(b.epoch()));
    QVERIFY(a.epoch() != b.epoch());
    QCOMPARE(MemoryRoomLog(10, u"given"_s).epoch(), u"given"_s);
}

void tst_RoomLog::memoryRingDropsOldest()
{
    MemoryRoomLog log(5);
    QVERIFY(log.open());
    const QList<Event> events = mixedEvents(1, 8);
    for (const Event &event : events)
        log.append(event);
    QCOMPARE(log.size(), 5);
    QCOMPARE(log.firstSeq(), 4u);
    QCOMPARE(log.lastSeq(), 8u);
    QCOMPARE(log.read(0, End, 0, Filter::AllEvents), events.mid(3));
    QCOMPARE(seqsOf(log.read(0, 6, 0, Filter::AllEvents)), QList<quint64>({4, 5}));
    QCOMPARE(seqsOf(log.read(5, End, 2, Filter::AllEvents)), QList<quint64>({7, 8}));
    QCOMPARE(seqsOf(log.read(0, End, 0, Filter::Messages)), QList<quint64>({6, 8}));
    QCOMPARE(seqsOf(log.search(u"hello"_s, 0)), QList<quint64>({6}));
    for (const Event &event : mixedEvents(9, 23))
        log.append(event);
    QCOMPARE(seqsOf(log.read(0, End, 0, Filter::AllEvents)), seqRange(19, 23));
}

void tst_RoomLog::memoryRingGrowsAfterDrops()
{
    // The ring grows lazily, so a drop can leave it wrapped while it still has room to grow.
    MemoryRoomLog log(10);
    for (const Event &event : mixedEvents(1, 4))
        log.append(event);
    log.dropBefore(3);
    for (const Event &event : mixedEvents(5, 7))
        log.append(event);
    QCOMPARE(seqsOf(log.read(0, End, 0, Filter::AllEvents)), seqRange(3, 7));
    for (const Event &event : mixedEvents(8, 15))
        log.append(event);
    QCOMPARE(log.size(), 10);
    QCOMPARE(seqsOf(log.read(0, End, 0, Filter::AllEvents)), seqRange(6, 15));
    QCOMPARE(seqsOf(log.read(9, 13, 0, Filter::AllEvents)), seqRange(10, 12));
}

void tst_RoomLog::memoryDropBeforeAndCovers()
{
    MemoryRoomLog log(5);
    QVERIFY(log.covers(0));
    for (const Event &event : mixedEvents(1, 10))
        log.append(event);
    QCOMPARE(log.firstSeq(), 6u);
    QVERIFY(log.covers(5));
    QVERIFY(!log.covers(4));
    QVERIFY(log.covers(End));

    log.dropBefore(8);
    QCOMPARE(log.firstSeq(), 8u);
    QVERIFY(log.covers(7));
    QVERIFY(!log.covers(6));
    QCOMPARE(seqsOf(log.read(0, End, 0, Filter::AllEvents)), QList<quint64>({8, 9, 10}));

    log.dropBefore(100);
    QCOMPARE(log.size(), 0);
    QCOMPARE(log.firstSeq(), 11u);
    QVERIFY(log.read(0, End, 0, Filter::AllEvents).isEmpty());
    log.append(mixedEvents(11, 11).constFirst());
    QCOMPARE(log.firstSeq(), 11u);
    QCOMPARE(log.searchAfter(10, u"hello"_s, 0).size(), 1);
    QVERIFY(log.searchAfter(11, u"hello"_s, 0).isEmpty());
}

void tst_RoomLog::sqliteCheckpointsOnItsOwnThread()
{
    const auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    // One event per commit, as a room with one message per event-loop pass commits.
    for (quint64 seq = 1; seq <= quint64(SqliteRoomLog::CheckpointCommits); ++seq) {
        QCOMPARE(log->checkpointsCompleted(), 0);
        log->append(mixedEvents(seq, seq).constFirst());
        log->commit();
    }
    QTRY_COMPARE(log->checkpointsCompleted(), 1);
    // Everything is still there, through the file as through the log.
    const FileInspector file(dbPath());
    QCOMPARE(file.storedSeqs(), seqRange(1, SqliteRoomLog::CheckpointCommits));
    QCOMPARE(log->read(0, End, 0, Filter::AllEvents).size(), SqliteRoomLog::CheckpointCommits);
}

void tst_RoomLog::sqliteSchema()
{
    const auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    for (const Event &event : mixedEvents(1, 10))
        log->append(event);
    log->commit();

    const FileInspector file(dbPath());
    QCOMPARE(file.value(u"PRAGMA user_version"_s).toInt(), 1);
    QCOMPARE(file.value(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(file.value(u"SELECT value FROM meta WHERE key = 'epoch'"_s).toString(), log->epoch());
    QCOMPARE(file.value(u"SELECT value FROM meta WHERE key = 'reservedSeq'"_s).toString(),
             QString::number(1 + SqliteRoomLog::ReserveAhead));
    QCOMPARE(file.storedSeqs(), seqRange(1, 10));
    QCOMPARE(file.value(u"SELECT payload FROM events WHERE seq = 3"_s).toByteArray(),
             QByteArray("\x46"
                        "3"));
    // A commit indexes nothing: only the delete trigger is left.
    QCOMPARE(file.value(u"SELECT group_concat(name) FROM sqlite_schema WHERE type = 'trigger'"_s)
                 .toString(),
             u"events_fts_delete"_s);
    QCOMPARE(file.value(u"SELECT value FROM meta WHERE key = 'indexedSeq'"_s).toString(), u"0"_s);
    QCOMPARE(file.value(u"SELECT count(*) FROM events_fts WHERE events_fts MATCH 'llo'"_s).toInt(),
             0);
    QCOMPARE(file.run(u"INSERT INTO events_fts(events_fts) VALUES ('integrity-check')"_s),
             QString());
    // Only Chat and Broadcast are indexed, and the index agrees with the table.
    log->indexPending();
    QCOMPARE(log->indexedSeq(), 10u);
    QCOMPARE(file.value(u"SELECT value FROM meta WHERE key = 'indexedSeq'"_s).toString(), u"10"_s);
    QCOMPARE(file.value(u"SELECT count(*) FROM events_fts WHERE events_fts MATCH 'llo'"_s).toInt(),
             2);
    QCOMPARE(file.run(u"INSERT INTO events_fts(events_fts) VALUES ('integrity-check')"_s),
             QString());
}

void tst_RoomLog::sqliteWritePath()
{
    // The build's CMake check passed (Debian: the QSQLITE plugin links our libsqlite3), so
    // the run-time check must pass too, unless the environment forces the Qt path; the
    // whole suite runs both ways (tst_roomlog and tst_roomlog_viaqt).
    const QByteArray forced = qgetenv(SqliteEventWriter::ForceQtVariable);
    const bool viaQt = !forced.isEmpty() && forced != "0";
    const auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    QCOMPARE(log->writesThroughSqliteApi(), bool(CHATROOM_EXPECT_SQLITE_API) && !viaQt);
    QCOMPARE(openSqliteVia(true, m_dir->filePath(u"qt.db"_s))->writesThroughSqliteApi(), false);
}

void tst_RoomLog::sqliteWritesEitherWay_data()
{
    addWritePaths();
}

void tst_RoomLog::sqliteWritesEitherWay()
{
    QFETCH(bool, viaQt);
    if (!viaQt && !CHATROOM_EXPECT_SQLITE_API)
        QSKIP("built without SQLite's C API (CHATROOM_SQLITE_API)");
    const auto log = openSqliteVia(viaQt, dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    QCOMPARE(log->writesThroughSqliteApi(), !viaQt);
    // Empty and null text, nickname and payload (the columns are NOT NULL), text beyond
    // ASCII and beyond the BMP, a large seq and time: what comes back is what went in.
    // The null values first: the first row a fresh log binds, with its buffers unused.
    Event empty = makeEvent(1, MessageType::Left, QString(), QString(), -1);
    empty.payload = QByteArray();
    QList<Event> events = {empty};
    events += mixedEvents(2, 11);
    events.append(makeEvent(12, MessageType::Chat, u"名字😀"_s, u"😀 ünïcödé 你好 "_s.repeated(50),
                            std::numeric_limits<qint64>::max()));
    events.append(makeEvent(13, MessageType::Chat, u""_s, u""_s, 0));
    for (const Event &event : events.mid(0, 5))
        log->append(event);
    log->commit();
    for (const Event &event : events.mid(5))
        log->append(event);
    log->commit();

    const QString killed = m_dir->filePath(u"killed.db"_s);
    QVERIFY(copyAsKilled(dbPath(), killed));
    {
        const FileInspector file(killed);
        QCOMPARE(file.storedSeqs(), seqRange(1, 13));
        QCOMPARE(file.value(u"SELECT value FROM meta WHERE key = 'reservedSeq'"_s).toString(),
                 QString::number(1 + SqliteRoomLog::ReserveAhead));
        QCOMPARE(file.value(u"SELECT typeof(text) || typeof(payload) FROM events WHERE seq = 1"_s)
                     .toString(),
                 u"textblob"_s);
    }
    const auto restarted = openSqliteVia(viaQt, killed);
    QVERIFY2(restarted, qPrintable(m_openError));
    // Null strings and payloads come back empty, which compare equal.
    QCOMPARE(restarted->read(0, End, 0, Filter::AllEvents), events);
    QCOMPARE(seqsOf(restarted->search(u"ünïcödé"_s, 0)), QList<quint64>({12}));
    QCOMPARE(restarted->lastSeq(), 1 + SqliteRoomLog::ReserveAhead);
}

void tst_RoomLog::sqliteFailedWriteRollsBack_data()
{
    addWritePaths();
}

void tst_RoomLog::sqliteFailedWriteRollsBack()
{
    QFETCH(bool, viaQt);
    if (!viaQt && !CHATROOM_EXPECT_SQLITE_API)
        QSKIP("built without SQLite's C API (CHATROOM_SQLITE_API)");
    const auto log = openSqliteVia(viaQt, dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    for (const Event &event : mixedEvents(1, 3))
        log->append(event);
    log->commit();
    // A row the file refuses, in the middle of a batch.
    const FileInspector file(dbPath());
    QCOMPARE(file.run(u"CREATE TRIGGER refuse BEFORE INSERT ON events WHEN new.seq = 6"
                      " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s),
             QString());
    const QList<Event> events = mixedEvents(4, 8);
    for (const Event &event : events)
        log->append(event);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"refused by the test"_s));
    log->commit();
    QVERIFY2(log->errorString().contains(u"refused by the test"_s), qPrintable(log->errorString()));
    // Nothing of the batch is in the file, all of it still in the log, and the transaction
    // is closed: the other connection can write.
    QCOMPARE(file.storedSeqs(), seqRange(1, 3));
    QCOMPARE(log->read(3, End, 0, Filter::AllEvents), events);
    QCOMPARE(file.run(u"DROP TRIGGER refuse"_s), QString());
    log->commit();
    QCOMPARE(file.storedSeqs(), seqRange(1, 8));
}

void tst_RoomLog::sqliteReopenKeepsEpochEventsAndSeq()
{
    const QList<Event> events = mixedEvents(1, 20);
    QString epoch;
    {
        const auto log = openSqlite(dbPath());
        QVERIFY2(log, qPrintable(m_openError));
        epoch = log->epoch();
        QVERIFY2(QRegularExpression(u"^[0-9a-f]{32}$"_s).match(epoch).hasMatch(),
                 qPrintable(epoch));
        for (const Event &event : events)
            log->append(event);
        // No commit(): a clean stop commits.
    }
    {
        const FileInspector file(dbPath());
        QCOMPARE(file.value(u"SELECT value FROM meta WHERE key = 'reservedSeq'"_s).toString(),
                 u"20"_s);
    }
    auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    QCOMPARE(log->epoch(), epoch);
    QCOMPARE(log->lastSeq(), 20u); // a clean stop gives the reserved seqs back
    QCOMPARE(log->firstSeq(), 1u);
    QCOMPARE(log->read(0, End, 0, Filter::AllEvents), events);
    QCOMPARE(seqsOf(log->search(u"你好"_s, 2)), QList<quint64>({16, 11}));

    log->append(mixedEvents(21, 21).constFirst());
    log.reset();
    log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    QCOMPARE(log->epoch(), epoch);
    QCOMPARE(log->lastSeq(), 21u);
    QCOMPARE(log->read(20, End, 0, Filter::AllEvents), mixedEvents(21, 21));

    const auto other = openSqlite(m_dir->filePath(u"other.db"_s));
    QVERIFY2(other, qPrintable(m_openError));
    QVERIFY(other->epoch() != epoch);
}

void tst_RoomLog::sqliteKilledKeepsReservedSeq()
{
    const QList<Event> events = mixedEvents(1, 15);
    const auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    for (const Event &event : events.mid(0, 10))
        log->append(event);
    log->commit();
    for (const Event &event : events.mid(10))
        log->append(event);

    const QString killed = m_dir->filePath(u"killed.db"_s);
    QVERIFY(copyAsKilled(dbPath(), killed));
    const auto restarted = openSqlite(killed);
    QVERIFY2(restarted, qPrintable(m_openError));
    QCOMPARE(restarted->epoch(), log->epoch());
    // Seqs up to the reservation may have reached clients: the room continues after it.
    QVERIFY(restarted->lastSeq() >= 15);
    QCOMPARE(restarted->lastSeq(), 1 + SqliteRoomLog::ReserveAhead);
    QCOMPARE(restarted->read(0, End, 0, Filter::AllEvents), events.mid(0, 10));
    QVERIFY(restarted->search(u"hello 你好 11"_s, 0).isEmpty());

    const quint64 next = restarted->lastSeq() + 1;
    restarted->append(makeEvent(next, MessageType::Chat, u"Alice"_s, u"back"_s, m_now));
    QCOMPARE(restarted->lastSeq(), next);
    QCOMPARE(seqsOf(restarted->read(0, End, 2, Filter::AllEvents)), QList<quint64>({10, next}));
}

void tst_RoomLog::sqliteReservationIsDurableBeforeCommit()
{
    const quint64 count = SqliteRoomLog::ReserveAhead + 10;
    const auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    for (const Event &event : mixedEvents(1, count))
        log->append(event); // never commit()

    const QString killed = m_dir->filePath(u"killed.db"_s);
    QVERIFY(copyAsKilled(dbPath(), killed));
    const auto restarted = openSqlite(killed);
    QVERIFY2(restarted, qPrintable(m_openError));
    // The event that passed the first reservation made a new one durable, synchronously.
    const quint64 passed = SqliteRoomLog::ReserveAhead + 2;
    QVERIFY(restarted->lastSeq() >= count);
    QCOMPARE(restarted->lastSeq(), passed + SqliteRoomLog::ReserveAhead);
    QCOMPARE(restarted->read(0, End, 1, Filter::AllEvents).constFirst().seq, passed);
}

void tst_RoomLog::sqlitePendingVisibleButNotDurable()
{
    const auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    const QList<Event> events = mixedEvents(1, 5)
        + QList<Event> {makeEvent(6, MessageType::Chat, u"Carol"_s, u"pending 草稿 text"_s, m_now),
                        makeEvent(7, MessageType::Left, u"Carol"_s, {}, m_now)};
    for (const Event &event : events.mid(0, 5))
        log->append(event);
    log->commit();
    log->append(events.at(5));
    log->append(events.at(6));

    QCOMPARE(log->read(0, End, 0, Filter::AllEvents), events);
    QCOMPARE(seqsOf(log->read(0, End, 1, Filter::Messages)), QList<quint64>({6}));
    QCOMPARE(seqsOf(log->search(u"PENDING"_s, 0)), QList<quint64>({6}));
    QCOMPARE(seqsOf(log->search(u"草"_s, 0)), QList<quint64>({6}));
    QCOMPARE(seqsOf(log->search(u"hello"_s, 0)), QList<quint64>({1}));

    const QString before = m_dir->filePath(u"before.db"_s);
    QVERIFY(copyAsKilled(dbPath(), before));
    {
        const FileInspector file(before);
        QCOMPARE(file.storedSeqs(), seqRange(1, 5));
    }
    log->commit();
    const QString after = m_dir->filePath(u"after.db"_s);
    QVERIFY(copyAsKilled(dbPath(), after));
    const auto restarted = openSqlite(after);
    QVERIFY2(restarted, qPrintable(m_openError));
    QCOMPARE(restarted->read(0, End, 0, Filter::AllEvents), events);
    QCOMPARE(seqsOf(restarted->search(u"pending"_s, 0)), QList<quint64>({6}));
    QCOMPARE(seqsOf(restarted->search(u"草"_s, 0)), QList<quint64>({6}));
}

void tst_RoomLog::sqliteOpenFailures_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("reason");
    QTest::newRow("directory under a file") << u"file-as-dir"_s << u"directory"_s;
    QTest::newRow("corrupt file") << u"garbage"_s << u"not a database"_s;
    QTest::newRow("newer schema") << u"newer"_s << u"newer version of Chatroom"_s;
}

void tst_RoomLog::sqliteOpenFailures()
{
    QFETCH(QString, kind);
    QFETCH(QString, reason);

    QString path = dbPath();
    QByteArray contents;
    if (kind == u"file-as-dir"_s) {
        QFile file(m_dir->filePath(u"file"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        path = m_dir->filePath(u"file/room.db"_s);
    } else if (kind == u"garbage"_s) {
        contents.resize(4096);
        QRandomGenerator generator(42);
        generator.fillRange(reinterpret_cast<quint32 *>(contents.data()), contents.size() / 4);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(contents), contents.size());
    } else {
        const FileInspector file(path);
        QCOMPARE(file.run(u"PRAGMA user_version = 99"_s), QString());
    }

    SqliteRoomLog log(path);
    QVERIFY(!log.open());
    const QString error = log.errorString();
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(reason, Qt::CaseInsensitive), qPrintable(error));
    // Still usable as an object, and nothing was written.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"not open"_s));
    log.append(makeEvent(1, MessageType::Chat, u"Alice"_s, u"hi"_s, m_now));
    log.commit();
    QCOMPARE(log.lastSeq(), 0u);
    QVERIFY(log.read(0, End, 0, Filter::AllEvents).isEmpty());
    QVERIFY(log.search(u"hi"_s, 0).isEmpty());
    if (!contents.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), contents);
    }
}

void tst_RoomLog::sqliteOpenFailsInReadOnlyDirectory()
{
    if (::geteuid() == 0)
        QSKIP("root writes to read-only directories; sqliteOpenFailures covers an uncreatable one");
    const QString directory = m_dir->filePath(u"readonly"_s);
    QVERIFY(QDir().mkpath(directory));
    QVERIFY(QFile::setPermissions(directory, QFile::ReadOwner | QFile::ExeOwner));
    const QString path = directory + u"/room.db"_s;
    SqliteRoomLog log(path);
    const bool opened = log.open();
    QFile::setPermissions(directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(!opened);
    QVERIFY2(log.errorString().contains(path), qPrintable(log.errorString()));
}

void tst_RoomLog::sqliteRetentionByCount()
{
    const RoomLog::Retention retention {100, 0};
    const qint64 slack = SqliteRoomLog::retentionSlack(retention.maxEvents);
    auto log = openSqlite(dbPath(), retention);
    QVERIFY2(log, qPrintable(m_openError));

    // The rows the file holds after each commit, by the documented rule.
    quint64 expectedFirst = 1;
    const quint64 last = 1200;
    for (quint64 seq = 1; seq <= last; ++seq) {
        log->append(
            makeEvent(seq, MessageType::Chat, u"Alice"_s, u"number %1 end"_s.arg(seq), m_now));
        if (seq % 50 == 0) {
            log->commit();
            if (qint64(seq - expectedFirst + 1) > retention.maxEvents + slack)
                expectedFirst = seq - retention.maxEvents + 1;
            QCOMPARE(log->firstSeq(), expectedFirst);
        }
    }
    QVERIFY(expectedFirst > 1);
    QCOMPARE(seqsOf(log->read(0, End, 0, Filter::AllEvents)), seqRange(expectedFirst, last));
    QVERIFY(log->read(0, expectedFirst, 0, Filter::AllEvents).isEmpty());
    QCOMPARE(seqsOf(log->read(expectedFirst - 500, expectedFirst + 3, 0, Filter::AllEvents)),
             seqRange(expectedFirst, expectedFirst + 2));
    QVERIFY(log->search(u"number 7 end"_s, 0).isEmpty());
    QCOMPARE(seqsOf(log->search(u"number 1199 end"_s, 0)), QList<quint64>({1199}));
    {
        const FileInspector file(dbPath());
        QCOMPARE(file.storedSeqs(), seqRange(expectedFirst, last));
        QCOMPARE(file.run(u"INSERT INTO events_fts(events_fts) VALUES ('integrity-check')"_s),
                 QString());
    }
    log.reset();
    log = openSqlite(dbPath(), retention);
    QVERIFY2(log, qPrintable(m_openError));
    QCOMPARE(log->firstSeq(), expectedFirst);
    QCOMPARE(log->lastSeq(), last);
}

void tst_RoomLog::sqliteRetentionByDays()
{
    const auto log = openSqlite(dbPath(), {0, 2});
    QVERIFY2(log, qPrintable(m_openError));
    for (const Event &event : mixedEvents(1, 10, m_now - 5 * DayMs))
        log->append(event);
    for (const Event &event : mixedEvents(11, 20, m_now - DayMs))
        log->append(event);
    log->commit();
    QCOMPARE(log->firstSeq(), 1u); // checked at most once a minute

    m_now += 61 * 1000;
    log->commit();
    QCOMPARE(log->firstSeq(), 11u);
    QCOMPARE(seqsOf(log->read(0, End, 0, Filter::AllEvents)), seqRange(11, 20));
    QCOMPARE(seqsOf(log->search(u"hello"_s, 0)), QList<quint64>({16, 11}));

    m_now += 2 * DayMs;
    log->commit();
    QCOMPARE(log->firstSeq(), 21u);
    QCOMPARE(log->lastSeq(), 20u);
    QVERIFY(log->read(0, End, 0, Filter::AllEvents).isEmpty());
    QVERIFY(log->search(u"hello"_s, 0).isEmpty());
    QVERIFY(log->search(u"你"_s, 0).isEmpty());

    log->append(makeEvent(21, MessageType::Chat, u"Alice"_s, u"fresh"_s, m_now));
    QCOMPARE(log->firstSeq(), 21u);
    QCOMPARE(seqsOf(log->read(0, End, 0, Filter::AllEvents)), QList<quint64>({21}));
    const FileInspector file(dbPath());
    QCOMPARE(file.run(u"INSERT INTO events_fts(events_fts) VALUES ('integrity-check')"_s),
             QString());
}

void tst_RoomLog::sqliteRetentionByDaysOnOpen()
{
    {
        const auto log = openSqlite(dbPath());
        QVERIFY2(log, qPrintable(m_openError));
        for (const Event &event : mixedEvents(1, 10, m_now))
            log->append(event);
    }
    m_now += 3 * DayMs;
    const auto log = openSqlite(dbPath(), {0, 2});
    QVERIFY2(log, qPrintable(m_openError));
    QCOMPARE(log->lastSeq(), 10u);
    QCOMPARE(log->firstSeq(), 11u);
    QVERIFY(log->read(0, End, 0, Filter::AllEvents).isEmpty());
}

void tst_RoomLog::sqliteTailBoundaryMatchesMemory_data()
{
    QTest::addColumn<bool>("reopen");
    QTest::newRow("tail full") << false;
    QTest::newRow("reopened, short tail") << true;
}

void tst_RoomLog::sqliteTailBoundaryMatchesMemory()
{
    QFETCH(bool, reopen);
    const quint64 stored = SqliteRoomLog::TailCapacity + 3000;
    const quint64 last = stored + 100;
    const QList<Event> events = mixedEvents(1, last);
    MemoryRoomLog memory {qsizetype(last)};
    for (const Event &event : events)
        memory.append(event);

    auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    for (quint64 seq = 1; seq <= stored; ++seq) {
        log->append(events.at(qsizetype(seq) - 1));
        if (seq % 500 == 0)
            log->commit();
    }
    log->commit();
    if (reopen) {
        log.reset();
        log = openSqlite(dbPath());
        QVERIFY2(log, qPrintable(m_openError));
    }
    for (quint64 seq = stored + 1; seq <= last; ++seq)
        log->append(events.at(qsizetype(seq) - 1)); // left pending, in the tail only
    // The oldest seq the tail holds: reads before it come from the file.
    const quint64 floor = reopen ? stored + 1 : last - SqliteRoomLog::TailCapacity + 1;

    const struct
    {
        quint64 afterSeq;
        quint64 beforeSeq;
        int max;
    } ranges[] = {
        {0, End, 0},
        {0, End, 10},
        {0, End, 5000},
        {0, End, 9000},
        {floor - 100, floor + 50, 0},
        {floor - 100, floor + 50, 120},
        {floor - 100, floor + 50, 20},
        {floor - 2, floor + 1, 0},
        {floor - 2, floor, 0},
        {floor - 1, End, 0},
        {floor - 1, floor + 3, 0},
        {100, floor + 5, 30},
        {100, 200, 0},
        {0, 1000, 7},
        {last - 50, End, 0},
        {stored - 3, stored + 3, 0},
    };
    for (const auto &range : ranges) {
        for (const Filter filter : {Filter::AllEvents, Filter::Messages}) {
            const QList<Event> expected =
                memory.read(range.afterSeq, range.beforeSeq, range.max, filter);
            const QList<Event> actual =
                log->read(range.afterSeq, range.beforeSeq, range.max, filter);
            QVERIFY2(
                actual == expected,
                qPrintable(u"read(%1, %2, %3, %4): %5 events, expected %6"_s.arg(range.afterSeq)
                               .arg(range.beforeSeq)
                               .arg(range.max)
                               .arg(int(filter))
                               .arg(actual.size())
                               .arg(expected.size())));
        }
    }
    QCOMPARE(seqsOf(log->search(u"hello 你好"_s, 3)), seqsOf(memory.search(u"hello 你好"_s, 3)));
    QCOMPARE(log->search(u"你"_s, 0).size(), memory.search(u"你"_s, 0).size());
}

void tst_RoomLog::sqliteSearchCatchesUpIndex()
{
    const auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    for (const Event &event : mixedEvents(1, 20))
        log->append(event);
    log->commit();
    QCOMPARE(log->indexedSeq(), 0u);
    const FileInspector file(dbPath());
    // (A plain count(*) would read the external content, the events table.)
    QCOMPARE(file.value(u"SELECT count(*) FROM events_fts WHERE events_fts MATCH 'llo'"_s).toInt(),
             0);

    // Committed, in the file, not in the index: search adds them first.
    QCOMPARE(seqsOf(log->search(u"hello 你好"_s, 0)), QList<quint64>({16, 11, 6, 1}));
    QCOMPARE(log->indexedSeq(), 20u);
    QCOMPARE(
        file.value(u"SELECT count(*) FROM events_fts WHERE events_fts MATCH 'notice'"_s).toInt(),
        4);
    // Committed and pending at once: the pending one from the tail, once.
    for (const Event &event : mixedEvents(21, 26))
        log->append(event);
    log->commit();
    log->append(makeEvent(27, MessageType::Chat, u"Carol"_s, u"hello 你好 pending"_s, m_now));
    QCOMPARE(seqsOf(log->search(u"hello 你好"_s, 0)), QList<quint64>({27, 26, 21, 16, 11, 6, 1}));
    QCOMPARE(log->indexedSeq(), 26u);
    QCOMPARE(file.run(u"INSERT INTO events_fts(events_fts) VALUES ('integrity-check')"_s),
             QString());
}

void tst_RoomLog::sqliteBusyRoomDefersIndex()
{
    // Indexing costs more than committing; a room that keeps talking does not pay for it
    // until it pauses, or until the oldest unindexed message has waited MaxIndexLag.
    const auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    log->setIndexDelay(std::chrono::milliseconds(10));
    for (const Event &event : mixedEvents(1, 10))
        log->append(event);
    log->commit();
    // The clock stands still: no moment without a message. The timer looks several times
    // (real time passes) and leaves the messages alone.
    QTest::qWait(100);
    QCOMPARE(log->indexedSeq(), 0u);
    // Still talking a minute later: the first messages have waited long enough.
    m_now += SqliteRoomLog::MaxIndexLag.count() - 5;
    for (const Event &event : mixedEvents(11, 15))
        log->append(event);
    log->commit();
    QTest::qWait(50);
    QCOMPARE(log->indexedSeq(), 0u);
    m_now += 5;
    for (const Event &event : mixedEvents(16, 20))
        log->append(event);
    log->commit();
    QTRY_COMPARE(log->indexedSeq(), 20u);
    // Searching never waits for the index: it catches up first.
    for (const Event &event : mixedEvents(21, 26))
        log->append(event);
    log->commit();
    QCOMPARE(log->search(u"hello"_s, 0).size(), 6);
}

void tst_RoomLog::sqliteIndexPendingInBatches()
{
    const auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    for (const Event &event : mixedEvents(1, 20))
        log->append(event);
    log->commit();
    // The messages are 1, 3, 6, 8, 11, 13, 16, 18: three of them end at 6.
    log->indexPending(3);
    QCOMPARE(log->indexedSeq(), 6u);
    log->indexPending(3);
    QCOMPARE(log->indexedSeq(), 13u);
    // Fewer than asked are left: the batch runs to the last committed event, a Left.
    log->indexPending(100);
    QCOMPARE(log->indexedSeq(), 20u);
    log->indexPending();
    QCOMPARE(log->indexedSeq(), 20u);
    const FileInspector file(dbPath());
    QCOMPARE(file.value(u"SELECT count(*) FROM events_fts WHERE events_fts MATCH 'llo'"_s).toInt(),
             4);
    QCOMPARE(file.run(u"INSERT INTO events_fts(events_fts) VALUES ('integrity-check')"_s),
             QString());
}

void tst_RoomLog::sqliteTimerIndexes()
{
    const auto log = openSqlite(dbPath());
    QVERIFY2(log, qPrintable(m_openError));
    QCOMPARE(log->indexDelay(), SqliteRoomLog::DefaultIndexDelay);
    log->setIndexDelay(std::chrono::milliseconds(10));
    for (const Event &event : mixedEvents(1, 10))
        log->append(event);
    log->commit();
    QCOMPARE(log->indexedSeq(), 0u); // the commit itself indexes nothing
    m_now += 10; // the room is quiet for the delay
    QTRY_COMPARE(log->indexedSeq(), 10u);

    // Armed again by the next commit that leaves messages behind.
    for (const Event &event : mixedEvents(11, 15))
        log->append(event);
    log->commit();
    QCOMPARE(log->indexedSeq(), 10u);
    m_now += 10;
    QTRY_COMPARE(log->indexedSeq(), 15u);
    const FileInspector file(dbPath());
    QCOMPARE(file.value(u"SELECT value FROM meta WHERE key = 'indexedSeq'"_s).toString(), u"15"_s);
    QCOMPARE(file.value(u"SELECT count(*) FROM events_fts WHERE events_fts MATCH 'llo'"_s).toInt(),
             3);

    // A backlog larger than one chunk: indexed a chunk at a time, the event loop running
    // in between, until all of it is done.
    const quint64 from = 16;
    const quint64 to = from + 3 * SqliteRoomLog::IndexChunkRows;
    for (const Event &event : mixedEvents(from, to))
        log->append(event);
    log->commit();
    m_now += 10;
    QTRY_COMPARE(log->indexedSeq(), to);
    qsizetype hellos = 0; // mixedEvents: every seq % 5 == 1 is Alice's "hello 你好 <seq>"
    for (quint64 seq = 1; seq <= to; ++seq)
        hellos += seq % 5 == 1 ? 1 : 0;
    QCOMPARE(log->search(u"hello"_s, 0).size(), hellos);
}

void tst_RoomLog::sqliteRetentionAfterIndexing()
{
    const RoomLog::Retention retention {100, 0};
    const auto log = openSqlite(dbPath(), retention);
    QVERIFY2(log, qPrintable(m_openError));
    const FileInspector file(dbPath());
    const quint64 last = 2500;
    const QList<Event> events = mixedEvents(1, last);
    int deletions = 0;
    for (quint64 seq = 1; seq <= last; ++seq) {
        log->append(events.at(qsizetype(seq) - 1));
        if (seq % 50 != 0)
            continue;
        const quint64 firstBefore = log->firstSeq();
        log->commit();
        if (log->firstSeq() != firstBefore) {
            // Retention deleted indexed and unindexed rows: the index must still agree.
            ++deletions;
            QCOMPARE(file.run(u"INSERT INTO events_fts(events_fts) VALUES ('integrity-check')"_s),
                     QString());
        }
        // Index part of what is committed, at a varying point, so that each deletion has
        // indexed rows below indexedSeq and unindexed rows above it.
        if (seq % 150 == 0)
            log->indexPending(int(seq % 7) * 5 + 3);
    }
    QVERIFY(deletions >= 2);
    QVERIFY(log->indexedSeq() < last);
    QCOMPARE(log->search(u"hello 你好 11"_s, 0).size(), 0);
    const quint64 newest = last - 4; // seq % 5 == 1: a Chat
    QCOMPARE(seqsOf(log->search(u"hello 你好 %1"_s.arg(newest), 0)), QList<quint64>({newest}));
    QCOMPARE(log->indexedSeq(), last);
    QCOMPARE(file.run(u"INSERT INTO events_fts(events_fts) VALUES ('integrity-check')"_s),
             QString());
    // Every indexed row is a message still in the table. integrity-check alone would not
    // see index entries left behind by a missing delete: SQLite 3.40 does not compare an
    // external-content index with its content table.
    const int messages = int(log->read(0, End, 0, Filter::Messages).size());
    QCOMPARE(file.value(u"SELECT count(*) FROM events_fts WHERE events_fts MATCH 'llo'"_s).toInt()
                 + file.value(u"SELECT count(*) FROM events_fts WHERE events_fts MATCH 'notice'"_s)
                       .toInt(),
             messages);
}

void tst_RoomLog::sqliteReopenCatchesUpIndex_data()
{
    QTest::addColumn<bool>("killed");
    QTest::newRow("stopped") << false;
    QTest::newRow("killed") << true;
}

void tst_RoomLog::sqliteReopenCatchesUpIndex()
{
    QFETCH(bool, killed);
    QString path = dbPath();
    {
        const auto log = openSqlite(path);
        QVERIFY2(log, qPrintable(m_openError));
        for (const Event &event : mixedEvents(1, 20))
            log->append(event);
        log->commit();
        log->indexPending(2); // up to 3
        for (const Event &event : mixedEvents(21, 30))
            log->append(event);
        log->commit();
        if (killed) {
            path = m_dir->filePath(u"killed.db"_s);
            QVERIFY(copyAsKilled(dbPath(), path));
        }
        // The destructor does not index either.
    }
    {
        const FileInspector file(path);
        QCOMPARE(file.value(u"SELECT value FROM meta WHERE key = 'indexedSeq'"_s).toString(),
                 u"3"_s);
    }
    const auto log = openSqlite(path);
    QVERIFY2(log, qPrintable(m_openError));
    QCOMPARE(log->indexedSeq(), 30u);
    const FileInspector file(path);
    QCOMPARE(file.value(u"SELECT count(*) FROM events_fts WHERE events_fts MATCH 'llo'"_s).toInt(),
             6);
    QCOMPARE(file.run(u"INSERT INTO events_fts(events_fts) VALUES ('integrity-check')"_s),
             QString());
    QCOMPARE(seqsOf(log->search(u"hello 你好"_s, 3)), QList<quint64>({26, 21, 16}));
}

void tst_RoomLog::benchCommitCost()
{
    if (qEnvironmentVariableIntValue("CHATROOM_ROOMLOG_BENCH") != 1)
        QSKIP("a measurement to run by hand: set CHATROOM_ROOMLOG_BENCH=1");
    constexpr int Count = 200'000;
    constexpr int PerCommit = 50;
    QList<Event> events;
    events.reserve(Count);
    for (int i = 1; i <= Count; ++i) {
        const QString text = u"message %1 from the bench, hello world 你好世界"_s.arg(i);
        Event event =
            makeEvent(quint64(i), MessageType::Chat, u"user%1"_s.arg(i % 100), text, m_now);
        event.payload += text.toUtf8();
        events.append(event);
    }
    MemoryRoomLog memory;
    const double memoryUs = benchAppend(memory, events, PerCommit, 0).appendUs;
    qInfo("%d Chat events, a commit() every %d: memory %.2f us/event", Count, PerCommit, memoryUs);

    // indexEvery: 0, only the first search indexes; 50'000, the timer's batch at 10k
    // messages/s; 50, a batch per commit, about what the old INSERT trigger did.
    for (const int indexEvery : {0, 50'000, 5'000, 50}) {
        const auto log = openSqlite(m_dir->filePath(u"bench-%1.db"_s.arg(indexEvery)));
        QVERIFY2(log, qPrintable(m_openError));
        const BenchResult result = benchAppend(*log, events, PerCommit, indexEvery);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(log->search(u"hello world"_s, 20).size(), 20);
        const double firstSearchMs = double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        QCOMPARE(log->search(u"bench, hello"_s, 20).size(), 20);
        const double secondSearchMs = double(timer.nsecsElapsed()) / 1e6;
        qInfo("sqlite, indexPending() every %d: commit %.2f us/event (%.1fx memory), indexing"
              " %.2f us/event; first search %.1f ms, second %.2f ms",
              indexEvery, result.appendUs, result.appendUs / memoryUs, result.indexUs,
              firstSearchMs, secondSearchMs);
    }
}

QTEST_MAIN(tst_RoomLog)
#include "tst_roomlog.moc"
