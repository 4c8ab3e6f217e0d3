#include "bantablemodel.h"

#include "chatserver.h"
#include "servereventformatter.h"

BanTableModel::BanTableModel(ChatServer *server, QObject *parent)
    : QAbstractTableModel(parent)
    , m_server(server)
{
    connect(server, &ChatServer::bansChanged, this, &BanTableModel::reload);
    m_bans = server->bans();
}

int BanTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_bans.size());
}

int BanTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BanTableModel::data(const QModelIndex &index, int role) const
{
    if (role != Qt::DisplayRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BanList::Ban &ban = m_bans.at(index.row());
    switch (index.column()) {
    case NameColumn:
        //: The ban list's name column for a ban on an address alone.
        return ban.name.isEmpty() ? tr("(any)") : ban.name;
    case AddressColumn:
        return ban.address.isNull() ? tr("(any)") : ServerEventFormatter::address(ban.address);
    case UntilColumn:
        return ServerEventFormatter::banEnd(ban.until());
    }
    return {};
}

QVariant BanTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Nickname");
    case AddressColumn:
        return tr("Address");
    case UntilColumn:
        //: The ban list's column: when each ban ends.
        return tr("Until");
    }
    return {};
}

BanList::Ban BanTableModel::banAt(int row) const
{
    return row >= 0 && row < m_bans.size() ? m_bans.at(row) : BanList::Ban {0, {}, {}, {}, 0};
}

void BanTableModel::reload()
{
    beginResetModel();
    m_bans = m_server->bans();
    endResetModel();
}
