#include "adminserver.h"

#include "admin/adminprotocol.h"
#include "chatserver.h"
#include "peercredentials.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QTimer>

#include <cerrno>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

AdminServer::AdminServer(ChatServer *server, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_rate([server] { return server->messagesRelayed(); })
    , m_commands(server, &m_rate)
    , m_peerPolicy([](std::optional<qint64> uid) {
        // Where uids cannot be read, the owner-only file mode is the only gate.
        if (!PeerCredentials::isSupported())
            return true;
        return uid && PeerCredentials::mayAdminister(*uid, PeerCredentials::ownUid());
    })
{
    connect(&m_listener, &LocalListener::accepted, this, &AdminServer::onAccepted);
}

bool AdminServer::listen(const QString &path)
{
    const QFileInfo file(path);
    if (!makeFolder(file.absolutePath()))
        return false;
    m_listener.setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_listener.listen(file.absoluteFilePath())) {
        m_errorString = m_listener.errorString();
        return false;
    }
    return true;
}

bool AdminServer::makeFolder(const QString &folder)
{
    if (QFileInfo(folder).isDir())
        return true; // not ours to change: systemd's RuntimeDirectory, /tmp, the user's
    QDir().mkpath(QFileInfo(folder).path());
    // Made 0700 in one step, never a moment open to others.
    if (::mkdir(QFile::encodeName(folder).constData(), 0700) != 0 && errno != EEXIST) {
        m_errorString = u"cannot create %1: %2"_s.arg(folder, qt_error_string(errno));
        return false;
    }
    return true;
}

void AdminServer::onAccepted(QLocalSocket *socket)
{
    socket->setParent(this);
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    const std::optional<qint64> uid = PeerCredentials::peerUid(socket->socketDescriptor());
    if (!m_peerPolicy(uid)) {
        emit peerRefused(uid.value_or(-1));
        refuse(socket,
               AdminCommands::error(
                   u"forbidden"_s,
                   u"permission denied: only the server's user (uid %1) and "
                   u"root may use the admin socket"_s.arg(PeerCredentials::ownUid())));
        return;
    }
    if (m_connections.size() >= m_maxConnections) {
        refuse(socket,
               AdminCommands::error(
                   u"busy"_s, u"too many admin connections (at most %1)"_s.arg(m_maxConnections)));
        return;
    }
    m_connections.insert(socket);
    connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
    // The longest line and its '\n': Qt stops reading beyond it, so a client that never
    // ends its line costs this much and no more.
    socket->setReadBufferSize(AdminProtocol::MaxLineBytes + 1);
    auto *idle = new QTimer(socket);
    idle->setSingleShot(true);
    connect(idle, &QTimer::timeout, socket, [this, socket] {
        refuse(socket, AdminCommands::error(u"idle"_s, u"closed after a silence"_s));
    });
    idle->start(m_idleTimeout);
    connect(socket, &QLocalSocket::readyRead, this, [this, socket, idle] {
        idle->start();
        readRequests(socket);
    });
    connect(socket, &QLocalSocket::bytesWritten, this, [this, socket] {
        if (socket->canReadLine())
            readRequests(socket);
    });
    if (socket->state() != QLocalSocket::ConnectedState)
        socket->deleteLater(); // gone before we got to it: no disconnected() will come
    else
        readRequests(socket); // bytes may have come with the connection
}

void AdminServer::readRequests(QLocalSocket *socket)
{
    // A client that sends requests but never reads the answers waits, once maxUnsentBytes
    // of answers are queued for it, until it has read some (bytesWritten resumes).
    while (socket->state() == QLocalSocket::ConnectedState && socket->canReadLine()
           && socket->bytesToWrite() < m_maxUnsentBytes)
        handleLine(socket, socket->readLine());
    if (socket->state() == QLocalSocket::ConnectedState && !socket->canReadLine()
        && socket->bytesAvailable() > AdminProtocol::MaxLineBytes) {
        refuse(socket,
               AdminCommands::error(
                   u"line-too-long"_s,
                   u"request line longer than %1 bytes"_s.arg(AdminProtocol::MaxLineBytes)));
    }
}

void AdminServer::handleLine(QLocalSocket *socket, const QByteArray &line)
{
    const QByteArray text = line.trimmed();
    if (text.isEmpty())
        return; // a blank line, as a person typing into socat may send
    if (line.size() > AdminProtocol::MaxLineBytes + 1) {
        refuse(socket,
               AdminCommands::error(
                   u"line-too-long"_s,
                   u"request line longer than %1 bytes"_s.arg(AdminProtocol::MaxLineBytes)));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    QJsonObject response;
    if (parseError.error != QJsonParseError::NoError)
        response = AdminCommands::badRequest(u"not JSON: "_s + parseError.errorString());
    else if (!document.isObject())
        response = AdminCommands::badRequest(u"not a JSON object"_s);
    else
        response = m_commands.handle(document.object(), {socketPath(), connectionCount()});
    socket->write(AdminProtocol::encode(response));
}

void AdminServer::refuse(QLocalSocket *socket, const QJsonObject &response)
{
    socket->write(AdminProtocol::encode(response));
    // Sends what is queued, then closes; disconnected() then deletes the socket.
    socket->disconnectFromServer();
}
