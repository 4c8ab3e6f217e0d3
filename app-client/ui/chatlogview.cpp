#include "chatlogview.h"

#include "memberlistmodel.h"
#include "mention.h"
#include "nickname.h"

#include <QDateTime>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

using namespace Qt::StringLiterals;

namespace {

// Tints that read on light and dark palettes alike because they are mostly transparent.
const QColor OwnTint(64, 128, 255, 30);
const QColor MentionTint(255, 200, 0, 80);
const QColor AdminTint(220, 40, 40, 36);
const QColor AdminColor(190, 20, 40);
const QColor ProblemColor(200, 90, 0);

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor quietColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(150, 150, 150) : QColor(120, 120, 120);
}

// One event is one block: a line break inside a message becomes a line separator, so
// the message keeps its time stamp and the bounded scrollback counts messages.
QString oneBlock(QString text)
{
    text.replace(u'\n', QChar::LineSeparator);
    text.replace(QChar::ParagraphSeparator, QChar::LineSeparator);
    return text;
}

} // namespace

ChatLogView::ChatLogView(QWidget *parent)
    : QTextEdit(parent)
{
    setReadOnly(true);
    setAcceptRichText(false);
    document()->setMaximumBlockCount(DefaultMaximumLines);
    setUndoRedoEnabled(false);
    setLineWrapMode(QTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setFocusPolicy(Qt::ClickFocus);
}

bool ChatLogView::mentionsOwnName(const RoomEvent &event) const
{
    if (event.kind != RoomEvent::Kind::Chat || event.own || m_ownNickname.isEmpty())
        return false;
    return Mention::mentions(event.text, m_ownNickname);
}

bool ChatLogView::isFollowing() const
{
    const QScrollBar *bar = verticalScrollBar();
    return bar->value() >= bar->maximum();
}

void ChatLogView::addEvent(const RoomEvent &event)
{
    Style style = Style::Chat;
    switch (event.kind) {
    case RoomEvent::Kind::Joined:
    case RoomEvent::Kind::Left:
    case RoomEvent::Kind::Renamed:
        style = Style::Presence;
        break;
    case RoomEvent::Kind::Broadcast:
        style = Style::Admin;
        break;
    case RoomEvent::Kind::Chat:
        style = event.own ? Style::Own : mentionsOwnName(event) ? Style::Mention : Style::Chat;
        break;
    }
    insertLine(event.atMs, EventFormatter::format(event), style);
}

void ChatLogView::addSystemLine(const QString &text, SystemKind kind)
{
    const bool follow = isFollowing();
    QTextCursor cursor = startLine(QColor());

    QTextCharFormat time;
    time.setForeground(quietColor(palette()));
    cursor.insertText(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm ")), time);

    QTextCharFormat body;
    body.setFontItalic(true);
    body.setForeground(kind == SystemKind::Problem ? ProblemColor : quietColor(palette()));
    cursor.insertText(oneBlock(QStringLiteral("* ") + text), body);
    finishLine(cursor, follow);
}

void ChatLogView::prependEvents(const QList<RoomEvent> &events, const QString &divider)
{
    if (events.isEmpty() && divider.isEmpty())
        return;
    QScrollBar *bar = verticalScrollBar();
    const bool follow = isFollowing() && bar->maximum() > 0;
    const int fromBottom = bar->maximum() - bar->value();
    m_insertAt = document()->isEmpty() ? -1 : 0;
    for (const RoomEvent &event : events)
        addEvent(event);
    if (!divider.isEmpty()) {
        QTextCursor cursor = startLine(QColor());
        QTextBlockFormat centred = cursor.blockFormat();
        centred.setAlignment(Qt::AlignHCenter);
        cursor.setBlockFormat(centred);
        QTextCharFormat quiet;
        quiet.setForeground(quietColor(palette()));
        cursor.insertText(u"—— %1 ——"_s.arg(divider), quiet);
        finishLine(cursor, false);
    }
    m_insertAt = -1;
    // What was on screen stays on screen: the new lines push the old ones down.
    bar->setValue(follow ? bar->maximum() : bar->maximum() - fromBottom);
}

void ChatLogView::insertLine(qint64 atMs, const EventFormatter::Line &line, Style style)
{
    const bool follow = isFollowing();
    const QPalette pal = palette();

    QColor background;
    switch (style) {
    case Style::Own:
        background = OwnTint;
        break;
    case Style::Mention:
        background = MentionTint;
        break;
    case Style::Admin:
        background = AdminTint;
        break;
    case Style::Chat:
    case Style::Presence:
        break;
    }
    QTextCursor cursor = startLine(background);

    const QDateTime at =
        atMs > 0 ? QDateTime::fromMSecsSinceEpoch(atMs) : QDateTime::currentDateTime();
    QTextCharFormat time;
    time.setForeground(quietColor(pal));
    cursor.insertText(at.toString(QStringLiteral("HH:mm ")), time);

    QTextCharFormat body;
    if (style == Style::Presence) {
        body.setForeground(quietColor(pal));
        body.setFontItalic(true);
    } else if (style == Style::Admin) {
        body.setForeground(AdminColor);
        body.setFontWeight(QFont::Bold);
    }

    if (!line.hasName()) {
        cursor.insertText(oneBlock(line.text), body);
    } else {
        QTextCharFormat name = body;
        name.setForeground(cachedNicknameColor(line.text.mid(line.nameStart, line.nameLength)));
        if (style != Style::Presence)
            name.setFontWeight(QFont::Bold);
        if (style == Style::Own)
            name.setFontUnderline(true);
        cursor.insertText(oneBlock(line.text.left(line.nameStart)), body);
        cursor.insertText(
            EventFormatter::isolated(oneBlock(line.text.mid(line.nameStart, line.nameLength))),
            name);
        cursor.insertText(oneBlock(line.text.mid(line.nameStart + line.nameLength)), body);
    }
    finishLine(cursor, follow);
}

void ChatLogView::finishLine(const QTextCursor &cursor, bool follow)
{
    if (m_insertAt >= 0) {
        m_insertAt = cursor.block().next().position();
        return;
    }
    if (follow)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

QTextCursor ChatLogView::startLine(const QColor &background)
{
    QTextBlockFormat block;
    const qreal stamp = fontMetrics().horizontalAdvance(QStringLiteral("00:00 "));
    block.setLeftMargin(stamp);
    block.setTextIndent(-stamp);
    block.setTopMargin(1);
    block.setBottomMargin(1);
    if (background.isValid())
        block.setBackground(background);

    QTextCursor cursor(document());
    if (m_insertAt >= 0 && !document()->isEmpty()) {
        // A block before the one at m_insertAt: split that one at its start, so its text
        // moves on with its own format, and the empty block left in front becomes ours.
        cursor.setPosition(m_insertAt);
        cursor.insertBlock(cursor.blockFormat(), cursor.charFormat());
        cursor.movePosition(QTextCursor::PreviousBlock);
        cursor.setBlockFormat(block);
        return cursor;
    }
    cursor.movePosition(QTextCursor::End);
    if (document()->isEmpty())
        cursor.setBlockFormat(block);
    else
        cursor.insertBlock(block, QTextCharFormat());
    return cursor;
}

QColor ChatLogView::nicknameColor(const QString &nickname, const QPalette &palette)
{
    // Over the key: one colour for "Alice" and "alice", as the server sees them.
    return hueColor(MemberListModel::nicknameHue(Nickname::key(nickname)), palette);
}

QColor ChatLogView::hueColor(int hue, const QPalette &palette)
{
    return QColor::fromHsl(hue, 190, isDark(palette) ? 175 : 95);
}

QColor ChatLogView::cachedNicknameColor(const QString &nickname)
{
    const auto it = m_nicknameColors.constFind(nickname);
    if (it != m_nicknameColors.constEnd())
        return *it;
    // Bounded: names come and go over a long session.
    if (m_nicknameColors.size() >= 4096)
        m_nicknameColors.clear();
    const QColor color = nicknameColor(nickname, palette());
    m_nicknameColors.insert(nickname, color);
    return color;
}

void ChatLogView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_nicknameColors.clear(); // light and dark palettes use other shades
    QTextEdit::changeEvent(event);
}
