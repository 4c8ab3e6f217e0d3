#pragma once

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// A server's options from an INI file (--config FILE): each key is an option's long name
// and its value what the command line would take, so `port = 9600` means `--port=9600`.
// The file is turned into arguments that go before the command line's own: for a
// QCommandLineParser the last value given wins, so the command line overrides the file
// without a second set of rules.
//
//     # /etc/chatroom/server.conf
//     room = 技术部
//     port = 9527
//     tls-port = 9528
//     log-format = json
//     limit-loopback = true
//
// Keys may sit outside any section or under [General] (what QSettings writes).
class ConfigFile final
{
    Q_DECLARE_TR_FUNCTIONS(ConfigFile)

public:
    // Options whose value is a path: a relative one is read from the file's folder, not
    // from the working directory a service happens to start in (/ under systemd).
    static inline const QStringList PathOptions = {QStringLiteral("data-dir"),
                                                   QStringLiteral("password-file"),
                                                   QStringLiteral("cert"), QStringLiteral("key")};

    // The file's settings as "--name=value" arguments, checked against `options`: an
    // unknown key, a flag whose value is not a boolean, or a file that cannot be read is
    // an error (errorString()), never ignored, so a typo cannot silently leave a default
    // in force. A flag set to false adds nothing.
    std::optional<QStringList> arguments(const QString &path,
                                         const QList<QCommandLineOption> &options);
    QString errorString() const { return m_errorString; }

    // The value of one key (no checks), e.g. the language before the catalogue is loaded.
    static QString value(const QString &path, const QString &key);
    // The --config value in raw command-line arguments (arguments[0] is the program).
    static QString pathFrom(const QStringList &arguments);

private:
    std::optional<QStringList> fail(const QString &error);

    QString m_errorString;
};
