#include "testclient.h"

#include <QHostAddress>
#include <QTest>

TestClient::TestClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QIODevice::readyRead, this, &TestClient::readAvailable);
    connect(&m_local, &QIODevice::readyRead, this, &TestClient::readAvailable);
}

TestClient *TestClient::joinedLocal(QObject *scope, const QString &serverName, const QString &name)
{
    auto *client = new TestClient(scope);
    if (!client->connectLocal(serverName))
        qWarning("local connect failed: %s", qPrintable(client->device()->errorString()));
    else if (!client->join(name))
        qWarning("join as %s failed", qPrintable(name));
    return client;
}

bool TestClient::connectLocal(const QString &serverName)
{
    m_device = &m_local;
    m_local.connectToServer(serverName);
    return m_local.waitForConnected(Timeout);
}

bool TestClient::isConnected() const
{
    return m_device == &m_socket ? m_socket.state() == QAbstractSocket::ConnectedState
                                 : m_local.state() == QLocalSocket::ConnectedState;
}

TestClient *TestClient::connected(QObject *scope, quint16 port)
{
    auto *client = new TestClient(scope);
    if (!client->connectTo(port))
        qWarning("connect failed: %s", qPrintable(client->socket()->errorString()));
    return client;
}

TestClient *TestClient::joined(QObject *scope, quint16 port, const QString &name)
{
    TestClient *client = connected(scope, port);
    if (!client->join(name))
        qWarning("join as %s failed", qPrintable(name));
    return client;
}

bool TestClient::connectTo(quint16 port)
{
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    return m_socket.waitForConnected(Timeout);
}

void TestClient::send(const Protocol::Message &message)
{
    m_device->write(Protocol::MessageCodec::encodeFrame(message, m_layout));
}

void TestClient::sendRaw(const QByteArray &bytes)
{
    m_device->write(bytes);
}

void TestClient::sendPayload(const QByteArray &payload)
{
    QByteArray frame(4, '\0');
    const quint32 size = quint32(payload.size());
    frame[0] = char(size >> 24);
    frame[1] = char(size >> 16);
    frame[2] = char(size >> 8);
    frame[3] = char(size);
    m_device->write(frame + payload);
}

bool TestClient::join(const QString &name)
{
    const int rejectedBefore = countOf<Protocol::Rejected>();
    send(Protocol::Hello {Protocol::Version, name});
    const bool done = QTest::qWaitFor(
        [&] {
            return countOf<Protocol::Rejected>() > rejectedBefore || !isConnected()
                || (countOf<Protocol::Welcome>() > 0
                    && members.size() >= qsizetype(welcome.memberCount));
        },
        Timeout);
    return done && countOf<Protocol::Welcome>() > 0
        && members.size() == qsizetype(welcome.memberCount);
}

bool TestClient::joinWith(const Protocol::Hello &hello)
{
    if (hello.minor >= 1)
        m_layout = Protocol::Layout::V1_1;
    const int rejectedBefore = countOf<Protocol::Rejected>();
    send(hello);
    const bool done = QTest::qWaitFor(
        [&] {
            return countOf<Protocol::Rejected>() > rejectedBefore || !isConnected()
                || (countOf<Protocol::Welcome>() > 0
                    && members.size() >= qsizetype(welcome.memberCount));
        },
        Timeout);
    return done && countOf<Protocol::Welcome>() > 0
        && members.size() == qsizetype(welcome.memberCount);
}

bool TestClient::resume(const QByteArray &token, quint64 lastSeq)
{
    m_layout = Protocol::Layout::V1_1;
    const int rejectedBefore = countOf<Protocol::Rejected>();
    const int resumedBefore = countOf<Protocol::Resumed>();
    send(Protocol::Resume {token, lastSeq});
    (void)QTest::qWaitFor(
        [&] {
            return countOf<Protocol::Rejected>() > rejectedBefore
                || countOf<Protocol::Resumed>() > resumedBefore || !isConnected();
        },
        Timeout);
    return countOf<Protocol::Resumed>() > resumedBefore;
}

bool TestClient::historyBatchDone(int batches) const
{
    int done = 0;
    for (const Protocol::History &history : histories()) {
        if (!(history.flags & Protocol::HistoryMore))
            ++done;
    }
    return done >= batches;
}

QList<Protocol::Message> TestClient::historyEvents() const
{
    QList<Protocol::Message> events;
    for (const Protocol::History &history : histories()) {
        for (const QByteArray &payload : history.events)
            events.append(Protocol::MessageCodec::decode(payload).message);
    }
    return events;
}

std::optional<Protocol::RejectReason> TestClient::helloRejected(const QString &name)
{
    const int before = countOf<Protocol::Rejected>();
    send(Protocol::Hello {Protocol::Version, name});
    if (!waitFor<Protocol::Rejected>(before + 1))
        return std::nullopt;
    return last<Protocol::Rejected>()->reason;
}

void TestClient::stopReading()
{
    m_reading = false;
    m_socket.setReadBufferSize(1);
    m_local.setReadBufferSize(1);
}

void TestClient::resumeReading()
{
    m_reading = true;
    m_socket.setReadBufferSize(0);
    m_local.setReadBufferSize(0);
    readAvailable();
}

bool TestClient::waitForDisconnected(int timeout)
{
    return QTest::qWaitFor(
        [&] {
            return m_device == &m_socket ? m_socket.state() == QAbstractSocket::UnconnectedState
                                         : m_local.state() == QLocalSocket::UnconnectedState;
        },
        timeout);
}

bool TestClient::sync()
{
    const quint64 token = m_nextPing++;
    send(Protocol::Ping {token});
    return QTest::qWaitFor(
        [&] {
            const auto pong = last<Protocol::Pong>();
            return pong && pong->token == token;
        },
        Timeout);
}

QList<quint64> TestClient::eventSeqs() const
{
    QList<quint64> seqs;
    for (const Protocol::Message &message : m_messages) {
        std::visit(
            [&seqs](const auto &m) {
                if constexpr (requires { m.seq; }) {
                    using T = std::decay_t<decltype(m)>;
                    if constexpr (!std::is_same_v<T, Protocol::Welcome>)
                        seqs.append(m.seq);
                }
            },
            message);
    }
    return seqs;
}

void TestClient::readAvailable()
{
    if (!m_reading)
        return;
    if (m_discard) {
        m_device->readAll();
        return;
    }
    while (m_reader.readNext(m_device)) {
        const QByteArray payload = m_reader.takePayload();
        m_payloadSizes.append(payload.size());
        m_payloads.append(payload);
        const Protocol::DecodeResult result = Protocol::MessageCodec::decode(payload);
        if (!result.isOk()) {
            readFailed = true;
            continue;
        }
        if (const auto *w = std::get_if<Protocol::Welcome>(&result.message))
            welcome = *w;
        if (const auto *m = std::get_if<Protocol::Members>(&result.message))
            members += m->names;
        m_messages.append(result.message);
    }
    if (m_reader.hasError())
        readFailed = true;
}
