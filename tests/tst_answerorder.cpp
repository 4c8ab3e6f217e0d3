#include "answerorder.h"

#include <QTest>

using namespace Qt::StringLiterals;

// One shared-room member's answers as pure bookkeeping: an answer ready at once waits
// behind the earlier requests the room has not answered yet, and nothing is released
// twice or kept once it is due.
class tst_AnswerOrder : public QObject
{
    Q_OBJECT

private slots:
    void nothingOwedNothingWaits();
    void aRefusalWaitsForTheEarlierSayToBeReadBack();
    void anEarlierSayReadBackBeforeItsReplyReleasesAtOnce();
    void aRenameWaitsForItsLastEvent();
    void aFailedAppendIsAnsweredInItsPlace();
    void answersComeInRequestOrder();
    void eachTicketIsAnsweredOnce();
    void heldBytesCountWhatWaits();
};

using Frames = QList<QByteArray>;

void tst_AnswerOrder::nothingOwedNothingWaits()
{
    AnswerOrder order;
    QVERIFY(order.isEmpty());
    QVERIFY(!order.mustWait());
    QCOMPARE(order.release(100), Frames());
    QCOMPARE(order.heldBytes(), 0);
}

void tst_AnswerOrder::aRefusalWaitsForTheEarlierSayToBeReadBack()
{
    AnswerOrder order;
    const quint64 say = order.expect();
    QVERIFY(order.mustWait());
    order.queue("slow down");
    // Not taken yet, then taken at seq 7 but read only up to 6.
    QCOMPARE(order.release(6), Frames());
    order.appended(say, 7);
    QCOMPARE(order.release(6), Frames());
    QVERIFY(!order.isEmpty());
    QCOMPARE(order.release(7), Frames({"slow down"}));
    QVERIFY(order.isEmpty());
    QVERIFY(!order.mustWait());
}

void tst_AnswerOrder::anEarlierSayReadBackBeforeItsReplyReleasesAtOnce()
{
    // The stream's reader may deliver the event before the append's own reply comes.
    AnswerOrder order;
    const quint64 say = order.expect();
    order.queue("history");
    order.appended(say, 3);
    QCOMPARE(order.release(9), Frames({"history"}));
    QVERIFY(order.isEmpty());
}

void tst_AnswerOrder::aRenameWaitsForItsLastEvent()
{
    AnswerOrder order;
    const quint64 rename = order.expect();
    order.queue("name taken");
    order.appended(rename, 11); // Left at 10, Joined at 11
    QCOMPARE(order.release(10), Frames());
    QCOMPARE(order.release(11), Frames({"name taken"}));
}

void tst_AnswerOrder::aFailedAppendIsAnsweredInItsPlace()
{
    AnswerOrder order;
    const quint64 first = order.expect();
    order.queue("too long");
    const quint64 second = order.expect();
    order.queue("history");
    // The second fails first: still behind the first.
    order.failed(second, "unavailable");
    QCOMPARE(order.release(0), Frames());
    order.failed(first, "unavailable 1");
    QCOMPARE(order.release(0), Frames({"unavailable 1", "too long", "unavailable", "history"}));
    QVERIFY(order.isEmpty());
    QCOMPARE(order.heldBytes(), 0);
}

void tst_AnswerOrder::answersComeInRequestOrder()
{
    AnswerOrder order;
    const quint64 a = order.expect();
    order.queue("1");
    const quint64 b = order.expect();
    order.queue("2");
    const quint64 c = order.expect();
    order.queue("3");
    order.appended(c, 30);
    order.appended(a, 10);
    order.appended(b, 20);
    // Read up to 20: what follows a and b is due, and waits for c after that.
    QCOMPARE(order.release(20), Frames({"1", "2"}));
    QVERIFY(order.mustWait());
    QCOMPARE(order.release(29), Frames());
    QCOMPARE(order.release(30), Frames({"3"}));
    QVERIFY(order.isEmpty());
}

void tst_AnswerOrder::eachTicketIsAnsweredOnce()
{
    AnswerOrder order;
    const quint64 say = order.expect();
    order.queue("after");
    // A second word on the same ticket changes nothing, nor does a ticket long gone.
    order.failed(say, "refused");
    order.failed(say, "refused again");
    order.appended(say, 5);
    QCOMPARE(order.release(0), Frames({"refused", "after"}));
    order.failed(say, "late");
    order.appended(say, 6);
    QVERIFY(order.isEmpty());
    QCOMPARE(order.release(100), Frames());

    const quint64 taken = order.expect();
    order.appended(taken, 8);
    order.failed(taken, "not after it was taken");
    QCOMPARE(order.release(8), Frames());
    QVERIFY(order.isEmpty());
}

void tst_AnswerOrder::heldBytesCountWhatWaits()
{
    AnswerOrder order;
    const quint64 say = order.expect();
    order.queue(QByteArray(100, 'h'));
    order.queue(QByteArray(20, 'n'));
    QCOMPARE(order.heldBytes(), 120);
    order.appended(say, 1);
    QCOMPARE(order.release(1).size(), 2);
    QCOMPARE(order.heldBytes(), 0);
}

QTEST_MAIN(tst_AnswerOrder)
#include "tst_answerorder.moc"
