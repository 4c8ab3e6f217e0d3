#pragma once

#include "protocol/messages.h"

#include <QHostAddress>
#include <QMetaType>
#include <QString>

// Something the server did to a connection that is no room event: data for the
// administrator's log, worded by whoever shows it.
struct ServerNotice
{
    enum class Kind : quint8 {
        NameRejected, // code is a Protocol::RejectReason; nickname what was asked for
        ConnectionClosed, // code is the Protocol::ErrorCode sent before closing
        MessageRefused, // code is the Protocol::NoticeCode sent; nothing reached the room
        // count connections refused before a Hello; code is a ConnectionLimits::Verdict,
        // address the first one's
        ConnectionRefused,
        // Accepting paused: out of descriptors or another failure. code is the errno.
        AcceptPaused,
        // A Hello or Rename asked for a banned name; code is 0, nickname what was asked
        // for. The wire said NameReserved.
        NameBanned,
        // count connections from banned addresses closed before a Hello; address the
        // first one's.
        ConnectionBanned,
        // count connections that had not joined, closed to make room for new ones at the
        // cap on such connections; address the first one's.
        ConnectionEvicted,
    };

    Kind kind = Kind::ConnectionClosed;
    quint8 code = 0;
    QString nickname; // the member's name, the name asked for, or empty
    QHostAddress address;
    quint16 port = 0;
    int count = 1; // ConnectionRefused, -Banned, -Evicted: how many since the last report
    // More notices like this one (same kind, code and connection) folded into it by
    // NoticeAggregator since the last line about them; 0 for the first.
    int repeated = 0;

    Protocol::RejectReason rejectReason() const { return Protocol::RejectReason(code); }
    Protocol::ErrorCode errorCode() const { return Protocol::ErrorCode(code); }
    Protocol::NoticeCode noticeCode() const { return Protocol::NoticeCode(code); }
};

Q_DECLARE_METATYPE(ServerNotice)
