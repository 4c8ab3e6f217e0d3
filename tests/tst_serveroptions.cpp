#include "serveroptions.h"

#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <climits>

using namespace Qt::StringLiterals;

// chatroom-server's command line, parsed without QCommandLineParser::process() so a bad
// value comes back as an error instead of ending the test.
class tst_ServerOptions : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void durations_data();
    void durations();
    void badDurations_data();
    void badDurations();
    void unknownOption();
    void historyDefaults();
    void historyOptions();
    void badHistoryOptions_data();
    void badHistoryOptions();
    void passwordFile();
    void tlsOptions_data();
    void tlsOptions();
    void badTlsOptions_data();
    void badTlsOptions();
    void selfSignedCertificateInDataDir();
    void transportOptions_data();
    void transportOptions();
    void badTransportOptions_data();
    void badTransportOptions();
    void configFile();
    void commandLineOverridesConfigFile();
    void badConfigFiles_data();
    void badConfigFiles();
    void logFormat();
    void shippedConfigFile();

private:
    static QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text);
};

QString tst_ServerOptions::writeFile(const QTemporaryDir &dir, const QString &name,
                                     const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(text);
    return path;
}

void tst_ServerOptions::defaults()
{
    ServerOptions options;
    QVERIFY2(options.parse(QStringList {u"chatroom-server"_s}), qPrintable(options.errorString()));
    const ServerConfig defaults;
    QCOMPARE(options.config.port, defaults.port);
    QCOMPARE(options.config.helloTimeout.count(), defaults.helloTimeout.count());
    QCOMPARE(options.config.idleTimeout.count(), defaults.idleTimeout.count());
    QCOMPARE(options.config.floodWindow.count(), defaults.floodWindow.count());
    QCOMPARE(options.config.floodLimit, defaults.floodLimit);
    QVERIFY(!options.headless);
}

void tst_ServerOptions::durations_data()
{
    QTest::addColumn<QStringList>("arguments");
    // Milliseconds.
    QTest::addColumn<qint64>("hello");
    QTest::addColumn<qint64>("idle");
    QTest::addColumn<qint64>("window");

    QTest::newRow("fractions") << QStringList {u"--hello-timeout"_s, u"0.5"_s,
                                               u"--idle-timeout=2.25"_s, u"--flood-window"_s,
                                               u"1"_s}
                               << qint64(500) << qint64(2250) << qint64(1000);
    // The longest a Qt timer can wait: INT_MAX ms, rounded down to whole seconds.
    const QString longest = QString::number(INT_MAX / 1000);
    const QStringList allLongest = {u"--hello-timeout="_s + longest, u"--idle-timeout="_s + longest,
                                    u"--flood-window="_s + longest};
    QTest::newRow("longest") << allLongest << qint64(INT_MAX / 1000 * 1000)
                             << qint64(INT_MAX / 1000 * 1000) << qint64(INT_MAX / 1000 * 1000);
    QTest::newRow("tiny is 1 ms, not 0") << QStringList {u"--hello-timeout=0.0001"_s} << qint64(1)
                                         << qint64(90'000) << qint64(10'000);
}

void tst_ServerOptions::durations()
{
    QFETCH(QStringList, arguments);
    QFETCH(qint64, hello);
    QFETCH(qint64, idle);
    QFETCH(qint64, window);
    ServerOptions options;
    QVERIFY2(options.parse(QStringList {u"chatroom-server"_s} + arguments),
             qPrintable(options.errorString()));
    QCOMPARE(qint64(options.config.helloTimeout.count()), hello);
    QCOMPARE(qint64(options.config.idleTimeout.count()), idle);
    QCOMPARE(qint64(options.config.floodWindow.count()), window);
}

void tst_ServerOptions::badDurations_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");

    for (const QString &option : {u"hello-timeout"_s, u"idle-timeout"_s, u"flood-window"_s}) {
        // Past INT_MAX ms a QTimer refuses the interval and the timeout never fires.
        QTest::addRow("%s just over INT_MAX ms", qPrintable(option))
            << option << QString::number(INT_MAX / 1000 + 1);
        QTest::addRow("%s a year", qPrintable(option)) << option << u"31536000"_s;
        QTest::addRow("%s zero", qPrintable(option)) << option << u"0"_s;
        QTest::addRow("%s negative", qPrintable(option)) << option << u"-1"_s;
        QTest::addRow("%s inf", qPrintable(option)) << option << u"inf"_s;
        QTest::addRow("%s nan", qPrintable(option)) << option << u"nan"_s;
        QTest::addRow("%s words", qPrintable(option)) << option << u"ten"_s;
    }
}

