#include "messagecodec.h"

#include "framewriter.h"

#include <QDataStream>
#include <QIODevice>
#include <QtEndian>

namespace Protocol {

namespace {

constexpr QDataStream::Version StreamVersion = QDataStream::Qt_6_0;
constexpr quint32 NullString = 0xFFFFFFFF;

// Writes fields as QDataStream does, except that an empty string or array is always a
// length of 0: QDataStream writes a null QString or QByteArray as 0xFFFFFFFF, which the
// protocol lets readers accept but forbids writers to send.
class FieldWriter
{
public:
    FieldWriter(QByteArray *payload, Layout layout)
        : m_out(payload, QIODevice::WriteOnly)
        , m_layout(layout)
    {
        m_out.setVersion(StreamVersion);
    }

    bool appended() const { return m_layout != Layout::V1_0; }
    Layout layout() const { return m_layout; }

    template<typename Int>
    requires std::is_integral_v<Int> FieldWriter &operator<<(Int value)
    {
        m_out << value;
        return *this;
    }

    template<typename Enum>
    requires std::is_enum_v<Enum> FieldWriter &operator<<(Enum value)
    {
        m_out << std::underlying_type_t<Enum>(value);
        return *this;
    }

    FieldWriter &operator<<(const QString &value)
    {
        if (value.isEmpty())
            m_out << quint32(0);
        else
            m_out << value;
        return *this;
    }

    FieldWriter &operator<<(const QByteArray &value)
    {
        m_out << quint32(value.size());
        m_out.writeRawData(value.constData(), int(value.size()));
        return *this;
    }

    FieldWriter &operator<<(const QStringList &value)
    {
        m_out << quint32(value.size());
        for (const QString &string : value)
            *this << string;
        return *this;
    }

    FieldWriter &operator<<(const QList<QByteArray> &value)
    {
        m_out << quint32(value.size());
        for (const QByteArray &bytes : value)
            *this << bytes;
        return *this;
    }

private:
    QDataStream m_out;
    Layout m_layout;
};

void writeFields(FieldWriter &out, const Hello &m)
{
    out << m.version << m.nickname;
    if (out.appended())
        out << m.minor << m.historyMax << m.roomEpoch << m.afterSeq << m.password;
}
void writeFields(FieldWriter &out, const Say &m)
{
    out << m.text;
    if (out.appended())
        out << m.clientId;
}
void writeFields(FieldWriter &, const Bye &) { }
void writeFields(FieldWriter &out, const Ping &m)
{
    out << m.token;
}
void writeFields(FieldWriter &out, const Resume &m)
{
    out << m.resumeToken << m.lastSeq;
}
void writeFields(FieldWriter &out, const HistoryRequest &m)
{
    out << m.beforeSeq << m.max;
}
void writeFields(FieldWriter &out, const Rename &m)
{
    out << m.nickname;
}
void writeFields(FieldWriter &out, const Welcome &m)
{
    out << m.nickname << m.room << m.seq << m.memberCount;
    if (out.appended())
        out << m.roomEpoch << m.resumeToken << m.resumeGraceMs;
}
void writeFields(FieldWriter &out, const Rejected &m)
{
    out << m.reason << m.detail;
}
void writeFields(FieldWriter &out, const Joined &m)
{
    out << m.seq << m.atMs << m.nickname;
    if (out.appended())
        out << m.formerName;
}
void writeFields(FieldWriter &out, const Left &m)
{
    // A 1.0 member sees a rename as a leave and a join: the spec's Quit.
    const LeaveReason reason =
        m.reason == LeaveReason::Renamed && !out.appended() ? LeaveReason::Quit : m.reason;
    out << m.seq << m.atMs << m.nickname << reason;
}
void writeFields(FieldWriter &out, const Chat &m)
{
    out << m.seq << m.atMs << m.from << m.text;
    if (out.appended())
        out << m.clientId;
}
void writeFields(FieldWriter &out, const Broadcast &m)
{
    out << m.seq << m.atMs << m.text;
}
void writeFields(FieldWriter &out, const Pong &m)
{
    out << m.token;
}
void writeFields(FieldWriter &out, const Notice &m)
{
    out << m.code << m.detail;
}
void writeFields(FieldWriter &out, const Error &m)
{
    out << m.code << m.detail;
}
void writeFields(FieldWriter &out, const Members &m)
{
    out << m.names;
}
void writeFields(FieldWriter &out, const History &m)
{
    out << m.flags << m.events;
}
void writeFields(FieldWriter &out, const Resumed &m)
{
    out << m.nickname << m.lastSeq << m.resumeToken << m.lastClientId;
}

// Reads fields with QDataStream, but checks every length prefix against the bytes that
// are really left first: QDataStream itself would reserve() a QStringList of 2^32
// entries on the word of one hostile count field.
class FieldReader
{
public:
    FieldReader(QByteArrayView payload, Layout layout)
        : m_bytes(QByteArray::fromRawData(payload.data(), payload.size()))
        , m_in(m_bytes)
        , m_appended(layout != Layout::V1_0)
    {
        m_in.setVersion(StreamVersion);
    }

