#pragma once

#include <QLineEdit>
#include <QPointer>
#include <QStringList>

class MemberListModel;

// The line people type into: Up and Down recall earlier lines as in a shell, and Tab
// completes a member's name (pressed again, the next match).
class ChatInput final : public QLineEdit
{
    Q_OBJECT

public:
    static constexpr int MaximumHistory = 100;

    explicit ChatInput(QWidget *parent = nullptr);

    // Tab completes the names of these members, read when Tab is pressed.
    void setCompletionModel(const MemberListModel *members);
    // Keeps a sent line for Up and starts browsing afresh from the newest one.
    void remember(const QString &line);

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void recall(int step);
    void complete();
    void resetCompletion();

    QStringList m_history;
    qsizetype m_historyIndex = 0; // == m_history.size(): the line being typed
    QString m_draft;
    QPointer<const MemberListModel> m_members;
    // Tab pressed again cycles through the names that matched the first time.
    QStringList m_matches;
    qsizetype m_matchIndex = -1;
    qsizetype m_wordStart = -1;
    bool m_completing = false;
};
