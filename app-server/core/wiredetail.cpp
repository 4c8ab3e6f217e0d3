#include "wiredetail.h"

using namespace Qt::StringLiterals;

namespace WireDetail {

QString of(Protocol::RejectReason reason)
{
    using Protocol::RejectReason;
    switch (reason) {
    case RejectReason::NameTaken:
        return u"name taken"_s;
    case RejectReason::NameInvalid:
        return u"name invalid"_s;
    case RejectReason::NameReserved:
        return u"name reserved"_s;
    case RejectReason::VersionUnsupported:
        return u"version unsupported"_s;
    case RejectReason::RoomFull:
        return u"room full"_s;
    case RejectReason::ResumeFailed:
        return u"resume failed"_s;
    case RejectReason::PasswordRequired:
        return u"password required"_s;
    }
    return {};
}

QString of(Protocol::NoticeCode code)
{
    using Protocol::NoticeCode;
    switch (code) {
    case NoticeCode::TextTooLong:
        return u"text too long"_s;
    case NoticeCode::TextEmpty:
        return u"text empty"_s;
    case NoticeCode::SlowDown:
        return u"slow down"_s;
    case NoticeCode::UnknownType:
        return u"unknown type"_s;
    case NoticeCode::NameTaken:
        return u"name taken"_s;
    case NoticeCode::NameInvalid:
        return u"name invalid"_s;
    case NoticeCode::NameReserved:
        return u"name reserved"_s;
    case NoticeCode::HistoryUnavailable:
        return u"history unavailable"_s;
    case NoticeCode::RoomUnavailable:
        return u"room unavailable"_s;
    }
    return {};
}

QString of(Protocol::ErrorCode code)
{
    using Protocol::ErrorCode;
    switch (code) {
    case ErrorCode::Malformed:
        return u"malformed"_s;
    case ErrorCode::FrameTooLarge:
        return u"frame too large"_s;
    case ErrorCode::NotJoined:
        return u"not joined"_s;
    case ErrorCode::Kicked:
        return u"kicked"_s;
    case ErrorCode::ServerShutdown:
        return u"server shutdown"_s;
    case ErrorCode::TimedOut:
        return u"timed out"_s;
    case ErrorCode::TooSlow:
        return u"too slow"_s;
    case ErrorCode::Flooding:
        return u"flooding"_s;
    case ErrorCode::HelloTimeout:
        return u"hello timeout"_s;
    }
    return {};
}

} // namespace WireDetail
