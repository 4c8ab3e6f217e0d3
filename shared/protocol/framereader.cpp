#include "framereader.h"

#include <QIODevice>
#include <QtEndian>

namespace Protocol {

FrameReader::FrameReader(quint32 maxFrameSize)
    : m_maxFrameSize(maxFrameSize)
{
}

bool FrameReader::readNext(QIODevice *device)
{
    if (m_error != Error::None)
        return false;
    if (m_ready)
        return true;

    if (!m_haveLength) {
        m_header += device->read(FrameHeaderSize - m_header.size());
        if (m_header.size() < FrameHeaderSize)
            return false;
        m_length = qFromBigEndian<quint32>(m_header.constData());
        m_header.clear();
        if (m_length == 0) {
            m_error = Error::EmptyFrame;
            return false;
        }
        if (m_length > m_maxFrameSize) {
            m_error = Error::FrameTooLarge;
            return false;
        }
        m_haveLength = true;
    }

    // Grow with what has arrived rather than reserving the announced length up front:
    // a thousand peers announcing 64 KiB and sending nothing must not cost 64 MiB.
    while (m_payload.size() < qsizetype(m_length)) {
        const qint64 missing = qint64(m_length) - m_payload.size();
        const qint64 available = device->bytesAvailable();
        const qint64 chunk = qMin(missing, available > 0 ? available : qint64(4096));
        const qsizetype had = m_payload.size();
        m_payload.resize(had + chunk);
        const qint64 got = device->read(m_payload.data() + had, chunk);
        m_payload.resize(had + qMax<qint64>(got, 0));
        if (got <= 0)
            return false;
    }
    m_ready = true;
    return true;
}

QByteArray FrameReader::takePayload()
{
    if (!m_ready)
        return {};
    m_ready = false;
    m_haveLength = false;
    m_length = 0;
    return std::exchange(m_payload, {});
}

} // namespace Protocol
