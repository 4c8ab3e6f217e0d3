#include "descriptorpoller.h"

#include <QSocketNotifier>

#include <cerrno>
#include <sys/epoll.h>
#include <unistd.h>

namespace {

// Descriptors handled per wake-up. More ready ones stay ready in the set and the
// notifier fires again on the next pass, after the room's own events.
constexpr int MaxEventsPerPass = 256;

} // namespace

DescriptorPoller::DescriptorPoller(QObject *parent)
    : QObject(parent)
    , m_batch(new epoll_event[MaxEventsPerPass])
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0)
        qFatal("epoll_create1 failed: %s", strerror(errno));
    m_notifier = std::make_unique<QSocketNotifier>(m_epoll, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &DescriptorPoller::dispatch);
}

DescriptorPoller::~DescriptorPoller()
{
    m_notifier.reset();
    ::close(m_epoll);
}

bool DescriptorPoller::add(int descriptor, DescriptorWatcher *watcher)
{
    epoll_event event {};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.ptr = watcher;
    return ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, descriptor, &event) == 0;
}

void DescriptorPoller::remove(int descriptor, DescriptorWatcher *watcher)
{
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, descriptor, nullptr);
    // A watcher may go (its connection aborted by another's message) while the batch
    // that holds its event is being dispatched.
    for (int i = 0; i < m_batchSize; ++i) {
        if (m_batch[i].data.ptr == watcher)
            m_batch[i].data.ptr = nullptr;
    }
}

void DescriptorPoller::dispatch()
{
    int ready = 0;
    do {
        ready = ::epoll_wait(m_epoll, m_batch.get(), MaxEventsPerPass, 0);
    } while (ready < 0 && errno == EINTR);
    m_batchSize = qMax(ready, 0);
    for (int i = 0; i < m_batchSize; ++i) {
        if (auto *watcher = static_cast<DescriptorWatcher *>(m_batch[i].data.ptr))
            watcher->descriptorReadable();
    }
    m_batchSize = 0;
}