void tst_ServerOptions::badDurations()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    ServerOptions options;
    QVERIFY(!options.parse(QStringList {u"chatroom-server"_s, u"--"_s + option, value}));
    // The message names the option and its bound, so the user knows what to fix.
    QVERIFY2(options.errorString().contains(u"--"_s + option), qPrintable(options.errorString()));
    QVERIFY2(options.errorString().contains(QString::number(INT_MAX / 1000)),
             qPrintable(options.errorString()));
}

void tst_ServerOptions::unknownOption()
{
    ServerOptions options;
    QVERIFY(!options.parse(QStringList {u"chatroom-server"_s, u"--no-such-option"_s}));
    QVERIFY2(options.errorString().contains(u"no-such-option"_s),
             qPrintable(options.errorString()));
}

void tst_ServerOptions::historyDefaults()
{
    ServerOptions options;
    QVERIFY2(options.parse(QStringList {u"chatroom-server"_s}), qPrintable(options.errorString()));
    QCOMPARE(options.logBackend, ServerOptions::LogBackend::Sqlite);
    QCOMPARE(options.dataDir, QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    QCOMPARE(options.retention.maxEvents, qint64(1'000'000));
    QCOMPARE(options.retention.maxDays, 0);
    QCOMPARE(options.config.historyMax, 200);
    QCOMPARE(qint64(options.config.resumeGrace.count()), qint64(60'000));
    QVERIFY(options.config.password.isEmpty());
    // A ring in memory keeps far fewer unless told otherwise.
    QVERIFY(options.parse(QStringList {u"chatroom-server"_s, u"--log"_s, u"memory"_s}));
    QCOMPARE(options.retention.maxEvents, ServerOptions::DefaultMemoryEvents);
}

void tst_ServerOptions::historyOptions()
{
    QTemporaryDir dir;
    ServerOptions options;
    QVERIFY2(
        options.parse(QStringList {u"chatroom-server"_s, u"--log=memory"_s, u"--data-dir"_s,
                                   dir.path(), u"--history-keep"_s, u"500"_s, u"--history-days"_s,
                                   u"7"_s, u"--history"_s, u"0"_s, u"--resume-grace"_s, u"0"_s}),
        qPrintable(options.errorString()));
    QCOMPARE(options.logBackend, ServerOptions::LogBackend::Memory);
    QCOMPARE(options.dataDir, dir.path());
    QCOMPARE(options.retention.maxEvents, qint64(500));
    QCOMPARE(options.retention.maxDays, 7);
    QCOMPARE(options.config.historyMax, 0);
    QCOMPARE(qint64(options.config.resumeGrace.count()), qint64(0));
    QVERIFY(options.parse(QStringList {u"chatroom-server"_s, u"--resume-grace=2.5"_s}));
    QCOMPARE(qint64(options.config.resumeGrace.count()), qint64(2500));

    // The log each backend asks for opens where it was told to.
    QVERIFY(options.parse(QStringList {u"chatroom-server"_s, u"--data-dir"_s, dir.path()}));
    std::unique_ptr<RoomLog> log = options.createRoomLog();
    QVERIFY2(log->open(), qPrintable(log->errorString()));
    QVERIFY(QFile::exists(dir.filePath(u"room.db"_s)));
}

void tst_ServerOptions::badHistoryOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown log") << QStringList {u"--log"_s, u"redis"_s} << u"--log"_s;
    QTest::newRow("keep 0") << QStringList {u"--history-keep"_s, u"0"_s} << u"--history-keep"_s;
    QTest::newRow("days negative")
        << QStringList {u"--history-days"_s, u"-1"_s} << u"--history-days"_s;
    QTest::newRow("history too big") << QStringList {u"--history"_s, u"70000"_s} << u"--history"_s;
    QTest::newRow("grace negative")
        << QStringList {u"--resume-grace"_s, u"-5"_s} << u"--resume-grace"_s;
    QTest::newRow("no password file")
        << QStringList {u"--password-file"_s, u"/nonexistent/pw"_s} << u"/nonexistent/pw"_s;
}

void tst_ServerOptions::badHistoryOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    ServerOptions options;
    QVERIFY(!options.parse(QStringList {u"chatroom-server"_s} + arguments));
    QVERIFY2(options.errorString().contains(mentions), qPrintable(options.errorString()));
}

void tst_ServerOptions::passwordFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"password"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("芝麻 开门\r\nsecond line\n");
    file.close();
    ServerOptions options;
    QVERIFY2(options.parse(QStringList {u"chatroom-server"_s, u"--password-file"_s, path}),
             qPrintable(options.errorString()));
    QCOMPARE(options.config.password, u"芝麻 开门"_s);

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("\n");
    file.close();
    QVERIFY(!options.parse(QStringList {u"chatroom-server"_s, u"--password-file"_s, path}));
}

