#include "serverlogmodel.h"

#include "richtextprobe.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using Style = ServerLogModel::Style;

// The event log's model alone, without a view: a bounded ring that takes lines in
// batches, one insertion (and at most one removal) per batch, plain text in every role.
class tst_ServerLogModel : public QObject
{
    Q_OBJECT

private slots:
    void appendsInOrder();
    void oneInsertPerBatch();
    void boundedRing_data();
    void boundedRing();
    void hugeBatchIsOneReset();
    void shrinkKeepsTheNewest();
    void chatWordedWhenShown();
    void oneRowOneLine();
    void stylesInRoles();
    void markupStaysText();

private:
    static QList<ServerLogModel::Line> chatLines(int from, int count)
    {
        QList<ServerLogModel::Line> lines;
        for (int i = from; i < from + count; ++i)
            lines.append({QDateTime::currentDateTime(), Style::Chat, QString::number(i), u"a"_s});
        return lines;
    }
    // What was said on each row, in row order.
    static QStringList texts(const ServerLogModel &model)
    {
        QStringList said;
        for (int row = 0; row < model.rowCount(); ++row)
            said.append(model.lineText(row).section(u": "_s, 1));
        return said;
    }
    static QStringList numbers(int from, int count)
    {
        QStringList list;
        for (int i = from; i < from + count; ++i)
            list.append(QString::number(i));
        return list;
    }
};

void tst_ServerLogModel::appendsInOrder()
{
    ServerLogModel model;
    QAbstractItemModelTester tester(&model);
    QCOMPARE(model.maximumLines(), ServerLogModel::DefaultMaximumLines);
    model.append(chatLines(0, 3));
    model.append(chatLines(3, 2));
    QCOMPARE(texts(model), numbers(0, 5));
}

void tst_ServerLogModel::oneInsertPerBatch()
{
    ServerLogModel model;
    model.setMaximumLines(100);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy appended(&model, &ServerLogModel::appended);
    model.append(chatLines(0, 60));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 0);
    // The second batch overflows: one removal of the oldest, one insertion.
    model.append(chatLines(60, 60));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.last().at(1).toInt(), 0);
    QCOMPARE(removed.last().at(2).toInt(), 19);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(appended.size(), 2);
    QCOMPARE(appended.last().first().toInt(), 20);
}

void tst_ServerLogModel::boundedRing_data()
{
    QTest::addColumn<int>("maximum");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("batches");
    QTest::newRow("fills exactly") << 10 << 5 << 2;
    QTest::newRow("wraps many times") << 10 << 3 << 17;
    QTest::newRow("one by one") << 7 << 1 << 30;
    QTest::newRow("default size") << ServerLogModel::DefaultMaximumLines << 997 << 25;
}

void tst_ServerLogModel::boundedRing()
{
    QFETCH(int, maximum);
    QFETCH(int, batch);
    QFETCH(int, batches);
    ServerLogModel model;
    QAbstractItemModelTester tester(&model);
    model.setMaximumLines(maximum);
    for (int i = 0; i < batches; ++i)
        model.append(chatLines(i * batch, batch));
    const int total = batch * batches;
    const int kept = qMin(total, maximum);
    QCOMPARE(model.rowCount(), kept);
    // The newest lines, oldest first, the last one last.
    QCOMPARE(texts(model), numbers(total - kept, kept));
}

void tst_ServerLogModel::hugeBatchIsOneReset()
{
    ServerLogModel model;
    QAbstractItemModelTester tester(&model);
    model.setMaximumLines(50);
    model.append(chatLines(0, 10));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.append(chatLines(10, 500));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(texts(model), numbers(460, 50));
    // And a ring again afterwards.
    model.append(chatLines(510, 5));
    QCOMPARE(texts(model), numbers(465, 50));
}

void tst_ServerLogModel::shrinkKeepsTheNewest()
{
    ServerLogModel model;
    QAbstractItemModelTester tester(&model);
    model.setMaximumLines(10);
    model.append(chatLines(0, 23)); // a ring, wrapped
    model.setMaximumLines(4);
    QCOMPARE(texts(model), numbers(19, 4));
    model.append(chatLines(23, 1));
    QCOMPARE(texts(model), numbers(20, 4));
}

