#include "chatinput.h"

#include "memberlistmodel.h"
#include "nickname.h"

#include <QKeyEvent>

ChatInput::ChatInput(QWidget *parent)
    : QLineEdit(parent)
{
    connect(this, &QLineEdit::textEdited, this, [this] {
        resetCompletion();
        // Typing over a recalled line makes it the new draft.
        m_historyIndex = m_history.size();
    });
}

void ChatInput::remember(const QString &line)
{
    if (!line.isEmpty() && (m_history.isEmpty() || m_history.constLast() != line))
        m_history.append(line);
    while (m_history.size() > MaximumHistory)
        m_history.removeFirst();
    m_historyIndex = m_history.size();
    m_draft.clear();
    resetCompletion();
}

bool ChatInput::event(QEvent *event)
{
    // QWidget::event() moves the focus on Tab before keyPressEvent() would see it.
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier) {
            complete();
            return true;
        }
    }
    return QLineEdit::event(event);
}

void ChatInput::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Up:
        recall(-1);
        return;
    case Qt::Key_Down:
        recall(+1);
        return;
    default:
        break;
    }
    QLineEdit::keyPressEvent(event);
}

void ChatInput::recall(int step)
{
    const qsizetype next = m_historyIndex + step;
    if (next < 0 || next > m_history.size())
        return;
    if (m_historyIndex == m_history.size())
        m_draft = text();
    m_historyIndex = next;
    setText(m_historyIndex == m_history.size() ? m_draft : m_history.at(m_historyIndex));
    resetCompletion();
}

void ChatInput::setCompletionModel(const MemberListModel *members)
{
    m_members = members;
}

void ChatInput::complete()
{
    if (!m_completing) {
        const QString line = text();
        const qsizetype end = cursorPosition();
        qsizetype start = end;
        while (start > 0 && !line.at(start - 1).isSpace())
            --start;
        const QString prefix = Nickname::key(line.mid(start, end - start));
        if (prefix.isEmpty())
            return;
        m_matches.clear();
        const int rows = m_members ? m_members->rowCount() : 0;
        for (int row = 0; row < rows; ++row) {
            if (m_members->keyAt(row).startsWith(prefix))
                m_matches.append(m_members->nameAt(row));
        }
        if (m_matches.isEmpty())
            return;
        m_wordStart = start;
        m_matchIndex = -1;
        m_completing = true;
    }
    // The previous completion ends at the cursor; replace it with the next match.
    m_matchIndex = (m_matchIndex + 1) % m_matches.size();
    const QString name = m_matches.at(m_matchIndex) + u' ';
    const QString line = text();
    const qsizetype end = cursorPosition();
    setText(line.left(m_wordStart) + name + line.mid(end));
    setCursorPosition(int(m_wordStart + name.size()));
}

void ChatInput::resetCompletion()
{
    m_completing = false;
    m_matches.clear();
    m_matchIndex = -1;
    m_wordStart = -1;
}
