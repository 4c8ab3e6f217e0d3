#include "adminclient.h"

#include "admin/adminprotocol.h"

#include <QDeadlineTimer>
#include <QLocalSocket>

QString AdminClient::permissionHint()
{
    return tr("run chatroomctl as the server's user or as root (sudo chatroomctl)");
}

std::optional<QByteArray> AdminClient::fail(const QString &error)
{
    m_errorString = error;
    return std::nullopt;
}

std::optional<QByteArray> AdminClient::send(const QString &socketPath, const QJsonObject &request,
                                            int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    socket.connectToServer(socketPath);
    if (!socket.waitForConnected(int(deadline.remainingTime()))) {
        switch (socket.error()) {
        case QLocalSocket::ServerNotFoundError:
            return fail(tr("No admin socket at %1: is the server running, and is this its "
                           "socket (see --socket)?")
                            .arg(socketPath));
        case QLocalSocket::ConnectionRefusedError:
            return fail(tr("Nothing answers on %1: the server has stopped, or the file was "
                           "left by one that died.")
                            .arg(socketPath));
        case QLocalSocket::SocketAccessError:
            return fail(tr("Permission denied on %1: %2.").arg(socketPath, permissionHint()));
        default:
            return fail(tr("Cannot connect to %1: %2").arg(socketPath, socket.errorString()));
        }
    }
    socket.write(AdminProtocol::encode(request));
    // The answer is one line; a server that closes first has refused the connection.
    while (!socket.canReadLine()) {
        if (socket.state() != QLocalSocket::ConnectedState
            || !socket.waitForReadyRead(int(deadline.remainingTime()))) {
            if (socket.canReadLine())
                break;
            if (deadline.hasExpired())
                return fail(tr("The server at %1 did not answer in time.").arg(socketPath));
            return fail(
                tr("The server at %1 closed the connection without answering.").arg(socketPath));
        }
    }
    QByteArray line = socket.readLine();
    if (line.endsWith('\n'))
        line.chop(1);
    socket.disconnectFromServer();
    return line;
}
