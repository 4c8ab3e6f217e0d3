#pragma once

#include "chatsession.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <optional>

class ChatInput;
class JoinDialog;
class MemberListModel;
class MemberListStyler;
class OutboxStrip;
class QLabel;
class QListView;
class QPushButton;
class TranscriptModel;
class TranscriptView;

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
    // Protocol 1.1: history above the divider, paging back at the top, the Says on their
    // way above the input, renaming.
    void connectHistory();
    void connectOutbox();
    void pageBackIfAtTop();
    void askRename();
    void askCertificate(const CertificatePrompt &prompt);
    void send();
    void addEvent(const RoomEvent &event);
    void updateMemberCount();
    void updateInputHint();
    void updateStatus();
    void updateTitle();

    ChatSession *m_session = nullptr;
    TranscriptModel *m_transcript = nullptr;
    TranscriptView *m_log = nullptr;
    OutboxStrip *m_outbox = nullptr;
    ChatInput *m_input = nullptr;
    QPushButton *m_send = nullptr;
    QLabel *m_inputHint = nullptr;
    MemberListModel *m_memberModel = nullptr;
    MemberListStyler *m_memberStyler = nullptr;
    QListView *m_members = nullptr;
    QLabel *m_memberCount = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_nicknameLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
    QTimer m_countdown; // refreshes "reconnecting in N s" while waiting
    QPointer<JoinDialog> m_joinDialog;
};
