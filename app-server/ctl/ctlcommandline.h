#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

// chatroomctl's command line: a subcommand and its arguments, turned into the request the
// admin socket takes (docs/admin-socket.md), plus --socket, --json and --lang. Checked
// here as far as the tool can (a ban's duration, a ban id), so a typo is exit status 2
// before anything reaches the server.
class CtlCommandLine final
{
    Q_DECLARE_TR_FUNCTIONS(CtlCommandLine)

public:
    // The --lang value without a full parse, so --help itself can be translated.
    static QString languageFrom(const QStringList &arguments);

    // arguments[0] is the program. False with errorString() for a bad command line; true
    // with helpRequested or versionRequested set when there is nothing to send.
    bool parse(const QStringList &arguments);
    QString errorString() const { return m_errorString; }
    QString helpText() const { return m_helpText; }

    bool helpRequested = false;
    bool versionRequested = false;
    bool json = false;
    QString socketPath; // --socket, or the first of AdminProtocol::clientSocketCandidates()
    bool socketGiven = false;
    QString command;
    QJsonObject request;

private:
    bool readCommand(const QStringList &positional, bool banOptions, const QString &duration,
                     bool nameOnly);
    bool fail(const QString &error);

    QString m_errorString;
    QString m_helpText;
};
