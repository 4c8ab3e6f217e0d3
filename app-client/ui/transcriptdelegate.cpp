#include "transcriptdelegate.h"

#include "emojipicker.h"
#include "emojitext.h"
#include "linkfinder.h"
#include "nicknamecolors.h"
#include "transcriptmodel.h"

#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QTextLayout>
#include <QtMath>

using namespace Qt::StringLiterals;

namespace {

using Kind = TranscriptModel::Kind;

// One paragraph per row: a line break inside a message stays a break, never a new
// paragraph that could take another direction or format.
QString oneParagraph(QString text)
{
    text.replace(u'\n', QChar::LineSeparator);
    text.replace(QChar::ParagraphSeparator, QChar::LineSeparator);
    return text;
}

// Lays the plain text out at the given width; returns the size it takes.
QSize layOut(QTextLayout &layout, int width)
{
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    qreal height = 0;
    qreal widest = 0;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(qMax(1, width));
        line.setPosition(QPointF(0, height));
        height += line.height();
        widest = qMax(widest, line.naturalTextWidth());
    }
    layout.endLayout();
    return {qCeil(widest), qCeil(height)};
}

QColor mixed(const QColor &a, const QColor &b, qreal amount)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * amount,
                            a.greenF() + (b.greenF() - a.greenF()) * amount,
                            a.blueF() + (b.blueF() - a.blueF()) * amount);
}

QColor quietColor(const QPalette &palette)
{
    return mixed(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
}

QColor adminColor(const QPalette &palette)
{
    return NicknameColors::isDark(palette) ? QColor(255, 120, 120) : QColor(190, 20, 40);
}

Kind kindOf(const QModelIndex &index)
{
    return index.data(TranscriptModel::KindRole).value<Kind>();
}

bool isMessage(Kind kind)
{
    return kind == Kind::Message || kind == Kind::OwnMessage || kind == Kind::Unsent;
}

// One's own side: said, or meant to be said and not sent.
bool isOwnSide(Kind kind)
{
    return kind == Kind::OwnMessage || kind == Kind::Unsent;
}

QColor unsentColor(const QPalette &palette)
{
    return NicknameColors::isDark(palette) ? QColor(255, 110, 100) : QColor(215, 40, 40);
}

// The first character of a name, for its avatar: a whole code point, in capitals.
QString initial(const QString &name)
{
    if (name.isEmpty())
        return {};
    const qsizetype length = name.at(0).isHighSurrogate() && name.size() > 1 ? 2 : 1;
    return name.left(length).toUpper();
}

// What a centred line says: a notice with its time, the rest as the model words it.
QString centredText(const QModelIndex &index)
{
    const Kind kind = kindOf(index);
    const QString line = index.data(Qt::DisplayRole).toString();
    if (kind == Kind::Notice || kind == Kind::Problem)
        return index.data(TranscriptModel::TimeRole).toDateTime().toString(u"HH:mm"_s) + u"  "_s
            + line;
    return line;
}

// The addresses in a message drawn as links; the text stays the plain string.
// Emoji in the colour emoji font, when it is installed: measured and drawn alike, so the
// bubble fits what is drawn.
QList<QTextLayout::FormatRange> emojiFormats(const QString &text)
{
    QList<QTextLayout::FormatRange> formats;
    const QString family = EmojiPicker::colourEmojiFamily();
    if (family.isEmpty())
        return formats;
    for (const auto &[start, length] : EmojiText::runs(text)) {
        QTextLayout::FormatRange range;
        range.start = int(start);
        range.length = int(length);
        range.format.setFontFamilies({family});
        formats.append(range);
    }
    return formats;
}

// The palette's link colour, lightened or darkened until it stands out from `background`:
// a dark palette's blue is unreadable on the amber of a mention bubble.
QColor linkColour(const QPalette &palette, const QColor &background)
{
    constexpr int MinimumDifference = 90;
    QColor colour = palette.color(QPalette::Link);
    const bool lighter = background.lightness() < 128;
    for (int step = 0;
         step < 8 && qAbs(colour.lightness() - background.lightness()) < MinimumDifference;
         ++step) {
        colour = lighter ? colour.lighter(125) : colour.darker(125);
    }
    return colour;
}

QList<QTextLayout::FormatRange> linkFormats(const QString &text, const QColor &colour)
{
    QList<QTextLayout::FormatRange> formats;
    for (const LinkFinder::Link &link : LinkFinder::find(text)) {
        QTextLayout::FormatRange range;
        range.start = int(link.start);
        range.length = int(link.length);
        range.format.setFontUnderline(true);
        range.format.setForeground(colour);
        formats.append(range);
    }
    return formats;
}

// The search's words in a message, marked the way a browser marks them. Found as typed,
// ignoring case; a row that matched only after NFKC folding is still the selected one.
void addHighlights(QList<QTextLayout::FormatRange> &formats, const QString &text,
                   const QString &needle)
{
    if (needle.isEmpty())
        return;
    for (qsizetype at = text.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0;
         at = text.indexOf(needle, at + needle.size(), Qt::CaseInsensitive)) {
        QTextLayout::FormatRange range;
        range.start = int(at);
        range.length = int(needle.size());
        range.format.setBackground(QColor(255, 200, 0, 150));
        formats.append(range);
    }
}

} // namespace

