// chatroom-window-bench: the client window's figures for issue 13 (docs/benchmarks.md,
// "The chat window (issue 13)"); scripts/bench-window.sh runs it.
//
//   chatroom-window-bench live   --port P [--host H] [--name N] [--idle-ms MS]
//   chatroom-window-bench churn  --port P [--host H] [--name N] [--cycles C]
//   chatroom-window-bench scroll [--widget transcriptview|qtextedit] [--events E]
//
// live shows the real ChatWindow (offscreen, or on whatever QT_QPA_PLATFORM says) and
// measures it while another process loads the room; churn is such a process, one member
// joining and leaving; scroll fills a transcript and scrolls through it.
#include "churnmember.h"
#include "livewindowrun.h"
#include "scrollrun.h"

#include "emojipicker.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    const QString mode = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    // churn needs no display; the others build widgets.
    const std::unique_ptr<QCoreApplication> app = mode == u"churn"_s
        ? std::make_unique<QCoreApplication>(argc, argv)
        : std::make_unique<QApplication>(argc, argv);
    if (mode != u"churn"_s) {
        // As chatroom-client's main.cpp does: the same fonts, the same text layout costs.
        QApplication::setFont(EmojiPicker::emojiFallback(QApplication::font()));
    }

    QCommandLineParser parser;
    parser.addPositionalArgument(u"mode"_s, u"live, churn or scroll"_s);
    const QCommandLineOption host(u"host"_s, u"The server's address."_s, u"host"_s, u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, u"The server's port."_s, u"port"_s);
    const QCommandLineOption name(u"name"_s, u"The member's name."_s, u"name"_s);
    const QCommandLineOption idle(u"idle-ms"_s, u"live: stop after this long without events."_s,
                                  u"ms"_s, u"1500"_s);
    const QCommandLineOption cycles(u"cycles"_s, u"churn: join and leave this often."_s, u"count"_s,
                                    u"10000"_s);
    const QCommandLineOption widget(u"widget"_s, u"scroll: transcriptview or qtextedit."_s,
                                    u"widget"_s, u"transcriptview"_s);
    const QCommandLineOption events(u"events"_s, u"scroll: events in the transcript."_s, u"count"_s,
                                    u"100000"_s);
    parser.addOptions({host, port, name, idle, cycles, widget, events});
    parser.addHelpOption();
    parser.process(*app);

    if (mode == u"live"_s) {
        LiveWindowRun::Options options;
        options.host = parser.value(host);
        options.port = quint16(parser.value(port).toUInt());
        if (parser.isSet(name))
            options.name = parser.value(name);
        options.idleMs = parser.value(idle).toInt();
        LiveWindowRun run(options);
        return run.exec();
    }
    if (mode == u"churn"_s) {
        ChurnMember::Options options;
        options.host = parser.value(host);
        options.port = quint16(parser.value(port).toUInt());
        if (parser.isSet(name))
            options.name = parser.value(name);
        options.cycles = parser.value(cycles).toInt();
        return ChurnMember(options).run();
    }
    if (mode == u"scroll"_s) {
        ScrollRun::Options options;
        options.widget = parser.value(widget) == u"qtextedit"_s ? ScrollRun::Widget::TextEdit
                                                                : ScrollRun::Widget::TranscriptView;
        options.events = parser.value(events).toInt();
        return ScrollRun(options).run();
    }
    std::fprintf(stderr, "usage: chatroom-window-bench live|churn|scroll [options] (--help)\n");
    return 2;
}
