#include "chatwindow.h"

#include "certificatedialog.h"
#include "chatinput.h"
#include "emojipicker.h"
#include "eventformatter.h"
#include "joindialog.h"
#include "memberlistmodel.h"
#include "memberliststyler.h"
#include "outboxstrip.h"
#include "transcriptexport.h"
#include "transcriptmodel.h"
#include "transcriptsearchbar.h"
#include "transcriptview.h"
#include "unreadcounter.h"
#include "unsentmessages.h"
#include "windowattention.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

// setWindowTitle() takes "[*]" for the place of the unsaved-changes mark and drops it;
// doubled, it shows as written, so a room title cannot hide part of itself.
QString literalTitle(QString text)
{
    return text.replace(QStringLiteral("[*]"), QStringLiteral("[*][*]"));
}

} // namespace

ChatWindow::ChatWindow(ChatSession *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_transcript(new TranscriptModel(this))
    , m_log(new TranscriptView(this))
    , m_outbox(new OutboxStrip(session, this))
    , m_input(new ChatInput(this))
    , m_send(new QPushButton(tr("&Send"), this))
    , m_inputHint(new QLabel(this))
    , m_memberModel(new MemberListModel(this))
    , m_memberStyler(new MemberListStyler(this))
    , m_members(new QListView(this))
    , m_memberCount(new QLabel(this))
    , m_serverLabel(new QLabel(this))
    , m_nicknameLabel(new QLabel(this))
    , m_stateLabel(new QLabel(this))
{
    m_log->setObjectName(QStringLiteral("chatLog"));
    m_transcript->setObjectName(QStringLiteral("transcript"));
    m_outbox->setObjectName(QStringLiteral("outboxStrip"));
    m_input->setObjectName(QStringLiteral("chatInput"));
    m_inputHint->setObjectName(QStringLiteral("inputHint"));
    m_members->setObjectName(QStringLiteral("memberList"));
    m_memberCount->setObjectName(QStringLiteral("memberCount"));
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    m_serverLabel->setObjectName(u"serverLabel"_s);

    m_input->setPlaceholderText(tr("Type a message: Enter sends, Shift+Enter starts a new line"));
    m_inputHint->setTextFormat(Qt::PlainText);
    m_inputHint->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_inputHint->hide();
    m_members->setSelectionMode(QAbstractItemView::NoSelection);
    m_members->setFocusPolicy(Qt::NoFocus);
    m_members->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // One line per name: the view need not measure 10000 rows to lay them out.
    m_members->setUniformItemSizes(true);
    m_memberStyler->setPalette(m_members->palette());
    m_memberStyler->setSourceModel(m_memberModel);
    m_members->setModel(m_memberStyler);
    m_input->setCompletionModel(m_memberModel);
    m_memberCount->setTextFormat(Qt::PlainText);
    for (QLabel *label : {m_serverLabel, m_nicknameLabel, m_stateLabel})
        label->setTextFormat(Qt::PlainText);

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_memberCount);
    sideLayout->addWidget(m_members);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_log);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input);
    inputRow->addWidget(buildEmoji(), 0, Qt::AlignBottom);
    inputRow->addWidget(m_send, 0, Qt::AlignBottom);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(splitter, 1);
    layout->addWidget(buildSearchBar());
    layout->addWidget(m_outbox);
    layout->addLayout(inputRow);
    layout->addWidget(m_inputHint);
    setCentralWidget(central);

    statusBar()->addPermanentWidget(m_serverLabel);
    statusBar()->addPermanentWidget(m_nicknameLabel);
    statusBar()->addPermanentWidget(m_stateLabel, 1);
    m_stateLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    buildAttention();
    buildMenu();
    resize(820, 560);

    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &ChatWindow::updateStatus);

    connect(m_input, &ChatInput::submitted, this, &ChatWindow::send);
    connect(m_send, &QPushButton::clicked, this, &ChatWindow::send);
    connect(m_input, &QPlainTextEdit::textChanged, this, &ChatWindow::updateInputHint);

    connect(m_session, &ChatSession::eventAdded, this, &ChatWindow::addEvent);
    // The model follows the session row by row; the count follows the model.
    m_memberModel->setSession(m_session);
    // A new count in the label lays out the whole window again: while members come and go
    // by the thousand, it follows at most every MemberCountIntervalMs.
    m_memberCountTimer.setSingleShot(true);
    m_memberCountTimer.setInterval(MemberCountIntervalMs);
    connect(&m_memberCountTimer, &QTimer::timeout, this, &ChatWindow::updateMemberCount);
    for (const auto change : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_memberModel, change, this, &ChatWindow::scheduleMemberCount);
    connect(m_memberModel, &QAbstractItemModel::modelReset, this, &ChatWindow::scheduleMemberCount);
    connect(m_session, &ChatSession::stateChanged, this, [this] {
        updateStatus();
        updateTitle();
    });
    connect(m_session, &ChatSession::joined, this, [this] {
        // Back in: the wait is over, and a later shutdown is news again.
        m_transcript->clearStatusNotice();
        m_shutdownTold = false;
        updateTitle();
        updateStatus();
    });
    connect(
        m_session, &ChatSession::rejected, this,
        [this](Protocol::RejectReason reason, const QString &detail) {
            m_transcript->addNotice(EventFormatter::rejectReasonText(reason, detail),
                                    TranscriptModel::Kind::Problem);
            using R = Protocol::RejectReason;
            // After a reconnect found the name taken, only the user can choose
            // another one; a dialog already open shows the refusal itself.
            if ((reason == R::NameTaken || reason == R::NameInvalid || reason == R::NameReserved)
                && !m_joinDialog)
                openJoinDialog(reason);
        });
    connect(m_session, &ChatSession::noticeReceived, this,
            [this](Protocol::NoticeCode code, const QString &detail) {
                if (std::exchange(m_refusalTold, false))
                    return;
                m_transcript->addNotice(EventFormatter::noticeText(code, detail),
                                        TranscriptModel::Kind::Problem);
            });
    connect(m_session, &ChatSession::errorReceived, this,
            [this](Protocol::ErrorCode code, const QString &detail) {
                // The server's reason, once: the end of the connection that follows says
                // nothing more (below). A shutdown has its own line (serverShutDown).
                if (code == Protocol::ErrorCode::ServerShutdown && m_shutdownTold)
                    return;
                m_transcript->addNotice(EventFormatter::errorText(code, detail),
                                        TranscriptModel::Kind::Problem);
                m_errorTold = true;
            });
    connect(m_session, &ChatSession::certificateUnknown, this, &ChatWindow::askCertificate);
    connect(m_session, &ChatSession::connectionFailed, this,
            [this](QAbstractSocket::SocketError error, const QString &message) {
                m_transcript->addNotice(
                    EventFormatter::connectFailedText(error, message, m_session->connectFailures()),
                    TranscriptModel::Kind::Problem);
            });
    // Another server of the room's list: the status bar names the one in use.
    connect(m_session, &ChatSession::serverChanged, this, &ChatWindow::updateStatus);
    connect(m_session, &ChatSession::disconnected, this, [this](ChatSession::EndReason reason) {
        const QString text = EventFormatter::endReasonText(reason);
        // An Error already said why (a kick, a shutdown, too slow): one line per ending.
        const bool told = std::exchange(m_errorTold, false)
            || (reason == ChatSession::EndReason::ServerShutdown && m_shutdownTold);
        // A drop the session resumes from is nobody's business but the status bar's.
        if (!text.isEmpty() && !told && !m_session->isResuming())
            m_transcript->addNotice(text,
                                    reason == ChatSession::EndReason::UserQuit
                                        ? TranscriptModel::Kind::Notice
                                        : TranscriptModel::Kind::Problem);
        updateStatus();
    });
    connect(m_session, &ChatSession::reconnectScheduled, this, [this](int seconds) {
        // One line that counts down from attempt to attempt, not one per attempt.
        if (!m_session->isResuming())
            m_transcript->setStatusNotice(tr("Reconnecting in %n s", nullptr, seconds));
        updateStatus();
    });
    connectHistory();
    connectOutbox();
    connectUnsent();
    connect(m_session, &ChatSession::textRefused, this, [this](ChatText::Verdict verdict) {
        m_inputHint->setText(EventFormatter::chatTextVerdictText(verdict));
        m_inputHint->setVisible(!m_inputHint->text().isEmpty());
    });

    // The dialog may have let the member in before this window existed: the model
    // starts with what the session has.
    m_transcript->setSession(m_session);
    m_log->setModel(m_transcript);
    connect(m_log, &TranscriptView::quoteRequested, this, [this](const QString &quote) {
        m_input->setText(quote + u' ' + m_input->text());
        m_input->setFocus();
    });
    updateMemberCount();
    updateTitle();
    updateStatus();
}