struct TranscriptDelegate::Metrics
{
    explicit Metrics(const QFont &base)
        : font(base)
        , nameFont(base)
        , smallFont(base)
        , fm(base)
        , nameFm(base)
        , smallFm(base)
    {
        nameFont.setBold(true);
        nameFm = QFontMetrics(nameFont);
        smallFont.setPointSizeF(base.pointSizeF() > 0 ? base.pointSizeF() * 0.88 : 9);
        smallFm = QFontMetrics(smallFont);
        const int unit = qMax(4, fm.height() / 3); // scales with the font, not the pixels
        margin = 2 * unit;
        avatar = qMax(28, fm.height() * 2);
        gap = 2 * unit;
        padX = 2 * unit;
        padY = unit + 1;
        spacing = qMax(2, unit / 2);
        runGap = 2 * unit;
        dateHeight = smallFm.height() + 4 * unit;
    }

    QFont font, nameFont, smallFont;
    QFontMetrics fm, nameFm, smallFm;
    int margin = 8, avatar = 32, gap = 8, padX = 8, padY = 5, spacing = 2, runGap = 8;
    int dateHeight = 24;
};

TranscriptDelegate::TranscriptDelegate(QObject *parent)
    : QAbstractItemDelegate(parent)
{
}

void TranscriptDelegate::setWidth(int width)
{
    if (width == m_width)
        return;
    m_width = width;
    clearCache();
}

void TranscriptDelegate::clearCache()
{
    m_heights.clear();
    m_lineHeights.clear();
    m_centredLines.clear();
}

TranscriptDelegate::Metrics TranscriptDelegate::metrics(const QStyleOptionViewItem &option) const
{
    return Metrics(option.font);
}

