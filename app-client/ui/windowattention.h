#pragma once

#include "unreadcounter.h"

#include <QObject>
#include <QPointer>

class QAction;
class QSystemTrayIcon;
class QWidget;

// Renders an UnreadCounter for a window: follows the window's activation, keeps a tray
// icon (where the desktop has a tray) whose tooltip holds the unread count, and turns a
// notification request into the tray's message, unless the member turned them off (the
// setting is kept in QSettings and offered as a checkable action for a menu).
class WindowAttention final : public QObject
{
    Q_OBJECT

public:
    WindowAttention(QWidget *window, UnreadCounter *counter);

    QAction *notificationsAction() const { return m_notificationsAction; }
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    // Notification servers and Qt's own balloon both guess markup; a member's words must
    // not become a tag or load an image, so angle brackets and ampersands are swapped
    // for their full-width look-alikes, and the text is cut to a notification's length.
    static QString notificationText(const QString &text);
    static constexpr auto NotificationsKey = "notifications/enabled";

Q_SIGNALS:
    // A notification as shown (or as it would be, without a tray): for tests and logs.
    void notified(const QString &title, const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void notify(UnreadCounter::Reason reason, const QString &sender, const QString &text);
    void updateTray();
    void setNotificationsEnabled(bool enabled);

    QWidget *m_window = nullptr;
    UnreadCounter *m_counter = nullptr;
    QSystemTrayIcon *m_tray = nullptr; // only where the desktop has a tray
    QAction *m_notificationsAction = nullptr;
};
