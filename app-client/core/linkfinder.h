#pragma once

#include <QList>
#include <QString>
#include <QUrl>

// Finds the web addresses in a plain chat line, so that a view can draw them as links.
// Only http:// and https:// count: a member must never be able to make a click open a
// file, a mail client or another program's scheme. The text itself is never markup, so
// a typed <a href=...> stays literal; only the address inside it, if any, is a link.
class LinkFinder final
{
public:
    struct Link
    {
        qsizetype start = 0; // in UTF-16 code units, as QTextLayout counts
        qsizetype length = 0;
        QUrl url;

        friend bool operator==(const Link &, const Link &) = default;
    };

    static QList<Link> find(const QString &text);
    // The one test every opener applies, whatever found the address.
    static bool isOpenable(const QUrl &url);
};
