#pragma once

#include "memberinfo.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

class ChatServer;

// The room's members in join order, for the server window's table: it follows the
// server's signals, so the table is live without the window polling anything.
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
    int rowOf(const QString &name) const { return m_rows.value(name, -1); }

private:
    void addMember(const QString &name);
    void removeMember(const QString &name);
    void updateMessagesSent(const QString &name, quint64 messagesSent);
    // Starts over from ChatServer::members(): on shutdown the room empties without a
    // memberLeft per member, and a count that disagrees means the table has drifted.
    void resync();
    void reindexFrom(int row);

    ChatServer *m_server = nullptr;
    QList<MemberInfo> m_members;
    QHash<QString, int> m_rows; // name -> row, so a busy room's counters update in O(1)
};
