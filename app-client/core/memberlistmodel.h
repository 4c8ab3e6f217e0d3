#pragma once

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QTimer>

class ChatSession;

// The room's members in join order, for a list view. It follows a ChatSession in batches:
// the joins and leaves that came since the last one are taken in at once, as the few row
// ranges that changed, so a Joined or Left costs a row, not a rebuild (a room of 10000
// members rejoining after a server restart stays linear), and a member who joins and
// leaves a thousand times a second costs the view a layout and a repaint per batch, not
// per event. Each row's key and colour hue are worked out once, when the row arrives.
// Widget-free; a window adds fonts and colours on top.
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

    // Follows the session from now on, starting from its current list. Its joins and
    // leaves are taken in at most every syncIntervalMs while they keep coming; the first
    // after a quiet spell at the next turn of the event loop. A new list (joining, a lost
    // connection) and one's own nickname are taken at once.
    void setSession(ChatSession *session);
    static constexpr int DefaultSyncIntervalMs = 100;
    void setSyncInterval(int ms) { m_syncIntervalMs = qMax(0, ms); }
    // Takes in the session's changes still waiting for their batch.
    void syncNow();

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
    // Makes the rows these names, in this order, where names is the list as it was with
    // members removed anywhere and others appended (ChatSession's join order): rows that
    // stay are kept, the rest removed as ranges, the new ones appended as one. Any other
    // list still ends up shown right, with more rows removed and added than needed.
    void syncMembers(const QStringList &names);

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
    void scheduleSync();
    // Removes the rows marked, bottom up, one range per run of marked rows.
    void removeMarked(const QList<bool> &gone);

    QList<Row> m_rows;
    QString m_ownKey;
    ChatSession *m_session = nullptr;
    QTimer m_syncTimer;
    QElapsedTimer m_sinceSync;
    int m_syncIntervalMs = DefaultSyncIntervalMs;
    bool m_syncPending = false; // the session's list changed since the last batch
};
