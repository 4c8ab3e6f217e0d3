#pragma once

#include <QDateTime>
#include <QHostAddress>
#include <QMetaType>
#include <QString>

// One member as the administrator sees it: what a member table shows.
struct MemberInfo
{
    QString name;
    QHostAddress address;
    quint16 port = 0;
    QDateTime joinedAt;
    quint64 messagesSent = 0; // Say messages that reached the room
    // The connection dropped and the seat is held for a resume (protocol 1.1).
    bool detached = false;
    // Over the server's local socket (--local): address and port say nothing then.
    bool local = false;
    // Served by another server of a shared room (docs/scaling.md): only the name and
    // the join time are known here. Address and port are null, and messagesSent is 0
    // because the member's own server counts its messages, not because it sent none.
    bool remote = false;
};

Q_DECLARE_METATYPE(MemberInfo)
