#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

// What one chatroom-bench run does. Plain data: main.cpp fills it from the command line
// and the accounting test fills it by hand with small numbers.
struct BenchOptions
{
    // Resume: paced like Latency, while a share of the members is cut off (RST) at
    // intervals and resumes (protocol 1.1, docs/protocol.md "Resume").
    enum class Mode : quint8 { Join, Fanout, Latency, Resume };
    // Irc drives an IRC server instead (ircwire.h), for a side-by-side comparison.
    enum class Protocol : quint8 { Chatroom, Irc };

    Mode mode = Mode::Join;
    Protocol protocol = Protocol::Chatroom;
    QString host = QStringLiteral("127.0.0.1");
    // One port, or several servers that serve one room together (docs/scaling.md): the
    // members are spread round-robin, member i on ports[i % size], senders included, so
    // a message sent through one server is delivered through all of them.
    QList<quint16> ports {9527};
    // Prefixed to every member's name; a distinct prefix per run keeps names unique when
    // several runs share one server.
    QString namePrefix = QStringLiteral("b");

    int members = 100; // -n
    // Connections that may be waiting for their Welcome at once: a crowd joining, not a
    // thundering herd that overflows the accept queue.
    int joinBatch = 100;
    int senders = 10; // -s
    int messagesPerSender = 100; // -m (fanout)
    int window = 20; // -w: Say frames a sender may have in flight (fanout)
    int textLength = 40; // characters per chat text
    double rate = 50'000; // -r: deliveries per second, all receivers together (latency)
    double seconds = 5; // -t: how long the latency run sends
    // No progress at all for this long ends a phase as failed.
    int stallMs = 5'000;
    // Hard bound on the whole run, connecting and joining included.
    int timeoutMs = 120'000;
    // Read /proc/<pid>/status and stat when given: the server CPU time is the sum over
    // these processes, the peak memory the largest of them.
    QList<qint64> serverPids;
    // Other processes the servers rely on (the shared room's redis-server): their CPU time
    // over the same spans, reported apart from the servers'.
    QList<qint64> otherPids;

    // Protocol 1.1 (--v11): Hello with minor 1, Say with a clientId. 0 keeps the 1.0 bytes.
    int protocolMinor = 0;
    // Hello.historyMax (1.1): with it, a member has joined only once its History batch is
    // complete.
    int historyMax = 0;
    // Resume mode: every cutEveryMs, this share of the members (senders included) has its
    // socket reset and resumes at once.
    int cutPercent = 10;
    int cutEveryMs = 1'000;
    // --tls: members connect over TLS (the server's --tls-port) with OpenSSL on the same
    // raw sockets; the server's certificate is not checked, since a benchmark only needs
    // the encryption's cost, not its trust.
    bool tls = false;

    bool v11() const { return protocolMinor >= 1; }
    // The index into `ports` of the server that member `index` connects to.
    int serverOf(int index) const { return ports.isEmpty() ? 0 : index % int(ports.size()); }
};
