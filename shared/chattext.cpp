#include "chattext.h"

namespace {

bool isKept(char32_t c)
{
    if (c == u'\n' || c == u'\t')
        return true;
    const QChar::Category category = QChar::category(c);
    return category != QChar::Other_Control && category != QChar::Other_Format
        && category != QChar::Other_Surrogate;
}

} // namespace

QString ChatText::sanitized(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'\r') {
            out += u'\n';
            if (i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
            continue;
        }
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            if (isKept(QChar::surrogateToUcs4(c, text[i + 1]))) {
                out += c;
                out += text[i + 1];
            }
            ++i;
            continue;
        }
        if (isKept(c.unicode()))
            out += c;
    }
    return out;
}

ChatText::Verdict ChatText::check(const QString &text)
{
    const QString clean = sanitized(text);
    if (clean.trimmed().isEmpty())
        return Verdict::Empty;
    if (clean.size() > MaxLength)
        return Verdict::TooLong;
    return Verdict::Ok;
}