void tst_ServerLogModel::chatWordedWhenShown()
{
    ServerLogModel model;
    const QDateTime at(QDate(2026, 3, 4), QTime(5, 6, 7));
    model.append({at, Style::Chat, u"你好"_s, u"张三"_s});
    model.append({at, Style::Server, u"server line"_s, {}});
    model.append({{}, Style::Divider, u"earlier"_s, {}});
    // The sender isolated, as everywhere in the log (ServerEventFormatter::chat).
    QCOMPARE(model.index(0).data().toString(), u"05:06:07  \u2068张三\u2069: 你好"_s);
    QCOMPARE(model.index(1).data().toString(), u"05:06:07  * server line"_s);
    QCOMPARE(model.index(2).data().toString(), u"—— earlier ——"_s);
}

void tst_ServerLogModel::oneRowOneLine()
{
    ServerLogModel model;
    model.append({QDateTime::currentDateTime(), Style::Chat, u"one\ntwo\u2029three"_s, u"a"_s});
    const QString shown = model.index(0).data().toString();
    QVERIFY2(!shown.contains(u'\n') && !shown.contains(QChar::ParagraphSeparator),
             qPrintable(shown));
    QVERIFY2(shown.endsWith(u"one\u21B5two\u21B5three"_s), qPrintable(shown));
    // Copied, the line keeps its breaks.
    const QString copied = model.index(0).data(ServerLogModel::TextRole).toString();
    QVERIFY2(copied.endsWith(u"one\ntwo\u2029three"_s), qPrintable(copied));
}

void tst_ServerLogModel::stylesInRoles()
{
    ServerLogModel model;
    const QDateTime now = QDateTime::currentDateTime();
    for (const Style style : {Style::Presence, Style::Chat, Style::Admin, Style::Server,
                              Style::Problem, Style::Past, Style::Divider})
        model.append({now, style, u"x"_s, u"a"_s});
    const auto font = [&](int row) { return model.index(row).data(Qt::FontRole).value<QFont>(); };
    const auto colour = [&](int row) { return model.index(row).data(Qt::ForegroundRole); };
    QCOMPARE(model.index(3).data(ServerLogModel::StyleRole).toInt(), int(Style::Server));
    QVERIFY(font(3).italic() && font(4).italic());
    QVERIFY(!font(0).italic() && !font(1).italic());
    QVERIFY(font(2).bold());
    QVERIFY(model.index(2).data(Qt::BackgroundRole).isValid());
    QVERIFY(!colour(1).isValid()); // chat: the view's own text colour
    QVERIFY(colour(0).isValid() && colour(0) == colour(5) && colour(5) == colour(6));
    QVERIFY(colour(4) != colour(3));
    // On a dark palette every coloured line is light enough to read (the administrator's
    // red on its tint included), and one signal repaints them all.
    const QColor lightAdmin = colour(2).value<QBrush>().color();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setDarkPalette(true);
    QCOMPARE(changed.size(), 1);
    for (const int row : {0, 2, 4, 5})
        QVERIFY2(colour(row).value<QBrush>().color().lightness() > 128,
                 qPrintable(QString::number(row)));
    QVERIFY(lightAdmin.lightness() < 128);
}

void tst_ServerLogModel::markupStaysText()
{
    ServerLogModel model;
    const QDateTime now = QDateTime::currentDateTime();
    for (const QString &name : RichTextProbe::HostileNames) {
        model.append({now, Style::Chat, name, name});
        model.append({now, Style::Presence, name, {}});
    }
    // DisplayRole and TextRole are plain text by contract: the name verbatim there...
    const QString shown = model.index(0).data().toString();
    QVERIFY2(shown.endsWith(u"\u2068<img src=/dev/zero>\u2069: <img src=/dev/zero>"_s),
             qPrintable(shown));
    // ...and in no other role at all.
    const QList<RichTextProbe::Finding> findings =
        RichTextProbe::richTextWithRawMarkup(model, {Qt::DisplayRole, ServerLogModel::TextRole});
    QVERIFY2(findings.isEmpty(), qPrintable(RichTextProbe::describe(findings)));
    QVERIFY(!model.index(0).data(Qt::ToolTipRole).isValid());
}

QTEST_MAIN(tst_ServerLogModel)
#include "tst_serverlogmodel.moc"
