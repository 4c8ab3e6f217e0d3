#pragma once

#include <QtGlobal>

#include <optional>

// Who is at the other end of an admin connection. The socket file's owner-only mode is the
// first gate; this is the second, which a wrong mode (a careless chmod, --admin-socket in a
// folder others can write) does not open.
class PeerCredentials final
{
public:
    // Whether this system can name a local peer's user: Linux (SO_PEERCRED). Elsewhere
    // the admin socket relies on its file permissions alone.
    static bool isSupported();
    // The uid of the process that connected on this descriptor; nullopt when the system
    // cannot tell.
    static std::optional<qint64> peerUid(qintptr socketDescriptor);
    static qint64 ownUid();
    // Root (`sudo chatroomctl`) and the server's own user, nobody else.
    static bool mayAdminister(qint64 peerUid, qint64 ownUid);
};
