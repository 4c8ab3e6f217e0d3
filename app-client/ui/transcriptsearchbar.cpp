#include "transcriptsearchbar.h"

#include "transcriptdelegate.h"
#include "transcriptmodel.h"
#include "transcriptview.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

using namespace Qt::StringLiterals;

TranscriptSearchBar::TranscriptSearchBar(TranscriptModel *model, TranscriptView *view,
                                         QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(view)
    , m_field(new QLineEdit(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_status(new QLabel(this))
{
    m_field->setObjectName(u"searchField"_s);
    m_previous->setObjectName(u"searchPrevious"_s);
    m_next->setObjectName(u"searchNext"_s);
    m_status->setObjectName(u"searchStatus"_s);
    m_field->setPlaceholderText(tr("Find in the conversation"));
    m_field->setClearButtonEnabled(true);
    m_field->installEventFilter(this);
    m_previous->setArrowType(Qt::UpArrow);
    m_previous->setToolTip(tr("Previous match (Shift+Enter)"));
    m_next->setArrowType(Qt::DownArrow);
    m_next->setToolTip(tr("Next match (Enter)"));
    m_status->setTextFormat(Qt::PlainText);
    auto *closeButton = new QToolButton(this);
    closeButton->setObjectName(u"searchClose"_s);
    closeButton->setText(u"\u2715"_s);
    closeButton->setToolTip(tr("Close the search (Esc)"));
    closeButton->setAutoRaise(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_field, 1);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(m_status);
    layout->addWidget(closeButton);

    connect(m_field, &QLineEdit::textEdited, this, [this] { search(currentMatch() - 1, true); });
    connect(m_field, &QLineEdit::returnPressed, this, &TranscriptSearchBar::findNext);
    connect(m_next, &QToolButton::clicked, this, &TranscriptSearchBar::findNext);
    connect(m_previous, &QToolButton::clicked, this, &TranscriptSearchBar::findPrevious);
    connect(closeButton, &QToolButton::clicked, this, &TranscriptSearchBar::close);
    hide();
}

void TranscriptSearchBar::open()
{
    show();
    // Reopened with the last words: their matches are marked again.
    m_view->transcriptDelegate()->setHighlight(m_field->text());
    m_view->viewport()->update();
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
}

void TranscriptSearchBar::findNext()
{
    search(currentMatch(), true);
}

void TranscriptSearchBar::findPrevious()
{
    // With no current match, the search starts from the newest row and goes up.
    const int current = currentMatch();
    search(current < 0 ? m_model->rowCount() : current, false);
}

void TranscriptSearchBar::search(int from, bool forward)
{
    const QString query = m_field->text();
    m_view->transcriptDelegate()->setHighlight(query);
    m_view->viewport()->update();
    if (query.isEmpty()) {
        m_current = QPersistentModelIndex();
        m_noMatch = false;
        m_status->clear();
        m_field->setPalette(QPalette());
        return;
    }
    showResult(m_model->findMatch(query, from, forward));
}

void TranscriptSearchBar::showResult(int row)
{
    m_noMatch = row < 0;
    QPalette palette;
    if (m_noMatch) {
        // Tinted, as browsers do, so the miss shows before the words are read.
        palette.setColor(QPalette::Base, QColor(255, 102, 102).lighter(150));
        palette.setColor(QPalette::Text, Qt::black);
        m_status->setText(tr("No match"));
        m_view->clearSelection();
        m_field->setPalette(palette);
        m_current = QPersistentModelIndex();
        return;
    }
    m_field->setPalette(palette);
    m_status->clear();
    const QModelIndex index = m_model->index(row, 0);
    m_current = index;
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void TranscriptSearchBar::close()
{
    hide();
    m_view->transcriptDelegate()->setHighlight({});
    m_view->viewport()->update();
    Q_EMIT closed();
}

void TranscriptSearchBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool TranscriptSearchBar::eventFilter(QObject *watched, QEvent *event)
{
    // The field would take Esc and Shift+Enter for itself.
    if (watched == m_field && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            close();
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ShiftModifier)) {
            findPrevious();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
