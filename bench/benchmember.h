#pragma once

#include "receiveraccount.h"

#include <QtGlobal>

#include <string>

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

    quint64 welcomeSeq = 0;
    quint32 membersAnnounced = 0; // Welcome.memberCount
    quint32 membersListed = 0; // names in the Members frames so far
    quint64 joinedReceived = 0;
    ReceiverAccount account;

    // Sender side (fanout and latency).
    int sender = -1; // index among the senders, -1 for a pure receiver
    quint32 sent = 0;
    quint32 echoed = 0; // own chats that came back: the in-flight window moves on these
};