void tst_ServerOptions::tlsOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<int>("port");
    QTest::newRow("off by default") << QStringList {} << false << 9528;
    QTest::newRow("--tls-port") << QStringList {u"--tls-port"_s, u"6000"_s} << true << 6000;
    QTest::newRow("--cert and --key")
        << QStringList {u"--cert"_s, u"a.crt"_s, u"--key"_s, u"a.key"_s} << true << 9528;
}

void tst_ServerOptions::tlsOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, tls);
    QFETCH(int, port);
    ServerOptions options;
    QVERIFY2(options.parse(QStringList {u"chatroom-server"_s} + arguments),
             qPrintable(options.errorString()));
    QCOMPARE(options.config.tls, tls);
    QCOMPARE(options.config.tlsPort, quint16(port));
}

void tst_ServerOptions::badTlsOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not a port") << QStringList {u"--tls-port"_s, u"70000"_s} << u"70000"_s;
    QTest::newRow("same as --port") << QStringList {u"--tls-port"_s, u"9527"_s} << u"--port"_s;
    QTest::newRow("cert alone") << QStringList {u"--cert"_s, u"a.crt"_s} << u"--key"_s;
    QTest::newRow("key alone") << QStringList {u"--key"_s, u"a.key"_s} << u"--cert"_s;
}

void tst_ServerOptions::badTlsOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    ServerOptions options;
    QVERIFY(!options.parse(QStringList {u"chatroom-server"_s} + arguments));
    QVERIFY2(options.errorString().contains(mentions), qPrintable(options.errorString()));
}

void tst_ServerOptions::transportOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("localName");
    QTest::addColumn<bool>("directSend");
    // The default follows CHATROOM_SENDER (ctest's _device runs set it), so the first
    // row only checks that nothing asks for a local socket.
    QTest::newRow("local") << QStringList {u"--local"_s, u"chatroom"_s} << u"chatroom"_s << true;
    QTest::newRow("local path") << QStringList {u"--local=/run/chatroom/room.sock"_s}
                                << u"/run/chatroom/room.sock"_s << true;
    QTest::newRow("sender device")
        << QStringList {u"--sender"_s, u"device"_s} << QString() << false;
    QTest::newRow("sender direct") << QStringList {u"--sender"_s, u"direct"_s} << QString() << true;
}

void tst_ServerOptions::transportOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, localName);
    QFETCH(bool, directSend);
    ServerOptions options;
    QVERIFY2(options.parse(QStringList {u"chatroom-server"_s} + arguments),
             qPrintable(options.errorString()));
    QCOMPARE(options.config.localName, localName);
    if (arguments.contains(u"--sender"_s))
        QCOMPARE(options.config.directSend, directSend);
}

void tst_ServerOptions::badTransportOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("empty local") << QStringList {u"--local="_s} << u"--local"_s;
    QTest::newRow("unknown sender") << QStringList {u"--sender"_s, u"splice"_s} << u"--sender"_s;
}

void tst_ServerOptions::badTransportOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    ServerOptions options;
    QVERIFY(!options.parse(QStringList {u"chatroom-server"_s} + arguments));
    QVERIFY2(options.errorString().contains(mentions), qPrintable(options.errorString()));
}