void ChatWindow::buildMenu()
{
    QMenu *menu = menuBar()->addMenu(tr("&Chat"));
    QAction *change = menu->addAction(tr("Change &server or name…"));
    change->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    connect(change, &QAction::triggered, this, [this] { openJoinDialog(); });
    QAction *reconnect = menu->addAction(tr("&Reconnect"));
    reconnect->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(reconnect, &QAction::triggered, m_session, &ChatSession::reconnectNow);
    QAction *rename = menu->addAction(tr("Change &nickname…"));
    connect(rename, &QAction::triggered, this, &ChatWindow::askRename);
    menu->addSeparator();
    addTranscriptActions(menu);
    menu->addSeparator();
    QAction *quit = menu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);
}

TranscriptSearchBar *ChatWindow::buildSearchBar()
{
    m_searchBar = new TranscriptSearchBar(m_transcript, m_log, this);
    m_searchBar->setObjectName(u"searchBar"_s);
    connect(m_searchBar, &TranscriptSearchBar::closed, this, [this] { m_input->setFocus(); });
    return m_searchBar;
}

void ChatWindow::buildAttention()
{
    m_unread = new UnreadCounter(this);
    m_attention = new WindowAttention(this, m_unread);
    connect(m_unread, &UnreadCounter::unreadCountChanged, this, &ChatWindow::updateTitle);
}

