#pragma once

#include <QAbstractItemDelegate>
#include <QCache>
#include <QHash>
#include <QRect>
#include <QTextLayout>
#include <QUrl>

// Draws one TranscriptModel row: a message run as a round avatar, the name and the time
// once, then each text in a bubble (one's own on the right), joins and leaves as small
// centred grey lines, the administrator as a full-width banner no message can imitate,
// date separators and the history divider. Text is laid out with QTextLayout from the
// plain string, never through HTML. Heights are cached per row and width, so a view of
// many rows measures each one once until the width, font or palette changes.
class TranscriptDelegate final : public QAbstractItemDelegate
{
    Q_OBJECT

public:
    // Where the parts of a row go, relative to the row's rectangle.
    struct Geometry
    {
        int height = 0;
        QRect date; // the date separator above the row; null when none
        QRect avatar; // null when the row shows no header
        QRect name;
        QString shownName; // the sender, elided to fit
        QRect time;
        QRect bubble; // a message's bubble, a banner, or a centred line's text
        QRect text; // where the text is laid out, inside the bubble
        int textWidth = 0; // the width the text wraps at
        // An Unsent row: the red mark beside the bubble, the reason under it, and after
        // the reason the word that retries or edits; the mark does the same when clicked.
        QRect mark;
        QRect reason;
        QRect action;
    };

    explicit TranscriptDelegate(QObject *parent = nullptr);

    // The width rows are laid out for: the view's viewport. Changing it drops the cache.
    void setWidth(int width);
    int width() const { return m_width; }
    void clearCache();

    Geometry geometry(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // Marks where this text appears in messages (the search bar's query); empty: none.
    void setHighlight(const QString &text) { m_highlight = text; }
    QString highlight() const { return m_highlight; }
    // The http(s) address drawn at pos (relative to the row's rectangle); empty if none.
    QUrl linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                const QPoint &pos) const;
    // Over an Unsent row's action word or its mark (pos relative to the row's rectangle).
    bool isUnsentActionAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                          const QPoint &pos) const;
    // The word an Unsent row's action shows: "Retry" or "Edit".
    static QString actionText(const QModelIndex &index);
    // The words of a date separator: today, yesterday, or the date.
    static QString dateText(const QDate &date, const QDate &today);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    struct Metrics;
    Metrics metrics(const QStyleOptionViewItem &option) const;
    void layoutMessage(Geometry &g, const Metrics &m, const QModelIndex &index, int top,
                       int width) const;
    void layoutCentred(Geometry &g, const Metrics &m, const QModelIndex &index, int top,
                       int width) const;
    void paintMessage(QPainter *painter, const QStyleOptionViewItem &option,
                      const QModelIndex &index, const Geometry &g) const;
    void layoutUnsent(Geometry &g, const Metrics &m, const QModelIndex &index) const;
    void paintUnsent(QPainter *painter, const QStyleOptionViewItem &option,
                     const QModelIndex &index, const Geometry &g) const;
    void paintCentred(QPainter *painter, const QStyleOptionViewItem &option,
                      const QModelIndex &index, const Geometry &g) const;
    void paintDate(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index,
                   const QRect &rect) const;
    // A row's height when it is not cached yet.
    int measuredHeight(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    int m_width = 0;
    QString m_highlight;
    // The heights at m_width by row id (TranscriptModel::LayoutKeyRole), each with the run
    // and date flags it was measured for. A vector over a window of ids, not a hash: the
    // model hands ids out in order and a layout asks for every row in order, and hash
    // lookups were most of the time a layout of 20000 rows took (issue 13's churn lays
    // them out once per batch).
    struct CachedHeight
    {
        int height = -1; // -1: not measured
        quint8 flags = 0;
    };
    static constexpr qsizetype MaxCachedIds = 1 << 18;
    int cachedHeight(quint64 layoutKey) const; // -1 when not cached
    void cacheHeight(quint64 layoutKey, int height) const;
    mutable QList<CachedHeight> m_heights;
    mutable quint64 m_firstCachedId = 0; // the id of m_heights.first()
    mutable QHash<QString, int> m_lineHeights; // a centred line's date flag and text -> height
    // A centred line (join, leave, rename, notice) laid out in the small font at a width.
    // The rows in view are drawn again at every batch of new rows, and joins and leaves
    // repeat a few texts: each was laid out twice per row and paint, now once per text.
    struct CentredLine
    {
        QTextLayout layout;
        QSize size;
    };
    static constexpr int CentredLinesKept = 512;
    // Valid until the next call: the cache may drop it for a newer line.
    const CentredLine &centredLine(const QString &text, const QFont &font, int width) const;
    mutable QCache<QString, CentredLine> m_centredLines {CentredLinesKept};
};
