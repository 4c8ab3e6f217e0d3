#pragma once

#include <QString>

// Whether a chat line names a member, for highlighting it. Case and width do not matter
// (the comparison is on Nickname::key, as for uniqueness). A name written with spaces
// between words (Latin, Cyrillic, ...) must stand as a word: "an" is not named by "want",
// but is by "an," or "@an". A name with characters of a script written without spaces
// (Chinese, Japanese, Korean, Thai, ...) is matched anywhere, as in "李四你好".
class Mention final
{
public:
    static bool mentions(const QString &text, const QString &nickname);
};
