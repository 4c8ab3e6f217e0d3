#include "adminprotocol.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include <limits>

#include <unistd.h>

using namespace Qt::StringLiterals;

QString AdminProtocol::systemServiceSocket()
{
    return u"/run/chatroom/admin.sock"_s;
}

QString AdminProtocol::defaultSocketPath()
{
    const QString systemd = qEnvironmentVariable("RUNTIME_DIRECTORY");
    if (!systemd.isEmpty()) {
        // systemd may list several directories, separated by colons: the first is ours.
        return QDir(systemd.section(u':', 0, 0)).filePath(u"admin.sock"_s);
    }
    const QString session = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!session.isEmpty())
        return QDir(session).filePath(u"chatroom/admin.sock"_s);
    // Not QStandardPaths::RuntimeLocation: it warns on stderr when XDG_RUNTIME_DIR is
    // unset, which a command-line tool must not print on every run. Per uid, so two
    // users' servers never meet; the server makes the folder 0700.
    return QDir(QDir::tempPath()).filePath(u"chatroom-%1/admin.sock"_s.arg(qulonglong(::getuid())));
}

QStringList AdminProtocol::clientSocketCandidates()
{
    QStringList candidates {defaultSocketPath()};
    if (!candidates.contains(systemServiceSocket()))
        candidates << systemServiceSocket();
    return candidates;
}

QString AdminProtocol::chooseClientSocket()
{
    const QStringList candidates = clientSocketCandidates();
    for (const QString &path : candidates) {
        if (QFileInfo::exists(path))
            return path;
    }
    return candidates.constFirst();
}

QByteArray AdminProtocol::encode(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<std::chrono::milliseconds> AdminProtocol::parseDuration(const QString &text)
{
    using namespace std::chrono;
    if (text == u"permanent")
        return milliseconds::max();
    if (text.size() < 2)
        return std::nullopt;
    bool ok = false;
    const qint64 count = QStringView(text).chopped(1).toLongLong(&ok);
    // A digit first: toLongLong() also takes "+5" and " 5", which nobody means.
    if (!ok || count <= 0 || !text.front().isDigit())
        return std::nullopt;
    qint64 unit = 0;
    switch (text.back().unicode()) {
    case 's':
        unit = 1000;
        break;
    case 'm':
        unit = 60 * 1000;
        break;
    case 'h':
        unit = 3600 * 1000;
        break;
    case 'd':
        unit = 24 * 3600 * 1000;
        break;
    default:
        return std::nullopt;
    }
    // Ten thousand years is "permanent" in all but name; beyond that the product overflows.
    if (count > std::numeric_limits<qint64>::max() / unit / 2)
        return std::nullopt;
    return milliseconds(count * unit);
}
