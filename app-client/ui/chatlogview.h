#pragma once

#include "eventformatter.h"
#include "roomevent.h"

#include <QHash>
#include <QTextEdit>

// The read-only chat log. Every line is inserted as plain text through QTextCursor with
// a QTextCharFormat, never as HTML, so what people type is shown exactly as typed and
// cannot load images or change fonts. The scrollback is bounded; the view follows new
// lines unless the user has scrolled up to read. A QTextEdit rather than a
// QPlainTextEdit for one reason: its layout honours block margins, so a wrapped or
// multi-line message hangs indented under its text instead of under the time.
class ChatLogView final : public QTextEdit
{
    Q_OBJECT

public:
    static constexpr int DefaultMaximumLines = 5000;

    enum class SystemKind : quint8 { Info, Problem };

    explicit ChatLogView(QWidget *parent = nullptr);

    // Own lines are marked and lines that name this member are highlighted.
    void setOwnNickname(const QString &nickname) { m_ownNickname = nickname; }
    void addEvent(const RoomEvent &event);
    void addSystemLine(const QString &text, SystemKind kind = SystemKind::Info);
    // Earlier events above everything shown, oldest first, then the divider line (if
    // any): the view keeps showing what it showed.
    void prependEvents(const QList<RoomEvent> &events, const QString &divider = {});

    bool mentionsOwnName(const RoomEvent &event) const;
    bool isFollowing() const;

    // A colour per nickname that stays the same across runs and machines, readable on
    // the palette's base colour; the member list uses the same one.
    static QColor nicknameColor(const QString &nickname, const QPalette &palette);
    // The colour for MemberListModel::nicknameHue() on this palette.
    static QColor hueColor(int hue, const QPalette &palette);

protected:
    void changeEvent(QEvent *event) override;

private:
    enum class Style : quint8 { Chat, Own, Mention, Presence, Admin };

    void insertLine(qint64 atMs, const EventFormatter::Line &line, Style style);
    // Starts a new block whose continuation lines are indented past the time stamp: at
    // the end, or at m_insertAt while prepending.
    QTextCursor startLine(const QColor &background);
    void finishLine(const QTextCursor &cursor, bool follow);
    // nicknameColor() remembered per name: a busy room repeats the same few speakers, and
    // the key behind the colour costs a Unicode normalization each time.
    QColor cachedNicknameColor(const QString &nickname);

    QString m_ownNickname;
    int m_insertAt = -1; // >= 0 while prependEvents() inserts before this position
    QHash<QString, QColor> m_nicknameColors;
};
