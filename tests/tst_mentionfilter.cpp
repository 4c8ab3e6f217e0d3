#include "memberlistmodel.h"
#include "mentionfilter.h"

#include <QTest>

using namespace Qt::StringLiterals;

// The @ completer's logic without widgets: where an @ being typed starts, and which
// members it offers in which order.
class tst_MentionFilter : public QObject
{
    Q_OBJECT

private slots:
    void tokenAt_data();
    void tokenAt();
    void filter_data();
    void filter();
    void followsMembers();
};

void tst_MentionFilter::tokenAt_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("cursor"); // -1: the end
    QTest::addColumn<int>("start"); // -1: no token
    QTest::addColumn<QString>("typed");

    QTest::newRow("empty") << QString() << -1 << -1 << QString();
    QTest::newRow("@ alone") << u"@"_s << -1 << 0 << QString();
    QTest::newRow("@name") << u"@zo"_s << -1 << 0 << u"zo"_s;
    QTest::newRow("after space") << u"hi @zo"_s << -1 << 3 << u"zo"_s;
    QTest::newRow("after line break") << u"hi\n@zo"_s << -1 << 3 << u"zo"_s;
    QTest::newRow("cursor inside") << u"hi @zoe there"_s << 6 << 3 << u"zo"_s;
    QTest::newRow("address") << u"bob@zo"_s << -1 << -1 << QString();
    QTest::newRow("after chinese") << u"你好@张"_s << -1 << -1 << QString();
    QTest::newRow("space after") << u"@zoe "_s << -1 << -1 << QString();
    QTest::newRow("chinese") << u"你好 @张"_s << -1 << 3 << u"张"_s;
    QTest::newRow("too far") << u"@"_s + QString(30, u'a') << -1 << -1 << QString();
    QTest::newRow("second @") << u"@a @b"_s << -1 << 3 << u"b"_s;
}

void tst_MentionFilter::tokenAt()
{
    QFETCH(QString, text);
    QFETCH(int, cursor);
    QFETCH(int, start);
    QFETCH(QString, typed);

    const qsizetype at = cursor < 0 ? text.size() : cursor;
    const auto token = MentionFilter::tokenAt(text, at);
    QCOMPARE(token.has_value(), start >= 0);
    if (token) {
        QCOMPARE(token->start, start);
        QCOMPARE(token->end, at);
        QCOMPARE(token->typed, typed);
    }
}

void tst_MentionFilter::filter_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("names");

    // The user is 李四, never offered; join order within each group.
    QTest::newRow("all") << QString() << QStringList {u"Zoe"_s,  u"alice"_s,     u"Zed"_s,
                                                      u"张三"_s, u"Bob Smith"_s, u"ＡＬ"_s};
    QTest::newRow("start") << u"z"_s << QStringList {u"Zoe"_s, u"Zed"_s};
    QTest::newRow("case") << u"ZE"_s << QStringList {u"Zed"_s};
    QTest::newRow("start before inside") << u"al"_s << QStringList {u"alice"_s, u"ＡＬ"_s};
    QTest::newRow("inside") << u"ice"_s << QStringList {u"alice"_s};
    QTest::newRow("full width") << u"ａｌ"_s << QStringList {u"alice"_s, u"ＡＬ"_s};
    QTest::newRow("chinese inside") << u"三"_s << QStringList {u"张三"_s};
    QTest::newRow("self") << u"李"_s << QStringList();
    QTest::newRow("nobody") << u"q"_s << QStringList();
    QTest::newRow("prefix before contains")
        << u"e"_s << QStringList {u"Zoe"_s, u"alice"_s, u"Zed"_s};
}

void tst_MentionFilter::filter()
{
    QFETCH(QString, query);
    QFETCH(QStringList, names);

    MemberListModel members;
    members.resetMembers(
        {u"Zoe"_s, u"李四"_s, u"alice"_s, u"Zed"_s, u"张三"_s, u"Bob Smith"_s, u"ＡＬ"_s},
        u"李四"_s);
    MentionFilter filter;
    filter.setSourceModel(&members);
    filter.setQuery(query);
    QStringList shown;
    for (int row = 0; row < filter.rowCount(); ++row)
        shown.append(filter.nameAt(row));
    QCOMPARE(shown, names);
    QCOMPARE(MentionFilter::insertion(u"张三"_s), u"@张三 "_s);
}

void tst_MentionFilter::followsMembers()
{
    MemberListModel members;
    members.resetMembers({u"Zoe"_s, u"me"_s}, u"me"_s);
    MentionFilter filter;
    filter.setSourceModel(&members);
    filter.setQuery(u"z"_s);
    QCOMPARE(filter.rowCount(), 1);
    members.appendMember(u"Zed"_s);
    QCOMPARE(filter.rowCount(), 2);
    QCOMPARE(filter.nameAt(1), u"Zed"_s);
    members.removeMember(0, u"Zoe"_s);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.nameAt(0), u"Zed"_s);
}

QTEST_MAIN(tst_MentionFilter)
#include "tst_mentionfilter.moc"
