#include "serverlogview.h"

#include "serverlogdelegate.h"

#include <QAction>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QScrollBar>

#include <algorithm>

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

ServerLogView::ServerLogView(QWidget *parent)
    : QListView(parent)
    , m_model(new ServerLogModel(this))
{
    m_model->setDarkPalette(isDark(palette()));
    setModel(m_model);
    // Each row's text shaped once per paint, not three times (see ServerLogDelegate).
    setItemDelegate(new ServerLogDelegate(this));
    // One height for every row: the view then never measures a row it does not show.
    setUniformItemSizes(true);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);

    m_copyAction = new QAction(tr("&Copy"), this);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_copyAction, &QAction::triggered, this, &ServerLogView::copySelection);
    addAction(m_copyAction);
    setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_model, &ServerLogModel::aboutToAppend, this, &ServerLogView::onAboutToAppend);
    connect(m_model, &ServerLogModel::appended, this, &ServerLogView::onAppended);
}

bool ServerLogView::isFollowing() const
{
    const QScrollBar *bar = verticalScrollBar();
    return bar->value() >= bar->maximum();
}

void ServerLogView::onAboutToAppend()
{
    m_follow = isFollowing();
}

void ServerLogView::onAppended(int removed)
{
    if (m_follow) {
        scrollToBottom();
        return;
    }
    if (removed <= 0)
        return;
    // Scrolled up to read: the rows above moved up by as many as left, so does the view.
    const int value = verticalScrollBar()->value();
    executeDelayedItemsLayout();
    verticalScrollBar()->setValue(qMax(0, value - removed));
}

QString ServerLogView::selectedText() const
{
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    lines.reserve(rows.size());
    for (const QModelIndex &row : std::as_const(rows))
        lines.append(m_model->lineText(row.row(), true));
    return lines.join(u'\n');
}

void ServerLogView::copySelection()
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

void ServerLogView::changeEvent(QEvent *event)
{
    QListView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_model->setDarkPalette(isDark(palette()));
}
