#pragma once

#include "protocol/messagecodec.h"

#include <QString>

// What the server knows of a member beyond the room's name list, and keeps while the
// member is in the room whichever connection it uses: it moves from a dropped connection
// to the resume table and on to the connection that resumes (docs/protocol.md, "Resume").
struct MemberState
{
    QString nickname; // as accepted; empty before joining
    // Nickname::key(nickname), made once per join or rename: finding the speaker of every
    // Say must not run Unicode normalization and a confusables skeleton again.
    QString key;
    qint64 joinedAtMs = 0;
    // Welcome.seq: a resuming client must have every event from here on. A rename moves
    // the member in the join order but not this.
    quint64 welcomeSeq = 0;
    quint64 messagesSent = 0; // Say messages that reached the room
    // The highest Say.clientId processed, accepted or refused (exactly-once sending).
    quint64 lastClientId = 0;
    // The frames this member reads: a 1.1 Hello's, kept across a resume.
    Protocol::Layout layout = Protocol::Layout::V1_0;

    bool isV11() const { return layout != Protocol::Layout::V1_0; }
};
