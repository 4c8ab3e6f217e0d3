#pragma once

#include <QPersistentModelIndex>
#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;
class TranscriptModel;
class TranscriptView;

// Ctrl+F over the transcript: typing finds the next row holding the words (the model's
// search: case-insensitive, NFKC-folded), Enter and the arrows go on to the next or the
// previous one, wrapping around; the match is selected and scrolled to, and the words
// are marked in every message shown. Esc closes it.
class TranscriptSearchBar final : public QWidget
{
    Q_OBJECT

public:
    TranscriptSearchBar(TranscriptModel *model, TranscriptView *view, QWidget *parent = nullptr);

    // Shows the bar with the field focused and its text selected, ready to type over.
    void open();
    void findNext();
    void findPrevious();
    // The row of the current match; -1 when there is none.
    int currentMatch() const { return m_current.isValid() ? m_current.row() : -1; }
    bool hasNoMatch() const { return m_noMatch; }
    QLineEdit *field() const { return m_field; }

Q_SIGNALS:
    // Esc or the close button: the window gives the focus back to the input.
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // from: the row to search after (or before); inclusive of the current one while typing.
    void search(int from, bool forward);
    void showResult(int row);
    void close();

    TranscriptModel *m_model = nullptr;
    TranscriptView *m_view = nullptr;
    QLineEdit *m_field = nullptr;
    QToolButton *m_previous = nullptr;
    QToolButton *m_next = nullptr;
    QLabel *m_status = nullptr;
    // Rows come and go (history above, the oldest dropped): a row number would drift.
    QPersistentModelIndex m_current;
    bool m_noMatch = false;
};
