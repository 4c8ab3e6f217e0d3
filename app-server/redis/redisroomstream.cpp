#include "redisroomstream.h"

#include "memoryroomlog.h"
#include "protocol/messagecodec.h"

#include <QCryptographicHash>
#include <QFile>
#include <QPointer>

#include <algorithm>
#include <array>
#include <limits>

using namespace Qt::StringLiterals;
using Protocol::MessageCodec;

namespace {

// The room's Lua scripts, compiled in as resources (Lua with its own comments).
enum class Script { Append, Identify, Heartbeat, Token, Adopt };
constexpr std::array ScriptNames {"append.lua", "identify.lua", "heartbeat.lua", "token.lua",
                                  "adopt.lua"};

struct LuaScript
{
    QByteArray text;
    // What EVALSHA sends instead of the text. Worked out once: hashing append.lua for
    // every batch of events cost more than encoding the batch.
    QByteArray sha1;
};

const std::array<LuaScript, ScriptNames.size()> &scripts()
{
    static const std::array<LuaScript, ScriptNames.size()> loaded = [] {
        std::array<LuaScript, ScriptNames.size()> all;
        for (size_t i = 0; i < ScriptNames.size(); ++i) {
            QFile file(u":/redis/"_s + QLatin1StringView(ScriptNames[i]));
            const bool opened = file.open(QIODevice::ReadOnly);
            Q_ASSERT_X(opened, "RedisRoomStream", "the scripts are compiled in");
            all[i].text = file.readAll();
            all[i].sha1 = QCryptographicHash::hash(all[i].text, QCryptographicHash::Sha1).toHex();
        }
        return all;
    }();
    return loaded;
}

const QByteArray &sha1Of(Script which)
{
    return scripts()[size_t(which)].sha1;
}

// What Redis keeps of a resume token: anyone who reads Redis learns no member's token.
QByteArray tokenDigest(const QByteArray &token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

QByteArray releaseModeName(SharedRoom::ReleaseMode mode)
{
    switch (mode) {
    case SharedRoom::ReleaseMode::Own:
        break;
    case SharedRoom::ReleaseMode::Orphan:
        return "orphan";
    case SharedRoom::ReleaseMode::Any:
        return "any";
    }
    return "own";
}

// A names hash value: "server\njoinSeq\njoinedAtMs\nname" (append.lua).
std::optional<RedisRoomStream::Member> memberOf(const QByteArray &key, const QByteArray &value)
{
    const QList<QByteArray> parts = value.split('\n');
    if (parts.size() < 4)
        return std::nullopt;
    RedisRoomStream::Member member;
    member.key = QString::fromUtf8(key);
    member.serverId = QString::fromLatin1(parts.at(0));
    member.joinSeq = parts.at(1).toULongLong();
    member.joinedAtMs = parts.at(2).toLongLong();
    member.name = QString::fromUtf8(
        value.sliced(parts.at(0).size() + parts.at(1).size() + parts.at(2).size() + 3));
    return member;
}

// "123-0" -> 123; 0 when the id is not one of ours.
quint64 seqOfId(const QByteArray &id)
{
    const qsizetype dash = id.indexOf('-');
    bool ok = false;
    const quint64 seq = id.left(dash).toULongLong(&ok);
    return ok ? seq : 0;
}

} // namespace

RedisRoomStream::RedisRoomStream(const RedisAddress &address, QObject *parent)
    : RedisRoomStream(address, Options(), parent)
{
}

RedisRoomStream::RedisRoomStream(const RedisAddress &address, const Options &options,
                                 QObject *parent)
    : SharedRoom(parent)
    , m_address(address)
    , m_options(options)
    , m_writer(address)
    , m_reader(address)
    , m_serverId(MemoryRoomLog::randomEpoch())
{
    connect(&m_writer, &RedisConnection::connected, this, &RedisRoomStream::onConnected);
    connect(&m_reader, &RedisConnection::connected, this, &RedisRoomStream::onConnected);
    connect(&m_writer, &RedisConnection::disconnected, this, &RedisRoomStream::onDisconnected);
    connect(&m_reader, &RedisConnection::disconnected, this, &RedisRoomStream::onDisconnected);
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        // An XREAD answers within its block timeout; silence means the connection died
        // without a reset (a frozen Redis, a cable pulled).
        m_errorString = tr("Redis did not answer a read within %1 ms").arg(m_watchdog.interval());
        m_reading = false;
        m_reader.close();
        m_reader.open();
    });
    m_heartbeat.setInterval(
        std::max<std::chrono::milliseconds>(m_options.lease / 3, std::chrono::milliseconds(1)));
    connect(&m_heartbeat, &QTimer::timeout, this, &RedisRoomStream::heartbeat);
}

