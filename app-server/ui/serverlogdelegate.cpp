#include "serverlogdelegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>
#include <QTextLayout>

#include <utility>

void ServerLogDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = std::exchange(opt.text, QString());
    opt.features &= ~QStyleOptionViewItem::HasDisplay;
    const QWidget *widget = opt.widget;
    const QStyle *style = widget ? widget->style() : QApplication::style();
    // Background, selection and focus: without text, the style shapes nothing.
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    if (text.isEmpty())
        return;

    // Where the style puts an item's text: inside the focus frame's margin.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect rect = opt.rect.adjusted(margin, 0, -margin, 0);
    if (rect.width() <= 0)
        return;
    QTextLayout layout(text, opt.font, painter->device());
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::NoWrap);
    textOption.setTextDirection(opt.direction);
    layout.setTextOption(textOption);
    // Keeps the glyphs the layout shaped for the draw: without it endLayout() drops them
    // and draw() shapes the text all over again.
    layout.setCacheEnabled(true);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    line.setLineWidth(rect.width());
    layout.endLayout();

    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
        : (opt.state & QStyle::State_Active)                                ? QPalette::Normal
                                                                            : QPalette::Inactive;
    painter->save();
    painter->setPen(opt.palette.color(
        group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(opt.font);
    const QPointF at(rect.left(), rect.top() + (rect.height() - line.height()) / 2);
    if (line.naturalTextWidth() <= rect.width()) {
        line.draw(painter, at);
        painter->restore();
        return;
    }
    // Too long: the shaped line up to the last character that leaves room for "…", then
    // the ellipsis, instead of shaping the text again to elide it.
    const QString ellipsis(QChar(0x2026));
    const qreal room = rect.width() - opt.fontMetrics.horizontalAdvance(ellipsis);
    const int cursor = line.xToCursor(qMax<qreal>(0, room), QTextLine::CursorBetweenCharacters);
    qreal cut = line.cursorToX(cursor);
    if (cut > room || cut <= 0)
        cut = qMax<qreal>(0, room);
    painter->setClipRect(QRectF(rect.left(), rect.top(), cut, rect.height()), Qt::IntersectClip);
    line.draw(painter, at);
    painter->setClipping(false);
    painter->drawText(QPointF(rect.left() + cut, at.y() + line.ascent()), ellipsis);
    painter->restore();
}