QString TranscriptDelegate::dateText(const QDate &date, const QDate &today)
{
    if (date == today)
        return tr("Today");
    if (date == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(date, QLocale::LongFormat);
}

TranscriptDelegate::Geometry TranscriptDelegate::geometry(const QStyleOptionViewItem &option,
                                                          const QModelIndex &index) const
{
    const Metrics m = metrics(option);
    const int width = m_width > 0 ? m_width : option.rect.width();
    Geometry g;
    int top = 0;
    if (index.data(TranscriptModel::DateBoundaryRole).toBool()) {
        g.date = QRect(0, 0, width, m.dateHeight);
        top = m.dateHeight;
    }
    if (isMessage(kindOf(index)))
        layoutMessage(g, m, index, top, width);
    else
        layoutCentred(g, m, index, top, width);
    return g;
}

void TranscriptDelegate::layoutMessage(Geometry &g, const Metrics &m, const QModelIndex &index,
                                       int top, int width) const
{
    const bool own = isOwnSide(kindOf(index));
    const bool first = index.data(TranscriptModel::FirstOfRunRole).toBool();
    // Both sides keep an avatar's room, so one's own bubbles and the others' are as wide.
    const int inset = m.margin + m.avatar + m.gap;
    const int bubbleMax =
        qMax(m.fm.averageCharWidth() * 8, qMin(width - 2 * inset, qRound(width * 0.72)));
    int y = top + (first ? m.runGap : m.spacing);
    if (first) {
        g.avatar = QRect(own ? width - m.margin - m.avatar : m.margin, y, m.avatar, m.avatar);
        const QString time =
            index.data(TranscriptModel::TimeRole).toDateTime().toString(u"HH:mm"_s);
        const int timeWidth = m.smallFm.horizontalAdvance(time);
        g.shownName =
            m.nameFm.elidedText(index.data(TranscriptModel::SenderRole).toString(), Qt::ElideRight,
                                qMax(m.avatar, width - 2 * inset - timeWidth - m.gap));
        // Rounded up: a rectangle cut to the integer width would elide the name again.
        const int nameWidth = qCeil(QFontMetricsF(m.nameFont).horizontalAdvance(g.shownName)) + 1;
        const int lineHeight = m.nameFm.height();
        if (own) {
            g.time = QRect(width - inset - timeWidth, y, timeWidth, lineHeight);
            g.name = QRect(g.time.left() - m.gap - nameWidth, y, nameWidth, lineHeight);
        } else {
            g.name = QRect(inset, y, nameWidth, lineHeight);
            g.time = QRect(g.name.right() + 1 + m.gap, y, timeWidth, lineHeight);
        }
        y += lineHeight + m.spacing;
    }
    const QString shown = oneParagraph(index.data(TranscriptModel::TextRole).toString());
    QTextLayout layout(shown, m.font);
    layout.setFormats(emojiFormats(shown));
    const QSize text = layOut(layout, bubbleMax - 2 * m.padX);
    const int bubbleWidth = text.width() + 2 * m.padX;
    g.bubble = QRect(own ? width - inset - bubbleWidth : inset, y, bubbleWidth,
                     text.height() + 2 * m.padY);
    g.text = g.bubble.adjusted(m.padX, m.padY, -m.padX, -m.padY);
    g.textWidth = text.width();
    if (kindOf(index) == Kind::Unsent)
        layoutUnsent(g, m, index);
    const int bottom = qMax(g.bubble.bottom(), g.reason.isNull() ? 0 : g.reason.bottom());
    g.height = qMax(bottom, g.avatar.isNull() ? 0 : g.avatar.bottom()) + 1 + m.spacing;
}

void TranscriptDelegate::layoutUnsent(Geometry &g, const Metrics &m, const QModelIndex &index) const
{
    // As QQ shows it: a red "!" left of the bubble, and "why · Retry" under its right edge.
    const int diameter = m.fm.height();
    g.mark = QRect(g.bubble.left() - m.gap - diameter, g.bubble.center().y() - diameter / 2,
                   diameter, diameter);
    const QString reason = index.data(TranscriptModel::UnsentReasonRole).toString() + u" \u00B7"_s;
    const int reasonWidth = m.smallFm.horizontalAdvance(reason) + 1;
    const int actionWidth = m.smallFm.horizontalAdvance(actionText(index)) + 1;
    const int y = g.bubble.bottom() + 1 + m.spacing;
    const int lineHeight = m.smallFm.height();
    g.action = QRect(g.bubble.right() - actionWidth + 1, y, actionWidth, lineHeight);
    g.reason = QRect(g.action.left() - m.spacing - reasonWidth, y, reasonWidth, lineHeight);
}

void TranscriptDelegate::layoutCentred(Geometry &g, const Metrics &m, const QModelIndex &index,
                                       int top, int width) const
{
    const Kind kind = kindOf(index);
    if (kind == Kind::Broadcast) {
        // Full width, with a stripe: a shape no member's bubble ever takes.
        const int y = top + m.runGap;
        const int textLeft = m.margin + m.padX + m.padX / 2;
        QTextLayout layout(oneParagraph(index.data(Qt::DisplayRole).toString()), m.nameFont);
        const int wrap = width - textLeft - m.margin - m.padX;
        const QSize text = layOut(layout, wrap);
        g.bubble = QRect(m.margin, y, width - 2 * m.margin, text.height() + 2 * m.padY);
        g.text = QRect(textLeft, y + m.padY, text.width(), text.height());
        g.textWidth = text.width();
        g.height = g.bubble.bottom() + 1 + m.runGap;
        return;
    }
    const int y = top + m.spacing * 2;
    const QSize text =
        centredLine(centredText(index), m.smallFont, width - 2 * (m.margin + m.avatar)).size;
    g.text = QRect((width - text.width()) / 2, y, text.width(), text.height());
    g.bubble = g.text;
    g.textWidth = text.width();
    g.height = g.text.bottom() + 1 + m.spacing * 2;
}

QSize TranscriptDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    const int width = m_width > 0 ? m_width : option.rect.width();
    const quint64 key = index.data(TranscriptModel::LayoutKeyRole).toULongLong();
    int height = cachedHeight(key);
    if (height < 0) {
        height = measuredHeight(option, index);
        cacheHeight(key, height);
    }
    return {width, height};
}

