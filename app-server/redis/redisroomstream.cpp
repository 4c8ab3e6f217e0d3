#include "redisroomstream.h"

#include "memoryroomlog.h"
#include "protocol/messagecodec.h"

#include <QCryptographicHash>
#include <QPointer>

#include <limits>

using namespace Qt::StringLiterals;
using Protocol::MessageCodec;

namespace {

// KEYS: seq, events, epoch. ARGV: payload, maxEvents, the epoch the caller serves.
// The seq is written into the payload here, so the stream holds each event exactly as
// it is sent live. A failed XADD gives its seq back: the stream must have no gap.
constexpr char AppendScript[] = R"lua(
if redis.call('GET', KEYS[3]) ~= ARGV[3] then
  return redis.error_reply('EPOCH the room has another epoch')
end
local seq = redis.call('INCR', KEYS[1])
local s = seq
local bytes = {}
for i = 8, 1, -1 do
  bytes[i] = string.char(s % 256)
  s = math.floor(s / 256)
end
local payload = string.sub(ARGV[1], 1, 1) .. table.concat(bytes) .. string.sub(ARGV[1], 10)
local id = string.format('%d-0', seq)
local added
if tonumber(ARGV[2]) > 0 then
  added = redis.pcall('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], id, 'p', payload)
else
  added = redis.pcall('XADD', KEYS[2], id, 'p', payload)
end
if type(added) == 'table' and added.err then
  redis.call('DECR', KEYS[1])
  return added
end
return seq
)lua";

// KEYS: seq, events, epoch. ARGV: an epoch to use if the room has none yet.
// Returns {epoch, lastSeq}. The seq counter is raised to the stream's last id should it
// ever be behind it (a counter restored from an older snapshot than the stream's).
constexpr char IdentifyScript[] = R"lua(
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[3], epoch)
end
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
local info = redis.pcall('XINFO', 'STREAM', KEYS[2])
if type(info) == 'table' and not info.err then
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      local top = tonumber(string.match(info[i + 1], '^(%d+)'))
      if top > seq then
        seq = top
        redis.call('SET', KEYS[1], seq)
      end
    end
  end
end
return {epoch, seq}
)lua";

QByteArray sha1Hex(const char *script)
{
    return QCryptographicHash::hash(QByteArray(script), QCryptographicHash::Sha1).toHex();
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
    : QObject(parent)
    , m_address(address)
    , m_options(options)
    , m_writer(address)
    , m_reader(address)
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
        m_writer.command({"SCRIPT", "LOAD", AppendScript}, this, loaded);
        m_writer.command({"SCRIPT", "LOAD", IdentifyScript}, this, loaded);
        m_identified = false;
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
}

void RedisRoomStream::identifyRoom()
{
    if (!m_writer.isConnected() || m_identified || m_identifying)
        return;
    m_identifying = true;
    // Always a fresh one: a Redis that lost the room must not bring it back under the
    // old epoch with its seq starting over.
    const QByteArray proposed = MemoryRoomLog::randomEpoch().toLatin1();
    m_writer.command(
        {"EVALSHA", sha1Hex(IdentifyScript), "3", key("seq"), key("events"), key("epoch"),
         proposed},
        this, [this](const RedisReply &reply) {
            m_identifying = false;
            if (reply.isError() || reply.elements().size() != 2) {
                if (!reply.isConnectionLost())
                    m_errorString =
                        tr("Redis could not identify the room: %1").arg(reply.errorText());
                return;
            }
            onIdentified(QString::fromLatin1(reply.elements().at(0).bytes()),
                         quint64(reply.elements().at(1).toInteger()));
        });
}

void RedisRoomStream::onIdentified(const QString &epoch, quint64 lastSeq)
{
    m_identified = true;
    if (m_epoch.isEmpty()) {
        m_epoch = epoch;
        m_lastRead = std::min(m_startAfter, lastSeq);
    } else if (epoch != m_epoch) {
        const QString old = std::exchange(m_epoch, epoch);
        // Another room now: its events start over, and all of them are new to us.
        m_lastRead = 0;
        emit epochChanged(old, epoch);
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

void RedisRoomStream::readNext()
{
    if (m_reading || !m_identified || !m_reader.isConnected())
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
    QList<RoomLog::Event> events;
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

QList<RoomLog::Event> RedisRoomStream::parseEntries(const RedisReply &entries)
{
    QList<RoomLog::Event> events;
    events.reserve(entries.elements().size());
    for (const RedisReply &entry : entries.elements()) {
        if (entry.elements().size() != 2)
            continue;
        const quint64 seq = seqOfId(entry.elements().at(0).bytes());
        if (seq <= m_lastRead)
            continue;
        const QList<RedisReply> &fields = entry.elements().at(1).elements();
        QByteArray payload;
        for (qsizetype i = 0; i + 1 < fields.size(); i += 2) {
            if (fields.at(i).bytes() == "p")
                payload = fields.at(i + 1).bytes();
        }
        const Protocol::DecodeResult decoded =
            MessageCodec::decode(payload, Protocol::Layout::V1_1);
        RoomLog::Event event =
            decoded.isOk() ? RoomLog::eventOf(decoded.message, payload) : RoomLog::Event {};
        if (!decoded.isOk() || event.seq != seq) {
            // Not written by our script: skipped, and said once, rather than sent to
            // members as a frame they cannot read.
            m_errorString = tr("the room's stream holds an entry %1 that is not a room event")
                                .arg(QString::fromLatin1(entry.elements().at(0).bytes()));
            continue;
        }
        if (seq != m_lastRead + 1)
            emit gap(m_lastRead, seq);
        m_lastRead = seq;
        events.append(std::move(event));
    }
    return events;
}

void RedisRoomStream::append(const QByteArray &payload, QObject *context, AppendDone done)
{
    if (!m_available) {
        const QString why = m_errorString.isEmpty() ? tr("Redis is not available") : m_errorString;
        QMetaObject::invokeMethod(
            context, [done, why] { done(std::nullopt, why); }, Qt::QueuedConnection);
        return;
    }
    m_writer.command({"EVALSHA", sha1Hex(AppendScript), "3", key("seq"), key("events"),
                      key("epoch"), payload, QByteArray::number(m_options.maxEvents),
                      m_epoch.toLatin1()},
                     context, [done, self = QPointer(this)](const RedisReply &reply) {
                         if (reply.type() == RedisReply::Type::Integer) {
                             done(quint64(reply.toInteger()), {});
                             return;
                         }
                         if (self && reply.isError() && reply.bytes().startsWith("EPOCH ")) {
                             // Someone reset the room: learn its new epoch (epochChanged).
                             self->m_identified = false;
                             self->setAvailable(false);
                             self->identifyRoom();
                         }
                         done(std::nullopt, reply.errorText());
                     });
}
