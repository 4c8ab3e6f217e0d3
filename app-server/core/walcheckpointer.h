#pragma once

#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <memory>

class QThread;

// Runs SQLite's WAL checkpoints for a room log on a thread of its own, with its own
// connection to the file. A checkpoint copies the WAL into the database and fsyncs both:
// 10-20 ms on this machine's disk, which SQLite's automatic checkpoint spent inside a
// commit, on the room's event loop, holding back every message behind it. A PASSIVE
// checkpoint never blocks the writer, and the writer never waits for it.
//
// Durability is unchanged: a commit is durable against a killed process once it is in the
// WAL, checkpointed or not (synchronous=NORMAL); the checkpoint only keeps the WAL short.
class WalCheckpointer final
{
public:
    explicit WalCheckpointer(const QString &filePath);
    // Waits for a checkpoint that is running, then closes its connection.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    // Asks for a checkpoint soon; returns at once. Requests while one runs make one more.
    void request();
    // Checkpoints finished so far (for tests).
    int completed() const;

private:
    void run();

    const QString m_filePath;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    bool m_requested = false;
    bool m_stopping = false;
    int m_completed = 0;
    std::unique_ptr<QThread> m_thread;
};