RedisRoomStream::~RedisRoomStream() = default;

void RedisRoomStream::setReconnectDelays(std::chrono::milliseconds first,
                                         std::chrono::milliseconds max)
{
    m_writer.setReconnectDelays(first, max);
    m_reader.setReconnectDelays(first, max);
}

void RedisRoomStream::start(quint64 afterSeq)
{
    if (m_started)
        return;
    m_started = true;
    m_startAfter = afterSeq;
    m_writer.open();
    m_reader.open();
}

QByteArray RedisRoomStream::key(const char *name) const
{
    return (m_address.keyPrefix() + QLatin1StringView(name)).toUtf8();
}

void RedisRoomStream::onConnected()
{
    if (sender() == &m_writer) {
        // First on the new connection, so every EVALSHA after it finds the scripts even
        // when Redis restarted and forgot them.
        const auto loaded = [this](const RedisReply &reply) {
            if (reply.isError() && !reply.isConnectionLost())
                m_errorString = tr("Redis refused the room's script: %1").arg(reply.errorText());
        };
        for (const LuaScript &script : scripts())
            m_writer.command({"SCRIPT", "LOAD", script.text}, this, loaded);
        m_identified = false;
    } else if (m_identified && m_ready) {
        // Only the reader came back (the watchdog's reconnect, or its connection alone
        // dropped): the writer kept the room identified, so nothing asks again, and
        // reading carries on from the last seq read.
        setAvailable(m_writer.isConnected());
        readNext();
        return;
    }
    identifyRoom();
}

void RedisRoomStream::onDisconnected()
{
    if (sender() == &m_writer) {
        m_identified = false;
        m_errorString = m_writer.errorString();
    } else {
        m_reading = false;
        m_watchdog.stop();
        m_errorString = m_reader.errorString();
    }
    setAvailable(false);
    emit connectionLost(m_errorString);
}

void RedisRoomStream::identifyRoom()
{
    if (!m_writer.isConnected() || m_identified || m_identifying)
        return;
    m_identifying = true;
    // Always a fresh one: a Redis that lost the room must not bring it back under the
    // old epoch with its seq starting over.
    const QByteArray proposed = MemoryRoomLog::randomEpoch().toLatin1();
    m_writer.command({"EVALSHA", sha1Of(Script::Identify), "4", key("seq"), key("events"),
                      key("epoch"), key("names"), proposed},
                     this, [this](const RedisReply &reply) { onIdentifyReply(reply); });
}

void RedisRoomStream::onIdentifyReply(const RedisReply &reply)
{
    m_identifying = false;
    if (reply.isError() || reply.elements().size() != 3) {
        if (!reply.isConnectionLost())
            m_errorString = tr("Redis could not identify the room: %1").arg(reply.errorText());
        return;
    }
    QList<Member> members;
    const QList<RedisReply> &names = reply.elements().at(2).elements();
    for (qsizetype i = 0; i + 1 < names.size(); i += 2) {
        if (auto member = memberOf(names.at(i).bytes(), names.at(i + 1).bytes()))
            members.append(*member);
    }
    std::sort(members.begin(), members.end(),
              [](const Member &a, const Member &b) { return a.joinSeq < b.joinSeq; });
    onIdentified(QString::fromLatin1(reply.elements().at(0).bytes()),
                 quint64(reply.elements().at(1).toInteger()), std::move(members));
}

