#include "transcriptview.h"

#include "linkfinder.h"
#include "transcriptdelegate.h"
#include "transcriptexport.h"
#include "transcriptmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDateTime>
#include <QDesktopServices>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QToolButton>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

using Kind = TranscriptModel::Kind;

// The bidi isolates around names keep the screen right; on the clipboard they are noise.
QString withoutIsolates(QString text)
{
    return text.remove(QChar(0x2068)).remove(QChar(0x2069));
}

bool isSpeech(Kind kind)
{
    return kind == Kind::Message || kind == Kind::OwnMessage || kind == Kind::Broadcast;
}

} // namespace

TranscriptView::TranscriptView(QWidget *parent)
    : QListView(parent)
    , m_delegate(new TranscriptDelegate(this))
    , m_newMessages(new QToolButton(this))
    , m_linkOpener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    // For the pointing hand over links.
    setMouseTracking(true);
    setItemDelegate(m_delegate);
    // Bubbles differ in height, so no uniform sizes; the delegate caches each row's.
    setUniformItemSizes(false);
    // With word wrap a new width lays the rows out again.
    setWordWrap(true);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setFocusPolicy(Qt::ClickFocus);
    setFrameShape(QFrame::NoFrame);
    verticalScrollBar()->setSingleStep(fontMetrics().height());

    // On the view, not the viewport: the viewport's children scroll with the rows.
    m_newMessages->setObjectName(u"newMessagesButton"_s);
    m_newMessages->setCursor(Qt::PointingHandCursor);
    m_newMessages->setStyleSheet(
        u"QToolButton { background: palette(highlight); color: palette(highlighted-text);"
        " border: none; border-radius: 12px; padding: 4px 12px; }"_s);
    m_newMessages->hide();
    connect(m_newMessages, &QToolButton::clicked, this, &TranscriptView::scrollToNewest);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &TranscriptView::onScrolled);
}

void TranscriptView::setModel(QAbstractItemModel *model)
{
    QListView::setModel(model);
    if (!model)
        return;
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, &TranscriptView::keepAnchor);
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, &TranscriptView::keepAnchor);
}

void TranscriptView::scrollToNewest()
{
    m_following = true;
    m_unseen = 0;
    updateNewMessagesButton();
    const QScopedValueRollback adjusting(m_adjusting, true);
    scrollToBottom();
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    m_lastValue = verticalScrollBar()->value();
}

void TranscriptView::keepAnchor()
{
    // Once per layout: the first change measures the rows as laid out; asking again
    // before the next layout would force one for every row added.
    if (m_following || m_anchorPending)
        return;
    const QModelIndex top = indexAt(QPoint(viewport()->width() / 2, 0));
    if (!top.isValid())
        return;
    m_anchor = top;
    m_anchorTop = visualRect(top).top();
    m_anchorPending = true;
}

void TranscriptView::updateGeometries()
{
    restoreScrollPosition();
    updateNewMessagesButton();
    // Rows above and still at the top: a page too short to scroll asks for the next one.
    // Not after every layout: a refused request adds a notice below, which must not ask
    // again and again.
    const QScrollBar *bar = verticalScrollBar();
    if (std::exchange(m_insertedAtTop, false) && bar->value() == bar->minimum())
        Q_EMIT reachedTop();
}

void TranscriptView::restoreScrollPosition()
{
    // Restored, not reset: the base class may nest a layout in here (a scroll bar shown
    // or hidden resizes the viewport), and the inner one must not end the outer's guard.
    QScrollBar *bar = verticalScrollBar();
    // A layout that was pending runs when the user scrolls, before onScrolled() hears of
    // it: a value that is not ours is the user's.
    if (bar->value() != m_lastValue)
        m_following = bar->value() >= bar->maximum();
    const QScopedValueRollback adjusting(m_adjusting, true);
    QListView::updateGeometries();
    if (m_following)
        bar->setValue(bar->maximum());
    else if (m_anchorPending && m_anchor.isValid())
        bar->setValue(bar->value() + visualRect(m_anchor).top() - m_anchorTop);
    m_anchorPending = false;
    m_anchor = QPersistentModelIndex();
    m_lastValue = bar->value();
}

void TranscriptView::onScrolled(int value)
{
    if (m_adjusting)
        return;
    const QScrollBar *bar = verticalScrollBar();
    m_lastValue = value;
    m_following = value >= bar->maximum();
    if (m_following && m_unseen > 0) {
        m_unseen = 0;
        updateNewMessagesButton();
    }
    if (value == bar->minimum() && bar->maximum() > 0)
        Q_EMIT reachedTop();
}

