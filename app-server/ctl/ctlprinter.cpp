#include "ctlprinter.h"

#include "texttable.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

using namespace Qt::StringLiterals;

QString CtlPrinter::text(const QString &command, const QJsonObject &response)
{
    if (command == u"status")
        return status(response);
    if (command == u"members")
        return members(response);
    if (command == u"bans")
        return bans(response);
    if (command == u"kick")
        return tr("Kicked %1.").arg(response.value(u"name"_s).toString()) + u'\n';
    if (command == u"broadcast")
        return tr("Sent to the room.") + u'\n';
    const QJsonObject ban = response.value(u"ban"_s).toObject();
    const QString id = QString::number(ban.value(u"id"_s).toInteger());
    if (command == u"unban")
        return tr("Lifted ban %1 on %2.").arg(id, banTarget(ban)) + u'\n';
    if (command == u"ban") {
        const QString sentence = ban.value(u"permanent"_s).toBool()
            ? tr("Banned %1 for good (ban %2).").arg(banTarget(ban), id)
            : tr("Banned %1 until %2 (ban %3).").arg(banTarget(ban), banEnd(ban), id);
        return sentence + u'\n'
            + (response.value(u"kicked"_s).toBool() ? tr("The member was in the room and has "
                                                         "been kicked.")
                       + u'\n'
                                                    : QString());
    }
    return {};
}

QString CtlPrinter::refusal(const QJsonObject &response)
{
    //: %1 is the server's reason, in English (it is part of a contract scripts read).
    return tr("The server said no: %1").arg(response.value(u"error"_s).toString());
}

QString CtlPrinter::localTime(const QString &isoUtc)
{
    const QDateTime at = QDateTime::fromString(isoUtc, Qt::ISODate);
    return at.isValid() ? at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}

