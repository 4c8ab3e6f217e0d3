#include "inboundlimits.h"

#include "chattext.h"
#include "nickname.h"

#include <algorithm>

namespace {

bool nameFits(const QString &name)
{
    return name.size() <= Nickname::MaxLength;
}

bool textFits(const QString &text)
{
    return text.size() <= ChatText::MaxLength;
}

} // namespace

bool InboundLimits::fits(const Protocol::Message &message)
{
    if (const auto *welcome = std::get_if<Protocol::Welcome>(&message))
        return nameFits(welcome->nickname);
    if (const auto *members = std::get_if<Protocol::Members>(&message))
        return std::all_of(members->names.cbegin(), members->names.cend(), nameFits);
    if (const auto *joined = std::get_if<Protocol::Joined>(&message))
        return nameFits(joined->nickname) && nameFits(joined->formerName);
    if (const auto *left = std::get_if<Protocol::Left>(&message))
        return nameFits(left->nickname);
    if (const auto *chat = std::get_if<Protocol::Chat>(&message))
        return nameFits(chat->from) && textFits(chat->text);
    if (const auto *broadcast = std::get_if<Protocol::Broadcast>(&message))
        return textFits(broadcast->text);
    if (const auto *resumed = std::get_if<Protocol::Resumed>(&message))
        return nameFits(resumed->nickname);
    return true;
}

QString InboundLimits::clippedDetail(const QString &detail)
{
    if (detail.size() <= MaxDetailLength)
        return detail;
    // Not in the middle of a surrogate pair.
    qsizetype cut = MaxDetailLength - 1;
    if (detail.at(cut - 1).isHighSurrogate())
        --cut;
    return detail.first(cut) + QChar(0x2026);
}
