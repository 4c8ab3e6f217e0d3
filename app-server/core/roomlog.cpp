#include "roomlog.h"

#include <type_traits>
#include <variant>

RoomLog::Event RoomLog::eventOf(const Protocol::Message &event, const QByteArray &payload)
{
    Event entry;
    entry.payload = payload;
    entry.type = Protocol::typeOf(event);
    std::visit(
        [&entry](const auto &m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T,
                                         Protocol::Joined> || std::is_same_v<T, Protocol::Left>) {
                entry.seq = m.seq;
                entry.atMs = m.atMs;
                entry.nickname = m.nickname;
            } else if constexpr (std::is_same_v<T, Protocol::Chat>) {
                entry.seq = m.seq;
                entry.atMs = m.atMs;
                entry.nickname = m.from;
                entry.text = m.text;
            } else if constexpr (std::is_same_v<T, Protocol::Broadcast>) {
                entry.seq = m.seq;
                entry.atMs = m.atMs;
                entry.text = m.text;
            }
        },
        event);
    return entry;
}
