#include "configfile.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace {

// QSettings splits an unquoted value at commas ("room = Hello, world" reads as a list);
// what the user wrote is the value, so the parts are put back together.
QString text(const QVariant &value)
{
    if (value.metaType().id() == QMetaType::QStringList)
        return value.toStringList().join(u", "_s);
    return value.toString();
}

std::optional<bool> boolean(const QString &value)
{
    const QString lower = value.trimmed().toLower();
    if (lower == u"true" || lower == u"yes" || lower == u"on" || lower == u"1")
        return true;
    if (lower == u"false" || lower == u"no" || lower == u"off" || lower == u"0")
        return false;
    return std::nullopt;
}

} // namespace

std::optional<QStringList> ConfigFile::fail(const QString &error)
{
    m_errorString = error;
    return std::nullopt;
}

std::optional<QStringList> ConfigFile::arguments(const QString &path,
                                                 const QList<QCommandLineOption> &options)
{
    const QFileInfo info(path);
    // QSettings reads a missing or unreadable file as an empty one: say so instead.
    if (!info.isFile() || !info.isReadable())
        return fail(tr("Cannot read the config file %1.").arg(QDir::toNativeSeparators(path)));
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return fail(
            tr("The config file %1 is not a valid INI file.").arg(QDir::toNativeSeparators(path)));

    QHash<QString, bool> takesValue;
    for (const QCommandLineOption &option : options) {
        for (const QString &name : option.names()) {
            if (name.size() > 1) // long names only: "p = 1" would be a riddle in a file
                takesValue.insert(name, !option.valueName().isEmpty());
        }
    }

    QStringList result;
    const QStringList keys = settings.allKeys();
    for (const QString &key : keys) {
        // Keys outside a section come back bare; "[General] port" as "General/port" only
        // when written that way by hand with another section name, which is not ours.
        const auto found = takesValue.constFind(key);
        if (found == takesValue.cend()) {
            return fail(tr("%1: unknown setting \"%2\".").arg(QDir::toNativeSeparators(path), key));
        }
        const QString value = text(settings.value(key)).trimmed();
        if (!*found) {
            const std::optional<bool> on = boolean(value);
            if (!on) {
                return fail(tr("%1: \"%2\" is true or false, not \"%3\".")
                                .arg(QDir::toNativeSeparators(path), key, value));
            }
            if (*on)
                result << u"--"_s + key;
            continue;
        }
        QString argument = value;
        if (PathOptions.contains(key) && !value.isEmpty() && QDir::isRelativePath(value))
            argument = info.absoluteDir().filePath(value);
        result << u"--"_s + key + u'=' + argument;
    }
    return result;
}

QString ConfigFile::value(const QString &path, const QString &key)
{
    if (path.isEmpty() || !QFileInfo(path).isReadable())
        return {};
    return text(QSettings(path, QSettings::IniFormat).value(key)).trimmed();
}

QString ConfigFile::pathFrom(const QStringList &arguments)
{
    QString path;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--")
            break;
        if (argument.startsWith(u"--config="))
            path = argument.mid(9);
        else if (argument == u"--config" && i + 1 < arguments.size())
            path = arguments.at(++i);
    }
    return path;
}
