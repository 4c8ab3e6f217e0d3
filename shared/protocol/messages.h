#pragma once

// The message types of wire protocol version 1. The grammar, the codes and the room
// rules are specified once, in docs/protocol.md; this header only mirrors them.

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <variant>

namespace Protocol {

inline constexpr quint16 Version = 1;
inline constexpr quint16 DefaultPort = 9527;
inline constexpr quint32 MaxFrameSize = 65536;
inline constexpr int FrameHeaderSize = 4;

enum class MessageType : quint8 {
    Hello = 0x01,
    Say = 0x02,
    Bye = 0x03,
    Ping = 0x04,
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
};

enum class RejectReason : quint8 {
    NameTaken = 1,
    NameInvalid = 2,
    NameReserved = 3,
    VersionUnsupported = 4,
    RoomFull = 5,
};

enum class LeaveReason : quint8 {
    Quit = 0,
    ConnectionLost = 1,
    Kicked = 2,
    TimedOut = 3,
    TooSlow = 4,
    ProtocolError = 5,
    Flooding = 6,
};

enum class NoticeCode : quint8 {
    TextTooLong = 1,
    TextEmpty = 2,
    SlowDown = 3,
    UnknownType = 4,
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
    friend bool operator==(const Hello &, const Hello &) = default;
};

struct Say
{
    QString text;
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

// Server to client.
struct Welcome
{
    QString nickname;
    QString room;
    quint64 seq = 0;
    quint32 memberCount = 0;
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

// The alternatives are in wire-code order; typeOf() relies on nothing else.
using Message = std::variant<Hello, Say, Bye, Ping, Welcome, Rejected, Joined, Left, Chat,
                             Broadcast, Pong, Notice, Error, Members>;

MessageType typeOf(const Message &message);
const char *typeName(MessageType type);

} // namespace Protocol
