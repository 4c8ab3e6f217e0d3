#include "transcriptline.h"

#include "protocol/messagecodec.h"
#include "servereventformatter.h"

#include <variant>

using Protocol::MessageType;

std::optional<TranscriptLine> TranscriptLine::from(const RoomLog::Event &event)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(event.atMs);
    switch (event.type) {
    case MessageType::Chat:
        return TranscriptLine {at, ServerEventFormatter::chat(event.nickname, event.text)};
    case MessageType::Broadcast:
        return TranscriptLine {at, ServerEventFormatter::broadcast(event.text)};
    case MessageType::Joined:
    case MessageType::Left:
        break;
    default:
        return std::nullopt;
    }
    // The log's own fields lack the leave reason and the former name; the payload, kept
    // byte for byte as sent, has them. One the codec cannot read still gets a plain line.
    const Protocol::Message message = Protocol::MessageCodec::decode(event.payload).message;
    if (const auto *joined = std::get_if<Protocol::Joined>(&message);
        joined && !joined->formerName.isEmpty()) {
        return TranscriptLine {at,
                               ServerEventFormatter::renamed(joined->formerName, event.nickname)};
    }
    if (event.type == MessageType::Joined)
        return TranscriptLine {at, ServerEventFormatter::joined(event.nickname)};
    const auto *left = std::get_if<Protocol::Left>(&message);
    const Protocol::LeaveReason reason = left ? left->reason : Protocol::LeaveReason::Quit;
    if (reason == Protocol::LeaveReason::Renamed)
        return std::nullopt;
    return TranscriptLine {at, ServerEventFormatter::left(event.nickname, reason)};
}
