#include "scrollrun.h"

#include "processclock.h"

#include "eventformatter.h"
#include "roomevent.h"
#include "transcriptmodel.h"
#include "transcriptview.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTest>
#include <QTextCursor>
#include <QTextEdit>

#include <cstdio>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A plausible room: 20 speakers taking turns in short runs, texts from a few words to a
// few lines, now and then someone joining or leaving. The same events for both widgets.
RoomEvent eventAt(int i, qint64 startMs)
{
    static const QString words = u"the quick brown fox jumps over the lazy dog 今天 天气 很好 "
                                 "我们 一起 去 公园 吧 https://example.org/a/long/path "_s;
    RoomEvent event;
    event.seq = quint64(i) + 1;
    event.atMs = startMs + qint64(i) * 2000;
    event.nickname = u"member%1"_s.arg((i / 3) % 20);
    if (i % 50 == 49) {
        event.kind = i % 100 == 99 ? RoomEvent::Kind::Left : RoomEvent::Kind::Joined;
        return event;
    }
    event.kind = RoomEvent::Kind::Chat;
    const int length = 8 + (i * 37) % 160; // characters: one to three lines at 640 px
    event.text = words.mid((i * 13) % 40).repeated(3).left(length);
    return event;
}

// What ChatLogView did per event (before the transcript model): one block of plain text,
// the time in front.
void appendLine(QTextEdit &log, const RoomEvent &event)
{
    QTextCursor cursor(log.document());
    cursor.movePosition(QTextCursor::End);
    if (!log.document()->isEmpty())
        cursor.insertBlock();
    cursor.insertText(QDateTime::fromMSecsSinceEpoch(event.atMs).toString(u"HH:mm "_s)
                      + EventFormatter::format(event).text);
}

// Top to bottom a page at a time, painting the viewport at every step as a user dragging
// the scroll bar would see it.
void scrollThrough(QAbstractScrollArea &area, int &pages)
{
    QScrollBar *bar = area.verticalScrollBar();
    bar->setValue(bar->minimum());
    area.viewport()->repaint();
    pages = 0;
    while (bar->value() < bar->maximum()) {
        bar->setValue(bar->value() + bar->pageStep());
        area.viewport()->repaint();
        QCoreApplication::processEvents();
        ++pages;
    }
}

} // namespace

int ScrollRun::run()
{
    const bool view = m_options.widget == Widget::TranscriptView;
    TranscriptModel model;
    model.setMaximumRows(m_options.events);
    std::unique_ptr<QAbstractScrollArea> area;
    if (view) {
        auto transcript = std::make_unique<TranscriptView>();
        transcript->setModel(&model);
        area = std::move(transcript);
    } else {
        // As ChatLogView set itself up, without its 5000-line cap: the same 100,000 events.
        auto log = std::make_unique<QTextEdit>();
        log->setReadOnly(true);
        log->setAcceptRichText(false);
        log->setUndoRedoEnabled(false);
        log->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        area = std::move(log);
    }
    area->resize(m_options.width, m_options.height);
    area->show();
    if (!QTest::qWaitForWindowExposed(area.get()))
        std::fprintf(stderr, "window not exposed\n");
    QCoreApplication::processEvents();
    const qint64 rssBefore = ProcessClock::rssKb();

    QElapsedTimer timer;
    timer.start();
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch() - qint64(m_options.events) * 2000;
    for (int i = 0; i < m_options.events; ++i) {
        const RoomEvent event = eventAt(i, startMs);
        if (view)
            model.addEvent(event);
        else
            appendLine(static_cast<QTextEdit &>(*area), event);
    }
    // The layout the view puts off until the event loop runs, and the first paint.
    QCoreApplication::processEvents();
    area->viewport()->repaint();
    const double fillS = timer.nsecsElapsed() / 1e9;
    const qint64 rssAfter = ProcessClock::rssKb();

    int pages = 0;
    timer.restart();
    scrollThrough(*area, pages);
    const double scrollS = timer.nsecsElapsed() / 1e9;
    std::printf("RESULT mode=scroll widget=%s events=%d fill_s=%.3f rss_added_kb=%lld "
                "scroll_s=%.3f pages=%d ms_per_page=%.2f peak_rss_kb=%lld\n",
                view ? "transcriptview" : "qtextedit", m_options.events, fillS,
                rssAfter - rssBefore, scrollS, pages, pages > 0 ? scrollS * 1000 / pages : 0.0,
                ProcessClock::peakRssKb());
    std::fflush(stdout);
    return pages > 0 ? 0 : 1;
}
