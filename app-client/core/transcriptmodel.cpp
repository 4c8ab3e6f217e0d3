#include "transcriptmodel.h"

#include "chatsession.h"
#include "eventformatter.h"
#include "mention.h"

#include "chattext.h"

#include <QDateTime>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

qint64 localDay(qint64 atMs)
{
    return QDateTime::fromMSecsSinceEpoch(atMs).date().toJulianDay();
}

TranscriptModel::Kind kindOf(const RoomEvent &event)
{
    using K = TranscriptModel::Kind;
    switch (event.kind) {
    case RoomEvent::Kind::Joined:
        return K::Joined;
    case RoomEvent::Kind::Left:
        return K::Left;
    case RoomEvent::Kind::Renamed:
        return K::Renamed;
    case RoomEvent::Kind::Broadcast:
        return K::Broadcast;
    case RoomEvent::Kind::Chat:
        break;
    }
    return event.own ? K::OwnMessage : K::Message;
}

// The rows drawn as speech bubbles, in runs of one speaker.
bool isBubble(TranscriptModel::Kind kind)
{
    using K = TranscriptModel::Kind;
    return kind == K::Message || kind == K::OwnMessage || kind == K::Unsent;
}

} // namespace

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_liveTimer.setSingleShot(true);
    connect(&m_liveTimer, &QTimer::timeout, this, &TranscriptModel::flushLive);
}

void TranscriptModel::setSession(ChatSession *session)
{
    connect(session, &ChatSession::eventAdded, this, [this, session](const RoomEvent &event) {
        // Welcome has set the epoch by the time the session reports its own join.
        queueLive(Live {event, session->roomEpoch(), session->nickname()});
    });
    connect(session, &ChatSession::historyReceived, this, &TranscriptModel::addHistory);

    // What the session already has: each earlier join of it may have been to another log,
    // and only the last one's epoch is known.
    setOwnNickname(session->nickname());
    const QList<RoomEvent> events = session->events();
    qsizetype lastJoin = -1;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (events.at(i).kind == RoomEvent::Kind::Joined && events.at(i).own)
            lastJoin = i;
    }
    for (qsizetype i = 0; i < events.size(); ++i) {
        const RoomEvent &event = events.at(i);
        if (event.kind == RoomEvent::Kind::Joined && event.own)
            beginRoomLog(i == lastJoin ? session->roomEpoch() : QString());
        addEvent(event);
    }
    if (!session->history().isEmpty())
        addHistory(session->history(), false, false);
}

void TranscriptModel::queueLive(Live live)
{
    m_live.append(std::move(live));
    if (m_liveTimer.isActive())
        return;
    const qint64 since = m_sinceBatch.isValid() ? m_sinceBatch.elapsed() : m_liveIntervalMs;
    m_liveTimer.start(int(qMax<qint64>(0, m_liveIntervalMs - since)));
}

void TranscriptModel::flushLive()
{
    m_liveTimer.stop();
    const QList<Live> live = std::exchange(m_live, {});
    for (const Live &one : live)
        takeLive(one);
    if (!live.isEmpty())
        m_sinceBatch.start();
}

void TranscriptModel::takeLive(const Live &live)
{
    if (live.event.kind == RoomEvent::Kind::Joined && live.event.own)
        beginRoomLog(live.epoch);
    setOwnNickname(live.nickname);
    addEvent(live.event);
}

void TranscriptModel::setMaximumRows(int rows)
{
    flushLive();
    m_maximumRows = qMax(1, rows);
    trim();
}

void TranscriptModel::beginRoomLog(const QString &epoch)
{
    if (!m_live.isEmpty())
        flushLive();
    if (epoch.isEmpty() || epoch != m_epoch) {
        ++m_log;
        m_seqs.clear();
        m_ownJoinsInLog = 0;
        m_dividerShown = false;
    }
    m_epoch = epoch;
}

void TranscriptModel::addEvent(const RoomEvent &event)
{
    if (!m_live.isEmpty())
        flushLive();
    if (event.seq != 0 && m_seqs.contains(event.seq))
        return; // seen already: a replay, or a history page overlapping live events
    if (event.kind == RoomEvent::Kind::Joined && event.own)
        ++m_ownJoinsInLog;
    const int position =
        event.seq != 0 ? positionFor(event.seq, int(m_rows.size())) : int(m_rows.size());
    if (event.seq != 0)
        m_seqs.insert(event.seq);
    insertAt(position, {rowFor(event)});
    trim();
}

