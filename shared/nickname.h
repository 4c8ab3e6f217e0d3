#pragma once

#include <QString>

// The nickname rules of docs/protocol.md ("Names and text"), shared so that the client
// can tell a user what is wrong before the server has to. The Unicode work (NFKC_Casefold,
// UTS #39 skeletons and script mixing) is ICU's; no ICU type appears here.
class Nickname final
{
public:
    static constexpr int MaxLength = 24; // UTF-16 code units

    // Every refusal but Reserved is NameInvalid on the wire; Reserved is NameReserved.
    enum class Verdict : quint8 {
        Ok,
        Empty,
        TooLong,
        // Cc, Cf, Zl, Zp, Co, Cn or a lone surrogate: controls, zero-width and bidi marks,
        // line and paragraph separators, private use, unassigned code points.
        InvalidCharacter,
        Reserved,
        // Nothing visible, or a blank that is not a space: Hangul fillers, the braille
        // blank, the combining grapheme joiner, a variation selector with nothing to vary.
        Invisible,
        // Scripts mixed beyond UTS #39's "moderately restrictive" level: Latin with
        // Cyrillic or Greek, or two scripts that are not Latin plus one more.
        MixedScript,
    };

    // The name as the room will show it: trimmed of surrounding white space.
    static QString normalized(const QString &name);
    // Two names with one key are the same name: the UTS #39 skeleton of the name's
    // NFKC_Casefold, so case, width, compatibility forms and look-alikes (Cyrillic "а"
    // for Latin "a", "rn" for "m", "0" for "o") all collide. Internal only: never shown.
    static QString key(const QString &name);
    // A reserved name, or a name that starts with one ("Admin says", "管理员："),
    // compared by key and by capital look-alike.
    static bool isReserved(const QString &name);
    static Verdict check(const QString &name);
};
