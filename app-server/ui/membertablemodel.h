#pragma once

#include "memberinfo.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

class ChatServer;

// The room's members in join order, for the server window's table: it follows the
// server's membership signals, so the table is live without the window polling anything;
// the message counts, which change with every chat message, come in per batch through
// applyMessageCounts(). A renamed
// member keeps its row; a detached one (protocol 1.1, its seat held for a resume) keeps
// it too, greyed, its address marked as disconnected. In a room shared with other
// servers the table is the whole room, as ChatServer::members() is: another server's
// member has a row of its own, its address "another server" and its count unknown. A name reaches
// DisplayRole and SortRole only, as plain text: tool tips (which QToolTip may take for rich text)
// never carry member data, and tst_membertablemodel walks every role to keep it so.
class MemberTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column : int { NameColumn, AddressColumn, JoinedAtColumn, MessagesColumn, ColumnCount };
    // The raw value behind a cell (name, address, QDateTime, count), for sorting.
    static constexpr int SortRole = Qt::UserRole;

    explicit MemberTableModel(ChatServer *server, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QString nameAt(int row) const;
    // -1 when the name has no row. O(log N).
    int rowOf(const QString &name) const;
    // The members' message counts, by name, as the server last gave them (AdminFeed's
    // batch): one dataChanged for all of them. Names without a row are skipped.
    void applyMessageCounts(const QHash<QString, quint64> &counts);

private:
    void addMember(const QString &name);
    void removeMember(const QString &name);
    void renameMember(const QString &oldName, const QString &newName);
    // Takes the server's record of the member again: detached, resumed from elsewhere.
    void refreshMember(const QString &name);
    // Starts over from ChatServer::members(): on shutdown the room empties without a
    // memberLeft per member, and a count that disagrees means the table has drifted.
    void resync();
    void append(const MemberInfo &member);

    // Rows keep their join stamp, which only grows down the list: a name maps to its
    // stamp and a binary search finds the row. A leave then shifts the rows below it
    // (one memmove) but updates no index for them, so a mass disconnect of N members
    // costs N memmoves rather than N^2 hash updates on the event loop the room shares.
    struct Row
    {
        quint64 stamp = 0;
        MemberInfo info;
    };

    ChatServer *m_server = nullptr;
    QList<Row> m_members;
    QHash<QString, quint64> m_stamps; // name -> join stamp
    quint64 m_nextStamp = 0;
};
