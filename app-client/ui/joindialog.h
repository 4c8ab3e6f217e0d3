#pragma once

#include "protocol/messages.h"
#include "serveraddress.h"
#include "serverlist.h"

#include <QDialog>

class ChatSession;
class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// Asks for the server and the nickname, checks the name against the shared rules while
// it is typed, and drives the session's join: it closes only once the server has
// welcomed the member, and shows the server's refusal or a failed connection in place,
// so the user can fix the name or the address without starting over. The server field
// takes a host, or "local:NAME" for a server on this computer's local socket, or several
// servers of one room separated by commas (ServerList::parse(), each may name its own
// port); the secure (TLS) choice is remembered per server, and a certificate to check is
// asked about over it.
class JoinDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit JoinDialog(ChatSession *session, QWidget *parent = nullptr);

    void setServer(const QString &host, quint16 port);
    // The server field, port and secure choice for address.
    void setServer(const ServerAddress &address);
    // The server field for servers; the port and secure choice those of the first one that
    // is not local.
    void setServers(const ServerList &servers);
    // The server field as typed (one server or several), its default port and secure choice.
    void setServers(const QString &field, quint16 port, bool secure);
    // The servers as typed; empty while the field is not a valid list.
    ServerList servers() const;
    // The first of them.
    ServerAddress address() const;
    void setNickname(const QString &nickname);
    QString host() const;
    quint16 port() const;
    QString nickname() const;
    QString password() const;
    QString message() const;

    // Shows why the server refused (for example after a reconnect found the name taken)
    // and selects the name so typing replaces it.
    void showRejection(Protocol::RejectReason reason, const QString &detail = {});
    void startJoin();
    // A join this dialog started is under way: it answers the session's questions.
    bool isJoining() const { return m_waiting; }

private:
    void connectSession();
    // Why the fields as typed cannot be sent, or empty.
    QString localProblem() const;
    // A room password for a host elsewhere would cross the network in clear text: the
    // first Join says so, the second goes ahead.
    bool passwordNeedsWarning() const;
    // The first server of the field reached in clear text off this computer, or empty.
    QString clearTextHost() const;
    void validate();
    void setWaiting(bool waiting);
    // Enables the Join button, or disables it with why as its tool tip.
    void setJoinEnabled(bool enabled, const QString &why);
    void showMessage(const QString &text, bool problem);
    void failed(const QString &text);
    void loadSettings();
    void saveSettings() const;
    // The port follows the secure choice (9527 <-> 9528) until the user types one.
    void followSecureChoice(bool secure);
    void setPort(quint16 port);
    // The secure choice last joined with at the server as typed, if any.
    void applyRememberedSecurity();
    // A local server has no port and no TLS.
    void updateTransportFields();

    ChatSession *m_session = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QCheckBox *m_secure = nullptr;
    QLineEdit *m_nickname = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_waiting = false; // a join this dialog started is under way
    bool m_failureShown = false; // this attempt already told the user why it failed
    bool m_passwordWarned = false; // the clear-text warning is on screen for these fields
    bool m_portTyped = false; // the user chose the port: the secure choice leaves it alone
    bool m_settingPort = false; // the dialog itself is changing the port
};
