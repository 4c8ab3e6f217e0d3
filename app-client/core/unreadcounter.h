#pragma once

#include "roomevent.h"

#include <QObject>
#include <QString>

// What the member missed while the window was not active: how many messages came, and
// which of them deserve a notification (a mention or the administrator's broadcast).
// The window reports its activation and the events; a tray icon, the title and the
// desktop's notifications only render what this says.
class UnreadCounter final : public QObject
{
    Q_OBJECT

public:
    enum class Reason : quint8 { Mention, Broadcast };
    Q_ENUM(Reason)

    explicit UnreadCounter(QObject *parent = nullptr);

    // Becoming active means the member has seen everything: the count goes back to 0.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    // Whose name in a message makes it a mention.
    void setOwnNickname(const QString &nickname) { m_ownNickname = nickname; }
    void setNotificationsEnabled(bool enabled) { m_notificationsEnabled = enabled; }
    bool notificationsEnabled() const { return m_notificationsEnabled; }

    // A live event of the room; one's own messages and history never count.
    void addEvent(const RoomEvent &event);
    int unreadCount() const { return m_unread; }
    int mentionCount() const { return m_mentions; }
    // "(3) title" while something is unread, else the title.
    QString decoratedTitle(const QString &title) const;

Q_SIGNALS:
    void unreadCountChanged(int count);
    // Worth telling the desktop: sender is empty for a broadcast.
    void notificationRequested(UnreadCounter::Reason reason, const QString &sender,
                               const QString &text);

private:
    bool m_active = true;
    bool m_notificationsEnabled = true;
    int m_unread = 0;
    int m_mentions = 0;
    QString m_ownNickname;
};
