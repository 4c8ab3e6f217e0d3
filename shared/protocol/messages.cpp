#include "messages.h"

namespace Protocol {

namespace {
template<typename T>
struct TypeCode;
#define CHATROOM_TYPE_CODE(Name)                                                                   \
    template<>                                                                                     \
    struct TypeCode<Name>                                                                          \
    {                                                                                              \
        static constexpr MessageType value = MessageType::Name;                                    \
    };
CHATROOM_TYPE_CODE(Hello)
CHATROOM_TYPE_CODE(Say)
CHATROOM_TYPE_CODE(Bye)
CHATROOM_TYPE_CODE(Ping)
CHATROOM_TYPE_CODE(Resume)
CHATROOM_TYPE_CODE(HistoryRequest)
CHATROOM_TYPE_CODE(Rename)
CHATROOM_TYPE_CODE(Welcome)
CHATROOM_TYPE_CODE(Rejected)
CHATROOM_TYPE_CODE(Joined)
CHATROOM_TYPE_CODE(Left)
CHATROOM_TYPE_CODE(Chat)
CHATROOM_TYPE_CODE(Broadcast)
CHATROOM_TYPE_CODE(Pong)
CHATROOM_TYPE_CODE(Notice)
CHATROOM_TYPE_CODE(Error)
CHATROOM_TYPE_CODE(Members)
CHATROOM_TYPE_CODE(History)
CHATROOM_TYPE_CODE(Resumed)
#undef CHATROOM_TYPE_CODE
} // namespace

MessageType typeOf(const Message &message)
{
    return std::visit([](const auto &m) { return TypeCode<std::decay_t<decltype(m)>>::value; },
                      message);
}

const char *typeName(MessageType type)
{
    switch (type) {
    case MessageType::Hello:
        return "Hello";
    case MessageType::Say:
        return "Say";
    case MessageType::Bye:
        return "Bye";
    case MessageType::Ping:
        return "Ping";
    case MessageType::Resume:
        return "Resume";
    case MessageType::HistoryRequest:
        return "HistoryRequest";
    case MessageType::Rename:
        return "Rename";
    case MessageType::Welcome:
        return "Welcome";
    case MessageType::Rejected:
        return "Rejected";
    case MessageType::Joined:
        return "Joined";
    case MessageType::Left:
        return "Left";
    case MessageType::Chat:
        return "Chat";
    case MessageType::Broadcast:
        return "Broadcast";
    case MessageType::Pong:
        return "Pong";
    case MessageType::Notice:
        return "Notice";
    case MessageType::Error:
        return "Error";
    case MessageType::Members:
        return "Members";
    case MessageType::History:
        return "History";
    case MessageType::Resumed:
        return "Resumed";
    }
    return "Unknown";
}

} // namespace Protocol