int TranscriptDelegate::cachedHeight(quint64 layoutKey) const
{
    const quint64 id = layoutKey >> 2;
    if (id < m_firstCachedId || id - m_firstCachedId >= quint64(m_heights.size()))
        return -1;
    const CachedHeight &cached = m_heights.at(qsizetype(id - m_firstCachedId));
    return cached.flags == (layoutKey & 3) ? cached.height : -1;
}

void TranscriptDelegate::cacheHeight(quint64 layoutKey, int height) const
{
    const quint64 id = layoutKey >> 2;
    if (m_heights.isEmpty())
        m_firstCachedId = id;
    if (id < m_firstCachedId) {
        // An id older than the window (rows are rarely measured out of order): room is
        // made below if the window stays within bounds, else it is measured every time.
        const quint64 below = m_firstCachedId - id;
        if (below + quint64(m_heights.size()) > quint64(MaxCachedIds))
            return;
        m_heights.insert(0, qsizetype(below), CachedHeight());
        m_firstCachedId = id;
    }
    if (id - m_firstCachedId >= quint64(MaxCachedIds)) {
        // Newer rows push the window up; rows long gone leave their heights behind.
        const quint64 first = id + 1 - MaxCachedIds / 2;
        const quint64 drop = qMin<quint64>(first - m_firstCachedId, quint64(m_heights.size()));
        m_heights.remove(0, qsizetype(drop));
        m_firstCachedId = first;
    }
    const qsizetype at = qsizetype(id - m_firstCachedId);
    if (at >= m_heights.size())
        m_heights.resize(at + 1);
    m_heights[at] = CachedHeight {height, quint8(layoutKey & 3)};
}

int TranscriptDelegate::measuredHeight(const QStyleOptionViewItem &option,
                                       const QModelIndex &index) const
{
    const Kind kind = kindOf(index);
    if (isMessage(kind) || kind == Kind::Broadcast)
        return geometry(option, index).height;
    // Joins, leaves and renames repeat a few lines over and over (one member coming and
    // going 10,000 times is 20,000 rows and two texts): measured once per text, each new
    // row costs a lookup instead of a text layout. The height depends on nothing else
    // that the cache does not already hang on (the width, the fonts).
    const bool dated = index.data(TranscriptModel::DateBoundaryRole).toBool();
    const QString key = (dated ? u"1"_s : u"0"_s) + centredText(index);
    auto it = m_lineHeights.constFind(key);
    if (it == m_lineHeights.constEnd()) {
        if (m_lineHeights.size() > 10000)
            m_lineHeights.clear(); // notices carry their time: many texts over a long day
        it = m_lineHeights.insert(key, geometry(option, index).height);
    }
    return *it;
}

void TranscriptDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    const Geometry g = geometry(option, index);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->translate(option.rect.topLeft());
    if (option.state & QStyle::State_Selected) {
        QColor selection = option.palette.color(QPalette::Highlight);
        selection.setAlpha(60);
        painter->fillRect(QRect(0, 0, option.rect.width(), g.height), selection);
    }
    if (!g.date.isNull())
        paintDate(painter, option, index, g.date);
    if (isMessage(kindOf(index)))
        paintMessage(painter, option, index, g);
    else
        paintCentred(painter, option, index, g);
    painter->restore();
}

void TranscriptDelegate::paintDate(QPainter *painter, const QStyleOptionViewItem &option,
                                   const QModelIndex &index, const QRect &rect) const
{
    const Metrics m = metrics(option);
    const QString text =
        dateText(index.data(TranscriptModel::DateRole).toDate(), QDate::currentDate());
    const int width = m.smallFm.horizontalAdvance(text) + 2 * m.padX;
    const QRect pill(rect.center().x() - width / 2, rect.center().y() - m.smallFm.height() / 2 - 2,
                     width, m.smallFm.height() + 4);
    const QPalette &palette = option.palette;
    painter->setPen(Qt::NoPen);
    painter->setBrush(mixed(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.08));
    painter->drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
    painter->setPen(quietColor(palette));
    painter->setFont(m.smallFont);
    painter->drawText(pill, Qt::AlignCenter | Qt::TextSingleLine, text);
}

