#include "churnmember.h"

#include "processclock.h"

#include "protocol/framereader.h"
#include "protocol/messagecodec.h"

#include <QElapsedTimer>
#include <QTcpSocket>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr int WaitMs = 10'000;

} // namespace

int ChurnMember::run()
{
    QElapsedTimer wall;
    wall.start();
    const double cpuAtStart = ProcessClock::cpuSeconds();
    int done = 0;
    while (done < m_options.cycles && cycle())
        ++done;
    const bool ok = done == m_options.cycles;
    std::printf("RESULT mode=churn ok=%d cycles=%d seconds=%.3f cpu_s=%.3f%s%s\n", ok ? 1 : 0, done,
                wall.nsecsElapsed() / 1e9, ProcessClock::cpuSeconds() - cpuAtStart,
                ok ? "" : " error=", ok ? "" : qPrintable(QString(m_error).replace(u' ', u'_')));
    return ok ? 0 : 1;
}

bool ChurnMember::cycle()
{
    QTcpSocket socket;
    socket.connectToHost(m_options.host, m_options.port);
    if (!socket.waitForConnected(WaitMs)) {
        m_error = socket.errorString();
        return false;
    }
    socket.write(
        Protocol::MessageCodec::encodeFrame(Protocol::Hello {Protocol::Version, m_options.name}));
    Protocol::FrameReader reader;
    bool welcomed = false;
    while (!welcomed) {
        if (!reader.readNext(&socket)) {
            if (reader.hasError() || !socket.waitForReadyRead(WaitMs)) {
                m_error = u"no Welcome"_s;
                return false;
            }
            continue;
        }
        const Protocol::DecodeResult result = Protocol::MessageCodec::decode(reader.takePayload());
        if (std::holds_alternative<Protocol::Rejected>(result.message)) {
            m_error = u"Rejected"_s;
            return false;
        }
        welcomed = std::holds_alternative<Protocol::Welcome>(result.message);
    }
    // The server closes after a Bye: waiting for it keeps the name free for the next Hello.
    socket.write(Protocol::MessageCodec::encodeFrame(Protocol::Bye {}));
    socket.flush();
    if (socket.state() != QAbstractSocket::UnconnectedState
        && !socket.waitForDisconnected(WaitMs)) {
        m_error = u"not closed after Bye"_s;
        return false;
    }
    return true;
}