void TranscriptModel::addHistory(const QList<RoomEvent> &events, bool reply, bool truncated)
{
    if (!m_live.isEmpty())
        flushLive();
    const int last = insertSorted(events);
    // The first join of a log shows what was said before it above a divider; a later
    // join's batch only fills the gap while the member was away.
    if (!reply && last >= 0 && m_ownJoinsInLog <= 1 && !m_dividerShown) {
        m_dividerShown = true;
        insertAt(
            last + 1,
            {unsequencedRow(Kind::HistoryDivider, tr("earlier messages"), m_rows.at(last).atMs)});
    }
    if (reply && events.isEmpty() && truncated) {
        const QString text = tr("older messages are no longer kept");
        if (m_rows.isEmpty() || m_rows.constFirst().text != text) {
            const qint64 atMs = m_rows.isEmpty() ? m_clock() : m_rows.constFirst().atMs;
            insertAt(0, {unsequencedRow(Kind::HistoryDivider, text, atMs)});
        }
    }
    trim();
}

void TranscriptModel::addNotice(const QString &text, Kind kind)
{
    if (!m_live.isEmpty())
        flushLive();
    if (kind != Kind::Problem)
        kind = Kind::Notice;
    insertAt(int(m_rows.size()), {unsequencedRow(kind, ChatText::sanitized(text), m_clock())});
    trim();
}

void TranscriptModel::setStatusNotice(const QString &text)
{
    if (!m_live.isEmpty())
        flushLive();
    Row row = unsequencedRow(Kind::Notice, ChatText::sanitized(text), m_clock());
    const int at = rowOfId(m_statusId);
    m_statusId = row.id;
    if (at >= 0 && at == m_rows.size() - 1) {
        // Still the newest row: the same place, a new id so that views measure it again.
        m_rows[at] = std::move(row);
        const QModelIndex changed = index(at);
        Q_EMIT dataChanged(changed, changed);
        return;
    }
    if (at >= 0)
        removeAt(at);
    insertAt(int(m_rows.size()), {std::move(row)});
    trim();
}

void TranscriptModel::clearStatusNotice()
{
    if (!m_live.isEmpty())
        flushLive();
    const int at = rowOfId(m_statusId);
    m_statusId = 0;
    if (at >= 0)
        removeAt(at);
}

int TranscriptModel::addUnsent(const QString &text, Protocol::NoticeCode code)
{
    if (!m_live.isEmpty())
        flushLive();
    if (ChatText::check(text) == ChatText::Verdict::Empty)
        return -1;
    // Worded and measured as one's own message would be, so that it reads as one.
    RoomEvent event;
    event.kind = RoomEvent::Kind::Chat;
    event.nickname = m_ownNickname;
    event.text = text;
    event.own = true;
    event.atMs = m_clock();
    Row row = rowFor(event);
    row.kind = Kind::Unsent;
    row.code = code;
    insertAt(int(m_rows.size()), {std::move(row)});
    trim();
    return int(m_rows.size()) - 1;
}

QString TranscriptModel::takeUnsent(int row)
{
    if (!m_live.isEmpty())
        flushLive();
    if (row < 0 || row >= m_rows.size() || m_rows.at(row).kind != Kind::Unsent)
        return {};
    const QString text = m_rows.at(row).text;
    removeAt(row);
    return text;
}

TranscriptModel::UnsentAction TranscriptModel::unsentAction(Protocol::NoticeCode code)
{
    // The server judges the text as it is: only a different text can pass.
    const bool textRefused =
        code == Protocol::NoticeCode::TextTooLong || code == Protocol::NoticeCode::TextEmpty;
    return textRefused ? UnsentAction::Edit : UnsentAction::Retry;
}

QString TranscriptModel::unsentReason(Protocol::NoticeCode code)
{
    switch (code) {
    case Protocol::NoticeCode::SlowDown:
        //: Under a message the server refused: it came too soon after the last ones.
        return tr("Sent too fast; not sent");
    case Protocol::NoticeCode::TextTooLong:
        return tr("Too long; not sent");
    case Protocol::NoticeCode::TextEmpty:
        return tr("Nothing to send; not sent");
    case Protocol::NoticeCode::RoomUnavailable:
        //: Under a message the server could not pass on: the room it shares with other
        //: servers was out of reach for a moment.
        return tr("Room unavailable; not sent");
    default:
        break;
    }
    //: Under a message that went out while the connection was lost and never arrived.
    return tr("Not sent");
}

