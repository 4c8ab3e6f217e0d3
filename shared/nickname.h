#pragma once

#include <QString>

// The nickname rules of docs/protocol.md ("Names and text"), shared so that the client
// can tell a user what is wrong before the server has to.
class Nickname final
{
public:
    static constexpr int MaxLength = 24; // UTF-16 code units

    enum class Verdict : quint8 {
        Ok,
        Empty,
        TooLong,
        InvalidCharacter, // Cc or Cf: controls, zero-width and bidi marks
        Reserved,
    };

    // The name as the room will show it: trimmed of surrounding white space.
    static QString normalized(const QString &name);
    // Two names with one key are the same name: NFKC, then case-folded.
    static QString key(const QString &name);
    static bool isReserved(const QString &name);
    static Verdict check(const QString &name);
};