    bool ok() const { return m_in.status() == QDataStream::Ok; }
    // Appended fields may stop at any field boundary: the reader asks before each one.
    bool more() const { return m_appended && ok() && remaining() > 0; }

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

    FieldReader &operator>>(QByteArray &value)
    {
        value.clear();
        quint32 byteCount = 0;
        m_in >> byteCount;
        if (!ok() || byteCount == NullString)
            return *this;
        if (byteCount > remaining()) {
            fail();
            return *this;
        }
        value.resize(byteCount);
        if (m_in.readRawData(value.data(), int(byteCount)) != int(byteCount))
            fail();
        return *this;
    }

    FieldReader &operator>>(QList<QByteArray> &value)
    {
        value.clear();
        quint32 count = 0;
        m_in >> count;
        // Every array takes at least its 4-byte length.
        if (!ok() || count > remaining() / 4) {
            fail();
            return *this;
        }
        value.reserve(count);
        for (quint32 i = 0; i < count && ok(); ++i) {
            QByteArray bytes;
            *this >> bytes;
            value.append(bytes);
        }
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
    bool m_appended;
};

// Reads the appended fields in order while bytes are left: absent ones keep their
// defaults, a field cut in its middle fails the reader.
template<typename... Fields>
void readAppended(FieldReader &in, Fields &...fields)
{
    ((in.more() ? void(in >> fields) : void()), ...);
}

void readFields(FieldReader &in, Hello &m)
{
    in >> m.version;
    // Another version may lay out the rest differently: the version alone is enough for
    // the server to answer Rejected{VersionUnsupported}, whatever follows.
    if (!in.ok() || m.version != Version)
        return;
    in >> m.nickname;
    readAppended(in, m.minor, m.historyMax, m.roomEpoch, m.afterSeq, m.password);
}
void readFields(FieldReader &in, Say &m)
{
    in >> m.text;
    readAppended(in, m.clientId);
}
void readFields(FieldReader &, Bye &) { }
void readFields(FieldReader &in, Ping &m)
{
    in >> m.token;
}
void readFields(FieldReader &in, Resume &m)
{
    in >> m.resumeToken >> m.lastSeq;
}
void readFields(FieldReader &in, HistoryRequest &m)
{
    in >> m.beforeSeq >> m.max;
}
void readFields(FieldReader &in, Rename &m)
{
    in >> m.nickname;
}
void readFields(FieldReader &in, Welcome &m)
{
    in >> m.nickname >> m.room >> m.seq >> m.memberCount;
    readAppended(in, m.roomEpoch, m.resumeToken, m.resumeGraceMs);
}
void readFields(FieldReader &in, Rejected &m)
{
    in >> m.reason >> m.detail;
}
void readFields(FieldReader &in, Joined &m)
{
    in >> m.seq >> m.atMs >> m.nickname;
    readAppended(in, m.formerName);
}
void readFields(FieldReader &in, Left &m)
{
    in >> m.seq >> m.atMs >> m.nickname >> m.reason;
}
void readFields(FieldReader &in, Chat &m)
{
    in >> m.seq >> m.atMs >> m.from >> m.text;
    readAppended(in, m.clientId);
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
void readFields(FieldReader &in, History &m)
{
    in >> m.flags >> m.events;
}
void readFields(FieldReader &in, Resumed &m)
{
    in >> m.nickname >> m.lastSeq >> m.resumeToken >> m.lastClientId;
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

QByteArray MessageCodec::encode(const Message &message, Layout layout)
{
    QByteArray payload;
    FieldWriter out(&payload, layout);
    out << typeOf(message);
    std::visit([&out](const auto &m) { writeFields(out, m); }, message);
    return payload;
}

QByteArray MessageCodec::encodeFrame(const Message &message, Layout layout)
{
    return FrameWriter::frame(encode(message, layout));
}

DecodeResult MessageCodec::decode(QByteArrayView payload, Layout layout)
{
    if (payload.isEmpty())
        return {DecodeResult::Status::Malformed, 0, {}};
    const quint8 type = quint8(payload.front());
    FieldReader in(payload.sliced(1), layout);
    switch (MessageType(type)) {
    case MessageType::Hello:
        return decodeAs<Hello>(in, type);
    case MessageType::Say:
        return decodeAs<Say>(in, type);
    case MessageType::Bye:
        return decodeAs<Bye>(in, type);
    case MessageType::Ping:
        return decodeAs<Ping>(in, type);
    case MessageType::Resume:
        return decodeAs<Resume>(in, type);
    case MessageType::HistoryRequest:
        return decodeAs<HistoryRequest>(in, type);
    case MessageType::Rename:
        return decodeAs<Rename>(in, type);
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
    case MessageType::History:
        return decodeAs<History>(in, type);
    case MessageType::Resumed:
        return decodeAs<Resumed>(in, type);
    }
    return {DecodeResult::Status::UnknownType, type, {}};
}

} // namespace Protocol
