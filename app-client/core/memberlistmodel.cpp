#include "memberlistmodel.h"

#include "chatsession.h"
#include "nickname.h"

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
}

void MemberListModel::setSession(ChatSession *session)
{
    connect(session, &ChatSession::membersReset, this, [this, session](const QStringList &names) {
        resetMembers(names, session->nickname());
    });
    connect(session, &ChatSession::memberAdded, this, &MemberListModel::appendMember);
    connect(session, &ChatSession::memberRemoved, this, &MemberListModel::removeMember);
    connect(session, &ChatSession::joined, this, &MemberListModel::setOwnNickname);
    resetMembers(session->members(), session->nickname());
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
