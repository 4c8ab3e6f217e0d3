#pragma once

#include "protocol/messages.h"

#include <QString>

// What one message from a server may hold before the client keeps any of it. A frame may
// be 64 KiB, yet 10000 members with names of 32767 characters, or 5000 kept messages of
// that size, would be hundreds of megabytes: the protocol's own rules for names and text
// (docs/protocol.md, "Names and text") bound each field, and a server that breaks them is
// broken or hostile. How many members and how much history a server may send is the
// session's business; this judges one message at a time.
class InboundLimits final
{
public:
    // A Rejected, Notice or Error detail is free text for a person: longer ones are cut.
    static constexpr int MaxDetailLength = 500;

    // False when a name is longer than Nickname::MaxLength or a text than
    // ChatText::MaxLength (the server sanitizes and checks both before sending them).
    static bool fits(const Protocol::Message &message);
    static QString clippedDetail(const QString &detail);
};
