#include "room.h"

#include "chattext.h"
#include "nickname.h"

#include <QDateTime>

#include <algorithm>
#include <utility>

namespace {

// QDataStream sizes (docs/protocol.md, "Payload"): a QString is its quint32 byte count
// and UTF-16 code units, a QStringList its quint32 count and the strings.
constexpr qsizetype TypeSize = 1;
constexpr qsizetype CountSize = 4;

qsizetype encodedSize(const QString &name)
{
    return CountSize + 2 * name.size();
}

} // namespace

Room::Room(int maxMembers, Clock clock)
    : m_maxMembers(maxMembers)
    , m_clock(std::move(clock))
{
}

qint64 Room::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

Room::JoinResult Room::join(const QString &requestedName)
{
    JoinResult result = checkJoin(requestedName);
    if (!result.accepted())
        return result;
    const Member member {result.event.nickname, result.key, nextSeq(), result.event.atMs};
    m_members.insert(member.key, member);
    m_joinOrder.emplace(member.joinSeq, member.key);
    result.event.seq = member.joinSeq;
    return result;
}

Room::JoinResult Room::checkJoin(const QString &requestedName) const
{
    using Protocol::RejectReason;
    switch (Nickname::check(requestedName)) {
    case Nickname::Verdict::Ok:
        break;
    case Nickname::Verdict::Reserved:
        return {RejectReason::NameReserved, {}};
    case Nickname::Verdict::Empty:
    case Nickname::Verdict::TooLong:
    case Nickname::Verdict::InvalidCharacter:
    case Nickname::Verdict::Invisible:
    case Nickname::Verdict::MixedScript:
        return {RejectReason::NameInvalid, {}};
    }
    const QString name = Nickname::normalized(requestedName);
    QString key = Nickname::key(name);
    if (m_members.contains(key))
        return {RejectReason::NameTaken, {}};
    // Checked after the name, so a client learns about a bad name even in a full room.
    if (memberCount() >= m_maxMembers)
        return {RejectReason::RoomFull, {}};
    return {std::nullopt, Protocol::Joined {0, now(), name}, std::move(key)};
}

Room::SayResult Room::say(const QString &name, const QString &text)
{
    return sayByKey(Nickname::key(name), text);
}

Room::SayResult Room::sayByKey(const QString &key, const QString &text)
{
    SayResult result = checkSay(key, text);
    if (auto *chat = std::get_if<Protocol::Chat>(&result))
        chat->seq = nextSeq();
    return result;
}

Room::SayResult Room::checkSay(const QString &key, const QString &text) const
{
    const Member *speaker = memberByKey(key);
    if (!speaker)
        return SayError::NotMember;
    const QString clean = ChatText::sanitized(text);
    if (clean.trimmed().isEmpty())
        return SayError::TextEmpty;
    if (clean.size() > ChatText::MaxLength)
        return SayError::TextTooLong;
    return Protocol::Chat {0, now(), speaker->name, clean};
}

std::optional<Protocol::Left> Room::leave(const QString &name, Protocol::LeaveReason reason)
{
    const auto it = m_members.constFind(Nickname::key(name));
    if (it == m_members.cend())
        return std::nullopt;
    const Member gone = *it;
    m_joinOrder.erase(gone.joinSeq);
    m_members.erase(it);
    return Protocol::Left {nextSeq(), now(), gone.name, reason};
}

std::optional<Protocol::Left> Room::kick(const QString &name)
{
    return leave(name, Protocol::LeaveReason::Kicked);
}

Room::RenameResult Room::rename(const QString &name, const QString &requestedName)
{
    RenameResult result = checkRename(name, requestedName);
    if (!result.renamed())
        return result;
    const auto it = m_members.find(Nickname::key(name));
    Member member = *it;
    m_members.erase(it);
    m_joinOrder.erase(member.joinSeq);
    result.left.seq = nextSeq();
    member.name = result.joined.nickname;
    member.key = Nickname::key(member.name);
    member.joinSeq = nextSeq();
    result.joined.seq = member.joinSeq;
    m_members.insert(member.key, member);
    m_joinOrder.emplace(member.joinSeq, member.key);
    return result;
}