void tst_ServerOptions::selfSignedCertificateInDataDir()
{
    QTemporaryDir dir;
    ServerOptions options;
    QVERIFY(options.parse(
        QStringList {u"chatroom-server"_s, u"--tls-port"_s, u"0"_s, u"--data-dir"_s, dir.path()}));
    QVERIFY2(options.loadCertificate(), qPrintable(options.errorString()));
    QVERIFY(options.certificateCreated);
    QVERIFY(options.config.tlsCertificate && !options.config.tlsCertificate->isNull());
    QVERIFY(options.config.tlsKey && !options.config.tlsKey->isNull());
    QVERIFY(QFile::exists(dir.filePath(u"tls/server.key"_s)));
    QVERIFY2(options.loadCertificate(), qPrintable(options.errorString()));
    QVERIFY(!options.certificateCreated);

    ServerOptions unusable;
    QVERIFY(unusable.parse(QStringList {u"chatroom-server"_s, u"--cert"_s, u"/nonexistent/c.pem"_s,
                                        u"--key"_s, u"/nonexistent/k.pem"_s}));
    QVERIFY(!unusable.loadCertificate());
    QVERIFY2(unusable.errorString().contains(u"/nonexistent/c.pem"_s),
             qPrintable(unusable.errorString()));
}

void tst_ServerOptions::configFile()
{
    // What an operator writes in /etc/chatroom/server.conf: the long option names, a
    // comment, a flag, a value with a comma, paths relative to the file's own folder.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir, u"secret"_s, "芝麻开门\n");
    const QString path = writeFile(dir, u"server.conf"_s,
                                   "; the room of the 技术部\n"
                                   "# also a comment\n"
                                   "room = 技术部, 二楼\n"
                                   "port = 9600\n"
                                   "max-members = 300\n"
                                   "idle-timeout = 90\n"
                                   "limit-loopback = yes\n"
                                   "headless = false\n"
                                   "log = memory\n"
                                   "log-format = json\n"
                                   "password-file = secret\n"
                                   "data-dir = state\n"
                                   "lang = en\n");
    ServerOptions options;
    QVERIFY2(options.parse(QStringList {u"chatroom-serverd"_s, u"--config"_s, path}),
             qPrintable(options.errorString()));
    QCOMPARE(options.configFile, path);
    QCOMPARE(options.config.roomTitle, u"技术部, 二楼"_s);
    QCOMPARE(options.config.port, quint16(9600));
    QCOMPARE(options.config.maxMembers, 300);
    QCOMPARE(options.config.idleTimeout.count(), 90'000);
    QVERIFY(options.config.limitLoopback);
    QVERIFY(!options.headless);
    QCOMPARE(options.logBackend, ServerOptions::LogBackend::Memory);
    QCOMPARE(options.logFormat, LogWriter::Format::Json);
    QCOMPARE(options.config.password, u"芝麻开门"_s);
    QCOMPARE(options.dataDir, dir.filePath(u"state"_s));
    QCOMPARE(options.language, u"en"_s);
    // The catalogue is chosen before the full parse: from the file too.
    QCOMPARE(ServerOptions::languageFrom({u"chatroom-serverd"_s, u"--config="_s + path}), u"en"_s);
    QCOMPARE(ServerOptions::languageFrom(
                 {u"chatroom-serverd"_s, u"--config"_s, path, u"--lang"_s, u"zh_CN"_s}),
             u"zh_CN"_s);
}

void tst_ServerOptions::commandLineOverridesConfigFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = writeFile(
        dir, u"server.conf"_s, "[General]\nport = 9600\nroom = From the file\nmax-members = 300\n");
    ServerOptions options;
    QVERIFY2(options.parse(QStringList {u"chatroom-serverd"_s, u"--port"_s, u"9700"_s,
                                        u"--config"_s, path, u"--room=From the command line"_s}),
             qPrintable(options.errorString()));
    QCOMPARE(options.config.port, quint16(9700));
    QCOMPARE(options.config.roomTitle, u"From the command line"_s);
    QCOMPARE(options.config.maxMembers, 300); // what the command line leaves alone
    // A value from the file is checked as if typed.
    const QString bad = writeFile(dir, u"bad.conf"_s, "max-members = 0\n");
    QVERIFY(!options.parse(QStringList {u"chatroom-serverd"_s, u"--config"_s, bad}));
    QVERIFY2(options.errorString().contains(u"--max-members"_s), qPrintable(options.errorString()));
}

void tst_ServerOptions::badConfigFiles_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error"); // what the message must name
    QTest::newRow("unknown key") << QByteArray("port = 9600\nmax-memebrs = 10\n")
                                 << u"max-memebrs"_s;
    QTest::newRow("flag not a boolean")
        << QByteArray("limit-loopback = maybe\n") << u"limit-loopback"_s;
    QTest::newRow("nested config") << QByteArray("config = other.conf\n") << u"config"_s;
    QTest::newRow("short name") << QByteArray("h = 1\n") << u"\"h\""_s;
    QTest::newRow("help") << QByteArray("help = true\n") << u"help"_s;
    QTest::newRow("a section of its own") << QByteArray("[tls]\nport = 9600\n") << u"tls/port"_s;
}

