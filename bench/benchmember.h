#pragma once

#include "receiveraccount.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <string>
#include <vector>

struct ssl_st; // OpenSSL's SSL, for --tls

// One simulated room member: its socket, what is half-received or not yet sent, and
// what it has seen. Plain data owned by LoadEngine; the runner reads it.
struct BenchMember
{
    enum class State : quint8 { Idle, Connecting, AwaitingWelcome, Joined, Failed };

    int index = 0;
    int fd = -1;
    State state = State::Idle;
    bool wantWrite = false; // registered for EPOLLOUT
    bool dirty = false; // has bytes queued since the last flush
    std::string incoming; // one partial frame at most
    std::string outgoing; // bytes the kernel has not taken yet
    // --tls: the connection's TLS state, owned by LoadEngine (tlsengine.cpp), and whether
    // its handshake is still going: plain bytes wait in `outgoing` until it is done.
    ssl_st *tls = nullptr;
    bool handshaking = false;

    quint64 welcomeSeq = 0;
    quint32 membersAnnounced = 0; // Welcome.memberCount
    quint32 membersListed = 0; // names in the Members frames so far
    quint64 joinedReceived = 0;
    // Welcome, the whole Members list and, when 1.1 history was asked for, the end of
    // the History batch: the member sees the room as a client would show it.
    bool joinComplete = false;
    bool historyDone = false;
    quint64 historySeq = 0; // the last seq of the History batch so far
    ReceiverAccount account;

    // 1.1: what a Resume needs, and the cut that is being resumed from.
    QString roomEpoch;
    QByteArray resumeToken;
    bool resuming = false; // sent Resume, waiting for Resumed
    qint64 cutAtUs = 0;

    // Sender side (fanout and latency).
    int sender = -1; // index among the senders, -1 for a pure receiver
    quint32 sent = 0; // Says issued, clientIds 1..sent in 1.1
    quint32 transmitted = 0; // of those, put on the wire; fewer while resuming
    quint32 echoed = 0; // own chats that came back: the in-flight window moves on these
    std::vector<qint64> issuedUs; // resume mode: when each Say was issued, for its text
};
