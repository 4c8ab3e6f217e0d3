// chatroomctl: the administrator's command line for a running server, through its admin
// socket (docs/admin-socket.md). Qt Core and Network only. Exit status: 0 done, 1 the
// server said no, 2 a bad command line, 3 the server could not be reached.
#include "adminclient.h"
#include "ctlcommandline.h"
#include "ctlprinter.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

enum ExitStatus { Done = 0, Refused = 1, BadCommandLine = 2, Unreachable = 3 };

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
}

void printError(const QString &message)
{
    print(stderr, u"chatroomctl: "_s + message + u'\n');
}

void installTranslator(QCoreApplication &app)
{
    const QString language = CtlCommandLine::languageFrom(QCoreApplication::arguments());
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale);
    auto *translator = new QTranslator(&app);
    if (translator->load(locale, u"chatroomctl"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(translator);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

int answer(const CtlCommandLine &commandLine, const QByteArray &line)
{
    const QJsonObject response = QJsonDocument::fromJson(line).object();
    if (commandLine.json)
        print(stdout, QString::fromUtf8(line) + u'\n');
    if (response.value(u"ok"_s).toBool()) {
        if (!commandLine.json)
            print(stdout, CtlPrinter::text(commandLine.command, response));
        return Done;
    }
    const QString code = response.value(u"code"_s).toString();
    // Turned away before any command: as good as not reaching the server at all.
    const bool unreachable = code == u"forbidden" || code == u"busy";
    if (!commandLine.json || unreachable) {
        printError(
            CtlPrinter::refusal(response)
            + (code == u"forbidden" ? u" ("_s + AdminClient::permissionHint() + u')' : QString()));
    }
    return unreachable ? Unreachable : Refused;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"chatroomctl"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CHATROOM_VERSION));
    installTranslator(app);

    CtlCommandLine commandLine;
    if (!commandLine.parse(QCoreApplication::arguments())) {
        printError(commandLine.errorString());
        return BadCommandLine;
    }
    if (commandLine.helpRequested) {
        print(stdout, commandLine.helpText());
        return Done;
    }
    if (commandLine.versionRequested) {
        print(stdout, u"chatroomctl %1\n"_s.arg(QCoreApplication::applicationVersion()));
        return Done;
    }
    AdminClient client;
    const std::optional<QByteArray> line = client.send(commandLine.socketPath, commandLine.request);
    if (!line) {
        printError(client.errorString());
        return Unreachable;
    }
    return answer(commandLine, *line);
}
