#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

// Turns SIGINT/SIGTERM into a Qt signal on the event loop (the self-pipe pattern): the
// handler only writes one byte, everything else happens in a normal slot. Unix only:
// elsewhere watch() returns false and nothing is ever emitted.
class UnixSignalWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

    // Installs the handler for this signal; false if the pipe or handler failed.
    bool watch(int signalNumber);

signals:
    void unixSignal(int signalNumber);

private:
    void readSignal();

    std::unique_ptr<QSocketNotifier> m_notifier;
};
