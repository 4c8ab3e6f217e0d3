#pragma once

#include "roomevent.h"

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QList>
#include <QSet>
#include <QString>
#include <QTimer>

#include <functional>

class ChatSession;

// The room's events as the window shows them, one row each, in seq order: history pages
// land above, a gap filled after a reconnect lands before what came later, and an event
// seen twice (a replay, a history page overlapping the live events) is shown once. The
// window's own notices (a lost connection, a refusal) have no seq and stay where they
// were added. Everything is plain text; a view decides how it looks.
class TranscriptModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum class Kind : quint8 {
        Message, // someone else's Chat
        OwnMessage,
        Joined,
        Left,
        Renamed,
        Broadcast, // the administrator
        HistoryDivider, // between the history and what the member saw live
        Notice, // the window's own line: information
        Problem, // the window's own line: something went wrong
        // One's own Say the server refused (SlowDown, TextTooLong) or that was lost while
        // away: drawn like one's own message, marked, until it is retried, edited or
        // discarded. Not a room event: it has no seq and the room never saw it.
        Unsent,
    };
    Q_ENUM(Kind)

    // What an Unsent row offers: the same text again, or back into the input, since the
    // server would refuse a text that is too long however often it is sent.
    enum class UnsentAction : quint8 { Retry, Edit };
    Q_ENUM(UnsentAction)

    enum Role {
        KindRole = Qt::UserRole + 1, // Kind
        SenderRole, // QString: who spoke, joined or left; empty for the rest
        TimeRole, // QDateTime, local time
        TextRole, // QString: what was said; for other rows the whole line
        OwnRole, // bool
        MentionRole, // bool: someone else's message naming this member
        FirstOfRunRole, // bool: a message not following one of the same sender's
        DateBoundaryRole, // bool: the first row of its (local) day
        DateRole, // QDate of the row, local time
        SeqRole, // quint64; 0 for rows without one
        IdRole, // quint64: stays with the row while rows come and go, for caches
        HistoryRole, // bool: from a History batch
        // quint64 that changes whenever the row's height may: its id with the run and date
        // flags, so a view's cache of heights asks one question per row per layout.
        LayoutKeyRole,
        // Unsent rows only (invalid for the rest):
        UnsentCodeRole, // Protocol::NoticeCode: the refusal; UnknownType when lost while away
        UnsentReasonRole, // QString: why it was not sent, in a few words
        UnsentActionRole, // UnsentAction
    };

    static constexpr int DefaultMaximumRows = 20000;
    // A message this long after the sender's previous one starts a new run.
    static constexpr qint64 RunGapMs = 5 * 60 * 1000;

    explicit TranscriptModel(QObject *parent = nullptr);

    // Shows the session's events and history from now on, starting with what it has.
    // Its live events are taken in batches, at most one every liveIntervalMs while they
    // keep coming (the first after a quiet spell at the next turn of the event loop): a
    // view lays out and paints once per batch, not once per event.
    void setSession(ChatSession *session);
    static constexpr int DefaultLiveIntervalMs = 40;
    void setLiveInterval(int ms) { m_liveIntervalMs = qMax(0, ms); }
    // Takes in the session's events still waiting for their batch; every change to the
    // rows does this first, so the order stays the session's.
    void flushLive();
    // Later messages naming this member are marked as mentions.
    void setOwnNickname(const QString &nickname) { m_ownNickname = nickname; }
    QString ownNickname() const { return m_ownNickname; }
    // The oldest rows are dropped beyond this many.
    void setMaximumRows(int rows);
    int maximumRows() const { return m_maximumRows; }
    // Where the time of a notice comes from; tests set a fixed one.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

    // A join into a room log: seqs compare only within one log. Another epoch, or none
    // (a 1.0 server, whose restart starts from 1 again), starts a new one; rows before
    // it keep their place above.
    void beginRoomLog(const QString &epoch);
    void addEvent(const RoomEvent &event);
    // A History batch, oldest first, as ChatSession::historyReceived gives it. The first
    // join batch of a log ends with the divider; a reply that found nothing more says so.
    void addHistory(const QList<RoomEvent> &events, bool reply, bool truncated);
    // The window's own line: kind is Notice or Problem.
    void addNotice(const QString &text, Kind kind = Kind::Notice);
    // One line the window keeps up to date ("reconnecting in 4 s"): each call replaces the
    // last one's text, moving it below anything added since, so a wait of many attempts
    // is one line. clearStatusNotice() removes it, once the wait is over.
    void setStatusNotice(const QString &text);
    void clearStatusNotice();
    // A Say of this member's that was not sent (ChatSession::sayFailed) as an Unsent row at
    // the end; returns its row, or -1 for a blank text, which is not worth keeping.
    int addUnsent(const QString &text, Protocol::NoticeCode code);
    // Removes an Unsent row and returns its text; empty when the row is not one.
    QString takeUnsent(int row);
    static UnsentAction unsentAction(Protocol::NoticeCode code);
    static QString unsentReason(Protocol::NoticeCode code);

    // The next row, after (or before) from and wrapping around, whose text holds query,
    // compared case-insensitively after NFKC; -1 when none does.
    int findMatch(const QString &query, int from, bool forward = true) const;
    bool matches(int row, const QString &query) const;
    static QString folded(const QString &text);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row
    {
        Kind kind = Kind::Notice;
        quint64 seq = 0; // 0: unsequenced (notices, dividers), kept where added
        quint32 log = 0; // which room log the seq belongs to
        quint64 id = 0;
        qint64 atMs = 0;
        qint64 day = 0; // local Julian day of atMs
        QString sender;
        QString text;
        QString line; // the whole line, as EventFormatter words it
        bool own = false;
        bool mention = false;
        bool history = false;
        Protocol::NoticeCode code = Protocol::NoticeCode::UnknownType; // Unsent only
    };

    Row rowFor(const RoomEvent &event);
    Row unsequencedRow(Kind kind, const QString &text, qint64 atMs);
    // Where an event with this seq goes, looking back from before `end`.
    int positionFor(quint64 seq, int end) const;
    void insertAt(int position, QList<Row> rows);
    // Returns the row of the batch's newest new event, -1 when it brought nothing new.
    int insertSorted(QList<RoomEvent> events);
    void trim();
    // The row with this id, looking from the newest; -1 when it is gone.
    int rowOfId(quint64 id) const;
    // A row's run and date flags depend on the row above it.
    void neighbourChanged(int row);
    bool isFirstOfRun(int row) const;
    bool isDateBoundary(int row) const;
    void removeAt(int row);
    QString searchText(const Row &row) const;
    // A session's event, with what the session said when it came.
    struct Live
    {
        RoomEvent event;
        QString epoch; // the session's room epoch, for one's own join
        QString nickname;
    };
    void queueLive(Live live);
    void takeLive(const Live &live);

    QList<Row> m_rows;
    QSet<quint64> m_seqs; // of the current log's rows
    quint32 m_log = 0;
    QString m_epoch;
    int m_ownJoinsInLog = 0; // a later join's history fills a gap: no divider then
    bool m_dividerShown = false; // the current log's join history has its divider
    quint64 m_nextId = 1;
    quint64 m_statusId = 0; // the row setStatusNotice() keeps up to date; 0: none
    int m_maximumRows = DefaultMaximumRows;
    QString m_ownNickname;
    std::function<qint64()> m_clock;
    QList<Live> m_live; // the session's events waiting for the next batch
    QTimer m_liveTimer;
    QElapsedTimer m_sinceBatch;
    int m_liveIntervalMs = DefaultLiveIntervalMs;
};
