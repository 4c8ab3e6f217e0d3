#include "serverlogmodel.h"

#include "servereventformatter.h"

#include <QBrush>

using namespace Qt::StringLiterals;

namespace {

// The client's colours, so an administrator who also chats reads one visual language.
// Light palette / dark palette: the administrator's red and the problems' orange must
// read on the red tint and on the base of each.
const QColor AdminColor(190, 20, 40);
const QColor AdminColorDark(255, 140, 140);
const QColor AdminTint(220, 40, 40, 36);
const QColor ProblemColor(200, 90, 0);
const QColor ProblemColorDark(255, 170, 80);
const QColor QuietColor(120, 120, 120);
const QColor QuietColorDark(150, 150, 150);

// A row is one line: a line break inside a message shows as a return symbol, so the
// view can give every row the same height and lay out only the rows on screen.
QString oneLine(QString text)
{
    for (QChar &c : text) {
        if (c == u'\n' || c == u'\r' || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            c = QChar(0x21B5); // ↵
    }
    return text;
}

} // namespace

ServerLogModel::ServerLogModel(QObject *parent)
    : QAbstractListModel(parent)
{
    // Only the attribute set: the view's font fills in the rest.
    m_italic.setItalic(true);
    m_bold.setBold(true);
}

int ServerLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_count);
}

const ServerLogModel::Line &ServerLogModel::lineAt(int row) const
{
    return m_lines.at((m_first + row) % m_lines.size());
}

QString ServerLogModel::lineText(int row, bool withBreaks) const
{
    if (row < 0 || row >= m_count)
        return {};
    const Line &line = lineAt(row);
    QString body =
        line.style == Style::Chat ? ServerEventFormatter::chat(line.from, line.text) : line.text;
    if (!withBreaks)
        body = oneLine(std::move(body));
    // The client's divider, so both windows mark the line between past and live alike.
    // No time: it is no event.
    if (line.style == Style::Divider)
        return u"—— %1 ——"_s.arg(body);
    // Server events are marked in the text too, so they stand apart in a copied log.
    if (line.style == Style::Server || line.style == Style::Problem)
        body.prepend(u"* "_s);
    // Seconds matter on a server: they order what happened within a busy minute.
    return line.at.toString(u"HH:mm:ss"_s) + u"  "_s + body;
}

QVariant ServerLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Style style = lineAt(index.row()).style;
    switch (role) {
    case Qt::DisplayRole:
        return lineText(index.row());
    case TextRole:
        return lineText(index.row(), true);
    case StyleRole:
        return int(style);
    case Qt::ForegroundRole:
        return foreground(style);
    case Qt::FontRole:
        if (style == Style::Admin)
            return m_bold;
        if (style == Style::Server || style == Style::Problem)
            return m_italic;
        break;
    case Qt::BackgroundRole:
        if (style == Style::Admin)
            return QBrush(AdminTint);
        break;
    default:
        break;
    }
    return {};
}

QVariant ServerLogModel::foreground(Style style) const
{
    switch (style) {
    case Style::Chat:
        return {};
    case Style::Admin:
        return QBrush(m_dark ? AdminColorDark : AdminColor);
    case Style::Problem:
        return QBrush(m_dark ? ProblemColorDark : ProblemColor);
    case Style::Presence:
    case Style::Server:
    case Style::Past:
    case Style::Divider:
        break;
    }
    return QBrush(m_dark ? QuietColorDark : QuietColor);
}

void ServerLogModel::append(QList<Line> lines)
{
    const qsizetype added = lines.size();
    if (added == 0)
        return;
    const qsizetype maximum = m_maximumLines;
    emit aboutToAppend();
    if (added >= maximum) {
        // The whole log turns over: one reset is cheaper than removing and inserting.
        const int removed = int(m_count);
        beginResetModel();
        m_lines = lines.sliced(added - maximum);
        m_first = 0;
        m_count = maximum;
        endResetModel();
        emit appended(removed);
        return;
    }
    const qsizetype overflow = m_count + added - maximum;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow - 1));
        if (m_lines.size() < maximum) {
            // Not a ring yet: once, the list becomes one by dropping its oldest lines.
            m_lines.remove(0, overflow);
        } else {
            m_first = (m_first + overflow) % maximum;
        }
        m_count -= overflow;
        endRemoveRows();
    }
    beginInsertRows({}, int(m_count), int(m_count + added - 1));
    if (m_lines.size() < maximum) {
        m_lines.append(std::move(lines));
        m_count = m_lines.size();
    } else {
        // Into the slots the oldest lines just left.
        for (Line &line : lines)
            m_lines[(m_first + m_count++) % maximum] = std::move(line);
    }
    endInsertRows();
    emit appended(int(qMax<qsizetype>(0, overflow)));
}

void ServerLogModel::setMaximumLines(int maximum)
{
    maximum = qMax(1, maximum);
    if (maximum == m_maximumLines)
        return;
    // Rare (tests, settings): straighten the ring and keep the newest lines.
    QList<Line> lines;
    lines.reserve(qMin<qsizetype>(m_count, maximum));
    for (qsizetype row = qMax<qsizetype>(0, m_count - maximum); row < m_count; ++row)
        lines.append(lineAt(int(row)));
    beginResetModel();
    m_maximumLines = maximum;
    m_lines = std::move(lines);
    m_first = 0;
    m_count = m_lines.size();
    endResetModel();
}

void ServerLogModel::setDarkPalette(bool dark)
{
    if (dark == m_dark)
        return;
    m_dark = dark;
    if (m_count > 0)
        emit dataChanged(index(0), index(int(m_count - 1)), {Qt::ForegroundRole});
}
