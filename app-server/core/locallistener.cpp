#include "locallistener.h"

#include <QLocalSocket>

using namespace Qt::StringLiterals;

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

void LocalListener::setSocketOptions(QLocalServer::SocketOptions options)
{
    m_server.setSocketOptions(options);
}

QString LocalListener::errorString() const
{
    // Qt's own wording for the same case, so both ways of finding it read alike.
    return m_inUse ? u"QLocalServer::listen: Address in use"_s : m_server.errorString();
}

bool LocalListener::isAnswered(const QString &name)
{
    QLocalSocket probe;
    probe.connectToServer(name);
    const bool answered = probe.waitForConnected(1000);
    probe.abort();
    return answered;
}

bool LocalListener::listen(const QString &name)
{
    m_inUse = false;
    // With access options Qt binds under a temporary name and renames the socket into
    // place, over whatever file is there (Qt 6.4): without asking first, a second server
    // would silently take a live one's socket.
    if (m_server.socketOptions() != QLocalServer::NoOptions && isAnswered(name)) {
        m_inUse = true;
        return false;
    }
    if (m_server.listen(name))
        return true;
    if (m_server.serverError() != QAbstractSocket::AddressInUseError)
        return false;
    // A socket file is there. If a server answers on it, it is that server's; if none
    // does, it was left by one that died, and is ours to replace.
    if (isAnswered(name))
        return false; // m_server's error still says the address is in use
    QLocalServer::removeServer(name);
    return m_server.listen(name);
}
