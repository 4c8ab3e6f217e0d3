#pragma once

#include "serverlogmodel.h"

#include <QListView>

class QAction;

// The server's read-only event log: a list view over a ServerLogModel. Every row has the
// height of one line, so the view lays out and paints only the rows on screen however
// long the log is, and a batch of new lines costs the same whether it holds one line or
// a thousand. The text is painted by the item delegate as plain text: a nickname or a
// chat line is shown exactly as typed and cannot carry markup. The view follows new lines
// unless the administrator has scrolled up to read; then the line being read stays put
// while the oldest lines leave. Selected lines are copied with Ctrl+C or the context
// menu, line breaks and all.
class ServerLogView final : public QListView
{
    Q_OBJECT

public:
    using Style = ServerLogModel::Style;
    static constexpr int DefaultMaximumLines = ServerLogModel::DefaultMaximumLines;

    explicit ServerLogView(QWidget *parent = nullptr);

    ServerLogModel *logModel() const { return m_model; }
    bool isFollowing() const;
    // The selected lines, oldest first, one per line of text.
    QString selectedText() const;
    void copySelection();

protected:
    void changeEvent(QEvent *event) override;

private:
    void onAboutToAppend();
    void onAppended(int removed);

    ServerLogModel *m_model = nullptr;
    QAction *m_copyAction = nullptr;
    bool m_follow = true;
};