QString CtlPrinter::size(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString CtlPrinter::uptime(qint64 seconds)
{
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds / 3600 % 24;
    const qint64 minutes = seconds / 60 % 60;
    //: Uptime: %1 days, %2 hours, %3 minutes, %4 seconds.
    if (days > 0)
        return tr("%1 d %2 h %3 min").arg(days).arg(hours).arg(minutes);
    if (hours > 0)
        return tr("%1 h %2 min").arg(hours).arg(minutes);
    return tr("%1 min %2 s").arg(minutes).arg(seconds % 60);
}

QString CtlPrinter::status(const QJsonObject &r)
{
    const QJsonObject log = r.value(u"log"_s).toObject();
    const QString logText = log.value(u"backend"_s).toString() == u"memory"
        ? tr("in memory, %1 events").arg(log.value(u"events"_s).toInteger())
        : tr("%1, %2, %3 events")
              .arg(log.value(u"file"_s).toString(), size(log.value(u"bytes"_s).toInteger()))
              .arg(log.value(u"events"_s).toInteger());
    const QList<std::pair<QString, QString>> lines {
        {tr("Room"), r.value(u"room"_s).toString()},
        {tr("Members"),
         tr("%1 of %2, %3 detached (holding a seat for a resume)")
             .arg(r.value(u"members"_s).toInt())
             .arg(r.value(u"maxMembers"_s).toInt())
             .arg(r.value(u"detached"_s).toInt())},
        {tr("Connections"), QString::number(r.value(u"connections"_s).toInt())},
        {tr("Messages per second"),
         tr("%1 (%2 since the start)")
             .arg(QLocale().toString(r.value(u"messagesPerSecond"_s).toDouble(), 'f', 1))
             .arg(r.value(u"messagesRelayed"_s).toInteger())},
        {tr("Uptime"),
         tr("%1, since %2")
             .arg(uptime(r.value(u"uptimeSeconds"_s).toInteger()),
                  localTime(r.value(u"startedAt"_s).toString()))},
        {tr("Log"), logText},
        {tr("Listening"), listening(r.value(u"listening"_s).toObject())},
        {tr("Bans"), QString::number(r.value(u"bans"_s).toInt())},
        {tr("Admin socket"), r.value(u"adminSocket"_s).toString()},
        {tr("Version"), r.value(u"version"_s).toString()},
    };
    int width = 0;
    for (const auto &line : lines)
        width = qMax(width, TextTable::displayWidth(line.first));
    QString text;
    for (const auto &[label, value] : lines) {
        text += label + u':' + QString(width - TextTable::displayWidth(label) + 2, u' ') + value
            + u'\n';
    }
    return text;
}

QString CtlPrinter::listening(const QJsonObject &l)
{
    QStringList parts {
        tr("TCP %1:%2").arg(l.value(u"address"_s).toString()).arg(l.value(u"port"_s).toInt())};
    if (!l.value(u"tlsPort"_s).isNull()) {
        parts << tr("TLS port %1 (fingerprint %2)")
                     .arg(l.value(u"tlsPort"_s).toInt())
                     .arg(l.value(u"tlsFingerprint"_s).toString());
    }
    if (!l.value(u"localSocket"_s).isNull())
        parts << tr("local socket %1").arg(l.value(u"localSocket"_s).toString());
    return parts.join(u"; "_s);
}

QString CtlPrinter::members(const QJsonObject &response)
{
    const QJsonArray list = response.value(u"members"_s).toArray();
    if (list.isEmpty())
        return tr("Nobody is in the room.") + u'\n';
    TextTable table({tr("Name"), tr("Address"), tr("Joined"), tr("Messages"), tr("State")});
    for (const QJsonValue &value : list) {
        const QJsonObject m = value.toObject();
        QString address = m.value(u"address"_s).toString();
        const bool remote = m.value(u"remote"_s).toBool();
        if (remote) {
            //: A member connected to another server that serves the same room (a room
            //: shared through Redis): its address is known only there.
            address = tr("another server");
        } else if (m.value(u"local"_s).toBool()) {
            address = tr("this machine (local socket)");
        } else if (!m.value(u"port"_s).isNull()) {
            address = (address.contains(u':') ? u"[%1]:%2"_s : u"%1:%2"_s)
                          .arg(address)
                          .arg(m.value(u"port"_s).toInt());
        }
        // Another server's member: its count and its state are its own server's to know.
        const QString unknown = u"\u2014"_s;
        const QJsonValue sent = m.value(u"messagesSent"_s);
        QString state = unknown;
        if (!remote)
            state = m.value(u"detached"_s).toBool() ? tr("detached") : tr("connected");
        table.addRow({m.value(u"name"_s).toString(), address,
                      localTime(m.value(u"joinedAt"_s).toString()),
                      sent.isNull() ? unknown : QString::number(sent.toInteger()), state});
    }
    return table.toString();
}

QString CtlPrinter::bans(const QJsonObject &response)
{
    const QJsonArray list = response.value(u"bans"_s).toArray();
    if (list.isEmpty())
        return tr("No bans.") + u'\n';
    TextTable table({tr("Ban"), tr("Name"), tr("Address"), tr("Until")});
    for (const QJsonValue &value : list) {
        const QJsonObject ban = value.toObject();
        table.addRow({QString::number(ban.value(u"id"_s).toInteger()),
                      ban.value(u"name"_s).toString(), ban.value(u"address"_s).toString(),
                      banEnd(ban)});
    }
    return table.toString();
}

QString CtlPrinter::banTarget(const QJsonObject &ban)
{
    const QString name = ban.value(u"name"_s).toString();
    const QString address = ban.value(u"address"_s).toString();
    if (name.isEmpty())
        return address;
    return address.isEmpty() ? name : tr("%1 (%2)").arg(name, address);
}

QString CtlPrinter::banEnd(const QJsonObject &ban)
{
    return ban.value(u"permanent"_s).toBool() ? tr("permanent")
                                              : localTime(ban.value(u"until"_s).toString());
}
