#include "serverwindow.h"

#include "adminfeed.h"
#include "banpanel.h"
#include "chatserver.h"
#include "chattext.h"
#include "membertablemodel.h"
#include "servereventformatter.h"
#include "serverlogview.h"
#include "transcriptline.h"
#include "transcriptsearch.h"

#include <QAction>
#include <QCloseEvent>
#include <QElapsedTimer>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTime>
#include <QVBoxLayout>

namespace {

constexpr std::chrono::milliseconds DefaultRateInterval {1000};
constexpr int StatusMessageTimeout = 5000;
constexpr int WindowWidth = 1040;

using Style = ServerLogModel::Style;

Style styleOf(const ServerNotice &notice)
{
    if (notice.kind != ServerNotice::Kind::ConnectionClosed)
        return Style::Server;
    // The administrator's own kick and the shutdown are no trouble; every other closed
    // connection is something to look at.
    switch (notice.errorCode()) {
    case Protocol::ErrorCode::Kicked:
    case Protocol::ErrorCode::ServerShutdown:
        return Style::Server;
    default:
        return Style::Problem;
    }
}

// How the log shows one of the room's events. A chat line is left unworded: the log
// model words it only if it is ever on screen.
ServerLogModel::Line lineFor(const AdminFeed::Event &event)
{
    using Kind = AdminFeed::Kind;
    switch (event.kind) {
    case Kind::Chat:
        return {event.at, Style::Chat, event.text, event.name};
    case Kind::Joined:
        return {event.at, Style::Presence, ServerEventFormatter::joined(event.name), {}};
    case Kind::Left:
        return {
            event.at, Style::Presence, ServerEventFormatter::left(event.name, event.reason), {}};
    case Kind::Renamed:
        return {
            event.at, Style::Presence, ServerEventFormatter::renamed(event.name, event.text), {}};
    // Members do not see these two (the room's membership has not changed), so they are
    // the server's own lines; the seat is held, so no trouble either.
    case Kind::Detached:
        //: %1 is a nickname. Protocol 1.1: the member may reconnect and carry on.
        return {event.at,
                Style::Server,
                ServerWindow::tr("%1 lost the connection; the seat is kept for a while")
                    .arg(ServerEventFormatter::isolated(event.name)),
                {}};
    case Kind::Resumed: {
        const auto *address = std::get_if<QHostAddress>(&event.detail);
        //: %1 is a nickname, %2 the address it reconnected from.
        return {event.at,
                Style::Server,
                ServerWindow::tr("%1 is back from %2")
                    .arg(ServerEventFormatter::isolated(event.name),
                         ServerEventFormatter::address(address ? *address : QHostAddress())),
                {}};
    }
    case Kind::Broadcast:
        return {event.at, Style::Admin, ServerEventFormatter::broadcast(event.text), {}};
    case Kind::Notice:
        break;
    }
    const auto *notice = std::get_if<ServerNotice>(&event.detail);
    const ServerNotice shown = notice ? *notice : ServerNotice {};
    return {event.at, styleOf(shown), ServerEventFormatter::notice(shown), {}};
}

} // namespace

ServerWindow::ServerWindow(ChatServer *server, QWidget *parent)
    : QMainWindow(parent)
    , m_server(server)
{
    setWindowTitle(server->roomTitle());
    buildUi();
    showPast();
    connectServer();

    m_rateTimer.setInterval(DefaultRateInterval);
    connect(&m_rateTimer, &QTimer::timeout, this, &ServerWindow::sampleRate);
    m_lastRelayed = m_server->messagesRelayed();
    m_rateClock.start();
    m_rateTimer.start();

    // ChatServer aborts peers that do not take their last frames within closeLinger, so
    // shutdownFinished is due by then; the bound only guards against a bug keeping the
    // window open forever.
    m_shutdownBound.setSingleShot(true);
    m_shutdownBound.setInterval(server->config().closeLinger + std::chrono::seconds(2));
    connect(&m_shutdownBound, &QTimer::timeout, this, &ServerWindow::finishShutdown);

    if (server->isListening()) {
        addLogLine(ServerEventFormatter::listening(server->roomTitle(), server->serverAddress(),
                                                   server->serverPort()));
        if (server->isTlsListening()) {
            addLogLine(ServerEventFormatter::tlsListening(
                server->serverAddress(), server->tlsPort(), server->tlsFingerprint()));
        }
        if (server->isLocalListening())
            addLogLine(ServerEventFormatter::localListening(server->localServerName()));
        addLogLine(ServerEventFormatter::capacity(server->maxMembers(), server->descriptorLimit()));
    }
    m_broadcastEdit->setFocus();
    resize(WindowWidth, 640);
}