void RedisRoomStream::onIdentified(const QString &epoch, quint64 lastSeq, QList<Member> members)
{
    m_identified = true;
    if (m_epoch.isEmpty()) {
        m_epoch = epoch;
        m_lastRead = std::min(m_startAfter, lastSeq);
        m_snapshot = std::move(members);
        m_snapshotSeq = lastSeq;
        // The history before this server: the newest events up to where reading starts,
        // so that the two meet with no gap and nothing twice.
        const auto count = quint64(std::max<qint64>(m_options.backfill, 0));
        m_backfillTo = count > 0 ? m_lastRead : 0;
        m_backfillFrom = m_backfillTo >= count ? m_backfillTo - count + 1 : 1;
    } else if (epoch != m_epoch) {
        const QString old = std::exchange(m_epoch, epoch);
        // Another room now: its events start over, and all of them are new to us.
        m_lastRead = 0;
        m_backfill.clear();
        m_backfillTo = 0;
        emit epochChanged(old, epoch);
    }
    // The lease first, on the connection the appends use: no claim of ours is ever in
    // the room without it.
    heartbeat();
    m_heartbeat.start();
    if (!m_ready && isBackfilling()) {
        // ready() when it is read; after a reconnect it carries on where it stopped.
        readBackfill();
        return;
    }
    if (!m_ready) {
        m_ready = true;
        emit ready();
    }
    setAvailable(m_writer.isConnected() && m_reader.isConnected());
    readNext();
}

void RedisRoomStream::setAvailable(bool available)
{
    if (available == m_available)
        return;
    m_available = available;
    emit availabilityChanged(available);
}

void RedisRoomStream::heartbeat()
{
    if (!m_writer.isConnected() || !m_identified)
        return;
    m_writer.command({"EVALSHA", sha1Of(Script::Heartbeat), "1", key("names"), key("server:"),
                      m_serverId.toLatin1(), QByteArray::number(qint64(m_options.lease.count()))},
                     this, [this](const RedisReply &reply) {
                         if (reply.isError())
                             return; // the connection's own reconnect starts over
                         QList<Member> orphans;
                         const QList<RedisReply> &names = reply.elements();
                         for (qsizetype i = 0; i + 1 < names.size(); i += 2) {
                             if (auto member =
                                     memberOf(names.at(i).bytes(), names.at(i + 1).bytes()))
                                 orphans.append(*member);
                         }
                         emit membersOrphaned(orphans);
                     });
}

void RedisRoomStream::storeToken(const QString &memberKey, quint64 joinSeq, const QByteArray &token)
{
    // Not answered: a token that did not reach Redis only means the member cannot resume
    // on another server, and its own server still knows it.
    if (!m_available)
        return;
    m_writer.command({"EVALSHA", sha1Of(Script::Token), "3", key("names"), key("tokens"),
                      key("tokensByKey"), memberKey.toUtf8(), QByteArray::number(joinSeq),
                      tokenDigest(token), m_serverId.toLatin1()},
                     this, [](const RedisReply &) {});
}

void RedisRoomStream::adopt(const QByteArray &token, QObject *context, AdoptDone done)
{
    if (!m_available) {
        QMetaObject::invokeMethod(
            context, [done] { done(std::nullopt, AdoptError::Unavailable); }, Qt::QueuedConnection);
        return;
    }
    m_writer.command({"EVALSHA", sha1Of(Script::Adopt), "4", key("epoch"), key("names"),
                      key("tokens"), key("tokensByKey"), m_epoch.toLatin1(), m_serverId.toLatin1(),
                      key("server:"), tokenDigest(token)},
                     context, [done](const RedisReply &reply) {
                         const QList<RedisReply> &entry = reply.elements();
                         if (!reply.isError() && entry.size() == 2) {
                             if (auto member = memberOf(entry.at(0).bytes(), entry.at(1).bytes())) {
                                 done(member, AdoptError::None);
                                 return;
                             }
                         }
                         if (reply.isError() && reply.bytes().startsWith("NOTOKEN "))
                             done(std::nullopt, AdoptError::NoToken);
                         else if (reply.isError() && reply.bytes().startsWith("ALIVE "))
                             done(std::nullopt, AdoptError::Alive);
                         else
                             done(std::nullopt, AdoptError::Unavailable);
                     });
}

