#include "devicesender.h"

#include "peersocket.h"
#include "sendqueue.h"

DeviceSender::DeviceSender(PeerSocket *socket)
    : FrameSender(true)
    , m_socket(socket)
{
}

void DeviceSender::flush(SendQueue &queue)
{
    queue.writeTo(m_socket->device());
    m_socket->flush();
}

void DeviceSender::handOver(SendQueue &queue)
{
    queue.writeTo(m_socket->device());
}
