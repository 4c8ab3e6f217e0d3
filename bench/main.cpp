#include "benchoptions.h"
#include "benchrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <optional>
#include <sys/resource.h>

// chatroom-bench: drives a chatroom-server on loopback and prints one RESULT line.
// Exit status: 0 when the run completed with clean accounting, 1 when it did not,
// 2 for a bad command line.

namespace {

// Thousands of members need thousands of descriptors; the soft limit is often 1024.
void raiseDescriptorLimit(int needed)
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= rlim_t(needed))
        return;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < rlim_t(needed))
        std::fprintf(stderr, "chatroom-bench: only %llu descriptors allowed, %d needed\n",
                     static_cast<unsigned long long>(limit.rlim_cur), needed);
}

// An option given as a comma-separated list, repeated, or both.
QStringList listValues(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    QStringList values;
    for (const QString &value : parser.values(option))
        values += value.split(u',', Qt::SkipEmptyParts);
    return values;
}

// Process ids, as a list or repeated; nothing when one is not a process id.
std::optional<QList<qint64>> pidsOf(const QCommandLineParser &parser,
                                    const QCommandLineOption &option)
{
    QList<qint64> pids;
    for (const QString &given : listValues(parser, option)) {
        bool valid = false;
        pids.append(given.toLongLong(&valid));
        if (!valid || pids.last() <= 0)
            return std::nullopt;
    }
    return pids;
}