void ChatWindow::addTranscriptActions(QMenu *menu)
{
    QAction *find = menu->addAction(tr("&Find…"));
    find->setObjectName(u"findAction"_s);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, m_searchBar, &TranscriptSearchBar::open);
    QAction *save = menu->addAction(tr("&Save transcript…"));
    save->setObjectName(u"saveTranscriptAction"_s);
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, &ChatWindow::saveTranscript);
    menu->addAction(m_attention->notificationsAction());
}

void ChatWindow::saveTranscript()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    //: The suggested file name; %1 is the date and time.
    const QString name =
        tr("chat-%1.txt").arg(QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmm"_s));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save transcript"), QDir(folder).filePath(name), tr("Text files (*.txt)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!TranscriptExport::save(*m_transcript, path, &error)) {
        QMessageBox box(QMessageBox::Warning, tr("Save transcript"),
                        tr("The transcript could not be saved: %1").arg(error), QMessageBox::Ok,
                        this);
        box.setTextFormat(Qt::PlainText);
        box.exec();
    }
}

void ChatWindow::connectHistory()
{
    // The transcript places history by seq; the view says when its top is in view, also
    // when a short page leaves nothing to scroll.
    connect(m_log, &TranscriptView::reachedTop, this, &ChatWindow::pageBackIfAtTop);
    connect(m_session, &ChatSession::serverShutDown, this, [this] {
        m_transcript->addNotice(
            tr("The server has shut down; you will rejoin by yourself when it is back"),
            TranscriptModel::Kind::Problem);
        m_shutdownTold = true;
    });
}

void ChatWindow::pageBackIfAtTop()
{
    if (m_session->hasOlderHistory())
        m_session->requestOlderHistory(50);
}

