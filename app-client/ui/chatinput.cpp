#include "chatinput.h"

#include "chattext.h"
#include "memberlistmodel.h"
#include "mentionfilter.h"
#include "nickname.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QScrollBar>
#include <QTextLayout>
#include <QtMath>

using namespace Qt::StringLiterals;

namespace {
constexpr int MinimumLines = 2;
constexpr int MaximumLines = 6; // then it scrolls, so the transcript keeps its room
} // namespace

ChatInput::ChatInput(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (m_settingText)
            return;
        resetCompletion();
        // Typing over a recalled message makes it the new draft.
        m_historyIndex = m_history.size();
    });
    // The box grows with its lines up to MaximumLines.
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { updateGeometry(); });
}

void ChatInput::setText(const QString &text)
{
    m_settingText = true;
    setPlainText(text);
    moveCursor(QTextCursor::End);
    m_settingText = false;
    if (m_completer)
        m_completer->popup()->hide();
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

void ChatInput::setCompletionModel(MemberListModel *members)
{
    m_members = members;
    if (!m_completer) {
        m_mentions = new MentionFilter(this);
        m_completer = new QCompleter(this);
        m_completer->setModel(m_mentions);
        // MentionFilter has filtered and ordered the names already.
        m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
        m_completer->setCompletionRole(Qt::DisplayRole);
        m_completer->setWidget(this);
        m_completer->popup()->setObjectName(u"mentionPopup"_s);
        // A click on a name; keys are handled in handleMentionKey() before the completer's.
        connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this,
                [this](const QModelIndex &index) {
                    insertMention(index.data(Qt::DisplayRole).toString());
                });
    }
    m_mentions->setSourceModel(members);
}

QWidget *ChatInput::mentionPopup() const
{
    return m_completer ? m_completer->popup() : nullptr;
}

int ChatInput::heightForLines(int lines) const
{
    // Lines with Chinese or emoji take their height from the fallback fonts, taller than
    // the font's own metrics: measure a line that has both.
    QTextLayout layout(u"Ag\u56fd\U0001F600"_s, font());
    layout.beginLayout();
    const QTextLine line = layout.createLine();
    layout.endLayout();
    const int lineHeight = qMax(fontMetrics().lineSpacing(), qCeil(line.height()));
    return lines * lineHeight + int(2 * document()->documentMargin()) + 2 * frameWidth();
}

QSize ChatInput::sizeHint() const
{
    // QPlainTextDocumentLayout measures the document's height in lines.
    const int lines = qBound(MinimumLines, int(document()->size().height()), MaximumLines);
    return {QPlainTextEdit::sizeHint().width(), heightForLines(lines)};
}

QSize ChatInput::minimumSizeHint() const
{
    return {QPlainTextEdit::minimumSizeHint().width(), heightForLines(MinimumLines)};
}

bool ChatInput::event(QEvent *event)
{
    // QWidget::event() moves the focus on Tab before keyPressEvent() would see it.
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier) {
            if (!handleMentionKey(key))
                complete();
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

void ChatInput::keyPressEvent(QKeyEvent *event)
{
    if (handleMentionKey(event))
        return;
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        // QQ's keys: Enter sends, Shift+Enter (or Ctrl+Enter) breaks the line. A real
        // line feed, not QTextEdit's U+2028, so the text has the lines the user sees.
        if (modifiers & (Qt::ShiftModifier | Qt::ControlModifier))
            textCursor().insertText(u"\n"_s);
        else if (modifiers == Qt::NoModifier)
            submit();
        ensureCursorVisible();
        return;
    case Qt::Key_Up:
    case Qt::Key_Down: {
        // Only from the first or last line: within a message the arrows move the cursor.
        QTextCursor probe = textCursor();
        const bool up = event->key() == Qt::Key_Up;
        if (modifiers == Qt::NoModifier
            && !probe.movePosition(up ? QTextCursor::Up : QTextCursor::Down)
            && recall(up ? -1 : +1))
            return;
        break;
    }
    default:
        break;
    }
    QPlainTextEdit::keyPressEvent(event);
    updateMention();
}

