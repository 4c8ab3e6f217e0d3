#pragma once

#include <QSortFilterProxyModel>
#include <QString>

#include <optional>

// The members an "@" being typed can name, for the input's completer, over a
// MemberListModel. A member matches when what follows the @ starts their name, or failing
// that appears in it, compared on Nickname::key and on the case-folded name (so "ａ" finds
// "Alice" and "三" finds "张三"); names it starts come first, each group in join order. The
// user's own name is never offered: nobody calls themselves.
class MentionFilter final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    // The "@..." the cursor is in: from the @ (start) to the cursor (end).
    struct Token
    {
        qsizetype start = 0;
        qsizetype end = 0;
        QString typed; // what follows the @, up to the cursor
    };

    explicit MentionFilter(QObject *parent = nullptr);

    void setQuery(const QString &typed);
    QString query() const { return m_typed; }
    QString nameAt(int row) const;

    // The @ being typed before cursor: one at the start of the text or after white space
    // (so "bob@example.com" opens nothing), with no white space between it and the cursor.
    static std::optional<Token> tokenAt(const QString &text, qsizetype cursor);
    // What replaces the token: the name and a space, so typing carries on after it.
    static QString insertion(const QString &name);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    enum class Match : quint8 { None, Inside, Start };
    Match matchOf(int sourceRow) const;

    QString m_typed;
    QString m_key; // Nickname::key(m_typed)
    QString m_folded; // m_typed case-folded
};
