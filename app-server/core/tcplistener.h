#pragma once

#include "platform.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <QTimer>

#include <memory>

class DescriptorPoller;
class QSocketNotifier;
class QTcpSocket;

// The listening socket, accepting without ever spinning or going deaf. QTcpServer keeps
// the first error its listening socket ever had: once an accept has seen EAGAIN, running
// out of descriptors (EMFILE) reads as that temporary error, so it retries at once for
// ever at 100% CPU; when EMFILE comes first it pauses and nothing resumes it. Here
// QTcpServer only binds and listens; on Linux the accepting is ours: out of descriptors
// (or any other failure) it pauses until a connection closes (descriptorFreed()) or for
// a second at most, and says so once per episode.
class TcpListener final : public QObject
{
    Q_OBJECT

public:
    explicit TcpListener(QObject *parent = nullptr);
    ~TcpListener() override;

    bool listen(const QHostAddress &address, quint16 port);
    void close();
    QString errorString() const { return m_server.errorString(); }
    bool isListening() const { return m_server.isListening(); }
    QHostAddress serverAddress() const { return m_server.serverAddress(); }
    quint16 serverPort() const { return m_server.serverPort(); }
    bool isPaused() const { return m_paused; }
    // Whether a new connection is handed over as its bare descriptor (acceptedDescriptor())
    // instead of a QTcpSocket (accepted()). Only where CHATROOM_HAS(linux_api).
    void setAcceptsBare(bool bare);
    // Watches the bare descriptors for reading (ClientConnection registers its own); null
    // without setAcceptsBare(true). Whoever holds one must be gone before this listener.
#if CHATROOM_HAS(linux_api)
    DescriptorPoller *poller() const { return m_poller.get(); }
#else
    DescriptorPoller *poller() const { return nullptr; }
#endif

    // A connection closed: if accepting was paused for want of descriptors, try again.
    void descriptorFreed();

signals:
    // A new connection, parented to this listener; the receiver takes it over.
    void accepted(QTcpSocket *socket);
    // With setAcceptsBare(): a new connection's descriptor (non-blocking, close-on-exec);
    // the receiver takes it over and closes it.
    void acceptedDescriptor(int descriptor);
    // Accepting failed and is paused; `error` is the errno (EMFILE, ENFILE, ...). Once
    // until a connection is accepted again.
    void acceptFailed(int error);

private:
    void acceptPending();
    void pause(int error);
    void resume();

    QTcpServer m_server;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QTimer m_retry;
    bool m_paused = false;
    bool m_failing = false;
    bool m_bare = false;
#if CHATROOM_HAS(linux_api)
    std::unique_ptr<DescriptorPoller> m_poller;
#endif
};