void ChatInput::inputMethodEvent(QInputMethodEvent *event)
{
    // Chinese typed through an input method arrives here, not as key presses.
    QPlainTextEdit::inputMethodEvent(event);
    updateMention();
}

bool ChatInput::handleMentionKey(QKeyEvent *event)
{
    QAbstractItemView *popup = m_completer ? m_completer->popup() : nullptr;
    if (!popup || !popup->isVisible())
        return false;
    const QAbstractItemModel *model = popup->model();
    const int rows = model ? model->rowCount() : 0;
    const int current = popup->currentIndex().isValid() ? popup->currentIndex().row() : 0;
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Tab:
        if (event->modifiers() & Qt::ShiftModifier)
            return false;
        if (rows > 0)
            insertMention(model->index(current, 0).data(Qt::DisplayRole).toString());
        popup->hide();
        return true;
    case Qt::Key_Escape:
        popup->hide();
        return true;
    case Qt::Key_Up:
    case Qt::Key_Down:
        if (rows > 0) {
            const int step = event->key() == Qt::Key_Up ? rows - 1 : 1;
            popup->setCurrentIndex(model->index((current + step) % rows, 0));
        }
        return true;
    default:
        return false;
    }
}

void ChatInput::submit()
{
    // A blank message is neither sent nor kept: Enter on it just empties the box.
    if (ChatText::check(text()) == ChatText::Verdict::Empty) {
        clear();
        return;
    }
    emit submitted();
}

bool ChatInput::recall(int step)
{
    const qsizetype next = m_historyIndex + step;
    if (next < 0 || next > m_history.size())
        return false;
    if (m_historyIndex == m_history.size())
        m_draft = text();
    m_historyIndex = next;
    setText(m_historyIndex == m_history.size() ? m_draft : m_history.at(m_historyIndex));
    resetCompletion();
    return true;
}

void ChatInput::complete()
{
    const QString line = text();
    const qsizetype end = textCursor().position();
    if (!m_completing) {
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
    QTextCursor cursor = textCursor();
    cursor.setPosition(int(m_wordStart));
    cursor.setPosition(int(end), QTextCursor::KeepAnchor);
    m_settingText = true;
    cursor.insertText(m_matches.at(m_matchIndex) + u' ');
    m_settingText = false;
    setTextCursor(cursor);
}

void ChatInput::resetCompletion()
{
    m_completing = false;
    m_matches.clear();
    m_matchIndex = -1;
    m_wordStart = -1;
}

void ChatInput::updateMention()
{
    if (!m_completer)
        return;
    QAbstractItemView *popup = m_completer->popup();
    const auto token = MentionFilter::tokenAt(text(), textCursor().position());
    if (!token) {
        popup->hide();
        return;
    }
    m_mentions->setQuery(token->typed);
    if (m_mentions->rowCount() == 0) {
        popup->hide();
        return;
    }
    QRect rect = cursorRect();
    rect.setWidth(popup->sizeHintForColumn(0) + popup->verticalScrollBar()->sizeHint().width()
                  + 2 * popup->frameWidth());
    m_completer->complete(rect);
    popup->setCurrentIndex(m_completer->completionModel()->index(0, 0));
}

void ChatInput::insertMention(const QString &name)
{
    if (m_completer)
        m_completer->popup()->hide();
    const auto token = MentionFilter::tokenAt(text(), textCursor().position());
    if (!token || name.isEmpty())
        return;
    QTextCursor cursor = textCursor();
    cursor.setPosition(int(token->start));
    cursor.setPosition(int(token->end), QTextCursor::KeepAnchor);
    cursor.insertText(MentionFilter::insertion(name));
    setTextCursor(cursor);
}