void ServerWindow::buildUi()
{
    // The bans under the members, small: most of the time there are none.
    auto *left = new QSplitter(Qt::Vertical);
    left->addWidget(buildMembers());
    m_bans = new BanPanel(m_server);
    connect(m_bans, &BanPanel::lifted, this, [this](const BanList::Ban &ban) {
        addLogLine(ServerEventFormatter::unbanned(ban.name, ban.address));
    });
    left->addWidget(m_bans);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 1);
    left->setChildrenCollapsible(false);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(buildLog());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1); // a wider window is for reading the log
    m_splitter = splitter;
    splitter->setChildrenCollapsible(false);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(splitter, 1);
    layout->addLayout(buildBroadcast());
    setCentralWidget(central);

    buildStatusBar();
    updateMemberCount(m_server->memberCount());
    updateActions();
}

QWidget *ServerWindow::buildMembers()
{
    m_model = new MemberTableModel(m_server, this);
    m_sortedModel = new QSortFilterProxyModel(this);
    m_sortedModel->setSourceModel(m_model);
    m_sortedModel->setSortRole(MemberTableModel::SortRole);
    m_sortedModel->setSortLocaleAware(true);

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("memberTable"));
    m_table->setModel(m_sortedModel);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    // Join order until the administrator clicks a header.
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    setColumnWidths();

    m_kickAction = new QAction(tr("&Kick…"), this);
    m_kickAction->setObjectName(QStringLiteral("kickAction"));
    m_kickAction->setToolTip(tr("Remove the selected members from the chat room"));
    m_kickAction->setShortcut(QKeySequence::Delete);
    m_kickAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_kickAction, &QAction::triggered, this, &ServerWindow::kickSelected);
    m_banAction = new QAction(tr("Kick and &ban…"), this);
    m_banAction->setObjectName(QStringLiteral("banAction"));
    m_banAction->setToolTip(
        tr("Remove the selected members and keep their nicknames and addresses out"));
    connect(m_banAction, &QAction::triggered, this, &ServerWindow::banSelected);
    // Right-clicking a row selects it first, so the menu acts on what was clicked.
    m_table->addAction(m_kickAction);
    m_table->addAction(m_banAction);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_kickButton = new QPushButton(tr("&Kick…"));
    m_kickButton->setObjectName(QStringLiteral("kickButton"));
    m_kickButton->setToolTip(m_kickAction->toolTip());
    connect(m_kickButton, &QPushButton::clicked, m_kickAction, &QAction::trigger);
    m_banButton = new QPushButton(tr("Kick and &ban…"));
    m_banButton->setObjectName(QStringLiteral("banButton"));
    m_banButton->setToolTip(m_banAction->toolTip());
    connect(m_banButton, &QPushButton::clicked, m_banAction, &QAction::trigger);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ServerWindow::updateActions);
    connect(m_sortedModel, &QAbstractItemModel::modelReset, this, &ServerWindow::updateActions);
    connect(m_sortedModel, &QAbstractItemModel::rowsRemoved, this, &ServerWindow::updateActions);

    auto *membersBox = new QGroupBox(tr("Members"));
    auto *membersLayout = new QVBoxLayout(membersBox);
    membersLayout->addWidget(m_table);
    auto *kickRow = new QHBoxLayout;
    kickRow->addStretch();
    kickRow->addWidget(m_banButton);
    kickRow->addWidget(m_kickButton);
    membersLayout->addLayout(kickRow);
    return membersBox;
}