void TranscriptView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QListView::rowsInserted(parent, start, end);
    if (start == 0)
        m_insertedAtTop = true;
    // Only rows added at the end are new; a history page lands above.
    if (m_following || parent.isValid() || end != model()->rowCount() - 1)
        return;
    for (int row = start; row <= end; ++row) {
        const Kind kind = model()->index(row, 0).data(TranscriptModel::KindRole).value<Kind>();
        if (kind == Kind::OwnMessage || kind == Kind::Unsent) {
            scrollToNewest(); // what one has just said, or failed to, is worth seeing
            return;
        }
        if (isSpeech(kind))
            ++m_unseen;
    }
    updateNewMessagesButton();
}

void TranscriptView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                 const QList<int> &roles)
{
    QListView::dataChanged(topLeft, bottomRight, roles);
    // A row's header or date separator comes and goes with its neighbours: new heights.
    if (roles.isEmpty() || roles.contains(TranscriptModel::LayoutKeyRole)) {
        keepAnchor();
        scheduleDelayedItemsLayout();
    }
}

void TranscriptView::updateNewMessagesButton()
{
    const bool show = !m_following && m_unseen > 0;
    if (show) {
        m_newMessages->setText(tr("↓ %n new message(s)", nullptr, m_unseen));
        m_newMessages->adjustSize();
        const QRect area = viewport()->geometry();
        m_newMessages->move(area.center().x() - m_newMessages->width() / 2,
                            area.bottom() - m_newMessages->height() - 8);
        m_newMessages->raise();
    }
    m_newMessages->setVisible(show);
}

void TranscriptView::resizeEvent(QResizeEvent *event)
{
    keepAnchor();
    m_delegate->setWidth(viewport()->width());
    QListView::resizeEvent(event);
    updateNewMessagesButton();
}

void TranscriptView::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::FontChange:
    case QEvent::PaletteChange:
    case QEvent::StyleChange:
        m_delegate->clearCache();
        keepAnchor();
        scheduleDelayedItemsLayout();
        break;
    default:
        break;
    }
    QListView::changeEvent(event);
}

QString TranscriptView::plainText(const QModelIndex &index)
{
    return withoutIsolates(index.data(TranscriptModel::TextRole).toString());
}

QString TranscriptView::lineWithNameAndTime(const QModelIndex &index)
{
    const QDateTime at = index.data(TranscriptModel::TimeRole).toDateTime();
    return at.toString(u"yyyy-MM-dd HH:mm"_s) + u' '
        + withoutIsolates(index.data(Qt::DisplayRole).toString());
}

QString TranscriptView::quoted(const QModelIndex &index)
{
    // The input is one line: the quote is too.
    QString text = plainText(index);
    text.replace(u'\n', u' ').replace(QChar::LineSeparator, u' ');
    return u"> "_s + text;
}

QString TranscriptView::selectedLines() const
{
    QModelIndexList rows =
        selectionModel() ? selectionModel()->selectedIndexes() : QModelIndexList();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    lines.reserve(rows.size());
    for (const QModelIndex &index : std::as_const(rows)) {
        if (TranscriptExport::isExported(*index.model(), index.row()))
            lines.append(lineWithNameAndTime(index));
    }
    return lines.join(u'\n');
}

void TranscriptView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        const QString text = selectedLines();
        if (!text.isEmpty())
            QApplication::clipboard()->setText(text);
        event->accept();
        return;
    }
    const QModelIndex current = currentIndex();
    const bool unsent =
        current.isValid() && current.data(TranscriptModel::KindRole).value<Kind>() == Kind::Unsent;
    if (unsent && (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)) {
        triggerUnsent(current);
        event->accept();
        return;
    }
    if (unsent && event->key() == Qt::Key_Delete) {
        Q_EMIT discardRequested(current.row());
        event->accept();
        return;
    }
    QListView::keyPressEvent(event);
}

void TranscriptView::triggerUnsent(const QModelIndex &index)
{
    const auto action =
        index.data(TranscriptModel::UnsentActionRole).value<TranscriptModel::UnsentAction>();
    if (action == TranscriptModel::UnsentAction::Edit)
        Q_EMIT editRequested(index.row());
    else
        Q_EMIT retryRequested(index.row());
}

