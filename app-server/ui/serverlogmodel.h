#pragma once

#include <QAbstractListModel>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QList>

// The server's event log as a list model: the last maximumLines() lines, in a ring, so a
// busy room neither eats memory nor slows down the view (ServerLogView lays out only the
// rows on screen). Lines go in a batch at a time, with one removal of the oldest and one
// insertion per batch, never one per event. A chat line keeps who said what and is worded
// (ServerEventFormatter::chat) and stamped only when a view asks for it, so a line that
// scrolls out unseen costs nothing but its slot.
//
// Everything is plain text: DisplayRole and TextRole hold the line as typed, and no other
// role carries member data (a tool tip would guess rich text).
class ServerLogModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    static constexpr int DefaultMaximumLines = 10'000;

    enum class Style : quint8 {
        Presence, // joins and leaves: quiet
        Chat, // what members say: plain
        Admin, // the administrator's broadcasts: stand out
        Server, // the server's own events (notices, start, stop): grey italic
        Problem, // a connection the server closed or refused: orange italic
        Past, // any room event read back from the log, above the divider: quiet
        Divider, // "—— text ——" between the past and what follows live; no time
    };

    enum Role : int {
        StyleRole = Qt::UserRole, // the line's Style, as an int
        // The line with its line breaks, as copied; DisplayRole keeps a row to one line.
        TextRole,
    };

    struct Line
    {
        QDateTime at; // ignored for a Divider
        Style style = Style::Server;
        QString text; // the line as worded; for Chat, what was said
        QString from; // Chat only: who said it
    };

    explicit ServerLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // Appends the lines, oldest first; the oldest lines of the log make room for them.
    void append(QList<Line> lines);
    void append(Line line) { append(QList<Line> {std::move(line)}); }

    void setMaximumLines(int maximum);
    int maximumLines() const { return m_maximumLines; }
    // Colours for a dark palette (the view's Base is dark) or a light one.
    void setDarkPalette(bool dark);
    bool isDarkPalette() const { return m_dark; }

    // The line at `row` as shown, or with its line breaks (withBreaks) as copied.
    QString lineText(int row, bool withBreaks = false) const;

signals:
    // Around each append, so a view can keep following the newest line or keep the line
    // being read in place; removed is how many of the oldest lines went.
    void aboutToAppend();
    void appended(int removed);

private:
    const Line &lineAt(int row) const;
    QVariant foreground(Style style) const;

    // A ring once full: row r is m_lines[(m_first + r) % m_lines.size()]. Until then
    // m_first is 0 and the rows are the list.
    QList<Line> m_lines;
    qsizetype m_first = 0;
    qsizetype m_count = 0;
    int m_maximumLines = DefaultMaximumLines;
    bool m_dark = false;
    QFont m_italic;
    QFont m_bold;
};