void TranscriptDelegate::paintMessage(QPainter *painter, const QStyleOptionViewItem &option,
                                      const QModelIndex &index, const Geometry &g) const
{
    const Metrics m = metrics(option);
    const QPalette &palette = option.palette;
    const QString sender = index.data(TranscriptModel::SenderRole).toString();
    if (!g.avatar.isNull()) {
        const QColor colour = NicknameColors::nicknameColor(sender, palette);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawEllipse(g.avatar);
        QFont letterFont = m.nameFont;
        letterFont.setPointSizeF(m.font.pointSizeF() > 0 ? m.font.pointSizeF() * 1.2 : 12);
        painter->setFont(letterFont);
        painter->setPen(colour.lightness() > 150 ? Qt::black : Qt::white);
        painter->drawText(g.avatar, Qt::AlignCenter | Qt::TextSingleLine, initial(sender));

        painter->setFont(m.nameFont);
        painter->setPen(colour);
        painter->drawText(g.name, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                          g.shownName);
        painter->setFont(m.smallFont);
        painter->setPen(quietColor(palette));
        painter->drawText(g.time, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                          index.data(TranscriptModel::TimeRole).toDateTime().toString(u"HH:mm"_s));
    }
    const Kind kind = kindOf(index);
    const QColor base = palette.color(QPalette::Base);
    QColor bubble = isOwnSide(kind) ? mixed(base, palette.color(QPalette::Highlight), 0.28)
                                    : mixed(base, palette.color(QPalette::Text), 0.08);
    // Not sent: one's own bubble, faded, so it does not read as said.
    if (kind == Kind::Unsent)
        bubble = mixed(bubble, base, 0.5);
    if (index.data(TranscriptModel::MentionRole).toBool()) {
        bubble = mixed(bubble, QColor(255, 190, 0), 0.35);
        painter->setPen(QPen(QColor(230, 150, 0), 1.5));
    } else {
        painter->setPen(Qt::NoPen);
    }
    painter->setBrush(bubble);
    const qreal radius = m.padX;
    painter->drawRoundedRect(QRectF(g.bubble).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);

    const QString text = index.data(TranscriptModel::TextRole).toString();
    QTextLayout layout(oneParagraph(text), m.font);
    QList<QTextLayout::FormatRange> formats = emojiFormats(oneParagraph(text));
    formats += linkFormats(text, linkColour(palette, bubble));
    addHighlights(formats, text, m_highlight);
    layout.setFormats(formats);
    // At the text's own width, so right-to-left lines end at the bubble's edge too.
    layOut(layout, g.textWidth);
    painter->setPen(palette.color(QPalette::Text));
    layout.draw(painter, g.text.topLeft());
    if (kind == Kind::Unsent)
        paintUnsent(painter, option, index, g);
}

void TranscriptDelegate::paintUnsent(QPainter *painter, const QStyleOptionViewItem &option,
                                     const QModelIndex &index, const Geometry &g) const
{
    const Metrics m = metrics(option);
    const QPalette &palette = option.palette;
    const QColor red = unsentColor(palette);
    painter->setPen(Qt::NoPen);
    painter->setBrush(red);
    painter->drawEllipse(g.mark);
    QFont markFont = m.nameFont;
    painter->setFont(markFont);
    painter->setPen(Qt::white);
    painter->drawText(g.mark, Qt::AlignCenter | Qt::TextSingleLine, u"!"_s);

    painter->setFont(m.smallFont);
    painter->setPen(red);
    painter->drawText(g.reason, Qt::AlignRight | Qt::AlignVCenter | Qt::TextSingleLine,
                      index.data(TranscriptModel::UnsentReasonRole).toString() + u" \u00B7"_s);
    QFont link = m.smallFont;
    link.setUnderline(true);
    painter->setFont(link);
    painter->setPen(palette.color(QPalette::Link));
    painter->drawText(g.action, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                      actionText(index));
}

QString TranscriptDelegate::actionText(const QModelIndex &index)
{
    const auto action =
        index.data(TranscriptModel::UnsentActionRole).value<TranscriptModel::UnsentAction>();
    if (action == TranscriptModel::UnsentAction::Edit)
        //: Under a message the server would refuse again as it is: back into the input.
        return tr("Edit");
    //: Under a message that was not sent: send the same text again.
    return tr("Retry");
}

