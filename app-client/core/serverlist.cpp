#include "serverlist.h"

#include <QHostAddress>

#include <optional>

using namespace Qt::StringLiterals;

namespace {
// As ServerAddress::fromField() reads it: a colon cannot be part of a host name.
constexpr QStringView LocalPrefix = u"local:";

// Digits only: QString::toUInt() would also take "+80" or " 80".
std::optional<quint16> portOf(QStringView text)
{
    if (text.isEmpty() || text.size() > 5)
        return std::nullopt;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    const uint value = text.toUInt();
    if (value == 0 || value > 65535)
        return std::nullopt;
    return quint16(value);
}

bool isIPv6(const QString &text)
{
    return QHostAddress(text).protocol() == QAbstractSocket::IPv6Protocol;
}
} // namespace

ServerList::ServerList(const ServerAddress &address)
    : m_addresses {address}
{
}

ServerList::ServerList(const QList<ServerAddress> &addresses)
    : m_addresses(addresses)
{
}

ServerList::Parsed ServerList::parse(const QString &field, quint16 defaultPort, bool tls)
{
    const QString trimmed = field.trimmed();
    if (trimmed.isEmpty())
        return {{}, tr("Please enter the server's address")};
    const auto transport = tls ? ServerAddress::Transport::Tls : ServerAddress::Transport::Tcp;
    QList<ServerAddress> addresses;
    for (const QString &entry : trimmed.split(u',')) {
        ServerAddress address;
        const QString error = parseEntry(entry.trimmed(), defaultPort, transport, &address);
        if (!error.isEmpty())
            return {{}, error};
        // Twice in the list is a typing slip, and would only try the same server twice.
        for (const ServerAddress &earlier : std::as_const(addresses)) {
            if (earlier.display() == address.display())
                return {{}, tr("%1 is in the list twice").arg(address.display())};
        }
        addresses.append(address);
    }
    return {ServerList(addresses), {}};
}

QString ServerList::parseEntry(const QString &entry, quint16 defaultPort,
                               ServerAddress::Transport transport, ServerAddress *address)
{
    if (entry.isEmpty())
        return tr("The server list has an empty entry: remove the extra comma");
    if (entry.startsWith(LocalPrefix, Qt::CaseInsensitive)) {
        const QString name = entry.mid(LocalPrefix.size()).trimmed();
        if (name.isEmpty())
            return tr("Please enter the local server's name after local:");
        *address = {ServerAddress::Transport::Local, name, 0};
        return {};
    }
    for (const QChar c : entry) {
        if (c.isSpace())
            return tr("“%1” has a space in it: separate servers with commas").arg(entry);
    }
    const QString badPort = tr("The port in “%1” must be a number from 1 to 65535").arg(entry);
    QString host = entry;
    QStringView port;
    if (entry.startsWith(u'[')) {
        // "[IPv6]" or "[IPv6]:port", as in a URL.
        const qsizetype close = entry.indexOf(u']');
        if (close < 0 || !isIPv6(entry.mid(1, close - 1)))
            return tr("“%1” is not an IPv6 address in brackets, such as [::1]:9527").arg(entry);
        host = entry.mid(1, close - 1);
        const QStringView rest = QStringView(entry).mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':'))
            return badPort;
        if (!rest.isEmpty())
            port = rest.mid(1);
        if (!rest.isEmpty() && port.isEmpty())
            return badPort;
    } else if (entry.count(u':') == 1) {
        const qsizetype colon = entry.indexOf(u':');
        host = entry.left(colon);
        port = QStringView(entry).mid(colon + 1);
        if (host.isEmpty())
            return tr("“%1” has a port but no host").arg(entry);
        if (port.isEmpty())
            return badPort;
    } else if (entry.contains(u':') && !isIPv6(entry)) {
        // Several colons: an IPv6 address on the default port, or a slip.
        return tr("“%1” is not an address; an IPv6 address with a port is written "
                  "[address]:port")
            .arg(entry);
    }
    quint16 number = defaultPort;
    if (!port.isEmpty()) {
        const std::optional<quint16> parsed = portOf(port);
        if (!parsed)
            return badPort;
        number = *parsed;
    }
    *address = {transport, host, number};
    return {};
}

QString ServerList::field(quint16 defaultPort) const
{
    QStringList entries;
    for (const ServerAddress &address : m_addresses) {
        if (address.isLocal() || address.port == defaultPort)
            entries.append(address.field());
        else if (address.host.contains(u':'))
            entries.append(u"[%1]:%2"_s.arg(address.host).arg(address.port));
        else
            entries.append(u"%1:%2"_s.arg(address.host).arg(address.port));
    }
    return entries.join(u',');
}

QString ServerList::display() const
{
    QStringList entries;
    for (const ServerAddress &address : m_addresses)
        entries.append(address.display());
    return entries.join(u", "_s);
}

ServerAddress ServerList::current() const
{
    return m_addresses.value(m_current);
}

ServerAddress ServerList::advance()
{
    if (!m_addresses.isEmpty())
        m_current = (m_current + 1) % m_addresses.size();
    return current();
}
