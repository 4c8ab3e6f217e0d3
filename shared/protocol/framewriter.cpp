#include "framewriter.h"

#include <QIODevice>
#include <QtEndian>

namespace Protocol {

QByteArray FrameWriter::frame(QByteArrayView payload)
{
    QByteArray frame(4 + payload.size(), Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(payload.size()), frame.data());
    std::copy(payload.begin(), payload.end(), frame.begin() + 4);
    return frame;
}

bool FrameWriter::write(QIODevice *device, QByteArrayView payload)
{
    const QByteArray bytes = frame(payload);
    return device->write(bytes) == bytes.size();
}

} // namespace Protocol