void TranscriptModel::removeAt(int row)
{
    beginRemoveRows(QModelIndex(), row, row);
    m_rows.remove(row);
    endRemoveRows();
    neighbourChanged(row);
}

int TranscriptModel::rowOfId(quint64 id) const
{
    if (id == 0)
        return -1;
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

TranscriptModel::Row TranscriptModel::rowFor(const RoomEvent &event)
{
    Row row;
    row.kind = kindOf(event);
    row.seq = event.seq;
    row.log = m_log;
    row.id = m_nextId++;
    row.atMs = event.atMs > 0 ? event.atMs : m_clock();
    row.day = localDay(row.atMs);
    row.own = event.own;
    row.history = event.history;
    if (event.kind != RoomEvent::Kind::Broadcast)
        row.sender = event.nickname;
    // The line as the old log showed it, the name isolated so that right-to-left text in
    // it cannot reorder the words around it.
    const EventFormatter::Line line = EventFormatter::format(event);
    row.line = line.hasName() ? line.text.left(line.nameStart)
            + EventFormatter::isolated(line.text.mid(line.nameStart, line.nameLength))
            + line.text.mid(line.nameStart + line.nameLength)
                              : line.text;
    const bool speech =
        event.kind == RoomEvent::Kind::Chat || event.kind == RoomEvent::Kind::Broadcast;
    row.text = speech ? ChatText::sanitized(event.text) : row.line;
    row.mention = row.kind == Kind::Message && !m_ownNickname.isEmpty()
        && Mention::mentions(event.text, m_ownNickname);
    return row;
}

TranscriptModel::Row TranscriptModel::unsequencedRow(Kind kind, const QString &text, qint64 atMs)
{
    Row row;
    row.kind = kind;
    row.log = m_log;
    row.id = m_nextId++;
    row.atMs = atMs;
    row.day = localDay(atMs);
    row.text = text;
    row.line = text;
    return row;
}

int TranscriptModel::positionFor(quint64 seq, int end) const
{
    // Before the first later event of the same log that follows the last earlier one;
    // rows without a seq in between keep their place. Live events end up at the end in
    // one step, history pages at the top of their log.
    int position = end;
    for (int i = end - 1; i >= 0; --i) {
        const Row &row = m_rows.at(i);
        if (row.log != m_log)
            break;
        if (row.seq == 0)
            continue;
        if (row.seq < seq)
            break;
        position = i;
    }
    return position;
}

void TranscriptModel::insertAt(int position, QList<Row> rows)
{
    if (rows.isEmpty())
        return;
    const int count = int(rows.size());
    beginInsertRows(QModelIndex(), position, position + count - 1);
    m_rows.insert(position, count, Row());
    std::move(rows.begin(), rows.end(), m_rows.begin() + position);
    endInsertRows();
    neighbourChanged(position + count);
}

int TranscriptModel::insertSorted(QList<RoomEvent> events)
{
    std::stable_sort(events.begin(), events.end(),
                     [](const RoomEvent &a, const RoomEvent &b) { return a.seq < b.seq; });
    // From the newest down, each one's place is at or above the previous one's: one pass
    // back over the rows however large the batch. Runs that share a place go in at once.
    struct Group
    {
        int position = 0;
        QList<Row> rows;
    };
    QList<Group> groups; // highest position first, so lower positions stay valid
    int end = int(m_rows.size());
    for (qsizetype i = events.size() - 1; i >= 0; --i) {
        const RoomEvent &event = events.at(i);
        if (event.seq == 0 || m_seqs.contains(event.seq))
            continue;
        m_seqs.insert(event.seq);
        end = positionFor(event.seq, end);
        if (groups.isEmpty() || groups.constLast().position != end)
            groups.append(Group {end, {}});
        groups.last().rows.prepend(rowFor(event));
    }
    if (groups.isEmpty())
        return -1;
    int inserted = 0;
    for (Group &group : groups) {
        inserted += int(group.rows.size());
        insertAt(group.position, std::move(group.rows));
    }
    // The newest of the batch sits at the end of the highest group, pushed down by all.
    return groups.constFirst().position + inserted - 1;
}

void TranscriptModel::trim()
{
    const int excess = int(m_rows.size()) - m_maximumRows;
    if (excess <= 0)
        return;
    beginRemoveRows(QModelIndex(), 0, excess - 1);
    for (int i = 0; i < excess; ++i) {
        if (m_rows.at(i).log == m_log && m_rows.at(i).seq != 0)
            m_seqs.remove(m_rows.at(i).seq);
    }
    m_rows.remove(0, excess);
    endRemoveRows();
    neighbourChanged(0);
}

void TranscriptModel::neighbourChanged(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at, {FirstOfRunRole, DateBoundaryRole, LayoutKeyRole});
}

