#include "linkfinder.h"

using namespace Qt::StringLiterals;

namespace {

bool isAsciiAlnum(QChar c)
{
    return c.unicode() < 0x80 && c.isLetterOrNumber();
}

// An address is ASCII (an IDN host or a path with CJK is written percent-encoded or
// ends there): Chinese text right after a link, with no space, is not part of it.
bool isUrlChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u <= 0x20 || u >= 0x7f)
        return false;
    return !u"<>\"`{}|\\^"_s.contains(c);
}

// Punctuation that ends a sentence more often than an address; a closing bracket stays
// when the address opened one, as in Wikipedia's "Foo_(bar)".
qsizetype trimmedEnd(const QString &text, qsizetype start, qsizetype end)
{
    while (end > start) {
        const QChar last = text.at(end - 1);
        if (u".,;:!?'*"_s.contains(last)) {
            --end;
            continue;
        }
        if (last == u')' || last == u']') {
            const QChar open = last == u')' ? u'(' : u'[';
            const QStringView url = QStringView(text).mid(start, end - start);
            if (url.count(open) < url.count(last)) {
                --end;
                continue;
            }
        }
        break;
    }
    return end;
}

} // namespace

QList<LinkFinder::Link> LinkFinder::find(const QString &text)
{
    QList<Link> links;
    qsizetype from = 0;
    while (from < text.size()) {
        const qsizetype at = text.indexOf(u"http"_s, from, Qt::CaseInsensitive);
        if (at < 0)
            break;
        from = at + 4;
        // "xhttp://" is not an address that starts at "http".
        if (at > 0 && isAsciiAlnum(text.at(at - 1)))
            continue;
        qsizetype end = at;
        while (end < text.size() && isUrlChar(text.at(end)))
            ++end;
        end = trimmedEnd(text, at, end);
        const QUrl url(text.mid(at, end - at), QUrl::StrictMode);
        if (url.isValid() && isOpenable(url) && !url.host().isEmpty()) {
            links.append({at, end - at, url});
            from = end;
        }
    }
    return links;
}

bool LinkFinder::isOpenable(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == u"http"_s || scheme == u"https"_s);
}
