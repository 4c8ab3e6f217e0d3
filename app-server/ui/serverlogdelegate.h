#pragma once

#include <QStyledItemDelegate>

// Paints the event log's rows with each row's text shaped once. The style's own item
// painting (what QStyledItemDelegate does) shapes a row's text three times: to place it,
// to lay it out and to draw it; and shaping is most of a repaint, because in a busy room
// every row on screen is new at every update, on the event loop the room shares.
// Background, selection, focus, colours and fonts still come from the style and the
// model; the text stays plain (never rich), on one line, cut with "…" where it does not
// fit, as the view's ElideRight would.
class ServerLogDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};