bool TranscriptDelegate::isUnsentActionAt(const QStyleOptionViewItem &option,
                                          const QModelIndex &index, const QPoint &pos) const
{
    if (kindOf(index) != Kind::Unsent)
        return false;
    const Geometry g = geometry(option, index);
    return g.action.contains(pos) || g.mark.contains(pos);
}

void TranscriptDelegate::paintCentred(QPainter *painter, const QStyleOptionViewItem &option,
                                      const QModelIndex &index, const Geometry &g) const
{
    const Metrics m = metrics(option);
    const QPalette &palette = option.palette;
    const Kind kind = kindOf(index);
    QFont font = m.smallFont;
    QColor colour = quietColor(palette);
    QString text = centredText(index);
    if (kind == Kind::Broadcast) {
        const QColor admin = adminColor(palette);
        QColor fill = admin;
        fill.setAlpha(NicknameColors::isDark(palette) ? 50 : 28);
        painter->setPen(QPen(admin, 1));
        painter->setBrush(fill);
        painter->drawRoundedRect(QRectF(g.bubble).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        painter->fillRect(QRect(g.bubble.left(), g.bubble.top(), m.padX / 2, g.bubble.height()),
                          admin);
        font = m.nameFont;
        colour = admin;
        text = index.data(Qt::DisplayRole).toString();
    } else if (kind == Kind::Problem) {
        colour = NicknameColors::isDark(palette) ? QColor(240, 150, 60) : QColor(200, 90, 0);
    } else if (kind == Kind::HistoryDivider) {
        // A rule on either side: the divider reads as a boundary, not as a message.
        const int y = g.text.top() + m.smallFm.height() / 2;
        painter->setPen(QPen(mixed(palette.color(QPalette::Base), colour, 0.5), 1));
        painter->drawLine(m.margin, y, g.text.left() - m.gap, y);
        painter->drawLine(g.text.right() + m.gap, y, option.rect.width() - m.margin, y);
    }
    painter->setPen(colour);
    if (kind == Kind::Broadcast) {
        QTextLayout layout(oneParagraph(text), font);
        layOut(layout, g.textWidth);
        layout.draw(painter, g.text.topLeft());
        return;
    }
    // Laid out again at the width it takes, as measured: the same lines, and a right-to-
    // left line starts where it was measured to.
    centredLine(text, font, g.textWidth).layout.draw(painter, g.text.topLeft());
}

const TranscriptDelegate::CentredLine &
TranscriptDelegate::centredLine(const QString &text, const QFont &font, int width) const
{
    // The font is always the small one of the view's font; a new view font clears this.
    const QString key = QString::number(width) + u'\n' + text;
    if (const CentredLine *cached = m_centredLines.object(key))
        return *cached;
    auto *line = new CentredLine;
    line->layout.setText(oneParagraph(text));
    line->layout.setFont(font);
    line->size = layOut(line->layout, width);
    m_centredLines.insert(key, line);
    return *line;
}

QUrl TranscriptDelegate::linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                const QPoint &pos) const
{
    if (!isMessage(kindOf(index)))
        return {};
    const Geometry g = geometry(option, index);
    if (!g.text.contains(pos))
        return {};
    const QString text = index.data(TranscriptModel::TextRole).toString();
    const QList<LinkFinder::Link> links = LinkFinder::find(text);
    if (links.isEmpty())
        return {};
    const Metrics m = metrics(option);
    QTextLayout layout(oneParagraph(text), m.font);
    layOut(layout, g.textWidth);
    const QPointF local = pos - g.text.topLeft();
    for (int i = 0; i < layout.lineCount(); ++i) {
        const QTextLine line = layout.lineAt(i);
        if (local.y() < line.y() || local.y() >= line.y() + line.height())
            continue;
        // Past the end of a line is empty space, not the link that ends it.
        if (local.x() < line.x() || local.x() > line.x() + line.naturalTextWidth())
            return {};
        const int cursor = line.xToCursor(local.x(), QTextLine::CursorOnCharacter);
        for (const LinkFinder::Link &link : links) {
            if (cursor >= link.start && cursor < link.start + link.length)
                return link.url;
        }
        return {};
    }
    return {};
}