QWidget *ServerWindow::buildLog()
{
    m_log = new ServerLogView;
    m_log->setObjectName(QStringLiteral("eventLog"));
    // The room's events reach the log (and the counts) in batches; see AdminFeed.
    m_feed = new AdminFeed(this);
    m_feed->setMaximumEvents(m_log->logModel()->maximumLines());
    m_search = new TranscriptSearch(m_server->roomLog());
    // The matches take the log's place while there are any; the live log keeps filling
    // underneath and is back as it was when the query is cleared.
    connect(m_search, &TranscriptSearch::searchingChanged, m_log,
            [this](bool searching) { m_log->setVisible(!searching); });
    auto *logBox = new QGroupBox(tr("Event log"));
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->addWidget(m_search);
    logLayout->addWidget(m_log, 1);
    return logBox;
}

QLayout *ServerWindow::buildBroadcast()
{
    m_broadcastEdit = new QLineEdit;
    m_broadcastEdit->setObjectName(QStringLiteral("broadcastEdit"));
    m_broadcastEdit->setMaxLength(ChatText::MaxLength);
    m_broadcastEdit->setPlaceholderText(tr("A message from the administrator to everyone"));
    m_broadcastEdit->setClearButtonEnabled(true);
    auto *broadcastLabel = new QLabel(tr("&Broadcast:"));
    broadcastLabel->setBuddy(m_broadcastEdit);
    m_sendButton = new QPushButton(tr("&Send"));
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    connect(m_broadcastEdit, &QLineEdit::returnPressed, this, &ServerWindow::sendBroadcast);
    connect(m_broadcastEdit, &QLineEdit::textChanged, this, &ServerWindow::updateActions);
    connect(m_sendButton, &QPushButton::clicked, this, &ServerWindow::sendBroadcast);
    auto *broadcastRow = new QHBoxLayout;
    broadcastRow->addWidget(broadcastLabel);
    broadcastRow->addWidget(m_broadcastEdit, 1);
    broadcastRow->addWidget(m_sendButton);
    return broadcastRow;
}

QString ServerWindow::listeningText() const
{
    QString text = tr("Listening on %1")
                       .arg(ServerEventFormatter::listeningOn(m_server->serverAddress(),
                                                              m_server->serverPort()));
    if (m_server->isTlsListening()) {
        //: Appended to "Listening on ..." in the status bar; %1 is the TLS port.
        text += tr(", TLS on port %1").arg(m_server->tlsPort());
    }
    if (m_server->isLocalListening()) {
        //: Appended to "Listening on ..." in the status bar; %1 is the local socket's file.
        text += tr(", local socket %1").arg(m_server->localServerName());
    }
    return text;
}

void ServerWindow::buildStatusBar()
{
    m_addressLabel = new QLabel;
    m_addressLabel->setObjectName(QStringLiteral("addressLabel"));
    m_addressLabel->setText(listeningText());
    m_addressLabel->setTextFormat(Qt::PlainText);
    // The whole fingerprint, for members to compare with what their client shows; the log's
    // line may be cut at the window's width.
    if (m_server->isTlsListening()) {
        m_addressLabel->setToolTip(ServerEventFormatter::tlsListening(
            m_server->serverAddress(), m_server->tlsPort(), m_server->tlsFingerprint()));
    }
    m_addressLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_memberCountLabel = new QLabel;
    m_memberCountLabel->setObjectName(QStringLiteral("memberCountLabel"));
    m_memberCountLabel->setTextFormat(Qt::PlainText);
    m_rateLabel = new QLabel;
    m_rateLabel->setObjectName(QStringLiteral("rateLabel"));
    m_rateLabel->setTextFormat(Qt::PlainText);
    m_rateLabel->setText(tr("%1 messages/s").arg(QLocale().toString(0.0, 'f', 1)));
    statusBar()->addWidget(m_addressLabel);
    statusBar()->addPermanentWidget(m_memberCountLabel);
    statusBar()->addPermanentWidget(m_rateLabel);
}