Room::RenameResult Room::checkRename(const QString &name, const QString &requestedName) const
{
    using Protocol::NoticeCode;
    RenameResult result;
    const auto it = m_members.constFind(Nickname::key(name));
    if (it == m_members.cend()) {
        result.unchanged = true;
        return result;
    }
    switch (Nickname::check(requestedName)) {
    case Nickname::Verdict::Ok:
        break;
    case Nickname::Verdict::Reserved:
        result.refusal = NoticeCode::NameReserved;
        return result;
    case Nickname::Verdict::Empty:
    case Nickname::Verdict::TooLong:
    case Nickname::Verdict::InvalidCharacter:
    case Nickname::Verdict::Invisible:
    case Nickname::Verdict::MixedScript:
        result.refusal = NoticeCode::NameInvalid;
        return result;
    }
    const QString newName = Nickname::normalized(requestedName);
    if (newName == it->name) {
        result.unchanged = true;
        return result;
    }
    // The member's own key is not taken: a change of case or width is a rename too.
    const QString newKey = Nickname::key(newName);
    if (newKey != it->key && m_members.contains(newKey)) {
        result.refusal = NoticeCode::NameTaken;
        return result;
    }
    // Two readings of the clock, as two events: a test's clock steps between them.
    result.left = Protocol::Left {0, now(), it->name, Protocol::LeaveReason::Renamed};
    result.joined = Protocol::Joined {0, now(), newName, it->name};
    return result;
}

std::optional<Protocol::Broadcast> Room::broadcast(const QString &text)
{
    std::optional<Protocol::Broadcast> event = checkBroadcast(text);
    if (event)
        event->seq = nextSeq();
    return event;
}

std::optional<Protocol::Broadcast> Room::checkBroadcast(const QString &text) const
{
    if (ChatText::check(text) != ChatText::Verdict::Ok)
        return std::nullopt;
    return Protocol::Broadcast {0, now(), ChatText::sanitized(text)};
}

void Room::applyJoined(const Protocol::Joined &event)
{
    m_seq = std::max(m_seq, event.seq);
    const std::optional<Member> former = std::exchange(m_renaming, std::nullopt);
    const QString key = Nickname::key(event.nickname);
    if (m_members.contains(key))
        return;
    // The Joined's time is the rename's; the member joined when its former name did.
    const bool renamed =
        former && !event.formerName.isEmpty() && former->key == Nickname::key(event.formerName);
    addMember(Member {event.nickname, key, event.seq, renamed ? former->joinedAtMs : event.atMs});
}

void Room::applyLeft(const Protocol::Left &event)
{
    m_seq = std::max(m_seq, event.seq);
    const auto it = m_members.constFind(Nickname::key(event.nickname));
    if (it == m_members.cend())
        return;
    if (event.reason == Protocol::LeaveReason::Renamed)
        m_renaming = *it;
    m_joinOrder.erase(it->joinSeq);
    m_members.erase(it);
}

void Room::addMember(const Member &member)
{
    m_members.insert(member.key, member);
    m_joinOrder.emplace(member.joinSeq, member.key);
}

void Room::clear()
{
    m_members.clear();
    m_joinOrder.clear();
    m_renaming.reset();
}

bool Room::contains(const QString &name) const
{
    return m_members.contains(Nickname::key(name));
}

const Room::Member *Room::member(const QString &name) const
{
    const auto it = m_members.constFind(Nickname::key(name));
    return it == m_members.cend() ? nullptr : &*it;
}

const Room::Member *Room::memberByKey(const QString &key) const
{
    const auto it = m_members.constFind(key);
    return it == m_members.cend() ? nullptr : &*it;
}

QStringList Room::memberNames() const
{
    QStringList names;
    names.reserve(memberCount());
    for (const auto &[seq, key] : m_joinOrder)
        names.append(m_members.constFind(key)->name);
    return names;
}

QList<Room::Member> Room::members() const
{
    QList<Member> members;
    members.reserve(memberCount());
    for (const auto &[seq, key] : m_joinOrder)
        members.append(*m_members.constFind(key));
    return members;
}

QList<QStringList> Room::memberSlices(quint32 maxPayloadSize) const
{
    QList<QStringList> slices(1);
    qsizetype size = TypeSize + CountSize;
    for (const auto &[seq, key] : m_joinOrder) {
        const QString &name = m_members.constFind(key)->name;
        const qsizetype nameSize = encodedSize(name);
        // A slice always takes at least one name, so a frame limit below one name's
        // size still makes progress; the server never configures one that small.
        if (!slices.last().isEmpty() && size + nameSize > qsizetype(maxPayloadSize)) {
            slices.append(QStringList());
            size = TypeSize + CountSize;
        }
        slices.last().append(name);
        size += nameSize;
    }
    return slices;
}

qsizetype Room::membersPayloadSize(const QStringList &names)
{
    qsizetype size = TypeSize + CountSize;
    for (const QString &name : names)
        size += encodedSize(name);
    return size;
}