void tst_ServerOptions::badConfigFiles()
{
    // A typo must not leave a default silently in force: the server refuses to start.
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = writeFile(dir, u"server.conf"_s, text);
    ServerOptions options;
    QVERIFY(!options.parse(QStringList {u"chatroom-serverd"_s, u"--config"_s, path}));
    QVERIFY2(options.errorString().contains(error), qPrintable(options.errorString()));
    QVERIFY2(options.errorString().contains(path), qPrintable(options.errorString()));
}

void tst_ServerOptions::logFormat()
{
    ServerOptions options;
    QVERIFY(options.parse(QStringList {u"chatroom-serverd"_s}));
    QCOMPARE(options.logFormat, LogWriter::Format::Text);
    QVERIFY(options.parse(QStringList {u"chatroom-serverd"_s, u"--log-format=json"_s}));
    QCOMPARE(options.logFormat, LogWriter::Format::Json);
    QVERIFY(!options.parse(QStringList {u"chatroom-serverd"_s, u"--log-format"_s, u"xml"_s}));
    QVERIFY(options.errorString().contains(u"--log-format"_s));
    // A config file that does not exist is an error, not an empty file.
    QVERIFY(!options.parse(
        QStringList {u"chatroom-serverd"_s, u"--config"_s, u"/nonexistent/x.conf"_s}));
    QVERIFY2(options.errorString().contains(u"/nonexistent/x.conf"_s),
             qPrintable(options.errorString()));
}

void tst_ServerOptions::shippedConfigFile()
{
    // /etc/chatroom/server.conf as the package installs it: the service must start on it.
    const QString path = QStringLiteral(CHATROOM_SOURCE_DIR) + u"/dist/serverd/server.conf"_s;
    ServerOptions options;
    QVERIFY2(options.parse(QStringList {u"chatroom-serverd"_s, u"--config"_s, path}),
             qPrintable(options.errorString()));
    QCOMPARE(options.dataDir, u"/var/lib/chatroom"_s);
    QCOMPARE(options.logBackend, ServerOptions::LogBackend::Sqlite);
    // Its commented-out values are the real defaults: uncommenting one changes nothing.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    QStringList uncommented;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        static const QRegularExpression setting(u"^;([a-z-]+) = (.*)$"_s);
        const QRegularExpressionMatch match = setting.match(line);
        if (match.hasMatch() && match.captured(1) != u"tls-port" && match.captured(1) != u"cert"
            && match.captured(1) != u"key" && match.captured(1) != u"password-file"
            && match.captured(1) != u"local") {
            uncommented << u"--"_s + match.captured(1) + u'=' + match.captured(2);
        }
    }
    QVERIFY(uncommented.size() >= 10);
    ServerOptions explicitDefaults;
    QVERIFY2(explicitDefaults.parse(QStringList {u"chatroom-serverd"_s} + uncommented),
             qPrintable(explicitDefaults.errorString()));
    ServerOptions defaults;
    QVERIFY(defaults.parse(QStringList {u"chatroom-serverd"_s}));
    QCOMPARE(explicitDefaults.config.port, defaults.config.port);
    QCOMPARE(explicitDefaults.config.maxMembers, defaults.config.maxMembers);
    QCOMPARE(explicitDefaults.config.idleTimeout.count(), defaults.config.idleTimeout.count());
    QCOMPARE(explicitDefaults.config.floodLimit, defaults.config.floodLimit);
    QCOMPARE(explicitDefaults.config.floodWindow.count(), defaults.config.floodWindow.count());
    QCOMPARE(explicitDefaults.config.historyMax, defaults.config.historyMax);
    QCOMPARE(explicitDefaults.config.resumeGrace.count(), defaults.config.resumeGrace.count());
    QCOMPARE(explicitDefaults.retention.maxEvents, defaults.retention.maxEvents);
    QCOMPARE(explicitDefaults.logFormat, defaults.logFormat);
}

QTEST_GUILESS_MAIN(tst_ServerOptions)
#include "tst_serveroptions.moc"