void ServerWindow::setColumnWidths()
{
    // Fixed widths from the font, not ResizeToContents: the window shares the event loop
    // with the server, and re-measuring thousands of rows on every chat message would
    // slow the room down. Wide enough that a nickname is not cut to "Al…"; the count
    // takes what is left over.
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics metrics = m_table->fontMetrics();
    const int padding = 4 * metrics.horizontalAdvance(u' ') + 8;
    const auto widthFor = [&](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        return qMax(metrics.horizontalAdvance(sample),
                    header->fontMetrics().horizontalAdvance(title))
            + padding;
    };
    // Eight CJK characters or about fourteen Latin ones; longer names can be widened.
    m_table->setColumnWidth(MemberTableModel::NameColumn,
                            widthFor(MemberTableModel::NameColumn, QString(8, QChar(0x6C49))));
    m_table->setColumnWidth(
        MemberTableModel::AddressColumn,
        widthFor(MemberTableModel::AddressColumn, QStringLiteral("255.255.255.255:65535")));
    m_table->setColumnWidth(MemberTableModel::JoinedAtColumn,
                            widthFor(MemberTableModel::JoinedAtColumn,
                                     QLocale().toString(QTime(22, 59), QLocale::ShortFormat)));
    m_table->setColumnWidth(MemberTableModel::MessagesColumn,
                            widthFor(MemberTableModel::MessagesColumn, QStringLiteral("99,999")));
    // Read back before the last section stretches to whatever the viewport is.
    m_tableWidth = 0;
    for (int column = 0; column < MemberTableModel::ColumnCount; ++column)
        m_tableWidth += header->sectionSize(column);
    header->setStretchLastSection(true);
}

void ServerWindow::showPast()
{
    // Read once, before connectServer(): whatever happened until now is in the log and
    // not yet in the view, and everything after arrives as a live signal, so no event
    // shows twice or goes missing.
    const QList<RoomLog::Event> past =
        m_server->roomLog().read(0, UINT64_MAX, PastEvents, RoomLog::Filter::AllEvents);
    if (past.isEmpty())
        return;
    QList<ServerLogModel::Line> lines;
    for (const RoomLog::Event &event : past) {
        if (const std::optional<TranscriptLine> line = TranscriptLine::from(event))
            lines.append({line->at, Style::Past, line->text, {}});
    }
    //: Under the room's past, read back from the log, above the lines that follow live.
    const QString divider = tr("Earlier in this room");
    lines.append({{}, Style::Divider, divider, {}});
    m_log->logModel()->append(std::move(lines));
}

void ServerWindow::connectServer()
{
    // Per message, the room pays for an append in the feed; the window's work (the lines,
    // the counts, the member count) happens once per batch, at most 20 times a second.
    m_feed->watch(m_server);
    connect(m_feed, &AdminFeed::batchReady, this, &ServerWindow::showBatch);
    connect(m_server, &ChatServer::shutdownFinished, this, &ServerWindow::finishShutdown);
}

void ServerWindow::showBatch(const AdminFeed::Batch &batch)
{
    QElapsedTimer spent;
    spent.start();
    if (!batch.events.isEmpty()) {
        QList<ServerLogModel::Line> lines;
        lines.reserve(batch.events.size());
        for (const AdminFeed::Event &event : batch.events)
            lines.append(lineFor(event));
        m_log->logModel()->append(std::move(lines));
    }
    m_model->applyMessageCounts(batch.messagesSent);
    if (batch.memberCount)
        updateMemberCount(*batch.memberCount);
    m_feed->addDisplayCost(std::chrono::nanoseconds(spent.nsecsElapsed()));
}

