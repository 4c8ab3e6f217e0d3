#include "emojipicker.h"

#include <QFontDatabase>
#include <QFontInfo>
#include <QGridLayout>
#include <QScreen>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {

const QString colourEmojiName = u"Noto Color Emoji"_s;

bool hasColourEmoji()
{
    static const bool installed = QFontDatabase::families().contains(colourEmojiName);
    return installed;
}

} // namespace

EmojiPicker::EmojiPicker(QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_grid(new QGridLayout(this))
{
    setObjectName(u"emojiPicker"_s);
    setFrameShape(QFrame::StyledPanel);
    m_grid->setSpacing(2);
    m_grid->setContentsMargins(4, 4, 4, 4);
    m_buttonFont = emojiFirst(font());
    m_buttonFont.setPointSizeF(m_buttonFont.pointSizeF() * 1.5);
    m_buttonSize = QFontMetrics(m_buttonFont).height() + 8;
    rebuild();
}

QFont EmojiPicker::emojiFirst(const QFont &base)
{
    QFont font = base;
    if (hasColourEmoji())
        font.setFamilies({colourEmojiName, base.family()});
    return font;
}

QString EmojiPicker::colourEmojiFamily()
{
    return hasColourEmoji() ? colourEmojiName : QString();
}

QFont EmojiPicker::emojiFallback(const QFont &base)
{
    QFont font = base;
    // The family the font really resolves to: a generic name such as "Sans Serif" is no
    // family of its own, and Qt would then take digits and spaces from the emoji font.
    if (hasColourEmoji())
        font.setFamilies({QFontInfo(base).family(), colourEmojiName});
    return font;
}

void EmojiPicker::popUp(const QPoint &globalBottomLeft)
{
    rebuild();
    adjustSize();
    QPoint topLeft = globalBottomLeft - QPoint(0, height());
    if (const QScreen *screen = QWidget::screen()) {
        const QRect available = screen->availableGeometry();
        if (topLeft.y() < available.top())
            topLeft.setY(globalBottomLeft.y());
        topLeft.setX(qBound(available.left(), topLeft.x(), available.right() - width()));
    }
    move(topLeft);
    show();
}

QToolButton *EmojiPicker::buttonFor(const QString &emoji) const
{
    for (QToolButton *button : m_buttons) {
        if (button->isVisibleTo(this) && button->text() == emoji)
            return button;
    }
    return nullptr;
}

void EmojiPicker::rebuild()
{
    // The buttons are kept and relabelled: the list only changes order and grows by the
    // few recent ones that are not common, so nothing needs freeing.
    const QStringList emoji = m_recent.offered();
    for (qsizetype i = m_buttons.size(); i < emoji.size(); ++i) {
        auto *button = new QToolButton(this);
        button->setFont(m_buttonFont);
        button->setAutoRaise(true);
        button->setFocusPolicy(Qt::NoFocus);
        button->setFixedSize(m_buttonSize, m_buttonSize);
        connect(button, &QToolButton::clicked, this, [this, button] {
            const QString text = button->text();
            hide();
            m_recent.use(text);
            emit picked(text);
        });
        m_grid->addWidget(button, int(i / Columns), int(i % Columns));
        m_buttons.append(button);
    }
    for (qsizetype i = 0; i < m_buttons.size(); ++i) {
        m_buttons.at(i)->setVisible(i < emoji.size());
        m_buttons.at(i)->setText(i < emoji.size() ? emoji.at(i) : QString());
    }
}
