#pragma once

#include <QStringList>
#include <QTimer>
#include <QWidget>

class ChatSession;
class QLabel;

// The Says on their way, between the log and the input: "sending… text" for each, so a
// message typed while the connection is away is seen waiting rather than lost. Each goes
// when its Chat comes back or the session reports it failed (the log then says so).
// Connected, every Say waits a few milliseconds for its echo, which is no news: a Say is
// shown while the session is not joined, or once it has waited showAfter(). Plain text
// only, one elided line per Say, at most MaxLines and then "and N more".
class OutboxStrip final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int MaxLines = 3;
    static constexpr int DefaultShowAfterMs = 1000;

    explicit OutboxStrip(ChatSession *session, QWidget *parent = nullptr);

    void setShowAfter(int ms);
    int showAfter() const { return m_showAfterMs; }
    // The member texts shown now, oldest first, whole (before eliding).
    QStringList shownTexts() const { return m_texts; }

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    // Reads the session's outbox again and arms the timer for the next Say to come due.
    void refresh();
    void render();

    ChatSession *m_session = nullptr;
    QList<QLabel *> m_lines;
    QLabel *m_more = nullptr;
    QStringList m_texts;
    qsizetype m_hidden = 0; // shown-worthy Says beyond MaxLines
    int m_showAfterMs = DefaultShowAfterMs;
    QTimer m_due;
};