void ServerWindow::addLogLine(const QString &text)
{
    // What the room did before this line is shown before it.
    m_feed->flush();
    m_log->logModel()->append({QDateTime::currentDateTime(), Style::Server, text, {}});
}

void ServerWindow::setMaximumLogLines(int lines)
{
    m_log->logModel()->setMaximumLines(lines);
    m_feed->setMaximumEvents(m_log->logModel()->maximumLines());
}

void ServerWindow::setRateInterval(std::chrono::milliseconds interval)
{
    m_rateTimer.start(interval);
}

void ServerWindow::setShutdownBound(std::chrono::milliseconds bound)
{
    m_shutdownBound.setInterval(bound);
}

QStringList ServerWindow::selectedNames() const
{
    QStringList names;
    const QModelIndexList rows =
        m_table->selectionModel()->selectedRows(MemberTableModel::NameColumn);
    for (const QModelIndex &row : rows)
        names.append(m_model->nameAt(m_sortedModel->mapToSource(row).row()));
    names.removeAll(QString());
    return names;
}

void ServerWindow::kickSelected()
{
    const QStringList names = selectedNames();
    if (names.isEmpty() || m_shuttingDown)
        return;
    if (!(m_confirmKick ? m_confirmKick(names) : askKick(names)))
        return;
    // A member may have left while the question was open; kick() then just says no.
    for (const QString &name : names)
        m_server->kick(name);
    // The administrator's own doing shows at once, not with the next batch.
    m_feed->flush();
}

