#pragma once

#include <QString>

// The rules for what a member says (docs/protocol.md, "Names and text").
class ChatText final
{
public:
    static constexpr int MaxLength = 2000; // UTF-16 code units

    enum class Verdict : quint8 { Ok, Empty, TooLong };

    // Removes Cc and Cf characters except line breaks and tabs, and unpaired surrogates;
    // a CR or CRLF becomes one LF so every client breaks lines alike.
    static QString sanitized(const QString &text);
    // Judges the text as the server will see it after sanitizing.
    static Verdict check(const QString &text);
};
