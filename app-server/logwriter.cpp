#include "logwriter.h"

#include "platform.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <cerrno>
#include <climits>

#if CHATROOM_HAS(unix_api)
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

LogWriter::LogWriter(int fd, QObject *parent)
    : QObject(parent)
    , m_fd(fd)
{
#if CHATROOM_HAS(unix_api)
    struct stat info = {};
    if (::fstat(fd, &info) != 0)
        return;
    // Only a pipe, FIFO or socket can be left unread for good; the flag is shared with
    // whoever else holds this open file description, so it goes back in the destructor.
    if (!S_ISFIFO(info.st_mode) && !S_ISSOCK(info.st_mode))
        return;
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0)
        return;
    m_nonBlocking = true;
    if ((flags & O_NONBLOCK) == 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0)
        m_originalFlags = flags;
#endif
    // Elsewhere the descriptor stays blocking: every line is written whole at once, as on
    // a terminal or a file here.
}

LogWriter::~LogWriter()
{
    m_notifier.reset();
    flush(m_shutdownFlush);
#if CHATROOM_HAS(unix_api)
    if (m_originalFlags >= 0)
        ::fcntl(m_fd, F_SETFL, m_originalFlags);
#endif
}

QByteArray LogWriter::record(const QString &line, const QString &event,
                             const QJsonObject &fields) const
{
    if (m_format == Format::Json) {
        QJsonObject object = fields;
        object.insert(u"time"_qs, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        if (!event.isEmpty())
            object.insert(u"event"_qs, event);
        object.insert(u"message"_qs, line);
        // Compact JSON escapes every control character, line breaks included.
        return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    }
    QString text = line;
    if (text.contains(u'\n'))
        text.replace(u'\n', u"\n    "_qs);
    const QByteArray utf8 = text.toUtf8();
    const QByteArray &stamp = textStamp();
    QByteArray bytes;
    bytes.reserve(stamp.size() + utf8.size() + 1);
    bytes.append(stamp).append(utf8).append('\n');
    return bytes;
}

const QByteArray &LogWriter::textStamp() const
{
    // Formatting local time costs microseconds, and a busy room logs thousands of lines
    // a second: the stamp is made once per second. Local time changes only with the
    // second (a zone's offset, too, changes at a whole second).
    const qint64 second = QDateTime::currentMSecsSinceEpoch() / 1000;
    if (second != m_stampSecond || m_stamp.isEmpty()) {
        m_stampSecond = second;
        m_stamp = (u'[' + QDateTime::fromSecsSinceEpoch(second).toString(u"yyyy-MM-dd HH:mm:ss"_qs)
                   + u"] "_qs)
                      .toUtf8();
    }
    return m_stamp;
}

void LogWriter::writeLine(const QString &line, const QString &event, const QJsonObject &fields)
{
    add(line, event, fields, When::Now);
}

void LogWriter::queueLine(const QString &line, const QString &event, const QJsonObject &fields)
{
    add(line, event, fields, When::PassEnd);
}

void LogWriter::add(const QString &line, const QString &event, const QJsonObject &fields, When when)
{
    if (m_broken) {
        drop(1);
        return;
    }
    const QByteArray bytes = record(line, event, fields);
    // Nothing overtakes what waits, and the drop note goes before the next line.
    if (!appendDropNote() || (!m_pending.isEmpty() && !fits(bytes.size()))) {
        drop(1);
        return;
    }
    m_pending.append(bytes);
    // The notifier writes it when the reader has made room.
    if (m_notifier && m_notifier->isEnabled())
        return;
    if (when == When::Now) {
        drain(); // with the queued lines before it, in order
        return;
    }
    // One write() for every queued line of this event-loop pass, at its end: a busy room
    // logs a line per message, and a system call each was a tenth of a message's cost.
    if (!m_drainQueued) {
        m_drainQueued = true;
        QMetaObject::invokeMethod(this, &LogWriter::drainQueued, Qt::QueuedConnection);
    }
}

void LogWriter::drainQueued()
{
    m_drainQueued = false;
    drain();
}

bool LogWriter::flush(std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    for (;;) {
        drain();
        if (m_pending.isEmpty() || m_broken)
            return m_pending.isEmpty();
#if CHATROOM_HAS(unix_api)
        const qint64 left = deadline.remainingTime();
        if (left == 0)
            return false;
        pollfd out {m_fd, POLLOUT, 0};
        const int ready = ::poll(&out, 1, int(qMin<qint64>(left, 1000)));
        if (ready < 0 && errno != EINTR)
            return false;
#else
        // Blocking writes leave nothing pending unless the descriptor broke.
        return false;
#endif
    }
}

void LogWriter::drain()
{
    writePending();
    if (m_unreported > 0 && appendDropNote())
        writePending();

    const bool waiting = !m_pending.isEmpty() && !m_broken;
    if (waiting && !m_notifier) {
        m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Write);
        connect(m_notifier.get(), &QSocketNotifier::activated, this, &LogWriter::drain);
    }
    if (m_notifier)
        m_notifier->setEnabled(waiting);
}

bool LogWriter::appendDropNote()
{
    if (m_unreported == 0)
        return true;
    if (m_broken)
        return false;
    const int count = int(qMin<quint64>(m_unreported, INT_MAX));
    const QString text =
        tr("%n log line(s) dropped: the output was not read fast enough", nullptr, count);
    const QByteArray note = m_format == Format::Json
        ? record(text, u"log-dropped"_qs, {{u"count"_qs, count}})
        : record(u"* "_qs + text, {}, {});
    if (!m_pending.isEmpty() && !fits(note.size()))
        return false;
    m_unreported = 0;
    m_pending.append(note);
    return true;
}

void LogWriter::writePending()
{
#if !CHATROOM_HAS(unix_api)
    // A blocking descriptor through Qt, which writes it all or fails (a Windows console,
    // pipe or file through the C runtime's descriptor).
    if (m_pending.isEmpty() || m_broken)
        return;
    QFile out;
    if (!out.open(m_fd, QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::DontCloseHandle)
        || out.write(m_pending) != m_pending.size()) {
        m_broken = true;
        drop(m_pending.count('\n'));
    }
    m_pending.clear();
#else
    while (!m_pending.isEmpty() && !m_broken) {
        const ssize_t written = ::write(m_fd, m_pending.constData(), size_t(m_pending.size()));
        if (written > 0) {
            // O(1) in Qt 6: removing from the front moves the start, not the bytes.
            m_pending.remove(0, written);
        } else if (written < 0 && errno == EINTR) {
            continue;
        } else if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        } else {
            // The reader is gone or the disk is full: nothing more will get through.
            m_broken = true;
            drop(m_pending.count('\n'));
            m_pending.clear();
        }
    }
#endif
}

void LogWriter::drop(qsizetype lines)
{
    m_dropped += quint64(lines);
    m_unreported += quint64(lines);
}
