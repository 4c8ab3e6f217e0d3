#pragma once

#include "banlist.h"

#include <QAbstractTableModel>
#include <QList>

class ChatServer;

// The bans in force, oldest first, for the server window's ban list: name, address, until.
// It follows ChatServer::bansChanged and starts over each time (bans are few and change
// only at the administrator's hand or when one runs out). A name reaches DisplayRole
// only, as plain text; nothing of a member's goes into a tool tip.
class BanTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column : int { NameColumn, AddressColumn, UntilColumn, ColumnCount };

    explicit BanTableModel(ChatServer *server, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The ban on this row; id 0 when there is none.
    BanList::Ban banAt(int row) const;

private:
    void reload();

    ChatServer *m_server = nullptr;
    QList<BanList::Ban> m_bans;
};