void ChatWindow::connectOutbox()
{
    // The Says on their way are listed by m_outbox; one that failed leaves it for the log,
    // where m_unsent shows it as not sent.
    connect(m_session, &ChatSession::sayFailed, this,
            [this](quint64, const QString &, Protocol::NoticeCode code) {
                // The session reports a refusal just before the Notice that carried it.
                m_refusalTold = code != Protocol::NoticeCode::UnknownType;
            });
    connect(m_session, &ChatSession::renamed, this, [this] {
        updateTitle();
        updateStatus();
    });
    connect(m_session, &ChatSession::renameRefused, this, [this](Protocol::NoticeCode code) {
        QMessageBox box(QMessageBox::Warning, tr("Change nickname"),
                        EventFormatter::noticeText(code), QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        box.exec();
    });
}

void ChatWindow::connectUnsent()
{
    // m_unsent adds the rows and acts on them; the view only reports what was clicked.
    m_unsent = new UnsentMessages(m_session, m_transcript, this);
    connect(m_log, &TranscriptView::retryRequested, this, &ChatWindow::retryUnsent);
    connect(m_log, &TranscriptView::editRequested, m_unsent, &UnsentMessages::edit);
    connect(m_log, &TranscriptView::discardRequested, m_unsent, &UnsentMessages::discard);
    connect(m_unsent, &UnsentMessages::editRequested, this, [this](const QString &text) {
        // Beside whatever is being typed, never over it.
        const QString typed = m_input->text();
        m_input->setText(typed.isEmpty() ? text : typed + u'\n' + text);
        m_input->moveCursor(QTextCursor::End);
        m_input->setFocus();
    });
}

void ChatWindow::retryUnsent(int row)
{
    if (m_unsent->retry(row))
        return;
    if (!m_session->canSay()) {
        m_inputHint->setText(tr("Not in the chat room; the message was not sent"));
        m_inputHint->show();
    }
}

void ChatWindow::askRename()
{
    if (m_session->state() != ChatSession::State::Joined)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Change nickname"), tr("New nickname:"),
                                               QLineEdit::Normal, m_session->nickname(), &ok);
    if (ok && !name.trimmed().isEmpty())
        m_session->rename(name);
}

void ChatWindow::openJoinDialog(std::optional<Protocol::RejectReason> reason)
{
    if (m_joinDialog) {
        m_joinDialog->raise();
        m_joinDialog->activateWindow();
        return;
    }
    m_joinDialog = new JoinDialog(m_session, this);
    m_joinDialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_session->host().isEmpty())
        m_joinDialog->setServers(m_session->servers());
    if (!m_session->nickname().isEmpty())
        m_joinDialog->setNickname(m_session->nickname());
    if (reason)
        m_joinDialog->showRejection(*reason);
    connect(m_joinDialog, &QDialog::finished, this, [this] { m_input->setFocus(); });
    m_joinDialog->open();
}

void ChatWindow::askCertificate(const CertificatePrompt &prompt)
{
    // A join dialog waiting for its own join asks itself.
    if (!m_joinDialog || !m_joinDialog->isJoining())
        CertificateDialog::ask(m_session, prompt, this);
}

void ChatWindow::closeEvent(QCloseEvent *event)
{
    // Say goodbye so the room sees a Quit rather than a lost connection.
    if (m_session->state() != ChatSession::State::Disconnected)
        m_session->leave();
    event->accept();
}

void ChatWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_memberStyler->setPalette(m_members->palette());
    QMainWindow::changeEvent(event);
}

void ChatWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    m_input->setFocus();
}

void ChatWindow::send()
{
    const QString text = m_input->text();
    const ChatText::Verdict verdict = ChatText::check(text);
    if (verdict == ChatText::Verdict::Empty) {
        m_input->clear(); // an accidental Enter is not worth a complaint, nor blanks kept
        return;
    }
    if (verdict != ChatText::Verdict::Ok) {
        updateInputHint();
        return;
    }
    // While the connection is away and the session is getting back in, the Say waits in
    // the outbox, shown above the input.
    if (!m_session->canSay()) {
        m_inputHint->setText(tr("Not in the chat room; the message was not sent"));
        m_inputHint->show();
        return;
    }
    if (!m_session->say(text))
        return; // textRefused has shown why
    m_input->remember(text);
    m_input->clear();
    m_input->setFocus();
}

