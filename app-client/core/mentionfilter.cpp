#include "mentionfilter.h"

#include "memberlistmodel.h"
#include "nickname.h"

MentionFilter::MentionFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Sorting column 0 lets lessThan() put the names the query starts first.
    sort(0);
}

void MentionFilter::setQuery(const QString &typed)
{
    m_typed = typed;
    m_key = Nickname::key(typed);
    m_folded = typed.toCaseFolded();
    invalidate();
}

QString MentionFilter::nameAt(int row) const
{
    return index(row, 0).data(Qt::DisplayRole).toString();
}

std::optional<MentionFilter::Token> MentionFilter::tokenAt(const QString &text, qsizetype cursor)
{
    if (cursor < 0 || cursor > text.size())
        return std::nullopt;
    // A name is at most Nickname::MaxLength long; looking further back finds no @ of ours.
    const qsizetype earliest = qMax<qsizetype>(0, cursor - Nickname::MaxLength - 1);
    for (qsizetype at = cursor - 1; at >= earliest; --at) {
        const QChar c = text.at(at);
        if (c.isSpace())
            return std::nullopt;
        if (c != u'@')
            continue;
        if (at > 0 && !text.at(at - 1).isSpace())
            return std::nullopt;
        return Token {at, cursor, text.mid(at + 1, cursor - at - 1)};
    }
    return std::nullopt;
}

QString MentionFilter::insertion(const QString &name)
{
    return u'@' + name + u' ';
}

MentionFilter::Match MentionFilter::matchOf(int sourceRow) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0);
    if (index.data(MemberListModel::OwnRole).toBool())
        return Match::None;
    if (m_typed.isEmpty())
        return Match::Start;
    const QString key = index.data(MemberListModel::KeyRole).toString();
    const QString folded = index.data(Qt::DisplayRole).toString().toCaseFolded();
    if ((!m_key.isEmpty() && key.startsWith(m_key)) || folded.startsWith(m_folded))
        return Match::Start;
    if ((!m_key.isEmpty() && key.contains(m_key)) || folded.contains(m_folded))
        return Match::Inside;
    return Match::None;
}

bool MentionFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    return !sourceParent.isValid() && matchOf(sourceRow) != Match::None;
}

bool MentionFilter::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const Match a = matchOf(left.row());
    const Match b = matchOf(right.row());
    if (a != b)
        return a > b;
    return left.row() < right.row();
}
