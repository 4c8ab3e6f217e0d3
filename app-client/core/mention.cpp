#include "mention.h"

#include "nickname.h"

#include <QList>

namespace {

bool isWordCharacter(char32_t c)
{
    if (c == U'_')
        return true;
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        return true; // an accent continues the word it sits on
    default:
        return QChar::isLetterOrNumber(c);
    }
}

bool isWrittenWithoutSpaces(char32_t c)
{
    switch (QChar::script(c)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Hangul: // spaced, but particles attach to names: 철수야
    case QChar::Script_Bopomofo:
    case QChar::Script_Yi:
    case QChar::Script_Thai:
    case QChar::Script_Lao:
    case QChar::Script_Khmer:
    case QChar::Script_Myanmar:
    case QChar::Script_Tibetan:
        return true;
    default:
        return false;
    }
}

char32_t codePointBefore(QStringView text, qsizetype end)
{
    const QChar low = text.at(end - 1);
    if (low.isLowSurrogate() && end >= 2 && text.at(end - 2).isHighSurrogate())
        return QChar::surrogateToUcs4(text.at(end - 2), low);
    return low.unicode();
}

char32_t codePointAt(QStringView text, qsizetype at)
{
    const QChar high = text.at(at);
    if (high.isHighSurrogate() && at + 1 < text.size() && text.at(at + 1).isLowSurrogate())
        return QChar::surrogateToUcs4(high, text.at(at + 1));
    return high.unicode();
}

} // namespace

bool Mention::mentions(const QString &text, const QString &nickname)
{
    const QString name = Nickname::key(nickname);
    if (name.isEmpty())
        return false;
    const QString haystack = Nickname::key(text);

    bool substring = false;
    for (const uint c : QStringView(name).toUcs4()) {
        if (isWrittenWithoutSpaces(c)) {
            substring = true;
            break;
        }
    }
    if (substring)
        return haystack.contains(name);

    // Like a regular expression's \b: a boundary is needed only on a side where the name
    // itself starts or ends with a word character ("bob!" is named by "bob!!").
    const bool needsLeft = isWordCharacter(codePointAt(name, 0));
    const bool needsRight = isWordCharacter(codePointBefore(name, name.size()));
    for (qsizetype at = haystack.indexOf(name); at >= 0; at = haystack.indexOf(name, at + 1)) {
        const qsizetype end = at + name.size();
        const bool leftOk =
            !needsLeft || at == 0 || !isWordCharacter(codePointBefore(haystack, at));
        const bool rightOk =
            !needsRight || end == haystack.size() || !isWordCharacter(codePointAt(haystack, end));
        if (leftOk && rightOk)
            return true;
    }
    return false;
}
