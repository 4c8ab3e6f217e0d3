#pragma once

#include <QTimer>
#include <QWidget>

#include <chrono>

class QLabel;
class QLineEdit;
class QListWidget;
class RoomLog;

// A search box over the room's transcript, for the administrator: Enter (or a short pause
// in typing) runs RoomLog::search() and lists the matches, newest first, each worded as
// the event log words it. The results are a snapshot of when the search ran. An empty
// query hides them, and isSearching() turns false so the window shows its live log again.
// Widgets: "searchEdit", "searchCount", "searchResults".
class TranscriptSearch final : public QWidget
{
    Q_OBJECT

public:
    // The most matches listed; the count says when there may be more.
    static constexpr int MaxResults = 200;

    explicit TranscriptSearch(const RoomLog &log, QWidget *parent = nullptr);

    bool isSearching() const { return m_searching; }
    // The pause in typing after which the search runs by itself.
    void setDebounce(std::chrono::milliseconds pause) { m_debounce.setInterval(pause); }

    // Runs the search for what the box holds now.
    void search();

signals:
    void searchingChanged(bool searching);

private:
    void onTextChanged(const QString &text);
    void showResults(const QString &query);
    void setSearching(bool searching);

    const RoomLog &m_log;
    QLineEdit *m_edit = nullptr;
    QLabel *m_count = nullptr;
    QListWidget *m_results = nullptr;
    QTimer m_debounce;
    bool m_searching = false;
};
