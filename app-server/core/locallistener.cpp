#include "locallistener.h"

#include <QLocalSocket>

LocalListener::LocalListener(QObject *parent)
    : QObject(parent)
{
    // As with TCP, a crowd connecting at once must not be turned away by the backlog.
    m_server.setListenBacklogSize(1024);
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server.nextPendingConnection())
            emit accepted(socket);
    });
}

bool LocalListener::listen(const QString &name)
{
    if (m_server.listen(name))
        return true;
    if (m_server.serverError() != QAbstractSocket::AddressInUseError)
        return false;
    // A socket file is there. If a server answers on it, it is that server's; if none
    // does, it was left by one that died, and is ours to replace. Connecting to a local
    // socket succeeds or fails at once, so this wait is not a wait.
    QLocalSocket probe;
    probe.connectToServer(name);
    if (probe.waitForConnected(1000)) {
        probe.abort();
        return false; // m_server's error still says the address is in use
    }
    QLocalServer::removeServer(name);
    return m_server.listen(name);
}
