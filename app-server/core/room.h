#pragma once

#include "protocol/messages.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <optional>
#include <variant>

// The chat room as pure logic: who is in it, in join order, and the one seq counter that
// orders every room event (docs/protocol.md, "Room semantics"). No sockets, so every rule
// can be tested without a network; the server turns the returned events into frames.
class Room final
{
public:
    // Milliseconds since the Unix epoch, UTC; injectable so tests stamp known times.
    using Clock = std::function<qint64()>;

    struct Member
    {
        QString name; // as accepted: trimmed
        QString key; // Nickname::key(name)
        quint64 joinSeq = 0;
        qint64 joinedAtMs = 0;
    };

    struct JoinResult
    {
        std::optional<Protocol::RejectReason> rejection;
        Protocol::Joined event; // the new member's own join event when accepted
        QString key; // Nickname::key of the accepted name, made once

        bool accepted() const { return !rejection.has_value(); }
    };

    enum class SayError : quint8 { NotMember, TextEmpty, TextTooLong };
    using SayResult = std::variant<Protocol::Chat, SayError>;

    struct RenameResult
    {
        // Why not: NameTaken, NameInvalid or NameReserved (a Rename's Notice codes).
        std::optional<Protocol::NoticeCode> refusal;
        bool unchanged = false; // the identical spelling: nothing happens
        Protocol::Left left; // Renamed, under the old name
        Protocol::Joined joined; // the new name, formerName set

        bool renamed() const { return !refusal && !unchanged; }
    };

    explicit Room(int maxMembers = 10'000, Clock clock = {});

    void setClock(Clock clock) { m_clock = std::move(clock); }
    // The room continues a log's seq: the next event gets seq + 1.
    void setLastSeq(quint64 seq) { m_seq = seq; }

    JoinResult join(const QString &requestedName);
    // What join() would answer, without joining: the event carries seq 0. A shared room
    // (SharedRoom) takes the seq from elsewhere and applies the event when it reads it.
    JoinResult checkJoin(const QString &requestedName) const;
    // Sanitizes the text with ChatText; the event carries the member's accepted name.
    SayResult say(const QString &name, const QString &text);
    // The same for the member with this Nickname::key, which the server keeps per member.
    SayResult sayByKey(const QString &key, const QString &text);
    // The same without taking a seq (0 in the event).
    SayResult checkSay(const QString &key, const QString &text) const;
    std::optional<Protocol::Left> leave(const QString &name, Protocol::LeaveReason reason);
    std::optional<Protocol::Left> kick(const QString &name);
    // The member keeps its place in every respect but its name and its place in the join
    // order, where it moves to the end (docs/protocol.md, "Rename").
    RenameResult rename(const QString &name, const QString &requestedName);
    // The same without renaming: both events carry seq 0.
    RenameResult checkRename(const QString &name, const QString &requestedName) const;
    // The administrator speaking; nullopt when the text is empty or too long.
    std::optional<Protocol::Broadcast> broadcast(const QString &text);
    std::optional<Protocol::Broadcast> checkBroadcast(const QString &text) const;

    // A shared room's events as they are read, whoever made them: the member list
    // follows them and the seq counter stands at the last one. A Joined for a name
    // already in (a snapshot that included it) or a Left for a name not in changes nothing.
    // A rename's Left{Renamed} and Joined (formerName set), read one after the other,
    // keep the member's join time, as rename() does.
    void applyJoined(const Protocol::Joined &event);
    void applyLeft(const Protocol::Left &event);
    // A member known from a shared room's snapshot.
    void addMember(const Member &member);
    // Forgets every member without events: the server is going away.
    void clear();

    bool contains(const QString &name) const;
    const Member *member(const QString &name) const;
    const Member *memberByKey(const QString &key) const;
    int memberCount() const { return int(m_members.size()); }
    int maxMembers() const { return m_maxMembers; }
    // Lowered when the process's descriptors cannot hold more members.
    void setMaxMembers(int maxMembers) { m_maxMembers = maxMembers; }
    quint64 lastSeq() const { return m_seq; }
    QStringList memberNames() const; // join order
    QList<Member> members() const; // join order

    // The member list cut into slices whose Members payloads each fit maxPayloadSize
    // bytes, in join order; always at least one slice.
    QList<QStringList> memberSlices(quint32 maxPayloadSize) const;
    // The encoded size of a Members payload listing these names.
    static qsizetype membersPayloadSize(const QStringList &names);

    // The room's clock: milliseconds since the Unix epoch, UTC.
    qint64 now() const;

private:
    quint64 nextSeq() { return ++m_seq; }

    int m_maxMembers;
    Clock m_clock;
    quint64 m_seq = 0;
    QHash<QString, Member> m_members; // by key
    std::map<quint64, QString> m_joinOrder; // joinSeq -> key
    // The member whose Left{Renamed} was read last: its Joined comes next.
    std::optional<Member> m_renaming;
};
