#include "benchresult.h"

#include <QStringList>

namespace {

QString modeName(BenchOptions::Mode mode)
{
    switch (mode) {
    case BenchOptions::Mode::Join:
        return QStringLiteral("join");
    case BenchOptions::Mode::Fanout:
        return QStringLiteral("fanout");
    case BenchOptions::Mode::Latency:
        return QStringLiteral("latency");
    case BenchOptions::Mode::Resume:
        return QStringLiteral("resume");
    }
    return {};
}

} // namespace

bool BenchResult::ok() const
{
    return completed && lost == 0 && duplicates == 0 && outOfOrder == 0 && seqGaps == 0
        && errors == 0 && deliveries == expectedDeliveries && notifications == expectedNotifications
        && badClientIds == 0 && resumeFailed == 0 && resumes == cuts;
}

QString BenchResult::summaryLine() const
{
    QStringList fields {QStringLiteral("RESULT"), QStringLiteral("mode=") + modeName(mode)};
    const auto add = [&fields](const char *key, const QString &value) {
        fields.append(QLatin1StringView(key) + u'=' + value);
    };
    const auto number = [](double value, int decimals) {
        return QString::number(value, 'f', decimals);
    };
    add("n", QString::number(members));
    // Only with several servers: a one-server run prints the line it always did.
    if (servers > 1)
        add("servers", QString::number(servers));
    add("ok", QString::number(ok() ? 1 : 0));
    add("join_all_in_s", number(allInSeconds, 3));
    add("join_s", number(allNotifiedSeconds, 3));
    add("notifications", QString::number(notifications));
    add("expected_notifications", QString::number(expectedNotifications));
    add("join_server_cpu_s", number(joinServerCpuSeconds, 2));
    // Only in 1.1 runs: a 1.0 run prints the line it always did.
    if (protocolMinor >= 1) {
        add("minor", QString::number(protocolMinor));
        add("join_complete_s", number(joinCompleteSeconds, 3));
        add("history_frames", QString::number(historyFrames));
        add("history_events", QString::number(historyEvents));
    }
    if (mode != BenchOptions::Mode::Join) {
        add("senders", QString::number(senders));
        add("messages", QString::number(messagesSent));
        add("deliveries", QString::number(deliveries));
        add("expected_deliveries", QString::number(expectedDeliveries));
        add("seconds", number(seconds, 3));
        add("server_cpu_s", number(serverCpuSeconds, 2));
        add("bench_cpu_s", number(benchCpuSeconds, 2));
        if (measuresOthers)
            add("other_cpu_s", number(otherCpuSeconds, 2));
    }
    if (mode == BenchOptions::Mode::Fanout) {
        add("deliveries_per_s", number(deliveriesPerSecond, 0));
        add("overall_deliveries_per_s", number(overallDeliveriesPerSecond, 0));
        add("deliveries_per_server_cpu_s", number(deliveriesPerServerCpuSecond, 0));
    }
    if (mode == BenchOptions::Mode::Latency || mode == BenchOptions::Mode::Resume) {
        add("rate", number(rate, 0));
        add("p50_ms", number(p50Ms, 3));
        add("p90_ms", number(p90Ms, 3));
        add("p99_ms", number(p99Ms, 3));
        add("max_ms", number(maxMs, 3));
    }
    if (mode == BenchOptions::Mode::Resume) {
        add("cuts", QString::number(cuts));
        add("resumes", QString::number(resumes));
        add("resume_failed", QString::number(resumeFailed));
        add("resent", QString::number(resent));
        add("resume_p50_ms", number(resumeP50Ms, 3));
        add("resume_p99_ms", number(resumeP99Ms, 3));
        add("resume_max_ms", number(resumeMaxMs, 3));
    }
    add("lost", QString::number(lost));
    add("dup", QString::number(duplicates));
    add("order", QString::number(outOfOrder));
    add("gap", QString::number(seqGaps));
    add("foreign", QString::number(foreign));
    if (protocolMinor >= 1)
        add("clientid_bad", QString::number(badClientIds));
    add("errors", QString::number(errors));
    add("peak_rss_kb", QString::number(peakRssKb));
    add("rss_kb", QString::number(rssKb));
    add("protocol", protocol == BenchOptions::Protocol::Irc ? u"irc"_qs : u"chatroom"_qs);
    if (!tlsCipher.isEmpty())
        add("tls", tlsCipher);
    QString line = fields.join(u' ');
    if (!error.isEmpty()) {
        QString why = error;
        why.replace(u' ', u'_');
        line += u" error="_qs + why;
    }
    return line;
}
