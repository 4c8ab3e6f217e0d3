#pragma once

#include "chatsession.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <optional>

class ChatInput;
class EmojiPicker;
class JoinDialog;
class MemberListModel;
class MemberListStyler;
class OutboxStrip;
class QLabel;
class QListView;
class QMenu;
class QPushButton;
class QToolButton;
class TranscriptModel;
class TranscriptSearchBar;
class TranscriptView;
class UnreadCounter;
class UnsentMessages;
class WindowAttention;

// Shows one ChatSession: the room's log, its members and the connection, and turns what
// the user types or clicks into calls on the session. It keeps no chat state of its own.
class ChatWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit ChatWindow(ChatSession *session, QWidget *parent = nullptr);

    // Opens the join dialog over this window; with a reason, it explains why first.
    void openJoinDialog(std::optional<Protocol::RejectReason> reason = std::nullopt);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildMenu();
    // The transcript's tools (find, save) and what calls the member back (tray, title,
    // notifications); each builds its own part of the window.
    TranscriptSearchBar *buildSearchBar();
    void buildAttention();
    void addTranscriptActions(QMenu *menu);
    void saveTranscript();
    // Protocol 1.1: history above the divider, paging back at the top, the Says on their
    // way above the input, renaming.
    void connectHistory();
    void connectOutbox();
    // One's own Says that were not sent: rows in the log with Retry, Edit and Discard.
    void connectUnsent();
    void retryUnsent(int row);
    void pageBackIfAtTop();
    void askRename();
    void askCertificate(const CertificatePrompt &prompt);
    void send();
    void addEvent(const RoomEvent &event);
    void scheduleMemberCount();
    void updateMemberCount();
    void updateInputHint();
    // The emoji button beside the input; its picker inserts at the input's cursor.
    QToolButton *buildEmoji();
    void updateStatus();
    void updateTitle();

    ChatSession *m_session = nullptr;
    TranscriptModel *m_transcript = nullptr;
    TranscriptView *m_log = nullptr;
    OutboxStrip *m_outbox = nullptr;
    ChatInput *m_input = nullptr;
    QPushButton *m_send = nullptr;
    QToolButton *m_emojiButton = nullptr;
    EmojiPicker *m_emojiPicker = nullptr;
    QLabel *m_inputHint = nullptr;
    MemberListModel *m_memberModel = nullptr;
    MemberListStyler *m_memberStyler = nullptr;
    QListView *m_members = nullptr;
    QLabel *m_memberCount = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_nicknameLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
    QTimer m_countdown; // refreshes "reconnecting in N s" while waiting
    static constexpr int MemberCountIntervalMs = 100;
    QTimer m_memberCountTimer;
    QPointer<JoinDialog> m_joinDialog;
    TranscriptSearchBar *m_searchBar = nullptr;
    UnreadCounter *m_unread = nullptr;
    UnsentMessages *m_unsent = nullptr;
    WindowAttention *m_attention = nullptr;
    // So that an ending is told in one line: the server's Error said why, or the shutdown
    // line did, and the disconnect that follows adds nothing.
    bool m_errorTold = false;
    bool m_shutdownTold = false;
    // The session's Notice that follows a refused Say: its unsent row already says why.
    bool m_refusalTold = false;
};