void RedisRoomStream::readBackfill()
{
    if (m_backfillReading || !m_writer.isConnected())
        return;
    m_backfillReading = true;
    // XRANGE in batches rather than one XREVRANGE: the ids are the seqs, so the range is
    // exact; the events come in seq order, as the cache takes them; and no reply is
    // larger than an XREAD's, so the event loop is never held long. On the writer, which
    // has just identified the room: the reader is not needed before ready().
    m_writer.command({"XRANGE", key("events"), QByteArray::number(m_backfillFrom) + "-0",
                      QByteArray::number(m_backfillTo) + "-0", "COUNT",
                      QByteArray::number(std::max(m_options.readBatch, 1))},
                     this, [this](const RedisReply &reply) { onBackfillRead(reply); });
}

void RedisRoomStream::onBackfillRead(const RedisReply &reply)
{
    m_backfillReading = false;
    if (reply.isConnectionLost())
        return; // read on when the writer has identified the room again (onIdentified)
    const QList<RedisReply> &entries = reply.elements();
    if (reply.isError()) {
        // Not worth a server that does not start: it serves history from its start on.
        m_errorString = tr("Redis refused to read the room's history: %1").arg(reply.errorText());
        m_backfillFrom = m_backfillTo + 1;
    } else if (entries.size() < std::max(m_options.readBatch, 1)) {
        m_backfillFrom = m_backfillTo + 1; // the range is read (or trimmed before it)
    } else {
        const quint64 next = seqOfId(entries.constLast().elements().value(0).bytes()) + 1;
        // An id that is not ours must not make us read the same batch forever.
        m_backfillFrom = next > m_backfillFrom ? next : m_backfillTo + 1;
    }
    for (const RedisReply &entry : entries) {
        if (entry.elements().size() != 2)
            continue;
        const quint64 seq = seqOfId(entry.elements().at(0).bytes());
        if (seq == 0 || seq > m_backfillTo)
            continue;
        if (std::optional<ReadEvent> event = decodeEntry(entry, seq))
            m_backfill.append(std::move(event->record));
    }
    if (isBackfilling()) {
        readBackfill();
        return;
    }
    m_ready = true;
    emit ready();
    setAvailable(m_writer.isConnected() && m_reader.isConnected());
    readNext();
}

void RedisRoomStream::readNext()
{
    // Not before ready(): nobody would hear what it reads, and the backfill ends there.
    if (m_reading || !m_ready || !m_identified || !m_reader.isConnected())
        return;
    m_reading = true;
    const QByteArray from = QByteArray::number(m_lastRead) + "-0";
    m_reader.command({"XREAD", "COUNT", QByteArray::number(m_options.readBatch), "BLOCK",
                      QByteArray::number(qint64(m_options.blockTimeout.count())), "STREAMS",
                      key("events"), from},
                     this, [this](const RedisReply &reply) { onRead(reply); });
    m_watchdog.start(m_options.blockTimeout + std::chrono::seconds(3));
}

void RedisRoomStream::onRead(const RedisReply &reply)
{
    m_reading = false;
    m_watchdog.stop();
    if (reply.isError()) {
        if (!reply.isConnectionLost())
            m_errorString = tr("Redis refused to read the room: %1").arg(reply.errorText());
        return; // the reader's reconnect reads on
    }
    QList<ReadEvent> events;
    // [[key, [[id, [field, value, ...]], ...]]], or nil when the block timed out.
    if (reply.isArray() && !reply.elements().isEmpty()) {
        const RedisReply &stream = reply.elements().constFirst();
        if (stream.elements().size() == 2)
            events = parseEntries(stream.elements().at(1));
    }
    if (!events.isEmpty())
        emit eventsRead(events);
    readNext();
}

