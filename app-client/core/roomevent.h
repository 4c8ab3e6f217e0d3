#pragma once

#include "protocol/messages.h"

#include <QString>

// One line of the room's history as the client keeps it: a Joined, Left, Chat or
// Broadcast from the server, or the member's own join (from Welcome).
struct RoomEvent
{
    // Renamed: the Left{Renamed} and Joined{formerName} of one rename, shown as one line.
    enum class Kind : quint8 { Joined, Left, Chat, Broadcast, Renamed };

    Kind kind = Kind::Chat;
    quint64 seq = 0;
    qint64 atMs = 0;
    QString nickname; // who joined, left or spoke; empty for Broadcast
    QString text; // Chat and Broadcast
    Protocol::LeaveReason leaveReason = Protocol::LeaveReason::Quit; // Left only
    bool own = false; // spoken by, or the join of, this session's member
    QString formerName; // Renamed: the name before
    quint64 clientId = 0; // Chat: the sender's id for it (protocol 1.1), 0 if none
    bool history = false; // from a History batch: said before this member was here

    friend bool operator==(const RoomEvent &, const RoomEvent &) = default;
};
