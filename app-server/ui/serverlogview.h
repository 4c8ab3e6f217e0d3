#pragma once

#include <QDateTime>
#include <QPlainTextEdit>

// The server's read-only event log. Lines go in as plain text through QTextCursor with a
// QTextCharFormat, never as HTML: a nickname or a chat line is shown exactly as typed and
// cannot carry markup. The scrollback is bounded so a busy room cannot eat the memory,
// and the view follows new lines unless the administrator has scrolled up to read.
class ServerLogView final : public QPlainTextEdit
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
    };

    explicit ServerLogView(QWidget *parent = nullptr);

    void addLine(const QDateTime &at, const QString &text, Style style);
    // A line without a time, "—— text ——", between what came before and what follows.
    void addDivider(const QString &text);
    bool isFollowing() const;
};
