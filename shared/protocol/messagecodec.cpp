#include "messagecodec.h"

#include "framewriter.h"

#include <QDataStream>
#include <QIODevice>
#include <QtEndian>

namespace Protocol {

namespace {

constexpr QDataStream::Version StreamVersion = QDataStream::Qt_6_0;
constexpr quint32 NullString = 0xFFFFFFFF;

void writeFields(QDataStream &out, const Hello &m)
{
    out << m.version << m.nickname;
}
void writeFields(QDataStream &out, const Say &m)
{
    out << m.text;
}
void writeFields(QDataStream &, const Bye &) { }
void writeFields(QDataStream &out, const Ping &m)
{
    out << m.token;
}
void writeFields(QDataStream &out, const Welcome &m)
{
    out << m.nickname << m.room << m.seq << m.memberCount;
}
void writeFields(QDataStream &out, const Rejected &m)
{
    out << quint8(m.reason) << m.detail;
}
void writeFields(QDataStream &out, const Joined &m)
{
    out << m.seq << m.atMs << m.nickname;
}
void writeFields(QDataStream &out, const Left &m)
{
    out << m.seq << m.atMs << m.nickname << quint8(m.reason);
}
void writeFields(QDataStream &out, const Chat &m)
{
    out << m.seq << m.atMs << m.from << m.text;
}
void writeFields(QDataStream &out, const Broadcast &m)
{
    out << m.seq << m.atMs << m.text;
}
void writeFields(QDataStream &out, const Pong &m)
{
    out << m.token;
}
void writeFields(QDataStream &out, const Notice &m)
{
    out << quint8(m.code) << m.detail;
}
void writeFields(QDataStream &out, const Error &m)
{
    out << quint8(m.code) << m.detail;
}
void writeFields(QDataStream &out, const Members &m)
{
    out << m.names;
}

// Reads fields with QDataStream, but checks every length prefix against the bytes that
// are really left first: QDataStream itself would reserve() a QStringList of 2^32
// entries on the word of one hostile count field.
class FieldReader
{
public:
    explicit FieldReader(QByteArrayView payload)
        : m_bytes(QByteArray::fromRawData(payload.data(), payload.size()))
        , m_in(m_bytes)
    {
        m_in.setVersion(StreamVersion);
    }

    bool ok() const { return m_in.status() == QDataStream::Ok; }

    template<typename Int>
    FieldReader &operator>>(Int &value)
    {
        m_in >> value;
        return *this;
    }

    template<typename Enum>
    requires std::is_enum_v<Enum> FieldReader &operator>>(Enum &value)
    {
        std::underlying_type_t<Enum> raw = 0;
        m_in >> raw;
        value = Enum(raw);
        return *this;
    }

    FieldReader &operator>>(QString &value)
    {
        value.clear();
        quint32 byteCount = 0;
        m_in >> byteCount;
        if (!ok() || byteCount == NullString)
            return *this;
        if (byteCount % 2 != 0 || byteCount > remaining()) {
            fail();
            return *this;
        }
        value.resize(byteCount / 2);
        if (m_in.readRawData(reinterpret_cast<char *>(value.data()), int(byteCount))
            != int(byteCount)) {
            fail();
            return *this;
        }
        for (QChar &c : value)
            c = QChar(qFromBigEndian(c.unicode()));
        return *this;
    }

    FieldReader &operator>>(QStringList &value)
    {
        value.clear();
        quint32 count = 0;
        m_in >> count;
        // Every string takes at least its 4-byte length.
        if (!ok() || count > remaining() / 4) {
            fail();
            return *this;
        }
        value.reserve(count);
        for (quint32 i = 0; i < count && ok(); ++i) {
            QString name;
            *this >> name;
            value.append(name);
        }
        return *this;
    }

private:
    qint64 remaining() const { return m_in.device()->bytesAvailable(); }
    void fail() { m_in.setStatus(QDataStream::ReadPastEnd); }

