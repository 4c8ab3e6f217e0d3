#pragma once

#include "benchmember.h"
#include "benchoptions.h"
#include "benchwire.h"

#include <QString>

#include <functional>
#include <netinet/in.h>
#include <vector>

struct ssl_ctx_st; // OpenSSL's SSL_CTX, for --tls

// The client side of the bench: many raw non-blocking sockets on one epoll set, in one
// thread. A QTcpSocket per member on one event loop costs several times more per frame
// than the server's own work, and at N=5000 the tool would measure itself; here each
// readable socket is drained with recv() into one shared buffer and whole frames are
// handed on in place, without a copy unless one straddles two reads. With --tls the same
// sockets carry TLS through OpenSSL's own API (tlsengine.cpp): a QSslSocket per member
// would bring back the event loop and its per-frame cost, and the tool would saturate
// its core long before the server.
class LoadEngine final
{
public:
    struct Counters
    {
        quint64 frames = 0;
        quint64 bytes = 0;
        quint64 joined = 0;
        quint64 left = 0;
        quint64 chats = 0;
        quint64 notices = 0;
        quint64 rejected = 0;
        quint64 errors = 0; // Error frames, protocol violations and lost connections
        // 1.1
        quint64 historyFrames = 0;
        quint64 historyEvents = 0;
        quint64 resumed = 0;
        quint64 resumeFailed = 0; // Rejected{ResumeFailed}
    };

    using ChatHandler = std::function<void(BenchMember &, const BenchWire::ChatView &, qint64)>;
    using MemberHandler = std::function<void(BenchMember &)>;
    // The member, Resumed.lastClientId and the time the Resumed frame was read.
    using ResumedHandler = std::function<void(BenchMember &, quint64, qint64)>;

    explicit LoadEngine(const BenchOptions &options);
    ~LoadEngine();
    LoadEngine(const LoadEngine &) = delete;
    LoadEngine &operator=(const LoadEngine &) = delete;

    // Resolves the server address (one per port) and creates the epoll set; errorString()
    // says why not.
    bool open();
    QString errorString() const { return m_errorString; }

    std::vector<BenchMember> &members() { return m_members; }
    const Counters &counters() const { return m_counters; }

    // Connects member `index` and queues its Hello (or IRC NICK and USER).
    bool startJoin(int index);
    // Resets a joined 1.1 member's connection (SO_LINGER 0, then close(): an RST, and the
    // bytes not yet read are gone), then at once connects again and queues
    // Resume{token, last seq received}. The member is `resuming` until its Resumed.
    bool cutAndResume(BenchMember &member, qint64 nowUs);
    // Queues bytes for a member; they go out at the end of the current poll() or now.
    void queue(BenchMember &member, const QByteArray &bytes);
    // Waits up to timeoutMs for socket events (and for `extraFd`, when given, which is
    // then reported through the return value) and handles them all. Returns true when
    // extraFd became readable.
    bool poll(int timeoutMs, int extraFd = -1);
    void flush();
    void closeAll();

    ChatHandler onChat;
    MemberHandler onWelcome;
    // After Welcome, all of Members and (when asked for) the History batch.
    MemberHandler onJoinComplete;
    ResumedHandler onResumed;
    MemberHandler onFailed;

    // The first thing that went wrong, for the summary line.
    QString firstError() const { return m_firstError; }
    // --tls: the cipher suite of the first handshake that completed ("" before).
    QString tlsCipher() const { return m_tlsCipher; }

private:
    bool openSocket(BenchMember &member);
    void handleReadable(BenchMember &member);
    void handleWritable(BenchMember &member);
    void consume(BenchMember &member, const char *data, size_t size, qint64 nowUs);
    void handleFrame(BenchMember &member, const char *payload, size_t size, qint64 nowUs);
    // 1.1 frames: Welcome's appended fields, History, Resumed.
    void handleWelcome(BenchMember &member, const char *payload, size_t size);
    void handleHistory(BenchMember &member, const char *payload, size_t size);
    void handleResumed(BenchMember &member, const char *payload, size_t size, qint64 nowUs);
    void checkJoinComplete(BenchMember &member);
    // --protocol irc (ircengine.cpp): CR LF lines instead of frames.
    void consumeIrc(BenchMember &member, const char *data, size_t size, qint64 nowUs);
    void handleIrcLine(BenchMember &member, QByteArrayView line, qint64 nowUs);
    void writeOut(BenchMember &member);
    void setWantWrite(BenchMember &member, bool want);
    void fail(BenchMember &member, const QString &why);
    // --tls (tlsengine.cpp): the shared client context; a member's TLS state once its TCP
    // connect is done; the handshake, reads and writes through it; and its release.
    bool openTls();
    void startTls(BenchMember &member);
    void continueHandshake(BenchMember &member);
    void tlsReadable(BenchMember &member);
    void tlsWriteOut(BenchMember &member);
    void closeTls(BenchMember &member);
    void closeTlsContext();
    QString tlsError(const char *what);

    BenchOptions m_options;
    std::vector<sockaddr_in> m_addresses; // one per server, BenchOptions::ports
    int m_epoll = -1;
    std::vector<BenchMember> m_members;
    std::vector<int> m_dirty;
    std::vector<char> m_buffer;
    Counters m_counters;
    QString m_errorString;
    QString m_firstError;
    ssl_ctx_st *m_tlsContext = nullptr;
    QString m_tlsCipher;
};
