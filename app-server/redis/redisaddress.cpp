#include "redisaddress.h"

#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

QString RedisAddress::displayString() const
{
    if (isUnixSocket())
        return u"unix://"_s + socketPath + u"?room="_s + room;
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    return u"redis://%1:%2/%3"_s.arg(shownHost).arg(port).arg(room);
}

QString RedisAddress::keyPrefix() const
{
    return u"chatroom:{"_s + room + u"}:"_s;
}

bool RedisAddress::looksLikeRedis(const QString &text)
{
    return text.startsWith(u"redis://"_s) || text.startsWith(u"unix://"_s);
}

bool RedisAddress::isValidRoom(const QString &room)
{
    if (room.isEmpty() || room.size() > 64)
        return false;
    return std::all_of(room.begin(), room.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'_' || c == u'-' || c == u'.';
    });
}

std::optional<RedisAddress> RedisAddress::parse(const QString &text, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::optional<RedisAddress> {};
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(u"not a valid URL: "_s + url.errorString());
    RedisAddress address;
    address.user = url.userName();
    address.password = url.password();
    const QString scheme = url.scheme();
    if (scheme == u"redis") {
        address.host = url.host();
        if (address.host.isEmpty())
            return fail(u"no host in %1"_s.arg(text));
        const int port = url.port(DefaultPort);
        if (port <= 0 || port > 65535)
            return fail(u"no valid port in %1"_s.arg(text));
        address.port = quint16(port);
        const QString path = url.path();
        if (path.size() > 1)
            address.room = path.mid(1);
        if (url.hasQuery())
            return fail(u"a redis:// address takes its room as its path, not a query"_s);
    } else if (scheme == u"unix") {
        address.socketPath = url.path();
        if (!address.socketPath.startsWith(u'/'))
            return fail(u"a unix:// address needs an absolute socket path: %1"_s.arg(text));
        const QUrlQuery query(url);
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
            if (key != u"room")
                return fail(u"unknown parameter \"%1\" in %2"_s.arg(key, text));
            address.room = value;
        }
    } else {
        return fail(u"the address must start with redis:// or unix://: %1"_s.arg(text));
    }
    if (!isValidRoom(address.room))
        return fail(u"the room \"%1\" must be 1 to 64 ASCII letters, digits, '_', '-' or '.'"_s.arg(
            address.room));
    if (error)
        error->clear();
    return address;
}
