#include "membertablemodel.h"

#include "chatserver.h"
#include "servereventformatter.h"

#include <QColor>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString addressText(const MemberInfo &member)
{
    if (member.remote) {
        //: The member table's address column for a member connected to another server
        //: that serves the same room (a room shared through Redis): its address is not
        //: known here.
        return MemberTableModel::tr("another server");
    }
    // A held seat has no connection, so no port: the address it was last seen at.
    if (member.detached) {
        //: The member table's address column for a member whose connection dropped and
        //: whose seat is kept for a resume; %1 is the address it had.
        return MemberTableModel::tr("%1 (disconnected)")
            .arg(ServerEventFormatter::address(member.address));
    }
    if (member.local) {
        //: The member table's address column for a member on the server's own machine,
        //: connected over the local socket (--local).
        return MemberTableModel::tr("this machine (local socket)");
    }
    return ServerEventFormatter::endpoint(member.address, member.port);
}

} // namespace

MemberTableModel::MemberTableModel(ChatServer *server, QObject *parent)
    : QAbstractTableModel(parent)
    , m_server(server)
{
    connect(server, &ChatServer::memberJoined, this,
            [this](const QString &name) { addMember(name); });
    connect(server, &ChatServer::memberLeft, this,
            [this](const QString &name) { removeMember(name); });
    connect(server, &ChatServer::memberRenamed, this, &MemberTableModel::renameMember);
    connect(server, &ChatServer::memberDetached, this, &MemberTableModel::refreshMember);
    connect(server, &ChatServer::memberResumed, this,
            [this](const QString &name) { refreshMember(name); });
    // No messagesSentChanged here: a signal per chat message would be a dataChanged (and
    // a re-sort by the proxy) per message on the room's event loop. The window hands the
    // counts over per batch (applyMessageCounts).
    connect(server, &ChatServer::memberCountChanged, this, [this](int count) {
        if (count != m_members.size())
            resync();
    });
    resync();
}

int MemberTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

int MemberTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MemberTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MemberInfo &member = m_members.at(index.row()).info;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return member.name;
        case AddressColumn:
            return addressText(member);
        case JoinedAtColumn:
            // 24-hour, as the event log beside it and the clients show times; the
            // locale's short format is "2:56 PM" in English.
            return member.joinedAt.time().toString(u"HH:mm"_s);
        case MessagesColumn:
            // Another server's member: its server counts its messages, this one does
            // not, so the count is shown as unknown ("—"), never as a 0 it may not be.
            return member.remote ? u"\u2014"_s : QLocale().toString(member.messagesSent);
        }
        break;
    case SortRole:
        switch (index.column()) {
        case NameColumn:
            return member.name;
        case AddressColumn:
            // The other servers' members together.
            return member.remote ? addressText(member)
                                 : ServerEventFormatter::endpoint(member.address, member.port);
        case JoinedAtColumn:
            return member.joinedAt;
        case MessagesColumn:
            // Unknown: no value, which the sort proxy puts after every count.
            return member.remote ? QVariant() : QVariant(member.messagesSent);
        }
        break;
    case Qt::ToolTipRole:
        // Tool tips guess rich text: none of them may carry the member's name.
        if (member.detached)
            return tr("The connection dropped. The seat is kept for a while so that the "
                      "member can come back without leaving the room.");
        if (index.column() == JoinedAtColumn)
            return QLocale().toString(member.joinedAt, QLocale::LongFormat);
        if (member.remote)
            return tr("Served by another server of the shared room: its address and its "
                      "message count are known only there.");
        break;
    case Qt::ForegroundRole:
        if (member.detached)
            return QColor(Qt::gray);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == MessagesColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant MemberTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == MessagesColumn)
        return tr("Chat messages this member has sent to the room");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Nickname");
    case AddressColumn:
        return tr("Address");
    case JoinedAtColumn:
        return tr("Joined at");
    case MessagesColumn:
        return tr("Messages");
    }
    return {};
}

QString MemberTableModel::nameAt(int row) const
{
    return row >= 0 && row < m_members.size() ? m_members.at(row).info.name : QString();
}

int MemberTableModel::rowOf(const QString &name) const
{
    const auto stamp = m_stamps.constFind(name);
    if (stamp == m_stamps.cend())
        return -1;
    const auto row = std::lower_bound(m_members.cbegin(), m_members.cend(), *stamp,
                                      [](const Row &r, quint64 s) { return r.stamp < s; });
    return row != m_members.cend() && row->stamp == *stamp ? int(row - m_members.cbegin()) : -1;
}

void MemberTableModel::append(const MemberInfo &member)
{
    const quint64 stamp = m_nextStamp++;
    m_members.append(Row {stamp, member});
    m_stamps.insert(member.name, stamp);
}

void MemberTableModel::addMember(const QString &name)
{
    // The signal lacks the port; the server's own record has everything.
    const std::optional<MemberInfo> info = m_server->member(name);
    if (!info || m_stamps.contains(info->name))
        return;
    const int row = int(m_members.size());
    beginInsertRows({}, row, row);
    append(*info);
    endInsertRows();
}

void MemberTableModel::removeMember(const QString &name)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_members.removeAt(row);
    m_stamps.remove(name);
    endRemoveRows();
}

void MemberTableModel::renameMember(const QString &oldName, const QString &newName)
{
    const auto stamp = m_stamps.constFind(oldName);
    if (stamp == m_stamps.cend()) {
        resync();
        return;
    }
    // Same row, same join stamp: the member never left the room.
    const quint64 kept = *stamp;
    m_stamps.erase(stamp);
    m_stamps.insert(newName, kept);
    refreshMember(newName);
}

void MemberTableModel::refreshMember(const QString &name)
{
    const int row = rowOf(name);
    const std::optional<MemberInfo> info = m_server->member(name);
    if (row < 0 || !info)
        return;
    m_members[row].info = *info;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void MemberTableModel::applyMessageCounts(const QHash<QString, quint64> &counts)
{
    int first = -1;
    int last = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const int row = rowOf(it.key());
        if (row < 0 || m_members.at(row).info.messagesSent == it.value())
            continue;
        m_members[row].info.messagesSent = it.value();
        first = first < 0 ? row : qMin(first, row);
        last = qMax(last, row);
    }
    // One signal for the lot: the proxy sorts once, the view repaints once.
    if (first >= 0)
        emit dataChanged(index(first, MessagesColumn), index(last, MessagesColumn),
                         {Qt::DisplayRole, SortRole});
}

void MemberTableModel::resync()
{
    beginResetModel();
    m_members.clear();
    m_stamps.clear();
    for (const MemberInfo &member : m_server->members())
        append(member);
    endResetModel();
}
