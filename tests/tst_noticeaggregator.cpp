#include "noticeaggregator.h"
#include "servereventformatter.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// Repeated notices folded into one line per window: the first at once, the rest counted,
// one summary when the window ends, and the wording of that summary.
class tst_NoticeAggregator : public QObject
{
    Q_OBJECT

private slots:
    void firstAtOnceRestInOneSummary();
    void connectionsAndCodesApart_data();
    void connectionsAndCodesApart();
    void summaryWhenTheWindowEnds();
    void aQuietConnectionIsNewsAgain();
    void summaryWording();

private:
    static ServerNotice unknownType(quint16 port = 40000);
    static QList<ServerNotice> received(const QSignalSpy &spy);
};

ServerNotice tst_NoticeAggregator::unknownType(quint16 port)
{
    return ServerNotice {ServerNotice::Kind::MessageRefused,
                         quint8(Protocol::NoticeCode::UnknownType), u"张三"_s,
                         QHostAddress(u"192.0.2.7"_s), port};
}

QList<ServerNotice> tst_NoticeAggregator::received(const QSignalSpy &spy)
{
    QList<ServerNotice> notices;
    for (const QList<QVariant> &arguments : spy)
        notices.append(arguments.at(0).value<ServerNotice>());
    return notices;
}

void tst_NoticeAggregator::firstAtOnceRestInOneSummary()
{
    NoticeAggregator aggregator;
    aggregator.setWindow(1h); // only flush() ends it
    QSignalSpy spy(&aggregator, &NoticeAggregator::noticeReady);
    for (int i = 0; i < 5000; ++i)
        aggregator.add(unknownType());
    QCOMPARE(spy.size(), 1);
    QCOMPARE(received(spy).at(0).repeated, 0);
    aggregator.flush();
    QCOMPARE(spy.size(), 2);
    const ServerNotice summary = received(spy).at(1);
    QCOMPARE(summary.repeated, 4999);
    QCOMPARE(summary.kind, ServerNotice::Kind::MessageRefused);
    QCOMPARE(summary.port, quint16(40000));
    // Nothing owed after a flush: the next one is news.
    QCOMPARE(aggregator.pendingCount(), 0);
    aggregator.add(unknownType());
    QCOMPARE(spy.size(), 3);
    QCOMPARE(received(spy).at(2).repeated, 0);
}

void tst_NoticeAggregator::connectionsAndCodesApart_data()
{
    QTest::addColumn<ServerNotice>("other");
    ServerNotice port = unknownType(40001);
    ServerNotice code = unknownType();
    code.code = quint8(Protocol::NoticeCode::TextTooLong);
    ServerNotice kind = unknownType();
    kind.kind = ServerNotice::Kind::ConnectionClosed;
    ServerNotice address = unknownType();
    address.address = QHostAddress(u"192.0.2.8"_s);
    QTest::newRow("another connection") << port;
    QTest::newRow("another code") << code;
    QTest::newRow("another kind") << kind;
    QTest::newRow("another address") << address;
}

void tst_NoticeAggregator::connectionsAndCodesApart()
{
    QFETCH(ServerNotice, other);
    NoticeAggregator aggregator;
    aggregator.setWindow(1h);
    QSignalSpy spy(&aggregator, &NoticeAggregator::noticeReady);
    for (int i = 0; i < 3; ++i) {
        aggregator.add(unknownType());
        aggregator.add(other);
    }
    QCOMPARE(spy.size(), 2);
    aggregator.flush();
    const QList<ServerNotice> notices = received(spy);
    QCOMPARE(notices.size(), 4);
    // Summaries in the order their first notices came.
    QCOMPARE(notices.at(2).repeated, 2);
    QCOMPARE(notices.at(2).code, unknownType().code);
    QCOMPARE(notices.at(2).port, unknownType().port);
    QCOMPARE(notices.at(3).repeated, 2);
    QCOMPARE(notices.at(3).kind, other.kind);
    QCOMPARE(notices.at(3).code, other.code);
    QCOMPARE(notices.at(3).address, other.address);
}

void tst_NoticeAggregator::summaryWhenTheWindowEnds()
{
    NoticeAggregator aggregator;
    aggregator.setWindow(20ms);
    QSignalSpy spy(&aggregator, &NoticeAggregator::noticeReady);
    for (int i = 0; i < 3; ++i)
        aggregator.add(unknownType());
    QCOMPARE(spy.size(), 1);
    QVERIFY(spy.wait());
    QCOMPARE(spy.size(), 2);
    QCOMPARE(received(spy).at(1).repeated, 2);
    // Still flooding: one summary per window, never a line per notice.
    for (int i = 0; i < 7; ++i)
        aggregator.add(unknownType());
    QCOMPARE(spy.size(), 2);
    QVERIFY(spy.wait());
    QCOMPARE(spy.size(), 3);
    QCOMPARE(received(spy).at(2).repeated, 7);
}

void tst_NoticeAggregator::aQuietConnectionIsNewsAgain()
{
    NoticeAggregator aggregator;
    aggregator.setWindow(10ms);
    QSignalSpy spy(&aggregator, &NoticeAggregator::noticeReady);
    aggregator.add(unknownType());
    QCOMPARE(spy.size(), 1);
    // No repeat within the window: no summary, and it is forgotten.
    QTRY_COMPARE(aggregator.pendingCount(), 0);
    QCOMPARE(spy.size(), 1);
    aggregator.add(unknownType());
    QCOMPARE(spy.size(), 2);
    QCOMPARE(received(spy).at(1).repeated, 0);
}

void tst_NoticeAggregator::summaryWording()
{
    // Untranslated: the English source strings.
    ServerNotice notice = unknownType();
    const QString first = ServerEventFormatter::notice(notice);
    QVERIFY2(!first.contains(u"more"_s), qPrintable(first));
    notice.repeated = 1200;
    const QString summary = ServerEventFormatter::notice(notice);
    QCOMPARE(summary, first + u" (×1200 more)"_s);
}

QTEST_GUILESS_MAIN(tst_NoticeAggregator)
#include "tst_noticeaggregator.moc"
