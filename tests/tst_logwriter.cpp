#include "logwriter.h"

#include <QElapsedTimer>
#include <QTemporaryFile>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// Both ends of a pipe, closed at the end of the test.
struct Pipe
{
    Pipe()
    {
        if (::pipe(fds) != 0)
            qFatal("pipe: %s", std::strerror(errno));
    }
    ~Pipe()
    {
        closeWriteEnd();
        ::close(fds[0]);
    }
    Pipe(const Pipe &) = delete;
    Pipe &operator=(const Pipe &) = delete;

    int readEnd() const { return fds[0]; }
    int writeEnd() const { return fds[1]; }
    void closeWriteEnd()
    {
        if (fds[1] >= 0)
            ::close(fds[1]);
        fds[1] = -1;
    }
    // What the pipe holds now, without waiting for more.
    QByteArray readAvailable()
    {
        const int flags = ::fcntl(readEnd(), F_GETFL);
        ::fcntl(readEnd(), F_SETFL, flags | O_NONBLOCK);
        QByteArray data;
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::read(readEnd(), buffer, sizeof buffer);
            if (n > 0)
                data.append(buffer, n);
            else if (n < 0 && errno == EINTR)
                continue;
            else
                break;
        }
        ::fcntl(readEnd(), F_SETFL, flags);
        return data;
    }

    int fds[2] = {-1, -1};
};

QString testLine(int i)
{
    return u"line %1 "_s.arg(i, 6, 10, QChar(u'0')) + QString(80, u'x');
}

} // namespace

// The headless log's writer against a stdout nobody reads: the event loop must never
// block on it, lines are dropped whole and counted, and the count is reported later.
class tst_LogWriter : public QObject
{
    Q_OBJECT

private slots:
    void unreadPipeDoesNotBlock();
    void flushWritesWhatIsPending();
    void shutdownFlushIsBounded();
    void regularFileStaysBlocking();
    void queuedLinesWaitForThePass();
};

