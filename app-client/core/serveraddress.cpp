#include "serveraddress.h"

using namespace Qt::StringLiterals;

namespace {
// A prefix no host name can carry (a colon is not allowed in one), and short to type.
constexpr QStringView LocalPrefix = u"local:";
} // namespace

ServerAddress ServerAddress::fromField(const QString &field, quint16 port, bool tls)
{
    const QString trimmed = field.trimmed();
    if (trimmed.startsWith(LocalPrefix, Qt::CaseInsensitive))
        return {Transport::Local, trimmed.mid(LocalPrefix.size()).trimmed(), 0};
    return {tls ? Transport::Tls : Transport::Tcp, trimmed, port};
}

QString ServerAddress::field() const
{
    return isLocal() ? LocalPrefix.toString() + host : host;
}

QString ServerAddress::display() const
{
    if (isLocal())
        return field();
    const QString name = host.toLower();
    // An IPv6 address, written as in a URL so the port stays apart.
    if (name.contains(u':'))
        return u"[%1]:%2"_s.arg(name).arg(port);
    return u"%1:%2"_s.arg(name).arg(port);
}