QToolButton *ChatWindow::buildEmoji()
{
    m_emojiButton = new QToolButton(this);
    m_emojiButton->setObjectName(u"emojiButton"_s);
    m_emojiButton->setText(u"\U0001F600"_s);
    QFont emojiFont = EmojiPicker::emojiFirst(m_emojiButton->font());
    emojiFont.setPointSizeF(emojiFont.pointSizeF() * 1.4);
    m_emojiButton->setFont(emojiFont);
    m_emojiButton->setToolTip(tr("Emoji"));
    m_emojiButton->setAutoRaise(true);
    m_emojiPicker = new EmojiPicker(this);
    // Emoji the input's own font lacks come from the colour font when it is installed.
    m_input->setFont(EmojiPicker::emojiFallback(m_input->font()));
    connect(m_emojiButton, &QToolButton::clicked, this,
            [this] { m_emojiPicker->popUp(m_emojiButton->mapToGlobal(QPoint(0, 0))); });
    connect(m_emojiPicker, &EmojiPicker::picked, this, [this](const QString &emoji) {
        m_input->insertPlainText(emoji);
        m_input->setFocus();
    });
    return m_emojiButton;
}

void ChatWindow::addEvent(const RoomEvent &event)
{
    // The transcript follows the session by itself; a message may need attention.
    m_unread->setOwnNickname(m_session->nickname());
    m_unread->addEvent(event);
    const bool speech =
        event.kind == RoomEvent::Kind::Chat || event.kind == RoomEvent::Kind::Broadcast;
    if (speech && !event.own && !isActiveWindow())
        QApplication::alert(this);
}

void ChatWindow::scheduleMemberCount()
{
    if (!m_memberCountTimer.isActive())
        m_memberCountTimer.start();
}

void ChatWindow::updateMemberCount()
{
    m_memberCountTimer.stop();
    m_memberCount->setText(tr("%n member(s) online", nullptr, m_memberModel->rowCount()));
}

void ChatWindow::updateInputHint()
{
    const ChatText::Verdict verdict = ChatText::check(m_input->text());
    // Only the length is worth saying while typing; an empty line is simply not sent.
    const QString hint = verdict == ChatText::Verdict::TooLong
        ? EventFormatter::chatTextVerdictText(verdict)
        : QString();
    m_inputHint->setText(hint);
    m_inputHint->setVisible(!hint.isEmpty());
    m_send->setEnabled(hint.isEmpty());
}

void ChatWindow::updateStatus()
{
    const ChatSession::State state = m_session->state();
    QString server = m_session->address().isEmpty() ? QString() : m_session->address().display();
    if (m_session->isEncrypted())
        server += tr("Encrypted (TLS)").prepend(u"  \U0001F512 ");
    m_serverLabel->setText(server);
    m_nicknameLabel->setText(m_session->nickname());
    const int seconds = m_session->reconnectInSeconds();
    if (state == ChatSession::State::Reconnecting && seconds >= 0) {
        m_stateLabel->setText(tr("Reconnecting in %n s", nullptr, seconds));
        if (!m_countdown.isActive())
            m_countdown.start();
    } else {
        m_stateLabel->setText(EventFormatter::stateText(state));
        m_countdown.stop();
    }
}

void ChatWindow::updateTitle()
{
    // "(3) " in front while messages wait unread in the background.
    if (m_session->roomTitle().isEmpty() || m_session->nickname().isEmpty())
        setWindowTitle(m_unread->decoratedTitle(tr("Chat room")));
    else
        //: The window title: %1 is the room's title, %2 the user's nickname.
        setWindowTitle(m_unread->decoratedTitle(tr("%1 — %2").arg(
            literalTitle(m_session->roomTitle()), literalTitle(m_session->nickname()))));
}
