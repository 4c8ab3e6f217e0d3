#include "ctlcommandline.h"

#include "admin/adminprotocol.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

QString CtlCommandLine::languageFrom(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument.startsWith(u"--lang="))
            return argument.mid(7);
        if (argument == u"--lang" && i + 1 < arguments.size())
            return arguments.at(i + 1);
    }
    return {};
}

bool CtlCommandLine::fail(const QString &error)
{
    m_errorString = error;
    return false;
}

bool CtlCommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Controls a running chatroom-serverd or chatroom-server through its admin socket.")
        + u"\n\n"_s + tr("Commands:") + u"\n  status              "_s
        + tr("the room at a glance: members, messages per second, uptime, log size")
        + u"\n  members             "_s + tr("who is in the room") + u"\n  broadcast TEXT      "_s
        + tr("say TEXT to the room as the administrator") + u"\n  kick NAME           "_s
        + tr("remove a member from the room") + u"\n  ban NAME            "_s
        + tr("kick NAME and keep the name (and its address) out; see --duration, --name-only")
        + u"\n  unban ID            "_s + tr("lift the ban with this number (see bans)")
        + u"\n  bans                "_s + tr("the bans in force"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption socket(
        u"socket"_s,
        tr("The server's admin socket <path> (default: the first of %1 that exists).")
            .arg(AdminProtocol::clientSocketCandidates().join(u", "_s)),
        tr("path"));
    const QCommandLineOption jsonOption(u"json"_s,
                                        tr("Print the server's JSON response as it is, one line."));
    const QCommandLineOption lang(u"lang"_s, tr("Output <language>: zh_CN or en."), tr("language"));
    const QCommandLineOption duration(
        u"duration"_s,
        tr("ban: for how long, e.g. 10m, 1h, 1d or permanent (default: 10m, as the window)."),
        tr("time"));
    const QCommandLineOption nameOnly(u"name-only"_s,
                                      tr("ban: the name alone, not the member's address."));
    parser.addOptions({socket, jsonOption, lang, duration, nameOnly});
    parser.addPositionalArgument(u"command"_s, tr("What to do (see Commands above)."),
                                 tr("command [arguments]"));
    const bool parsed = parser.parse(arguments);
    m_helpText = parser.helpText();
    if (!parsed)
        return fail(parser.errorText());
    helpRequested = parser.isSet(help) || parser.isSet(u"help-all"_s);
    versionRequested = parser.isSet(version);
    if (helpRequested || versionRequested)
        return true;
    json = parser.isSet(jsonOption);
    socketGiven = parser.isSet(socket);
    socketPath = socketGiven ? parser.value(socket) : AdminProtocol::chooseClientSocket();
    if (socketPath.isEmpty())
        return fail(tr("--socket needs a path."));
    return readCommand(
        parser.positionalArguments(), parser.isSet(duration) || parser.isSet(nameOnly),
        parser.isSet(duration) ? parser.value(duration) : QString(), parser.isSet(nameOnly));
}

bool CtlCommandLine::readCommand(const QStringList &positional, bool banOptions,
                                 const QString &duration, bool nameOnly)
{
    if (positional.isEmpty())
        return fail(tr("No command given; see chatroomctl --help."));
    command = positional.constFirst();
    const QStringList rest = positional.mid(1);
    if (banOptions && command != u"ban")
        return fail(tr("--duration and --name-only go with ban only."));
    request = {{u"command"_s, command}};
    if (command == u"status" || command == u"members" || command == u"bans") {
        if (!rest.isEmpty())
            return fail(tr("%1 takes no arguments.").arg(command));
        return true;
    }
    if (command == u"broadcast") {
        // The words as typed, so quoting is not needed for a sentence.
        const QString text = rest.join(u' ');
        if (text.isEmpty())
            return fail(tr("broadcast needs the text to send."));
        request.insert(u"text"_s, text);
        return true;
    }
    if (command == u"kick" || command == u"ban") {
        if (rest.size() != 1 || rest.constFirst().isEmpty())
            return fail(tr("%1 needs one member's name (quote a name with spaces).").arg(command));
        request.insert(u"name"_s, rest.constFirst());
        if (!duration.isEmpty() || banOptions) {
            if (!duration.isNull() && !AdminProtocol::parseDuration(duration))
                return fail(
                    tr("Not a duration: %1 (use e.g. 10m, 1h, 1d or permanent).").arg(duration));
            if (!duration.isNull())
                request.insert(u"duration"_s, duration);
            if (nameOnly)
                request.insert(u"nameOnly"_s, true);
        }
        return true;
    }
    if (command == u"unban") {
        bool ok = false;
        const qint64 id = rest.size() == 1 ? rest.constFirst().toLongLong(&ok) : 0;
        if (!ok || id < 1)
            return fail(tr("unban needs the number of a ban (see chatroomctl bans)."));
        request.insert(u"id"_s, id);
        return true;
    }
    return fail(tr("Unknown command: %1 (see chatroomctl --help).").arg(command));
}
