#pragma once

#include "protocol/framereader.h"
#include "protocol/messagecodec.h"
#include "protocol/messages.h"

#include <QList>
#include <QLocalSocket>
#include <QObject>
#include <QTcpSocket>
#include <QTest>

#include <optional>

// A raw protocol client for server tests: a QTcpSocket (or a QLocalSocket after
// connectLocal()), the shared codec and FrameReader, and every decoded message kept in
// arrival order. It knows nothing about the server.
class TestClient final : public QObject
{
    Q_OBJECT

public:
    static constexpr int Timeout = 10'000;

    explicit TestClient(QObject *parent = nullptr);

    // A client connected to 127.0.0.1:port, owned by `scope`; warns when it cannot connect.
    static TestClient *connected(QObject *scope, quint16 port);
    // The same, joined as `name`; warns when the join fails.
    static TestClient *joined(QObject *scope, quint16 port, const QString &name);

    // The same over the server's local socket.
    static TestClient *joinedLocal(QObject *scope, const QString &serverName, const QString &name);

    bool connectTo(quint16 port);
    bool connectLocal(const QString &serverName);
    QTcpSocket *socket() { return &m_socket; }
    QIODevice *device() { return m_device; }

    // The layout this client writes: V1_0 unless a 1.1 test says otherwise.
    void setLayout(Protocol::Layout layout) { m_layout = layout; }
    void send(const Protocol::Message &message);
    void sendRaw(const QByteArray &bytes);
    void sendPayload(const QByteArray &payload); // with a correct length header

    // Hello, then waits for Welcome and every Members frame it announces.
    bool join(const QString &name);
    // This Hello (1.1 when hello.minor >= 1, which also sets the layout), then waits for
    // Welcome and every Members frame.
    bool joinWith(const Protocol::Hello &hello);
    // Resume, then waits for Resumed or Rejected; true for Resumed.
    bool resume(const QByteArray &token, quint64 lastSeq);
    // Hello, then waits for the Rejected.
    std::optional<Protocol::RejectReason> helloRejected(const QString &name);

    // Stops taking bytes from the socket (and keeps Qt from buffering more than a few
    // bytes), so the server's queue for us grows; resume() reads on.
    void stopReading();
    void resumeReading();
    // Reads and throws everything away undecoded: a cheap crowd member.
    void setDiscarding(bool discard) { m_discard = discard; }

    const QList<Protocol::Message> &messages() const { return m_messages; }
    const QList<qsizetype> &payloadSizes() const { return m_payloadSizes; }
    // Every payload as it arrived, in order, undecoded.
    const QList<QByteArray> &payloads() const { return m_payloads; }
    void clearMessages()
    {
        m_messages.clear();
        m_payloads.clear();
    }
    // The History frames received so far, and whether the last one ended a batch.
    QList<Protocol::History> histories() const { return all<Protocol::History>(); }
    bool historyBatchDone(int batches = 1) const;
    // The events of all History frames received, decoded, in order.
    QList<Protocol::Message> historyEvents() const;

    template<typename T>
    QList<T> all() const
    {
        QList<T> found;
        for (const Protocol::Message &message : m_messages) {
            if (const T *m = std::get_if<T>(&message))
                found.append(*m);
        }
        return found;
    }
    template<typename T>
    int countOf() const
    {
        return int(all<T>().size());
    }
    template<typename T>
    std::optional<T> last() const
    {
        for (auto it = m_messages.crbegin(); it != m_messages.crend(); ++it) {
            if (const T *m = std::get_if<T>(&*it))
                return *m;
        }
        return std::nullopt;
    }
    // Waits until at least `count` messages of type T have arrived in all.
    template<typename T>
    bool waitFor(int count = 1, int timeout = Timeout)
    {
        return QTest::qWaitFor([&] { return countOf<T>() >= count; }, timeout);
    }
    bool waitForDisconnected(int timeout = Timeout);
    // A Ping round trip: everything the server sent before the Pong has arrived.
    bool sync();
    bool isConnected() const;

    // The room events (Joined, Left, Chat, Broadcast) received, by seq.
    QList<quint64> eventSeqs() const;

    Protocol::Welcome welcome;
    QStringList members;
    bool readFailed = false;

private:
    void readAvailable();

    QTcpSocket m_socket;
    QLocalSocket m_local;
    QIODevice *m_device = &m_socket; // one of the two
    Protocol::FrameReader m_reader;
    QList<Protocol::Message> m_messages;
    QList<qsizetype> m_payloadSizes;
    QList<QByteArray> m_payloads;
    Protocol::Layout m_layout = Protocol::Layout::V1_0;
    quint64 m_nextPing = 1;
    bool m_reading = true;
    bool m_discard = false;
};
