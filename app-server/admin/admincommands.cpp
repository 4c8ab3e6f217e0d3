#include "admincommands.h"

#include "admin/adminprotocol.h"
#include "chatserver.h"
#include "chattext.h"
#include "ratemeter.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QJsonValue isoUtc(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

QJsonValue addressValue(const QHostAddress &address)
{
    if (address.isNull())
        return QJsonValue();
    // An IPv4 peer of a dual-stack socket, as its owner knows it.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

QJsonObject banObject(const BanList::Ban &ban)
{
    return {
        {u"id"_s, qint64(ban.id)},
        {u"name"_s, ban.name.isEmpty() ? QJsonValue() : QJsonValue(ban.name)},
        {u"address"_s, addressValue(ban.address)},
        {u"until"_s, isoUtc(ban.until())},
        {u"permanent"_s, ban.isPermanent()},
    };
}

QJsonObject ok(QJsonObject fields = {})
{
    fields.insert(u"ok"_s, true);
    return fields;
}

} // namespace

AdminCommands::AdminCommands(ChatServer *server, RateMeter *rate, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_rate(rate)
    , m_startedAt(QDateTime::currentDateTimeUtc())
{
    m_uptime.start();
}

QJsonObject AdminCommands::error(const QString &code, const QString &message)
{
    return {{u"ok"_s, false}, {u"code"_s, code}, {u"error"_s, message}};
}

QJsonObject AdminCommands::badRequest(const QString &detail)
{
    return error(u"bad-request"_s, detail);
}

QJsonObject AdminCommands::handle(const QJsonObject &request, const Context &context)
{
    const QJsonValue command = request.value(u"command"_s);
    if (!command.isString())
        return badRequest(u"no \"command\" string"_s);
    const QString name = command.toString();
    if (name == u"members")
        return members();
    if (name == u"broadcast")
        return broadcast(request);
    if (name == u"kick")
        return kick(request);
    if (name == u"ban")
        return ban(request);
    if (name == u"unban")
        return unban(request);
    if (name == u"bans")
        return bans();
    if (name == u"status")
        return status(context);
    return error(u"unknown-command"_s, u"unknown command: %1"_s.arg(name));
}

QJsonObject AdminCommands::members() const
{
    QJsonArray list;
    // The whole room: in a shared room the other servers' members too, with null for
    // what only their own server knows (address, port, the count of their messages).
    for (const MemberInfo &member : m_server->members()) {
        const bool noPort = member.local || member.detached || member.remote;
        list.append(QJsonObject {
            {u"name"_s, member.name},
            {u"address"_s, member.local ? QJsonValue() : addressValue(member.address)},
            {u"port"_s, noPort ? QJsonValue() : QJsonValue(member.port)},
            {u"local"_s, member.local},
            {u"joinedAt"_s, isoUtc(member.joinedAt)},
            {u"messagesSent"_s,
             member.remote ? QJsonValue() : QJsonValue(qint64(member.messagesSent))},
            {u"detached"_s, member.detached},
            {u"remote"_s, member.remote},
        });
    }
    return ok({{u"members"_s, list}});
}

QJsonObject AdminCommands::broadcast(const QJsonObject &request)
{
    const QJsonValue text = request.value(u"text"_s);
    if (!text.isString())
        return badRequest(u"broadcast needs a \"text\" string"_s);
    if (!m_server->broadcast(text.toString())) {
        // Room::broadcast's rules (ChatText::check), and never while shutting down.
        switch (ChatText::check(text.toString())) {
        case ChatText::Verdict::Empty:
            return error(u"refused"_s, u"the text is empty"_s);
        case ChatText::Verdict::TooLong:
            return error(u"refused"_s,
                         u"the text is longer than %1 characters"_s.arg(ChatText::MaxLength));
        case ChatText::Verdict::Ok:
            break;
        }
        return error(u"refused"_s, u"the server is shutting down"_s);
    }
    emit broadcastSent(text.toString());
    return ok();
}

QJsonObject AdminCommands::kick(const QJsonObject &request)
{
    const QString name = request.value(u"name"_s).toString();
    if (name.isEmpty())
        return badRequest(u"kick needs a \"name\" string"_s);
    // The member's own spelling, for the response and the log.
    const std::optional<MemberInfo> member = m_server->member(name);
    if (!member || !m_server->kick(member->name))
        return error(u"no-such-member"_s, u"no such member: %1"_s.arg(name));
    emit kicked(member->name);
    return ok({{u"name"_s, member->name}});
}

QJsonObject AdminCommands::ban(const QJsonObject &request)
{
    const QString name = request.value(u"name"_s).toString();
    if (name.trimmed().isEmpty())
        return badRequest(u"ban needs a \"name\" string"_s);
    std::chrono::milliseconds duration = AdminProtocol::DefaultBanDuration;
    if (request.contains(u"duration"_s)) {
        const auto parsed = AdminProtocol::parseDuration(request.value(u"duration"_s).toString());
        if (!parsed)
            return badRequest(u"\"duration\" must be like 90s, 10m, 2h, 1d or permanent"_s);
        duration = *parsed;
    }
    const bool nameOnly = request.value(u"nameOnly"_s).toBool(false);
    const bool inRoom = m_server->member(name).has_value();
    const std::optional<BanList::Ban> added = m_server->ban(name, duration, !nameOnly);
    if (!added)
        return badRequest(u"ban needs a \"name\" string"_s);
    emit banned(*added, inRoom);
    return ok({{u"ban"_s, banObject(*added)}, {u"kicked"_s, inRoom}});
}

QJsonObject AdminCommands::unban(const QJsonObject &request)
{
    const QJsonValue id = request.value(u"id"_s);
    const double number = id.toDouble(-1);
    if (!id.isDouble() || number < 1 || number != std::floor(number))
        return badRequest(u"unban needs an \"id\" number"_s);
    for (const BanList::Ban &ban : m_server->bans()) {
        if (ban.id == quint64(number) && m_server->unban(ban.id)) {
            emit unbanned(ban);
            return ok({{u"ban"_s, banObject(ban)}});
        }
    }
    return error(u"no-such-ban"_s, u"no such ban: %1"_s.arg(qint64(number)));
}

QJsonObject AdminCommands::bans() const
{
    QJsonArray list;
    for (const BanList::Ban &ban : m_server->bans())
        list.append(banObject(ban));
    return ok({{u"bans"_s, list}});
}

QJsonObject AdminCommands::status(const Context &context) const
{
    return ok({
        {u"room"_s, m_server->roomTitle()},
        {u"version"_s, QCoreApplication::applicationVersion()},
        {u"members"_s, m_server->memberCount()},
        {u"maxMembers"_s, m_server->maxMembers()},
        {u"detached"_s, m_server->detachedCount()},
        {u"connections"_s, m_server->connectionCount()},
        {u"adminConnections"_s, context.adminConnections},
        {u"messagesRelayed"_s, qint64(m_server->messagesRelayed())},
        // One decimal is what a person reads; a script wanting more has messagesRelayed.
        {u"messagesPerSecond"_s, std::round(m_rate->rate() * 10.0) / 10.0},
        {u"startedAt"_s, isoUtc(m_startedAt)},
        {u"uptimeSeconds"_s, m_uptime.elapsed() / 1000},
        {u"bans"_s, int(m_server->bans().size())},
        {u"log"_s, logStatus()},
        {u"listening"_s, listeningStatus()},
        {u"adminSocket"_s, context.adminSocket},
    });
}

QJsonObject AdminCommands::logStatus() const
{
    const RoomLog &log = m_server->roomLog();
    const QString file = log.filePath();
    return {
        {u"backend"_s, file.isEmpty() ? u"memory"_s : u"sqlite"_s},
        {u"file"_s, file.isEmpty() ? QJsonValue() : QJsonValue(file)},
        {u"bytes"_s, log.fileBytes()},
        {u"events"_s, log.eventCount()},
    };
}

QJsonObject AdminCommands::listeningStatus() const
{
    const bool tls = m_server->isTlsListening();
    return {
        {u"address"_s, m_server->serverAddress().toString()},
        {u"port"_s, m_server->serverPort()},
        {u"tlsPort"_s, tls ? QJsonValue(m_server->tlsPort()) : QJsonValue()},
        {u"tlsFingerprint"_s, tls ? QJsonValue(m_server->tlsFingerprint()) : QJsonValue()},
        {u"localSocket"_s,
         m_server->isLocalListening() ? QJsonValue(m_server->localServerName()) : QJsonValue()},
    };
}
