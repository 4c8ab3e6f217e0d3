#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>

class QSocketNotifier;

// The headless log's output: time-stamped lines (or JSON objects, one per line) to a file
// descriptor (stdout) without ever blocking the event loop the room runs on. On a pipe, FIFO or
// socket the descriptor is made non-blocking and what the reader has not taken yet waits in a
// bounded buffer; when that is full, new lines are dropped whole and counted, and a
// note "N log lines dropped" follows once the reader catches up. A terminal or a regular
// file is left blocking: O_NONBLOCK belongs to the open file description, which the
// parent shell shares, and neither can stall the server for long.
class LogWriter final : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype DefaultPendingLimit = 1024 * 1024;
    static constexpr std::chrono::milliseconds DefaultShutdownFlush {2000};

    // Text: "[yyyy-MM-dd HH:mm:ss] line", for people and grep. Json: one object per line,
    // {"time": UTC ISO 8601, "event": ..., "message": line, ...fields}, for log collectors.
    enum class Format : quint8 { Text, Json };

    explicit LogWriter(int fd, QObject *parent = nullptr);
    // Flushes for at most shutdownFlush() and restores the descriptor's flags.
    ~LogWriter() override;

    void setFormat(Format format) { m_format = format; }
    Format format() const { return m_format; }

    // One event as one line in the format, written whole or not at all. The text's own
    // line breaks are indented (Text) or escaped (Json), so nobody's message can forge a
    // line of its own. `event` and `fields` are for Json; Text shows the line alone.
    void writeLine(const QString &line, const QString &event = {}, const QJsonObject &fields = {});
    // The same, but written when control returns to the event loop, in one write() with
    // every other line queued in this pass (a line per chat message). flush(), the
    // destructor and the next writeLine() write it too.
    void queueLine(const QString &line, const QString &event = {}, const QJsonObject &fields = {});
    // Waits up to timeout for the reader to take what is pending; true if all of it went.
    bool flush(std::chrono::milliseconds timeout);

    bool isNonBlocking() const { return m_nonBlocking; }
    qsizetype pendingBytes() const { return m_pending.size(); }
    // Lines dropped since construction, reported or not.
    quint64 droppedLines() const { return m_dropped; }

    void setPendingLimit(qsizetype bytes) { m_pendingLimit = bytes; }
    void setShutdownFlush(std::chrono::milliseconds bound) { m_shutdownFlush = bound; }
    std::chrono::milliseconds shutdownFlush() const { return m_shutdownFlush; }

private:
    enum class When : quint8 { Now, PassEnd };
    void add(const QString &line, const QString &event, const QJsonObject &fields, When when);
    void drainQueued();
    QByteArray record(const QString &line, const QString &event, const QJsonObject &fields) const;
    // "[yyyy-MM-dd HH:mm:ss] " in local time, now, in UTF-8.
    const QByteArray &textStamp() const;
    // Writes what the descriptor takes now and, once there is room, the drop note.
    void drain();
    void writePending();
    // Queues the note on lines dropped since the last one, if it fits; true when no
    // note is owed any more.
    bool appendDropNote();
    bool fits(qsizetype bytes) const { return m_pending.size() + bytes <= m_pendingLimit; }
    void drop(qsizetype lines);

    int m_fd = -1;
    int m_originalFlags = -1; // the flags to restore, when this changed them
    bool m_nonBlocking = false;
    bool m_broken = false; // the descriptor failed for good (EPIPE, EBADF, ...)
    QByteArray m_pending;
    qsizetype m_pendingLimit = DefaultPendingLimit;
    quint64 m_dropped = 0;
    quint64 m_unreported = 0;
    std::chrono::milliseconds m_shutdownFlush = DefaultShutdownFlush;
    Format m_format = Format::Text;
    bool m_drainQueued = false; // queueLine() has asked for a drain at the pass's end
    // The last text stamp and the second (since the epoch) it was made for.
    mutable QByteArray m_stamp;
    mutable qint64 m_stampSecond = 0;
    std::unique_ptr<QSocketNotifier> m_notifier;
};
