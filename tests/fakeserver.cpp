#include "fakeserver.h"

#include "protocol/framereader.h"
#include "protocol/messagecodec.h"

#include <QHostAddress>
#include <QLocalSocket>
#include <QTcpSocket>

#include <memory>

using namespace Protocol;

FakeServer::FakeServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeServer::acceptClients);
    connect(&m_localServer, &QLocalServer::newConnection, this, &FakeServer::acceptClients);
}

bool FakeServer::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

bool FakeServer::listenLocal(const QString &name)
{
    QLocalServer::removeServer(name);
    return m_localServer.listen(name);
}

void FakeServer::close()
{
    m_server.close();
    m_localServer.close();
    dropClient();
}

void FakeServer::welcome(const QString &name, const QStringList &others, quint64 seq)
{
    send(Welcome {name, QStringLiteral("Lobby"), seq, quint32(others.size() + 1)});
    send(Members {others + QStringList {name}});
}

void FakeServer::welcomeV11(const QString &name, const QByteArray &resumeToken,
                            quint32 resumeGraceMs, quint64 seq)
{
    send(Welcome {name, QStringLiteral("Lobby"), seq, 2, QStringLiteral("0123456789abcdef"),
                  resumeToken, resumeGraceMs},
         Layout::V1_1);
    send(Members {{QStringLiteral("Zed"), name}});
}

void FakeServer::send(const Message &message, Layout layout)
{
    sendRaw(MessageCodec::encodeFrame(message, layout));
}

void FakeServer::sendRaw(const QByteArray &bytes)
{
    if (m_client)
        m_client->write(bytes);
}

void FakeServer::flood(const QByteArray &bytes)
{
    m_flood = bytes;
    m_floodCount = 0;
    if (!m_client)
        return;
    // The socket's buffer drains into the kernel as the client reads: one copy waiting at
    // a time keeps the pace of the client rather than filling this process's memory.
    connect(m_client, &QIODevice::bytesWritten, this, [this, socket = m_client.data()] {
        if (!m_flood.isEmpty() && socket == m_client && socket->bytesToWrite() == 0) {
            socket->write(m_flood);
            ++m_floodCount;
        }
    });
    m_client->write(m_flood);
    ++m_floodCount;
}

void FakeServer::stopFlood()
{
    m_flood.clear();
}

void FakeServer::dropClient()
{
    if (auto *tcp = qobject_cast<QTcpSocket *>(m_client))
        tcp->abort();
    else if (auto *local = qobject_cast<QLocalSocket *>(m_client))
        local->abort();
}

void FakeServer::acceptClients()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection())
        acceptClient(socket);
    while (QLocalSocket *socket = m_localServer.nextPendingConnection())
        acceptClient(socket);
}

void FakeServer::acceptClient(QIODevice *socket)
{
    ++m_connections;
    m_client = socket;
    // One reader per connection, living as long as the lambda that uses it.
    auto reader = std::make_shared<FrameReader>();
    connect(socket, &QIODevice::readyRead, this, [this, socket, reader] {
        // A handler may have dropped the client in the middle of what it sent.
        while (socket->isOpen() && reader->readNext(socket)) {
            const DecodeResult result = MessageCodec::decode(reader->takePayload());
            if (!result.isOk())
                continue;
            m_received.append(result.message);
            if (const auto *hello = std::get_if<Hello>(&result.message))
                m_onHello ? m_onHello(*hello) : welcome(hello->nickname);
            else if (const auto *resume = std::get_if<Resume>(&result.message);
                     resume && m_onResume)
                m_onResume(*resume);
            else if (const auto *ping = std::get_if<Ping>(&result.message);
                     ping && m_answersPings && socket == m_client)
                send(Pong {ping->token});
        }
    });
    const auto gone = [this, socket] {
        ++m_disconnects;
        socket->deleteLater();
    };
    if (auto *tcp = qobject_cast<QTcpSocket *>(socket))
        connect(tcp, &QTcpSocket::disconnected, this, gone);
    else if (auto *local = qobject_cast<QLocalSocket *>(socket))
        connect(local, &QLocalSocket::disconnected, this, gone);
}
