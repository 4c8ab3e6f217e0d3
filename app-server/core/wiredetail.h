#pragma once

#include "protocol/messages.h"

#include <QString>

// The detail strings of Rejected, Notice and Error. They travel to clients of any
// language, and clients word the codes themselves, so these stay short, technical and
// untranslated.
namespace WireDetail {

QString of(Protocol::RejectReason reason);
QString of(Protocol::NoticeCode code);
QString of(Protocol::ErrorCode code);

} // namespace WireDetail
