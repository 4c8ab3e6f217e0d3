#pragma once

#include "messages.h"

namespace Protocol {

// What decoding one payload gave: a message, or why there is none. Malformed and
// UnknownType are told apart because the server answers them differently.
struct DecodeResult
{
    enum class Status : quint8 { Ok, Malformed, UnknownType };
    Status status = Status::Malformed;
    quint8 type = 0; // the type byte as received; 0 when the payload is empty
    Message message;

    bool isOk() const { return status == Status::Ok; }
};

} // namespace Protocol
