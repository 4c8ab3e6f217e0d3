#pragma once

#include "adminfeed.h"
#include "bandialog.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

class BanPanel;
class ChatServer;
class MemberTableModel;
class QAction;
class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class ServerLogView;
class TranscriptSearch;

// The administrator's window onto a running ChatServer: it renders the server's state
// (members, bans, events, rate) and turns clicks into calls to broadcast(), kick(), ban(),
// unban() and shutdown(). It never touches a socket or a frame. The room's events reach it
// through an AdminFeed, in batches at most 20 times a second (fewer when showing them is
// dear: the window reports what it spends, see FeedPacer), so an open window costs the
// room an append per message, not a text layout and a table update. It opens on the room's
// recent past, read from the room log, above a divider, and can search the whole
// transcript (see TranscriptSearch). Widgets have object names ("memberTable",
// "kickButton", "kickAction", "banButton", "banAction", "banTable", "unbanButton",
// "eventLog", "broadcastEdit", "sendButton", "addressLabel", "memberCountLabel",
// "rateLabel", "searchEdit", "searchCount", "searchResults") so tests can find them.
class ServerWindow final : public QMainWindow
{
    Q_OBJECT

public:
    // Asked before kicking; true goes ahead. Empty (the default) asks with a message box;
    // tests answer without one.
    using KickConfirmation = std::function<bool(const QStringList &names)>;

    explicit ServerWindow(ChatServer *server, QWidget *parent = nullptr);

    void setKickConfirmation(KickConfirmation confirm) { m_confirmKick = std::move(confirm); }
    // Asked before kicking with a ban: for how long, and the addresses too or not;
    // nullopt cancels. Empty (the default) asks with a BanDialog.
    using BanConfirmation =
        std::function<std::optional<BanDialog::Choice>(const QStringList &names)>;
    void setBanConfirmation(BanConfirmation confirm) { m_confirmBan = std::move(confirm); }
    // Asked before closing with members in the room; true closes. Empty asks with a
    // message box.
    using CloseConfirmation = std::function<bool(int memberCount)>;
    void setCloseConfirmation(CloseConfirmation confirm) { m_confirmClose = std::move(confirm); }
    // Shuts down without asking: SIGINT and SIGTERM.
    void shutDown() { beginShutdown(); }
    // How often the messages-per-second figure is sampled; tests use a few milliseconds.
    void setRateInterval(std::chrono::milliseconds interval);
    // The longest closing waits for ChatServer::shutdownFinished before it gives up.
    void setShutdownBound(std::chrono::milliseconds bound);
    // The event log keeps this many lines, the newest (ServerLogModel::DefaultMaximumLines).
    void setMaximumLogLines(int lines);

    QStringList selectedNames() const;
    bool isStopped() const { return m_stopped; }

    // Kicks the selected members, after the confirmation.
    void kickSelected();
    // Kicks and bans the selected members, for as long as the administrator chooses.
    void banSelected();
    void sendBroadcast();

signals:
    // The server has shut down and the window is closing for good.
    void stopped();

protected:
    bool event(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    // The room's events the window would show before it opened.
    static constexpr int PastEvents = 200;

    void buildUi();
    QWidget *buildMembers();
    QWidget *buildLog();
    QLayout *buildBroadcast();
    void buildStatusBar();
    // Every way in: the TCP port, and the TLS port and local socket when they are open.
    QString listeningText() const;
    void setColumnWidths();
    void showPast();
    void connectServer();
    void showBatch(const AdminFeed::Batch &batch);
    // A line of the window's own (start, bans, shutdown), after what the room did before.
    void addLogLine(const QString &text);
    void updateActions();
    void updateMemberCount(int count);
    void sampleRate();
    void beginShutdown();
    void finishShutdown();
    bool askKick(const QStringList &names);
    std::optional<BanDialog::Choice> askBan(const QStringList &names);
    bool askClose(int memberCount);

    ChatServer *m_server = nullptr;
    MemberTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_sortedModel = nullptr;
    QTableView *m_table = nullptr;
    QAction *m_kickAction = nullptr;
    QPushButton *m_kickButton = nullptr;
    QAction *m_banAction = nullptr;
    QPushButton *m_banButton = nullptr;
    BanPanel *m_bans = nullptr;
    ServerLogView *m_log = nullptr;
    AdminFeed *m_feed = nullptr;
    TranscriptSearch *m_search = nullptr;
    QLineEdit *m_broadcastEdit = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_addressLabel = nullptr;
    QLabel *m_memberCountLabel = nullptr;
    QLabel *m_rateLabel = nullptr;
    QSplitter *m_splitter = nullptr;

    KickConfirmation m_confirmKick;
    BanConfirmation m_confirmBan;
    CloseConfirmation m_confirmClose;
    QTimer m_rateTimer;
    QElapsedTimer m_rateClock;
    quint64 m_lastRelayed = 0;
    int m_tableWidth = 0; // the columns' initial widths together
    QTimer m_shutdownBound;
    bool m_splitterSized = false;
    bool m_shuttingDown = false;
    bool m_stopped = false;
};