void tst_LogWriter::unreadPipeDoesNotBlock()
{
    Pipe pipe;
    const int flagsBefore = ::fcntl(pipe.writeEnd(), F_GETFL);
    QVERIFY(!(flagsBefore & O_NONBLOCK));
    {
        LogWriter writer(pipe.writeEnd());
        writer.setShutdownFlush(0ms);
        QVERIFY(writer.isNonBlocking());

        // About 10 MB into a 64 KiB pipe with a 1 MiB buffer: a blocking write would
        // hang here for good.
        QElapsedTimer timer;
        timer.start();
        const int lines = 110'000;
        for (int i = 0; i < lines; ++i)
            writer.writeLine(testLine(i));
        QVERIFY2(timer.elapsed() < 10'000, QByteArray::number(timer.elapsed()));
        QVERIFY(writer.droppedLines() > 0);
        QVERIFY2(writer.pendingBytes() <= LogWriter::DefaultPendingLimit,
                 QByteArray::number(writer.pendingBytes()));

        // Once the reader catches up, the drop is reported in the log itself.
        QByteArray read;
        QTRY_VERIFY_WITH_TIMEOUT((read += pipe.readAvailable()).contains("dropped"), 20'000);
        QTRY_COMPARE(writer.pendingBytes(), 0);
        read += pipe.readAvailable();

        // Nothing was cut: every line arrived whole, in order, then the note.
        const QList<QByteArray> got = read.split('\n');
        QCOMPARE(got.last(), QByteArray()); // ends with a line feed
        int previous = -1;
        int notes = 0;
        for (qsizetype i = 0; i + 1 < got.size(); ++i) {
            const QByteArray &line = got.at(i);
            QVERIFY2(line.startsWith('['), line.constData());
            if (line.contains("dropped")) {
                ++notes;
                QVERIFY2(line.contains(QByteArray::number(writer.droppedLines())),
                         line.constData());
                continue;
            }
            const qsizetype at = line.indexOf("line ");
            QVERIFY2(at > 0, line.constData());
            const int number = line.mid(at + 5, 6).toInt();
            QVERIFY(number > previous);
            previous = number;
            QVERIFY2(line.endsWith(testLine(number).toUtf8()), line.constData());
        }
        QCOMPARE(notes, 1);
        QCOMPARE(quint64(got.size() - 1 - notes), quint64(lines) - writer.droppedLines());

        // Writing goes on normally afterwards.
        writer.writeLine(u"after"_s);
        QByteArray after;
        // Accumulated: QTRY_VERIFY evaluates its expression more than once.
        QTRY_VERIFY((after += pipe.readAvailable()).endsWith("] after\n"));
        QCOMPARE(after.count('\n'), 1);
    }
    // The flag belongs to a file description others may share: it goes back.
    QCOMPARE(::fcntl(pipe.writeEnd(), F_GETFL), flagsBefore);
}

void tst_LogWriter::flushWritesWhatIsPending()
{
    Pipe pipe;
    QByteArray read;
    // A reader on another thread, as the shell's pipe would be, until end of file.
    std::thread reader([&pipe, &read] {
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::read(pipe.readEnd(), buffer, sizeof buffer);
            if (n > 0)
                read.append(buffer, n);
            else if (n < 0 && errno == EINTR)
                continue;
            else
                return;
        }
    });
    {
        LogWriter writer(pipe.writeEnd());
        // Well over the pipe's capacity but within the buffer, so nothing is dropped.
        for (int i = 0; i < 5000; ++i)
            writer.writeLine(testLine(i));
        QVERIFY(writer.flush(20s));
        QCOMPARE(writer.pendingBytes(), 0);
        QCOMPARE(writer.droppedLines(), 0u);
    }
    pipe.closeWriteEnd();
    reader.join();
    const QList<QByteArray> got = read.split('\n');
    QCOMPARE(got.size(), 5001);
    QVERIFY2(got.at(4999).endsWith(testLine(4999).toUtf8()), got.at(4999).constData());
}

void tst_LogWriter::shutdownFlushIsBounded()
{
    Pipe pipe;
    QElapsedTimer timer;
    {
        auto writer = std::make_unique<LogWriter>(pipe.writeEnd());
        writer->setShutdownFlush(100ms);
        for (int i = 0; i < 5000; ++i)
            writer->writeLine(testLine(i));
        QVERIFY(writer->pendingBytes() > 0);
        timer.start();
        writer.reset(); // nobody reads: gives up after the bound
    }
    QVERIFY2(timer.elapsed() < 5000, QByteArray::number(timer.elapsed()));
    // What it could write is there, whole lines first.
    QVERIFY(pipe.readAvailable().startsWith('['));
}

void tst_LogWriter::regularFileStaysBlocking()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    const int fd = int(file.handle());
    const int flagsBefore = ::fcntl(fd, F_GETFL);
    {
        LogWriter writer(fd);
        QVERIFY(!writer.isNonBlocking());
        QCOMPARE(::fcntl(fd, F_GETFL), flagsBefore);
        writer.writeLine(u"张三 joined"_s);
        QCOMPARE(writer.pendingBytes(), 0);
    }
    QCOMPARE(::fcntl(fd, F_GETFL), flagsBefore);
    QFile check(file.fileName());
    QVERIFY(check.open(QIODevice::ReadOnly));
    const QByteArray content = check.readAll();
    QVERIFY2(content.startsWith('[') && content.endsWith("] 张三 joined\n"), content.constData());
}

void tst_LogWriter::queuedLinesWaitForThePass()
{
    Pipe pipe;
    {
        LogWriter writer(pipe.writeEnd());
        writer.queueLine(u"one"_s);
        writer.queueLine(u"two"_s);
        // Nothing before control returns to the event loop: the pass's lines wait.
        QCOMPARE(pipe.readAvailable(), QByteArray());
        QVERIFY(writer.pendingBytes() > 0);
        QTRY_COMPARE(writer.pendingBytes(), 0);
        const QList<QByteArray> got = pipe.readAvailable().split('\n');
        QCOMPARE(got.size(), 3);
        QVERIFY2(got.at(0).endsWith("] one") && got.at(1).endsWith("] two"), got.at(0).constData());
        // A line written at once takes the queued ones before it along, in order.
        writer.queueLine(u"three"_s);
        writer.writeLine(u"four"_s);
        const QByteArray both = pipe.readAvailable();
        QVERIFY2(both.contains("] three\n[") && both.endsWith("] four\n"), both.constData());
        // The destructor writes what the last pass queued.
        writer.queueLine(u"five"_s);
    }
    QVERIFY(pipe.readAvailable().endsWith("] five\n"));
}

QTEST_GUILESS_MAIN(tst_LogWriter)
#include "tst_logwriter.moc"
