#pragma once

#include "protocol/messagecodec.h"
#include "protocol/messages.h"

#include <QList>
#include <QLocalServer>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTcpServer>

#include <functional>

class QIODevice;

// A scripted stand-in for chatroom-server on 127.0.0.1, for testing ChatSession without
// the real server: it records what clients send and writes whatever frames a test asks
// for. By default it welcomes every Hello into a room of "Zed" plus the newcomer, so a
// test only scripts what it is about. It listens on TCP, or on a local socket by name.
class FakeServer final : public QObject
{
    Q_OBJECT

public:
    using HelloHandler = std::function<void(const Protocol::Hello &)>;
    using ResumeHandler = std::function<void(const Protocol::Resume &)>;

    explicit FakeServer(QObject *parent = nullptr);

    bool listen(quint16 port = 0);
    // A QLocalServer named name instead (a stale socket file of that name is removed).
    bool listenLocal(const QString &name);
    // Stops listening and drops every client, as a server that goes away.
    void close();
    quint16 port() const { return m_server.serverPort(); }
    QString errorString() const { return m_server.errorString(); }

    void setHelloHandler(HelloHandler handler) { m_onHello = std::move(handler); }
    // Unset, a Resume goes unanswered.
    void setResumeHandler(ResumeHandler handler) { m_onResume = std::move(handler); }
    // Off by default: this server is one that never answers a Ping.
    void setAnswersPings(bool answers) { m_answersPings = answers; }
    // Welcome and one Members frame listing others and then name.
    void welcome(const QString &name, const QStringList &others = {QStringLiteral("Zed")},
                 quint64 seq = 5);

    // A 1.1 Welcome offering resume with this token and grace, and one Members frame.
    void welcomeV11(const QString &name, const QByteArray &resumeToken, quint32 resumeGraceMs,
                    quint64 seq = 5);

    // To the latest connection, the one a test talks to.
    void send(const Protocol::Message &message, Protocol::Layout layout = Protocol::Layout::V1_0);
    void sendRaw(const QByteArray &bytes);
    // A hostile server: writes bytes to the latest connection again each time the last
    // copy has left, for as long as that connection stays open or until stopFlood().
    void flood(const QByteArray &bytes);
    void stopFlood();
    // How many copies flood() has written.
    int floodCount() const { return m_floodCount; }
    void dropClient();

    int connections() const { return m_connections; }
    int disconnects() const { return m_disconnects; }
    // Everything every client sent, in order.
    QList<Protocol::Message> received() const { return m_received; }
    template<typename T>
    QList<T> receivedOf() const
    {
        QList<T> result;
        for (const Protocol::Message &message : m_received) {
            if (const auto *m = std::get_if<T>(&message))
                result.append(*m);
        }
        return result;
    }

private:
    void acceptClients();

    void acceptClient(QIODevice *socket);

    QTcpServer m_server;
    QLocalServer m_localServer;
    QPointer<QIODevice> m_client;
    HelloHandler m_onHello;
    ResumeHandler m_onResume;
    QList<Protocol::Message> m_received;
    int m_connections = 0;
    int m_disconnects = 0;
    bool m_answersPings = false;
    QByteArray m_flood;
    int m_floodCount = 0;
};
