#pragma once

#include "serverconfig.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QCommandLineParser;

// The command line of chatroom-server: every limit of ServerConfig with the spec's
// default, plus --headless and --lang. --help and --version print and exit as usual.
class ServerOptions final
{
    Q_DECLARE_TR_FUNCTIONS(ServerOptions)

public:
    // The --lang value without a full parse, so the help text itself can be translated.
    static QString languageFrom(const QStringList &arguments);

    // False with errorString() when a value is out of range. --help, --version and an
    // unknown option print and exit, as QCommandLineParser::process() does.
    bool parse(const QCoreApplication &app);
    // The same without process(): arguments[0] is the program; an unknown option is an
    // error, and --help and --version are not acted on. For tests.
    bool parse(const QStringList &arguments);
    QString errorString() const { return m_errorString; }

    ServerConfig config;
    bool headless = false;
    QString language; // empty: follow the system locale

private:
    static void addOptions(QCommandLineParser &parser);
    bool read(const QCommandLineParser &parser);
    bool fail(const QString &error);

    QString m_errorString;
};
