#pragma once

#include "descriptorwatcher.h"

#include <QObject>

#include <memory>
#include <vector>

class QSocketNotifier;
struct epoll_event;

// Watches the members' TCP descriptors for reading with one epoll set and one
// QSocketNotifier (on the epoll descriptor), instead of a QSocketNotifier per member: a
// notifier is a QObject, a connection and an entry in the event dispatcher, and Qt's
// UNIX dispatcher poll()s every notifier on every pass of the event loop. Level
// triggered, so a watcher that reads only part of what waits is called again on the
// next pass. Linux only (CMakeLists.txt leaves this file out elsewhere).
class DescriptorPoller final : public QObject
{
    Q_OBJECT

public:
    explicit DescriptorPoller(QObject *parent = nullptr);
    ~DescriptorPoller() override;

    bool add(int descriptor, DescriptorWatcher *watcher);
    // Before the descriptor is closed; the watcher hears nothing more, not even from the
    // batch being dispatched.
    void remove(int descriptor, DescriptorWatcher *watcher);

private:
    void dispatch();

    int m_epoll = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::unique_ptr<epoll_event[]> m_batch;
    int m_batchSize = 0; // events of m_batch being dispatched
};