int fail(const QString &message)
{
    std::fprintf(stderr, "chatroom-bench: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"chatroom-bench"_qs);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Load generator for chatroom-server. Modes:\n"
        "  join -n N                 N members join in batches; time until all notified\n"
        "  fanout -n N -s S -m M     S senders send M messages each; deliveries/s\n"
        "  latency -n N -r R -t T    R deliveries/s for T seconds; latency percentiles\n"
        "  resume -n N -r R -t T     as latency, while every --cut-every ms --cut-percent of\n"
        "                            the members (senders included) are reset (RST) and\n"
        "                            resume; resume time percentiles (speaks 1.1)\n"
        "Members speak protocol 1.0 unless --v11 is given. With several ports (servers\n"
        "sharing one room) members and senders are spread round-robin over them.\n"
        "Run the server with --flood-limit 0; --protocol irc drives an IRC server."_qs);
    parser.addHelpOption();
    parser.addPositionalArgument(u"mode"_qs, u"join, fanout, latency or resume"_qs);
    const BenchOptions defaults;
    const QCommandLineOption host(u"host"_qs, u"Server address."_qs, u"host"_qs, defaults.host);
    const QCommandLineOption port(u"port"_qs,
                                  u"Server port; several (9527,9528 or --port repeated) for "
                                  "servers that share one room: member i connects to port "
                                  "i mod their number."_qs,
                                  u"port"_qs, QString::number(defaults.ports.value(0)));
    const QCommandLineOption members(u"n"_qs, u"Members."_qs, u"N"_qs,
                                     QString::number(defaults.members));
    const QCommandLineOption senders(u"s"_qs, u"Senders."_qs, u"S"_qs,
                                     QString::number(defaults.senders));
    const QCommandLineOption messages(u"m"_qs, u"Messages per sender (fanout)."_qs, u"M"_qs,
                                      QString::number(defaults.messagesPerSender));
    const QCommandLineOption window(u"w"_qs, u"Say frames in flight per sender (fanout)."_qs,
                                    u"W"_qs, QString::number(defaults.window));
    const QCommandLineOption rate(u"r"_qs,
                                  u"Deliveries per second, all members (latency, resume)."_qs,
                                  u"R"_qs, QString::number(defaults.rate));
    const QCommandLineOption seconds(u"t"_qs, u"Seconds of sending (latency, resume)."_qs, u"T"_qs,
                                     QString::number(defaults.seconds));
    const QCommandLineOption batch(u"batch"_qs, u"Members joining at once."_qs, u"B"_qs,
                                   QString::number(defaults.joinBatch));
    const QCommandLineOption textLength(u"text-length"_qs, u"Characters per chat text."_qs,
                                        u"chars"_qs, QString::number(defaults.textLength));
    const QCommandLineOption prefix(u"prefix"_qs, u"Member name prefix."_qs, u"prefix"_qs,
                                    defaults.namePrefix);
    const QCommandLineOption protocol(u"protocol"_qs,
                                      u"chatroom, or irc to drive an IRC server (NICK, JOIN "
                                      "#bench, PRIVMSG) for comparison."_qs,
                                      u"protocol"_qs, u"chatroom"_qs);
    const QCommandLineOption v11(u"v11"_qs,
                                 u"Speak protocol 1.1: Hello with minor 1 (and --history), Say "
                                 "with a clientId; Welcome, Chat and History are read in their "
                                 "1.1 layout. Without it every byte sent is 1.0."_qs);
    const QCommandLineOption history(u"history"_qs,
                                     u"Hello.historyMax (1.1): a member has joined once its "
                                     "History batch has ended (default 0: none)."_qs,
                                     u"N"_qs, QString::number(defaults.historyMax));
    const QCommandLineOption cutPercent(u"cut-percent"_qs,
                                        u"Members reset at each cut (resume), percent."_qs, u"P"_qs,
                                        QString::number(defaults.cutPercent));
    const QCommandLineOption cutEvery(u"cut-every"_qs, u"Milliseconds between cuts (resume)."_qs,
                                      u"ms"_qs, QString::number(defaults.cutEveryMs));
    const QCommandLineOption tls(u"tls"_qs,
                                 u"Connect over TLS (--port is then the server's --tls-port). "
                                 "The server's certificate is not checked."_qs);
    const QCommandLineOption pid(u"pid"_qs,
                                 u"Server pid, for its CPU time and peak memory; several (a "
                                 "list or repeated) are summed (CPU) or the largest (memory)."_qs,
                                 u"pid"_qs);
    const QCommandLineOption otherPid(u"other-pid"_qs,
                                      u"A process the servers rely on (redis-server): its CPU "
                                      "time is reported apart (other_cpu_s); a list or "
                                      "repeated."_qs,
                                      u"pid"_qs);
    const QCommandLineOption timeout(u"timeout"_qs, u"Hard limit for the run, seconds."_qs,
                                     u"seconds"_qs, QString::number(defaults.timeoutMs / 1000));
    parser.addOptions({host,       port,     members,    senders, messages, window, rate,
                       seconds,    batch,    textLength, prefix,  protocol, v11,    history,
                       cutPercent, cutEvery, tls,        pid,     otherPid, timeout});
    parser.process(app);

    BenchOptions options;
    const QStringList positional = parser.positionalArguments();
    const QString mode = positional.value(0);
    if (mode == u"join")
        options.mode = BenchOptions::Mode::Join;
    else if (mode == u"fanout")
        options.mode = BenchOptions::Mode::Fanout;
    else if (mode == u"latency")
        options.mode = BenchOptions::Mode::Latency;
    else if (mode == u"resume")
        options.mode = BenchOptions::Mode::Resume;
    else
        return fail(u"mode must be join, fanout, latency or resume"_qs);

    const QString protocolName = parser.value(protocol);
    if (protocolName == u"irc")
        options.protocol = BenchOptions::Protocol::Irc;
    else if (protocolName != u"chatroom")
        return fail(u"protocol must be chatroom or irc"_qs);

    bool ok = true;
    const auto integer = [&](const QCommandLineOption &option, int low, int high) {
        bool valid = false;
        const int value = parser.value(option).toInt(&valid);
        ok = ok && valid && value >= low && value <= high;
        return value;
    };
    options.host = parser.value(host);
    options.ports.clear();
    for (const QString &given : listValues(parser, port)) {
        bool valid = false;
        const int value = given.toInt(&valid);
        if (!valid || value < 1 || value > 65535)
            return fail(u"--port: not a port: %1"_qs.arg(given));
        options.ports.append(quint16(value));
    }
    if (options.ports.isEmpty())
        return fail(u"--port needs a port"_qs);
    options.members = integer(members, 1, 100'000);
    options.senders = integer(senders, 1, 9'999);
    options.messagesPerSender = integer(messages, 1, 9'999'999);
    options.window = integer(window, 1, 1'000'000);
    options.joinBatch = integer(batch, 1, 100'000);
    options.textLength = integer(textLength, 32, 2'000);
    options.timeoutMs = integer(timeout, 1, 3'600) * 1000;
    options.rate = parser.value(rate).toDouble();
    options.seconds = parser.value(seconds).toDouble();
    options.namePrefix = parser.value(prefix);
    options.protocolMinor = parser.isSet(v11) || options.mode == BenchOptions::Mode::Resume ? 1 : 0;
    options.historyMax = integer(history, 0, 65535);
    options.cutPercent = integer(cutPercent, 1, 100);
    options.cutEveryMs = integer(cutEvery, 10, 3'600'000);
    options.tls = parser.isSet(tls);
    const std::optional<QList<qint64>> serverPids = pidsOf(parser, pid);
    const std::optional<QList<qint64>> otherPids = pidsOf(parser, otherPid);
    if (!serverPids || !otherPids)
        return fail(u"--pid and --other-pid take process ids"_qs);
    options.serverPids = *serverPids;
    options.otherPids = *otherPids;
    if (!ok || options.rate <= 0 || options.seconds <= 0)
        return fail(u"a numeric option is out of range"_qs);
    if (options.protocol == BenchOptions::Protocol::Irc && options.v11())
        return fail(u"--v11 and resume are for --protocol chatroom"_qs);
    if (options.tls && options.protocol == BenchOptions::Protocol::Irc)
        return fail(u"--tls is for --protocol chatroom"_qs);
    if (options.historyMax > 0 && !options.v11())
        return fail(u"--history needs --v11"_qs);

    raiseDescriptorLimit(options.members + 64);
    BenchRunner runner(options);
    const BenchResult result = runner.run();
    std::printf("%s\n", qPrintable(result.summaryLine()));
    std::fflush(stdout);
    return result.ok() ? 0 : 1;
}
