#pragma once

#include "roomlog.h"

#include <QDateTime>
#include <QString>

#include <optional>

// A room event read back from the RoomLog as the administrator's window shows it: worded
// by ServerEventFormatter exactly as the live line was, stamped with the event's own time.
// The window's past and the transcript search both go through here, so a line reads the
// same wherever it turns up.
struct TranscriptLine
{
    QDateTime at;
    QString text;

    // Nothing for an event the window does not show as a line of its own: the Left half
    // of a rename (its Joined, which carries formerName, says it).
    static std::optional<TranscriptLine> from(const RoomLog::Event &event);
};
