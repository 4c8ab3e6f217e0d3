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
    // Nearly every text is kept as it is: checked without building a copy, it is given
    // back shared. Printable ASCII is always kept; anything else asks isKept().
    qsizetype clean = 0;
    while (clean < text.size()) {
        const char16_t c = text[clean].unicode();
        if (c >= 0x20 && c < 0x7f) {
            ++clean;
        } else if (QChar::isHighSurrogate(c)) {
            if (clean + 1 >= text.size() || !text[clean + 1].isLowSurrogate()
                || !isKept(QChar::surrogateToUcs4(c, text[clean + 1].unicode())))
                break;
            clean += 2;
        } else if (c != u'\r' && !QChar::isSurrogate(c) && isKept(c)) {
            ++clean;
        } else {
            break;
        }
    }
    if (clean == text.size())
        return text;
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
