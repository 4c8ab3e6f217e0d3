#pragma once

#include "recentemoji.h"

#include <QFrame>
#include <QList>

class QGridLayout;
class QToolButton;

// A small popup grid of emoji, the recently used first. A click closes it, puts the emoji
// first among the recent ones and says which it was; the caller inserts it.
class EmojiPicker final : public QFrame
{
    Q_OBJECT

public:
    static constexpr int Columns = 8;

    explicit EmojiPicker(QWidget *parent = nullptr);

    // Shows the grid with its bottom-left corner at globalBottomLeft (above the input),
    // or below it when there is no room above.
    void popUp(const QPoint &globalBottomLeft);
    QToolButton *buttonFor(const QString &emoji) const;
    const RecentEmoji &recent() const { return m_recent; }

    // base with the colour emoji font put first when it is installed; without it, Qt's
    // own fallback draws what it can.
    static QFont emojiFirst(const QFont &base);
    // base with the colour emoji font as the last fallback, for text with emoji in it.
    static QFont emojiFallback(const QFont &base);
    // "Noto Color Emoji" when it is installed, else empty: for text drawn with emoji
    // runs of its own (TranscriptDelegate).
    static QString colourEmojiFamily();

signals:
    void picked(const QString &emoji);

private:
    void rebuild();

    RecentEmoji m_recent;
    QGridLayout *m_grid = nullptr;
    QList<QToolButton *> m_buttons; // children, in grid order
    QFont m_buttonFont;
    int m_buttonSize = 0; // square buttons, a little larger than an emoji
};
