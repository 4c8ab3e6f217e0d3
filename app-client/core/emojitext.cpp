#include "emojitext.h"

#include <unicode/uchar.h>

namespace {

char32_t codePointAt(const QString &text, qsizetype i, int *units)
{
    const QChar c = text.at(i);
    if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
        *units = 2;
        return QChar::surrogateToUcs4(c, text.at(i + 1));
    }
    *units = 1;
    return c.unicode();
}

bool isRegionalIndicator(char32_t c)
{
    return c >= 0x1F1E6 && c <= 0x1F1FF;
}

// What may follow an emoji within the same glyph cluster.
bool isModifier(char32_t c)
{
    return c == 0xFE0F || c == 0x20E3 || (c >= 0x1F3FB && c <= 0x1F3FF)
        || (c >= 0xE0020 && c <= 0xE007F);
}

} // namespace

QList<std::pair<qsizetype, qsizetype>> EmojiText::runs(const QString &text)
{
    QList<std::pair<qsizetype, qsizetype>> found;
    qsizetype i = 0;
    while (i < text.size()) {
        int units = 0;
        const char32_t c = codePointAt(text, i, &units);
        int nextUnits = 0;
        const char32_t next =
            i + units < text.size() ? codePointAt(text, i + units, &nextUnits) : 0;
        const bool emoji = u_hasBinaryProperty(UChar32(c), UCHAR_EMOJI_PRESENTATION)
            || isRegionalIndicator(c)
            || (next == 0xFE0F && u_hasBinaryProperty(UChar32(c), UCHAR_EXTENDED_PICTOGRAPHIC));
        if (!emoji) {
            i += units;
            continue;
        }
        qsizetype end = i + units;
        while (end < text.size()) {
            int more = 0;
            const char32_t following = codePointAt(text, end, &more);
            if (!isModifier(following)
                && !(isRegionalIndicator(c) && isRegionalIndicator(following) && end == i + units))
                break;
            end += more;
        }
        // Next to the previous run: one range.
        if (!found.isEmpty() && found.last().first + found.last().second == i)
            found.last().second += end - i;
        else
            found.append({i, end - i});
        i = end;
    }
    return found;
}
