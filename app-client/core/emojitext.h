#pragma once

#include <QList>
#include <QString>

#include <utility>

// Where emoji are in a text, for drawing them with a colour emoji font: a general font
// that happens to have 😀 (DejaVu Sans does) would otherwise draw it in black and white,
// and font fallback never reaches the emoji font. Plain text in, ranges out.
class EmojiText
{
public:
    // (start, length) in UTF-16 units of each run of emoji: a character presented as
    // emoji by default, or one followed by U+FE0F, with its variation selectors, skin
    // tones, tags and keycap mark; pairs of regional indicators (flags). Text-style
    // symbols such as © stay out.
    static QList<std::pair<qsizetype, qsizetype>> runs(const QString &text);
};
