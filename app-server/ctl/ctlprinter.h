#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

// The admin socket's responses as people read them: a table for members and bans, a few
// labelled lines for status, one sentence for the rest. Times in the local zone (the
// response has them in UTC), sizes in KiB and MiB. --json skips all of this.
class CtlPrinter final
{
    Q_DECLARE_TR_FUNCTIONS(CtlPrinter)

public:
    // A successful response to `command`.
    static QString text(const QString &command, const QJsonObject &response);
    // A response with "ok": false.
    static QString refusal(const QJsonObject &response);

    static QString localTime(const QString &isoUtc);
    static QString size(qint64 bytes);
    static QString uptime(qint64 seconds);

private:
    static QString status(const QJsonObject &response);
    static QString listening(const QJsonObject &listening);
    static QString members(const QJsonObject &response);
    static QString bans(const QJsonObject &response);
    static QString banTarget(const QJsonObject &ban);
    static QString banEnd(const QJsonObject &ban);
};