bool ServerWindow::askKick(const QStringList &names)
{
    const QString question = names.size() == 1
        ? tr("Remove %1 from the chat room?")
              .arg(ServerEventFormatter::isolated(names.constFirst()))
        : tr("Remove %n members from the chat room?", nullptr, int(names.size()));
    QMessageBox box(QMessageBox::Question, tr("Kick"), question,
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    // Members choose their names: with Qt::AutoText a name like <img src=/dev/zero> would
    // be rendered as rich text (and read that file) the moment the box opens.
    box.setTextFormat(Qt::PlainText);
    box.setInformativeText(tr("They can join again."));
    box.setDefaultButton(QMessageBox::Cancel);
    box.button(QMessageBox::Yes)->setText(tr("Kick"));
    return box.exec() == QMessageBox::Yes;
}

void ServerWindow::banSelected()
{
    const QStringList names = selectedNames();
    if (names.isEmpty() || m_shuttingDown)
        return;
    const std::optional<BanDialog::Choice> choice =
        m_confirmBan ? m_confirmBan(names) : askBan(names);
    if (!choice)
        return;
    // A member may have left while the question was open: its name is banned all the
    // same, without an address.
    for (const QString &name : names) {
        const std::optional<BanList::Ban> ban =
            m_server->ban(name, choice->duration, choice->withAddress);
        if (ban)
            addLogLine(ServerEventFormatter::banned(ban->name, ban->address, ban->until()));
    }
}

std::optional<BanDialog::Choice> ServerWindow::askBan(const QStringList &names)
{
    QStringList addresses;
    for (const QString &name : names) {
        // Another server's member (or one on the local socket) has no address here.
        const std::optional<MemberInfo> member = m_server->member(name);
        if (member && !member->address.isNull())
            addresses.append(ServerEventFormatter::address(member->address));
    }
    addresses.removeDuplicates();
    BanDialog dialog(names, addresses, this);
    return dialog.ask();
}

void ServerWindow::sendBroadcast()
{
    const QString text = m_broadcastEdit->text();
    if (text.trimmed().isEmpty() || m_shuttingDown)
        return;
    if (m_server->broadcast(text)) {
        m_broadcastEdit->clear();
        m_feed->flush(); // the administrator's own line at once
        return;
    }
    statusBar()->showMessage(tr("The message was not sent: it is empty or longer than %1 "
                                "characters")
                                 .arg(ChatText::MaxLength),
                             StatusMessageTimeout);
}

void ServerWindow::updateActions()
{
    const bool canKick = !m_shuttingDown && m_table->selectionModel()->hasSelection();
    m_kickAction->setEnabled(canKick);
    m_kickButton->setEnabled(canKick);
    m_banAction->setEnabled(canKick);
    m_banButton->setEnabled(canKick);
    if (m_bans)
        m_bans->setActionsEnabled(!m_shuttingDown);
    m_sendButton->setEnabled(!m_shuttingDown && !m_broadcastEdit->text().trimmed().isEmpty());
    m_broadcastEdit->setEnabled(!m_shuttingDown);
}

void ServerWindow::updateMemberCount(int count)
{
    m_memberCountLabel->setText(tr("%n member(s)", nullptr, count));
}

void ServerWindow::sampleRate()
{
    const quint64 relayed = m_server->messagesRelayed();
    const qint64 elapsedMs = qMax<qint64>(1, m_rateClock.restart());
    const double rate = double(relayed - m_lastRelayed) * 1000.0 / double(elapsedMs);
    m_lastRelayed = relayed;
    m_rateLabel->setText(tr("%1 messages/s").arg(QLocale().toString(rate, 'f', 1)));
}

bool ServerWindow::event(QEvent *event)
{
    if (event->type() != QEvent::UpdateRequest)
        return QMainWindow::event(event);
    // The window's repaint, all its dirty widgets at once: the most the window costs the
    // room it shares the event loop with (a log that scrolls repaints every row it
    // shows). The feed paces its batches by it. Wall time, not CPU time: on a busy core
    // the room waits for the whole of it.
    QElapsedTimer spent;
    spent.start();
    const bool handled = QMainWindow::event(event);
    if (m_feed)
        m_feed->addDisplayCost(std::chrono::nanoseconds(spent.nsecsElapsed()));
    return handled;
}

void ServerWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_splitterSized)
        return;
    // Only now does the splitter know its real width: the table's columns in full (plus
    // the frames around them), the log the rest.
    m_splitterSized = true;
    const int members = qMin(m_tableWidth + 50, m_splitter->width() / 2);
    m_splitter->setSizes({members, m_splitter->width() - members});
}

void ServerWindow::closeEvent(QCloseEvent *event)
{
    if (m_stopped) {
        event->accept();
        return;
    }
    // The window stays until every member has been told the server is going, so the
    // event loop (and the sockets) outlive the last frames.
    event->ignore();
    const int members = m_server->memberCount();
    if (!m_shuttingDown && members > 0
        && !(m_confirmClose ? m_confirmClose(members) : askClose(members)))
        return;
    beginShutdown();
}

bool ServerWindow::askClose(int memberCount)
{
    QMessageBox box(QMessageBox::Question, tr("Close the chat room"),
                    tr("%n member(s) are in the chat room. Close it and disconnect everyone?",
                       nullptr, memberCount),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setTextFormat(Qt::PlainText);
    box.setInformativeText(tr("They will rejoin by themselves when the server is back."));
    box.setDefaultButton(QMessageBox::Cancel);
    box.button(QMessageBox::Yes)->setText(tr("Close"));
    return box.exec() == QMessageBox::Yes;
}

void ServerWindow::beginShutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    updateActions();
    m_rateTimer.stop();
    addLogLine(ServerEventFormatter::shuttingDown());
    statusBar()->showMessage(ServerEventFormatter::shuttingDown());
    m_shutdownBound.start();
    m_server->shutdown();
}

void ServerWindow::finishShutdown()
{
    if (!m_shuttingDown || m_stopped)
        return;
    m_stopped = true;
    m_shutdownBound.stop();
    addLogLine(ServerEventFormatter::stopped());
    emit stopped();
    close();
}
