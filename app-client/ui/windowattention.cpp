#include "windowattention.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QWidget>

using namespace Qt::StringLiterals;

WindowAttention::WindowAttention(QWidget *window, UnreadCounter *counter)
    : QObject(window)
    , m_window(window)
    , m_counter(counter)
    , m_notificationsAction(new QAction(tr("Show &notifications"), this))
{
    m_notificationsAction->setObjectName(u"notificationsAction"_s);
    m_notificationsAction->setCheckable(true);
    const bool enabled = QSettings().value(QLatin1String(NotificationsKey), true).toBool();
    m_notificationsAction->setChecked(enabled);
    m_counter->setNotificationsEnabled(enabled);
    connect(m_notificationsAction, &QAction::toggled, this,
            &WindowAttention::setNotificationsEnabled);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        m_tray->setIcon(m_window->windowIcon());
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            m_window->showNormal();
            m_window->activateWindow();
        });
        m_tray->show();
    }
    connect(m_counter, &UnreadCounter::unreadCountChanged, this, &WindowAttention::updateTray);
    connect(m_counter, &UnreadCounter::notificationRequested, this, &WindowAttention::notify);
    // Activation comes to the window, not to us.
    m_window->installEventFilter(this);
    updateTray();
}

QString WindowAttention::notificationText(const QString &text)
{
    constexpr qsizetype Longest = 200;
    QString shown = text.size() > Longest ? text.left(Longest - 1) + u'\u2026' : text;
    shown.replace(u'<', u'\uFF1C').replace(u'>', u'\uFF1E').replace(u'&', u'\uFF06');
    return shown;
}

bool WindowAttention::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::ActivationChange)
        m_counter->setActive(m_window->isActiveWindow());
    return QObject::eventFilter(watched, event);
}

void WindowAttention::notify(UnreadCounter::Reason reason, const QString &sender,
                             const QString &text)
{
    QString title;
    if (reason == UnreadCounter::Reason::Broadcast)
        title = tr("Announcement from the administrator");
    else
        //: A notification's title: %1 is who wrote the member's name.
        title = tr("%1 mentioned you").arg(notificationText(sender));
    const QString message = notificationText(text);
    if (m_tray)
        m_tray->showMessage(title, message, QSystemTrayIcon::Information);
    else
        QApplication::alert(m_window);
    Q_EMIT notified(title, message);
}

void WindowAttention::updateTray()
{
    if (!m_tray)
        return;
    const int unread = m_counter->unreadCount();
    m_tray->setToolTip(unread > 0 ? tr("Chat room: %n unread message(s)", nullptr, unread)
                                  : tr("Chat room"));
}

void WindowAttention::setNotificationsEnabled(bool enabled)
{
    m_counter->setNotificationsEnabled(enabled);
    QSettings().setValue(QLatin1String(NotificationsKey), enabled);
}
