#include "peercredentials.h"

#include <unistd.h>

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#endif

bool PeerCredentials::isSupported()
{
#ifdef Q_OS_LINUX
    return true;
#else
    return false;
#endif
}

std::optional<qint64> PeerCredentials::peerUid(qintptr socketDescriptor)
{
#ifdef Q_OS_LINUX
    // The credentials the kernel recorded when the peer connected: the peer cannot
    // choose them, and they stay the same whatever it does after.
    ucred credentials {};
    socklen_t length = sizeof credentials;
    if (::getsockopt(int(socketDescriptor), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0
        || length != sizeof credentials)
        return std::nullopt;
    return qint64(credentials.uid);
#else
    Q_UNUSED(socketDescriptor);
    return std::nullopt;
#endif
}

qint64 PeerCredentials::ownUid()
{
    return qint64(::geteuid());
}

bool PeerCredentials::mayAdminister(qint64 peerUid, qint64 ownUid)
{
    return peerUid == 0 || peerUid == ownUid;
}
