#pragma once

// The message types of wire protocol version 1.1. The grammar, the codes and the room
// rules are specified once, in docs/protocol.md; this header only mirrors them. Each
// struct holds every field of the newest layout; which of them travel is the encoder's
// Layout (messagecodec.h), and a field that did not travel keeps its default.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <variant>

namespace Protocol {

inline constexpr quint16 Version = 1;
// Hello.minor of a 1.1 peer. A Hello without the field (or with 0) is a 1.0 peer's.
inline constexpr quint16 MinorVersion = 1;
inline constexpr quint16 DefaultPort = 9527;
inline constexpr quint32 MaxFrameSize = 65536;
inline constexpr int FrameHeaderSize = 4;

enum class MessageType : quint8 {
    Hello = 0x01,
    Say = 0x02,
    Bye = 0x03,
    Ping = 0x04,
    Resume = 0x05,
    HistoryRequest = 0x06,
    Rename = 0x07,
    Welcome = 0x41,
    Rejected = 0x42,
    Joined = 0x43,
    Left = 0x44,
    Chat = 0x45,
    Broadcast = 0x46,
    Pong = 0x47,
    Notice = 0x48,
    Error = 0x49,
    Members = 0x4A,
    History = 0x4B,
    Resumed = 0x4C,
};

enum class RejectReason : quint8 {
    NameTaken = 1,
    NameInvalid = 2,
    NameReserved = 3,
    VersionUnsupported = 4,
    RoomFull = 5,
    ResumeFailed = 6,
    PasswordRequired = 7,
};

enum class LeaveReason : quint8 {
    Quit = 0,
    ConnectionLost = 1,
    Kicked = 2,
    TimedOut = 3,
    TooSlow = 4,
    ProtocolError = 5,
    Flooding = 6,
    Renamed = 7, // a 1.0 layout says Quit: 1.0 has no such reason
};

enum class NoticeCode : quint8 {
    TextTooLong = 1,
    TextEmpty = 2,
    SlowDown = 3,
    UnknownType = 4,
    NameTaken = 5, // NameTaken to NameReserved answer a refused Rename
    NameInvalid = 6,
    NameReserved = 7,
    HistoryUnavailable = 8,
    // The room's shared order (several servers, docs/scaling.md) cannot be reached: the
    // Say or Rename was not taken; the client may send it again later.
    RoomUnavailable = 9,
};

// History.flags
enum HistoryFlag : quint8 {
    HistoryMore = 0x01, // another History frame of the same batch follows
    HistoryTruncated = 0x02, // the batch leaves out events the request covers
    HistoryReply = 0x04, // the answer to a HistoryRequest
};

enum class ErrorCode : quint8 {
    Malformed = 1,
    FrameTooLarge = 2,
    NotJoined = 3,
    Kicked = 4,
    ServerShutdown = 5,
    TimedOut = 6,
    TooSlow = 7,
    Flooding = 8,
    HelloTimeout = 9,
};

// Client to server.
struct Hello
{
    quint16 version = Version;
    QString nickname;
    // 1.1, appended
    quint16 minor = 0;
    quint16 historyMax = 0;
    QString roomEpoch;
    quint64 afterSeq = 0;
    QString password;
    friend bool operator==(const Hello &, const Hello &) = default;
};

struct Say
{
    QString text;
    quint64 clientId = 0; // 1.1, appended; 0: no id, never deduplicated
    friend bool operator==(const Say &, const Say &) = default;
};

struct Bye
{
    friend bool operator==(const Bye &, const Bye &) = default;
};

struct Ping
{
    quint64 token = 0;
    friend bool operator==(const Ping &, const Ping &) = default;
};

struct Resume
{
    QByteArray resumeToken;
    quint64 lastSeq = 0;
    friend bool operator==(const Resume &, const Resume &) = default;
};

struct HistoryRequest
{
    quint64 beforeSeq = 0;
    quint16 max = 0;
    friend bool operator==(const HistoryRequest &, const HistoryRequest &) = default;
};

struct Rename
{
    QString nickname;
    friend bool operator==(const Rename &, const Rename &) = default;
};

// Server to client.
struct Welcome
{
    QString nickname;
    QString room;
    quint64 seq = 0;
    quint32 memberCount = 0;
    // 1.1, appended
    QString roomEpoch;
    QByteArray resumeToken; // empty: the server offers no resume
    quint32 resumeGraceMs = 0;
    friend bool operator==(const Welcome &, const Welcome &) = default;
};

struct Rejected
{
    RejectReason reason = RejectReason::NameInvalid;
    QString detail;
    friend bool operator==(const Rejected &, const Rejected &) = default;
};

struct Joined
{
    quint64 seq = 0;
    qint64 atMs = 0;
    QString nickname;
    QString formerName; // 1.1, appended; empty unless the member renamed
    friend bool operator==(const Joined &, const Joined &) = default;
};

struct Left
{
    quint64 seq = 0;
    qint64 atMs = 0;
    QString nickname;
    LeaveReason reason = LeaveReason::Quit;
    friend bool operator==(const Left &, const Left &) = default;
};

struct Chat
{
    quint64 seq = 0;
    qint64 atMs = 0;
    QString from;
    QString text;
    quint64 clientId = 0; // 1.1, appended: as sent in the Say
    friend bool operator==(const Chat &, const Chat &) = default;
};

struct Broadcast
{
    quint64 seq = 0;
    qint64 atMs = 0;
    QString text;
    friend bool operator==(const Broadcast &, const Broadcast &) = default;
};

struct Pong
{
    quint64 token = 0;
    friend bool operator==(const Pong &, const Pong &) = default;
};

struct Notice
{
    NoticeCode code = NoticeCode::UnknownType;
    QString detail;
    friend bool operator==(const Notice &, const Notice &) = default;
};

struct Error
{
    ErrorCode code = ErrorCode::Malformed;
    QString detail;
    friend bool operator==(const Error &, const Error &) = default;
};

struct Members
{
    QStringList names;
    friend bool operator==(const Members &, const Members &) = default;
};

struct History
{
    quint8 flags = 0; // HistoryFlag bits
    QList<QByteArray> events; // whole 1.1 payloads of Chat and Broadcast, seqs ascending
    friend bool operator==(const History &, const History &) = default;
};

struct Resumed
{
    QString nickname;
    quint64 lastSeq = 0; // the client's, echoed
    QByteArray resumeToken; // the next one; the old one is spent
    quint64 lastClientId = 0;
    friend bool operator==(const Resumed &, const Resumed &) = default;
};

// The alternatives are in wire-code order; typeOf() relies on nothing else.
using Message =
    std::variant<Hello, Say, Bye, Ping, Resume, HistoryRequest, Rename, Welcome, Rejected, Joined,
                 Left, Chat, Broadcast, Pong, Notice, Error, Members, History, Resumed>;

MessageType typeOf(const Message &message);
const char *typeName(MessageType type);

} // namespace Protocol