    QByteArray m_bytes;
    QDataStream m_in;
};

void readFields(FieldReader &in, Hello &m)
{
    in >> m.version;
    // Another version may lay out the rest differently: the version alone is enough for
    // the server to answer Rejected{VersionUnsupported}, whatever follows.
    if (in.ok() && m.version == Version)
        in >> m.nickname;
}
void readFields(FieldReader &in, Say &m)
{
    in >> m.text;
}
void readFields(FieldReader &, Bye &) { }
void readFields(FieldReader &in, Ping &m)
{
    in >> m.token;
}
void readFields(FieldReader &in, Welcome &m)
{
    in >> m.nickname >> m.room >> m.seq >> m.memberCount;
}
void readFields(FieldReader &in, Rejected &m)
{
    in >> m.reason >> m.detail;
}
void readFields(FieldReader &in, Joined &m)
{
    in >> m.seq >> m.atMs >> m.nickname;
}
void readFields(FieldReader &in, Left &m)
{
    in >> m.seq >> m.atMs >> m.nickname >> m.reason;
}
void readFields(FieldReader &in, Chat &m)
{
    in >> m.seq >> m.atMs >> m.from >> m.text;
}
void readFields(FieldReader &in, Broadcast &m)
{
    in >> m.seq >> m.atMs >> m.text;
}
void readFields(FieldReader &in, Pong &m)
{
    in >> m.token;
}
void readFields(FieldReader &in, Notice &m)
{
    in >> m.code >> m.detail;
}
void readFields(FieldReader &in, Error &m)
{
    in >> m.code >> m.detail;
}
void readFields(FieldReader &in, Members &m)
{
    in >> m.names;
}

template<typename T>
DecodeResult decodeAs(FieldReader &in, quint8 type)
{
    T message;
    readFields(in, message);
    // Bytes after the known fields are allowed: later minor versions may append fields.
    if (!in.ok())
        return {DecodeResult::Status::Malformed, type, {}};
    return {DecodeResult::Status::Ok, type, std::move(message)};
}

} // namespace

QByteArray MessageCodec::encode(const Message &message)
{
    QByteArray payload;
    QDataStream out(&payload, QIODevice::WriteOnly);
    out.setVersion(StreamVersion);
    out << quint8(typeOf(message));
    std::visit([&out](const auto &m) { writeFields(out, m); }, message);
    return payload;
}

QByteArray MessageCodec::encodeFrame(const Message &message)
{
    return FrameWriter::frame(encode(message));
}

DecodeResult MessageCodec::decode(QByteArrayView payload)
{
    if (payload.isEmpty())
        return {DecodeResult::Status::Malformed, 0, {}};
    const quint8 type = quint8(payload.front());
    FieldReader in(payload.sliced(1));
    switch (MessageType(type)) {
    case MessageType::Hello:
        return decodeAs<Hello>(in, type);
    case MessageType::Say:
        return decodeAs<Say>(in, type);
    case MessageType::Bye:
        return decodeAs<Bye>(in, type);
    case MessageType::Ping:
        return decodeAs<Ping>(in, type);
    case MessageType::Welcome:
        return decodeAs<Welcome>(in, type);
    case MessageType::Rejected:
        return decodeAs<Rejected>(in, type);
    case MessageType::Joined:
        return decodeAs<Joined>(in, type);
    case MessageType::Left:
        return decodeAs<Left>(in, type);
    case MessageType::Chat:
        return decodeAs<Chat>(in, type);
    case MessageType::Broadcast:
        return decodeAs<Broadcast>(in, type);
    case MessageType::Pong:
        return decodeAs<Pong>(in, type);
    case MessageType::Notice:
        return decodeAs<Notice>(in, type);
    case MessageType::Error:
        return decodeAs<Error>(in, type);
    case MessageType::Members:
        return decodeAs<Members>(in, type);
    }
    return {DecodeResult::Status::UnknownType, type, {}};
}

} // namespace Protocol