bool TranscriptModel::isFirstOfRun(int row) const
{
    const Row &current = m_rows.at(row);
    if (!isBubble(current.kind))
        return false;
    if (row == 0)
        return true;
    const Row &previous = m_rows.at(row - 1);
    // What one did not get sent sits in one's own run, as QQ shows it.
    if (!isBubble(previous.kind) || previous.own != current.own || previous.sender != current.sender
        || previous.day != current.day)
        return true;
    const qint64 gap = current.atMs - previous.atMs;
    return gap < 0 || gap > RunGapMs;
}

bool TranscriptModel::isDateBoundary(int row) const
{
    return row == 0 || m_rows.at(row - 1).day != m_rows.at(row).day;
}

QString TranscriptModel::folded(const QString &text)
{
    return text.normalized(QString::NormalizationForm_KC).toCaseFolded();
}

QString TranscriptModel::searchText(const Row &row) const
{
    switch (row.kind) {
    case Kind::Message:
    case Kind::OwnMessage:
    case Kind::Unsent:
    case Kind::Broadcast:
        return row.text;
    default:
        break;
    }
    QString line = row.line;
    return line.remove(QChar(0x2068)).remove(QChar(0x2069));
}

bool TranscriptModel::matches(int row, const QString &query) const
{
    const QString needle = folded(query);
    return row >= 0 && row < m_rows.size() && !needle.isEmpty()
        && folded(searchText(m_rows.at(row))).contains(needle);
}

int TranscriptModel::findMatch(const QString &query, int from, bool forward) const
{
    const QString needle = folded(query);
    const int count = int(m_rows.size());
    if (needle.isEmpty() || count == 0)
        return -1;
    const int start = from >= 0 && from < count ? from : (forward ? -1 : count);
    const int step = forward ? 1 : -1;
    for (int n = 1; n <= count; ++n) {
        const int row = ((start + step * n) % count + count) % count;
        if (folded(searchText(m_rows.at(row))).contains(needle))
            return row;
    }
    return -1;
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    // Plain text in every role; there is deliberately no tool tip, which Qt would take
    // for rich text.
    switch (role) {
    case Qt::DisplayRole:
        return row.line;
    case KindRole:
        return QVariant::fromValue(row.kind);
    case SenderRole:
        return row.sender;
    case TimeRole:
        return QDateTime::fromMSecsSinceEpoch(row.atMs);
    case TextRole:
        return row.text;
    case OwnRole:
        return row.own;
    case MentionRole:
        return row.mention;
    case FirstOfRunRole:
        return isFirstOfRun(index.row());
    case DateBoundaryRole:
        return isDateBoundary(index.row());
    case DateRole:
        return QDate::fromJulianDay(row.day);
    case SeqRole:
        return row.seq;
    case IdRole:
        return row.id;
    case HistoryRole:
        return row.history;
    case LayoutKeyRole:
        return row.id << 2 | (isFirstOfRun(index.row()) ? 2 : 0)
            | (isDateBoundary(index.row()) ? 1 : 0);
    case UnsentCodeRole:
        return row.kind == Kind::Unsent ? QVariant::fromValue(row.code) : QVariant();
    case UnsentReasonRole:
        return row.kind == Kind::Unsent ? unsentReason(row.code) : QVariant();
    case UnsentActionRole:
        return row.kind == Kind::Unsent ? QVariant::fromValue(unsentAction(row.code)) : QVariant();
    default:
        return {};
    }
}

QHash<int, QByteArray> TranscriptModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(QHash<int, QByteArray> {{KindRole, "kind"},
                                         {SenderRole, "sender"},
                                         {TimeRole, "time"},
                                         {TextRole, "text"},
                                         {OwnRole, "own"},
                                         {MentionRole, "mention"},
                                         {FirstOfRunRole, "firstOfRun"},
                                         {DateBoundaryRole, "dateBoundary"},
                                         {DateRole, "date"},
                                         {SeqRole, "seq"},
                                         {IdRole, "rowId"},
                                         {HistoryRole, "history"},
                                         {LayoutKeyRole, "layoutKey"},
                                         {UnsentCodeRole, "unsentCode"},
                                         {UnsentReasonRole, "unsentReason"},
                                         {UnsentActionRole, "unsentAction"}});
    return names;
}
