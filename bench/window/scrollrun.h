#pragma once

#include <QString>

// 100,000 events in a transcript (issue 13, "Performance"), shown either by the window's
// TranscriptModel and TranscriptView or by what the client had before: a QTextEdit with
// one plain-text line appended per event. One kind per process, so that the resident
// memory it adds is its own. Reports the time to fill, the memory added, and the time to
// scroll from top to bottom a page at a time, the viewport painted at every step.
class ScrollRun final
{
public:
    enum class Widget : quint8 { TranscriptView, TextEdit };
    struct Options
    {
        Widget widget = Widget::TranscriptView;
        int events = 100'000;
        int width = 640;
        int height = 720;
    };

    explicit ScrollRun(const Options &options)
        : m_options(options)
    {
    }

    // Needs a QApplication; prints one RESULT line and returns the exit status.
    int run();

private:
    Options m_options;
};