bool TranscriptView::isUnsentActionAt(const QPoint &pos) const
{
    const QModelIndex index = indexAt(pos);
    if (!index.isValid())
        return false;
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    return m_delegate->isUnsentActionAt(option, index, pos - option.rect.topLeft());
}

QUrl TranscriptView::linkAt(const QPoint &pos) const
{
    const QModelIndex index = indexAt(pos);
    if (!index.isValid())
        return {};
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    return m_delegate->linkAt(option, index, pos - option.rect.topLeft());
}

void TranscriptView::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const bool left = event->button() == Qt::LeftButton;
    m_pressedLink = left ? linkAt(pos) : QUrl();
    m_pressedAction = left && isUnsentActionAt(pos) ? QPersistentModelIndex(indexAt(pos))
                                                    : QPersistentModelIndex();
    QListView::mousePressEvent(event);
}

void TranscriptView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const bool overLink = !linkAt(pos).isEmpty() || isUnsentActionAt(pos);
    if (overLink)
        viewport()->setCursor(Qt::PointingHandCursor);
    else
        viewport()->unsetCursor();
    QListView::mouseMoveEvent(event);
}

void TranscriptView::mouseReleaseEvent(QMouseEvent *event)
{
    QListView::mouseReleaseEvent(event);
    const QPersistentModelIndex action = std::exchange(m_pressedAction, {});
    const QUrl pressed = std::exchange(m_pressedLink, QUrl());
    const QPoint pos = event->position().toPoint();
    if (event->button() != Qt::LeftButton)
        return;
    // Like a link: only when released on the same row's action.
    if (action.isValid() && indexAt(pos) == action && isUnsentActionAt(pos)) {
        triggerUnsent(action);
        return;
    }
    if (pressed.isEmpty())
        return;
    const QUrl url = linkAt(pos);
    // The finder only yields http(s); checked again here because this is the line that
    // hands an address to the desktop.
    if (url == pressed && LinkFinder::isOpenable(url) && m_linkOpener)
        m_linkOpener(url);
}

void TranscriptView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid())
        return;
    QMenu *menu = createContextMenu(index, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

QMenu *TranscriptView::createContextMenu(const QModelIndex &index, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(u"transcriptMenu"_s);
    const QPersistentModelIndex row(index);
    QAction *copy = menu->addAction(tr("&Copy"));
    copy->setObjectName(u"copyAction"_s);
    connect(copy, &QAction::triggered, this, [row] {
        if (row.isValid())
            QApplication::clipboard()->setText(plainText(row));
    });
    QAction *copyLine = menu->addAction(tr("Copy with &name and time"));
    copyLine->setObjectName(u"copyWithNameAction"_s);
    connect(copyLine, &QAction::triggered, this, [row] {
        if (row.isValid())
            QApplication::clipboard()->setText(lineWithNameAndTime(row));
    });
    QAction *quote = menu->addAction(tr("&Quote"));
    quote->setObjectName(u"quoteAction"_s);
    quote->setEnabled(isSpeech(index.data(TranscriptModel::KindRole).value<Kind>()));
    connect(quote, &QAction::triggered, this, [this, row] {
        if (row.isValid())
            Q_EMIT quoteRequested(quoted(row));
    });
    if (index.data(TranscriptModel::KindRole).value<Kind>() == Kind::Unsent)
        addUnsentActions(menu, index);
    return menu;
}

void TranscriptView::addUnsentActions(QMenu *menu, const QModelIndex &index)
{
    const QPersistentModelIndex row(index);
    menu->addSeparator();
    QAction *retry = menu->addAction(tr("&Retry"));
    retry->setObjectName(u"retryAction"_s);
    // The server judges the text as it is: one it found too long needs changing first.
    retry->setEnabled(
        index.data(TranscriptModel::UnsentActionRole).value<TranscriptModel::UnsentAction>()
        == TranscriptModel::UnsentAction::Retry);
    connect(retry, &QAction::triggered, this, [this, row] {
        if (row.isValid())
            Q_EMIT retryRequested(row.row());
    });
    QAction *edit = menu->addAction(tr("&Edit"));
    edit->setObjectName(u"editAction"_s);
    connect(edit, &QAction::triggered, this, [this, row] {
        if (row.isValid())
            Q_EMIT editRequested(row.row());
    });
    QAction *discard = menu->addAction(tr("&Discard"));
    discard->setObjectName(u"discardAction"_s);
    connect(discard, &QAction::triggered, this, [this, row] {
        if (row.isValid())
            Q_EMIT discardRequested(row.row());
    });
}
