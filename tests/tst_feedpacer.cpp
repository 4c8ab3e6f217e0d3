#include "feedpacer.h"

#include <QTest>

using namespace std::chrono_literals;

// How often the admin window may be handed a batch, from what showing the last one cost:
// plain arithmetic, costs fed in by hand.
class tst_FeedPacer : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void costSetsPace();
    void paceIsBounded();
    void eachCycleStartsOver();
    void quietRoomWaitsOnlyTheMinimum();
    void shareAndBounds();
};

void tst_FeedPacer::defaults()
{
    const FeedPacer pacer;
    // At most 20 batches a second, at least 2, 1% of the event loop for the window.
    QCOMPARE(pacer.minimum(), 50ms);
    QCOMPARE(pacer.maximum(), 500ms);
    QCOMPARE(pacer.share(), 0.01);
    QCOMPARE(pacer.pace(), 50ms);
    QCOMPARE(pacer.pendingCost(), 0ns);
}

void tst_FeedPacer::costSetsPace()
{
    FeedPacer pacer;
    // A 1.5 ms batch and a 0.5 ms paint: 2 ms a cycle is 1% of 200 ms.
    pacer.addCost(1500us);
    pacer.addCost(500us);
    QCOMPARE(pacer.pendingCost(), 2ms);
    QCOMPARE(pacer.pace(), 50ms); // not before the batch goes out
    pacer.batchHandedOut();
    QCOMPARE(pacer.pace(), 200ms);
    QCOMPARE(pacer.pendingCost(), 0ns);
    // Rounded up, never below the share.
    pacer.addCost(1234567ns);
    pacer.batchHandedOut();
    QCOMPARE(pacer.pace(), 124ms);
    // Nonsense in, nothing counted.
    pacer.addCost(-5ms);
    QCOMPARE(pacer.pendingCost(), 0ns);
}

void tst_FeedPacer::paceIsBounded()
{
    FeedPacer pacer;
    // A cheap window still waits the minimum: 20 batches a second at most.
    pacer.addCost(10us);
    pacer.batchHandedOut();
    QCOMPARE(pacer.pace(), pacer.minimum());
    // A dear one is still shown twice a second: the log does not freeze.
    pacer.addCost(1s);
    pacer.batchHandedOut();
    QCOMPARE(pacer.pace(), pacer.maximum());
}

void tst_FeedPacer::eachCycleStartsOver()
{
    FeedPacer pacer;
    pacer.addCost(3ms);
    pacer.batchHandedOut();
    QCOMPARE(pacer.pace(), 300ms);
    // The flood is over and the window cheap again: the next cycle says so.
    pacer.batchHandedOut();
    QCOMPARE(pacer.pace(), 50ms);
}

void tst_FeedPacer::quietRoomWaitsOnlyTheMinimum()
{
    FeedPacer pacer;
    pacer.addCost(3ms);
    pacer.batchHandedOut();
    // An event right after a batch waits out the pace...
    QCOMPARE(pacer.delayAfter(0ms), 300ms);
    QCOMPARE(pacer.delayAfter(100ms), 200ms);
    // ...one after a quiet spell only the minimum.
    QCOMPARE(pacer.delayAfter(280ms), 50ms);
    QCOMPARE(pacer.delayAfter(10s), 50ms);
}

void tst_FeedPacer::shareAndBounds()
{
    FeedPacer pacer;
    pacer.setShare(0.04);
    pacer.addCost(4ms);
    pacer.batchHandedOut();
    QCOMPARE(pacer.pace(), 100ms);
    // Bounds that cross are put right: the maximum is never below the minimum.
    pacer.setMaximum(20ms);
    QCOMPARE(pacer.maximum(), 50ms);
    QCOMPARE(pacer.pace(), 50ms);
    pacer.setMinimum(1h);
    QCOMPARE(pacer.maximum(), 1h);
    QCOMPARE(pacer.pace(), 1h);
    pacer.setShare(0);
    QVERIFY(pacer.share() > 0);
}

QTEST_APPLESS_MAIN(tst_FeedPacer)
#include "tst_feedpacer.moc"
