#include "memberlistmodel.h"

#include "chatsession.h"
#include "nickname.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace {

// QToolTip guesses whether a string is rich text, and "<img src=/dev/zero>" is markup to
// it: a member so named would have the client read /dev/zero for ever on hover. So the
// tip is always markup, ours, with the name escaped inside; white-space:pre keeps a
// name's inner spaces as typed.
QString toolTipFor(const QString &name)
{
    return u"<p style='white-space:pre'>"_s + name.toHtmlEscaped() + u"</p>"_s;
}

} // namespace

MemberListModel::MemberListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_syncTimer.setSingleShot(true);
    connect(&m_syncTimer, &QTimer::timeout, this, &MemberListModel::syncNow);
}

void MemberListModel::setSession(ChatSession *session)
{
    m_session = session;
    connect(session, &ChatSession::membersReset, this, [this, session](const QStringList &names) {
        // The new list is all there is to take in.
        m_syncTimer.stop();
        m_syncPending = false;
        resetMembers(names, session->nickname());
    });
    // The session's list is the truth: a batch only needs to know that it changed.
    connect(session, &ChatSession::memberAdded, this, &MemberListModel::scheduleSync);
    connect(session, &ChatSession::memberRemoved, this, &MemberListModel::scheduleSync);
    connect(session, &ChatSession::joined, this, [this](const QString &nickname) {
        syncNow();
        setOwnNickname(nickname);
    });
    resetMembers(session->members(), session->nickname());
}

void MemberListModel::scheduleSync()
{
    m_syncPending = true;
    if (m_syncTimer.isActive())
        return;
    const qint64 since = m_sinceSync.isValid() ? m_sinceSync.elapsed() : m_syncIntervalMs;
    m_syncTimer.start(int(qMax<qint64>(0, m_syncIntervalMs - since)));
}

void MemberListModel::syncNow()
{
    m_syncTimer.stop();
    if (!std::exchange(m_syncPending, false) || !m_session)
        return;
    syncMembers(m_session->members());
    m_sinceSync.start();
}

void MemberListModel::syncMembers(const QStringList &names)
{
    // One pass down both lists: a row whose name is the next one expected stays, any other
    // goes. What stays is then names' beginning, and the rest of names is appended, so
    // the rows end up names whatever the list was; in join order nothing is removed that
    // is still there. A name that left and came back within the batch keeps its row.
    QList<bool> gone(m_rows.size(), false);
    qsizetype next = 0;
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (next < names.size() && m_rows.at(row).name == names.at(next))
            ++next;
        else
            gone[row] = true;
    }
    removeMarked(gone);
    if (next == names.size())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(names.size() - next) - 1);
    for (; next < names.size(); ++next)
        m_rows.append(makeRow(names.at(next)));
    endInsertRows();
}

void MemberListModel::removeMarked(const QList<bool> &gone)
{
    for (qsizetype last = gone.size() - 1; last >= 0; --last) {
        if (!gone.at(last))
            continue;
        qsizetype first = last;
        while (first > 0 && gone.at(first - 1))
            --first;
        beginRemoveRows({}, int(first), int(last));
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        last = first;
    }
}

int MemberListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MemberListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: // plain text: item delegates never parse markup
        return row.name;
    case Qt::ToolTipRole:
        return toolTipFor(row.name);
    case KeyRole:
        return row.key;
    case OwnRole:
        return !m_ownKey.isEmpty() && row.key == m_ownKey;
    case HueRole:
        return row.hue;
    default:
        return {};
    }
}

QHash<int, QByteArray> MemberListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KeyRole, "key");
    names.insert(OwnRole, "own");
    names.insert(HueRole, "hue");
    return names;
}

void MemberListModel::resetMembers(const QStringList &names, const QString &ownNickname)
{
    beginResetModel();
    m_ownKey = Nickname::key(ownNickname);
    m_rows.clear();
    m_rows.reserve(names.size());
    for (const QString &name : names)
        m_rows.append(makeRow(name));
    endResetModel();
}

void MemberListModel::appendMember(const QString &name)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(makeRow(name));
    endInsertRows();
}

void MemberListModel::removeMember(int index, const QString &name)
{
    if (index < 0 || index >= m_rows.size() || m_rows.at(index).name != name) {
        // Not fed in step with the session: find the name rather than drop the wrong row.
        const QString key = Nickname::key(name);
        index = -1;
        for (qsizetype i = 0; i < m_rows.size() && index < 0; ++i) {
            if (m_rows.at(i).key == key)
                index = int(i);
        }
        if (index < 0)
            return;
    }
    beginRemoveRows({}, index, index);
    m_rows.removeAt(index);
    endRemoveRows();
}

void MemberListModel::setOwnNickname(const QString &nickname)
{
    const QString key = Nickname::key(nickname);
    if (key == m_ownKey)
        return;
    const QString old = std::exchange(m_ownKey, key);
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const QString &rowKey = m_rows.at(i).key;
        if ((!old.isEmpty() && rowKey == old) || (!key.isEmpty() && rowKey == key)) {
            const QModelIndex changed = index(int(i));
            Q_EMIT dataChanged(changed, changed, {OwnRole});
        }
    }
}

int MemberListModel::nicknameHue(const QString &key)
{
    // FNV-1a: qHash is seeded per process, so it would recolour everyone on each start.
    quint32 hash = 2166136261u;
    for (const QChar c : key) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    return 30 + int(hash % 300);
}

MemberListModel::Row MemberListModel::makeRow(const QString &name)
{
    Row row;
    row.name = name;
    row.key = Nickname::key(name);
    row.hue = nicknameHue(row.key);
    return row;
}