QList<SharedRoom::ReadEvent> RedisRoomStream::parseEntries(const RedisReply &entries)
{
    QList<ReadEvent> events;
    events.reserve(entries.elements().size());
    for (const RedisReply &entry : entries.elements()) {
        if (entry.elements().size() != 2)
            continue;
        const quint64 seq = seqOfId(entry.elements().at(0).bytes());
        if (seq <= m_lastRead)
            continue;
        std::optional<ReadEvent> event = decodeEntry(entry, seq);
        if (!event)
            continue;
        if (seq != m_lastRead + 1)
            emit gap(m_lastRead, seq);
        m_lastRead = seq;
        events.append(std::move(*event));
    }
    return events;
}

std::optional<SharedRoom::ReadEvent> RedisRoomStream::decodeEntry(const RedisReply &entry,
                                                                  quint64 seq)
{
    const QList<RedisReply> &fields = entry.elements().at(1).elements();
    QByteArray payload;
    QByteArray server;
    for (qsizetype i = 0; i + 1 < fields.size(); i += 2) {
        if (fields.at(i).bytes() == "p")
            payload = fields.at(i + 1).bytes();
        else if (fields.at(i).bytes() == "s")
            server = fields.at(i + 1).bytes();
    }
    const Protocol::DecodeResult decoded = MessageCodec::decode(payload, Protocol::Layout::V1_1);
    RoomLog::Event event =
        decoded.isOk() ? RoomLog::eventOf(decoded.message, payload) : RoomLog::Event {};
    if (!decoded.isOk() || event.seq != seq) {
        // Not written by our script: skipped, and said once, rather than sent to
        // members as a frame they cannot read.
        m_errorString = tr("the room's stream holds an entry %1 that is not a room event")
                            .arg(QString::fromLatin1(entry.elements().at(0).bytes()));
        return std::nullopt;
    }
    return ReadEvent {std::move(event), decoded.message, server == m_serverId.toLatin1()};
}

void RedisRoomStream::append(const QByteArray &payload, QObject *context, AppendDone done)
{
    append(QList<Append> {Append {payload, {}, {}, 0, {}, {}}}, context, std::move(done));
}

void RedisRoomStream::append(const QList<Append> &events, QObject *context, AppendDone done)
{
    if (!m_available || events.isEmpty()) {
        const QString why = m_errorString.isEmpty() ? tr("Redis is not available") : m_errorString;
        QMetaObject::invokeMethod(
            context, [done, why] { done(std::nullopt, AppendError::Unavailable, why); },
            Qt::QueuedConnection);
        return;
    }
    QByteArrayList args {"EVALSHA",
                         sha1Of(Script::Append),
                         "6",
                         key("seq"),
                         key("events"),
                         key("epoch"),
                         key("names"),
                         key("tokens"),
                         key("tokensByKey"),
                         m_epoch.toLatin1(),
                         QByteArray::number(m_options.maxEvents),
                         m_serverId.toLatin1(),
                         QByteArray::number(events.size()),
                         key("server:")};
    for (const Append &event : events) {
        args << event.payload << event.claimKey.toUtf8() << event.claimName.toUtf8()
             << QByteArray::number(event.joinedAtMs) << event.releaseKey.toUtf8()
             << releaseModeName(event.releaseMode);
    }
    m_writer.command(args, context, [done, self = QPointer(this)](const RedisReply &reply) {
        if (reply.type() == RedisReply::Type::Integer) {
            done(quint64(reply.toInteger()), AppendError::None, {});
            return;
        }
        AppendError error = AppendError::Unavailable;
        if (reply.isError() && reply.bytes().startsWith("TAKEN ")) {
            error = AppendError::Taken;
        } else if (reply.isError() && reply.bytes().startsWith("GONE ")) {
            error = AppendError::Gone;
        } else if (reply.isError() && reply.bytes().startsWith("EPOCH ")) {
            error = AppendError::Epoch;
            if (self) {
                // Someone reset the room: learn its new epoch (epochChanged).
                self->m_identified = false;
                self->setAvailable(false);
                self->identifyRoom();
            }
        }
        done(std::nullopt, error, reply.errorText());
    });
}
