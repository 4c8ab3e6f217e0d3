#include "serverlogview.h"

#include <QScrollBar>
#include <QTextBlockFormat>
#include <QTextCharFormat>
#include <QTextCursor>

namespace {

// The client's colours, so an administrator who also chats reads one visual language.
const QColor AdminColor(190, 20, 40);
const QColor AdminTint(220, 40, 40, 36);
const QColor ProblemColor(200, 90, 0);

QColor quietColor(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    return dark ? QColor(150, 150, 150) : QColor(120, 120, 120);
}

// One event is one block: a line break inside a message becomes a line separator, so the
// message keeps its time stamp and the bounded scrollback counts events.
QString oneBlock(QString text)
{
    text.replace(u'\n', QChar::LineSeparator);
    text.replace(QChar::ParagraphSeparator, QChar::LineSeparator);
    return text;
}

} // namespace

ServerLogView::ServerLogView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setMaximumBlockCount(DefaultMaximumLines);
    setUndoRedoEnabled(false);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

bool ServerLogView::isFollowing() const
{
    const QScrollBar *bar = verticalScrollBar();
    return bar->value() >= bar->maximum();
}

void ServerLogView::addLine(const QDateTime &at, const QString &text, Style style)
{
    const bool follow = isFollowing();
    const QPalette pal = palette();

    QTextBlockFormat block;
    if (style == Style::Admin)
        block.setBackground(AdminTint);

    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (document()->isEmpty())
        cursor.setBlockFormat(block);
    else
        cursor.insertBlock(block, QTextCharFormat());

    QTextCharFormat time;
    time.setForeground(quietColor(pal));
    // Seconds matter on a server: they order what happened within a busy minute.
    const QDateTime stamp = at.isValid() ? at.toLocalTime() : QDateTime::currentDateTime();
    cursor.insertText(stamp.toString(QStringLiteral("HH:mm:ss  ")), time);

    QTextCharFormat body;
    switch (style) {
    case Style::Presence:
    case Style::Past:
        body.setForeground(quietColor(pal));
        break;
    case Style::Chat:
        break;
    case Style::Admin:
        body.setForeground(AdminColor);
        body.setFontWeight(QFont::Bold);
        break;
    case Style::Server:
        body.setForeground(quietColor(pal));
        body.setFontItalic(true);
        break;
    case Style::Problem:
        body.setForeground(ProblemColor);
        body.setFontItalic(true);
        break;
    }
    // Server events are marked in the text too, so they stand apart in a copied log.
    const bool serverSide = style == Style::Server || style == Style::Problem;
    cursor.insertText(oneBlock(serverSide ? QStringLiteral("* ") + text : text), body);

    if (follow)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void ServerLogView::addDivider(const QString &text)
{
    const bool follow = isFollowing();
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (!document()->isEmpty())
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    QTextCharFormat quiet;
    quiet.setForeground(quietColor(palette()));
    // The client's divider, so both windows mark the line between past and live alike.
    // No time: it is no event.
    cursor.insertText(oneBlock(QStringLiteral("—— %1 ——").arg(text)), quiet);
    if (follow)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}
