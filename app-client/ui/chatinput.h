#pragma once

#include <QPlainTextEdit>
#include <QPointer>
#include <QStringList>

class MemberListModel;
class MentionFilter;
class QCompleter;

// The box people type into, several lines high as in QQ: Enter sends, Shift+Enter breaks
// the line. Up on the first line and Down on the last recall earlier messages as in a
// shell. "@" opens a completer of the room's members (Enter or Tab takes one); Tab after
// a bare word completes a member's name (pressed again, the next match).
class ChatInput final : public QPlainTextEdit
{
    Q_OBJECT

public:
    static constexpr int MaximumHistory = 100;

    explicit ChatInput(QWidget *parent = nullptr);

    QString text() const { return toPlainText(); }
    // Replaces the text and puts the cursor at its end.
    void setText(const QString &text);

    // The members "@" and Tab complete, followed as they join and leave.
    void setCompletionModel(MemberListModel *members);
    // Keeps a sent message for Up and starts browsing afresh from the newest one.
    void remember(const QString &line);
    // The "@" completer's list, shown while an "@name" is being typed.
    QWidget *mentionPopup() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    // Enter was pressed on something worth sending; a blank input is cleared instead.
    void submitted();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void inputMethodEvent(QInputMethodEvent *event) override;

private:
    bool handleMentionKey(QKeyEvent *event);
    void submit();
    bool recall(int step);
    void complete();
    void resetCompletion();
    void updateMention();
    void insertMention(const QString &name);
    int heightForLines(int lines) const;

    QStringList m_history;
    qsizetype m_historyIndex = 0; // == m_history.size(): the text being typed
    QString m_draft;
    QPointer<MemberListModel> m_members;
    MentionFilter *m_mentions = nullptr;
    QCompleter *m_completer = nullptr;
    // Tab pressed again cycles through the names that matched the first time.
    QStringList m_matches;
    qsizetype m_matchIndex = -1;
    qsizetype m_wordStart = -1;
    bool m_completing = false;
    bool m_settingText = false;
};
