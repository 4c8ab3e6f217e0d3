#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QString>

class ChatSession;

// The room's members in join order, for a list view. It follows a ChatSession one change
// at a time, so a Joined or Left costs one row, not a rebuild: a room of 10000 members
// rejoining after a server restart stays linear. Each row's key and colour hue are worked
// out once, when the row arrives. Widget-free; a window adds fonts and colours on top.
// DisplayRole is the name as plain text; ToolTipRole, which QToolTip may take for rich
// text, is HTML of the model's own with the name escaped.
class MemberListModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        KeyRole = Qt::UserRole + 1, // QString: Nickname::key of the name
        OwnRole, // bool: this is the session's own nickname
        HueRole, // int: the nickname's stable hue, 0-359 (see nicknameHue())
    };
    Q_ENUM(Role)

    explicit MemberListModel(QObject *parent = nullptr);

    // Follows the session from now on, starting from its current list.
    void setSession(ChatSession *session);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString nameAt(int row) const { return m_rows.at(row).name; }
    QString keyAt(int row) const { return m_rows.at(row).key; }

    void resetMembers(const QStringList &names, const QString &ownNickname);
    void appendMember(const QString &name);
    // index is the member's row; the name guards against a list that drifted.
    void removeMember(int index, const QString &name);
    void setOwnNickname(const QString &nickname);

    // A hue per nickname key that stays the same across runs and machines, from orange
    // round to magenta (pure red is the administrator's). The chat log uses it too.
    static int nicknameHue(const QString &key);

private:
    struct Row
    {
        QString name;
        QString key;
        int hue = 0;
    };
    static Row makeRow(const QString &name);

    QList<Row> m_rows;
    QString m_ownKey;
};
