#include "unreadcounter.h"

#include "mention.h"

using namespace Qt::StringLiterals;

UnreadCounter::UnreadCounter(QObject *parent)
    : QObject(parent)
{
}

void UnreadCounter::setActive(bool active)
{
    m_active = active;
    if (active && m_unread > 0) {
        m_unread = 0;
        m_mentions = 0;
        Q_EMIT unreadCountChanged(0);
    }
}

void UnreadCounter::addEvent(const RoomEvent &event)
{
    const bool broadcast = event.kind == RoomEvent::Kind::Broadcast;
    const bool chat = event.kind == RoomEvent::Kind::Chat;
    // Joins and leaves come in bursts (a server restart) and ask nothing of the member.
    if (m_active || event.own || event.history || !(chat || broadcast))
        return;
    const bool mention =
        chat && !m_ownNickname.isEmpty() && Mention::mentions(event.text, m_ownNickname);
    ++m_unread;
    if (mention)
        ++m_mentions;
    Q_EMIT unreadCountChanged(m_unread);
    if (m_notificationsEnabled && (mention || broadcast))
        Q_EMIT notificationRequested(broadcast ? Reason::Broadcast : Reason::Mention,
                                     event.nickname, event.text);
}

QString UnreadCounter::decoratedTitle(const QString &title) const
{
    if (m_unread <= 0)
        return title;
    return u"(%1) %2"_s.arg(m_unread).arg(title);
}
