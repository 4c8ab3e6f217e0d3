#include "joindialog.h"

#include "certificatedialog.h"
#include "chatsession.h"
#include "eventformatter.h"
#include "nickname.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkInterface>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
const auto HostKey = QStringLiteral("server/host");
const auto PortKey = QStringLiteral("server/port");
const auto NicknameKey = QStringLiteral("nickname");

// The secure choice last joined with, per server: "secure/host:port".
QString secureKey(const QString &host, quint16 port)
{
    const ServerAddress server {ServerAddress::Transport::Tcp, host.trimmed(), port};
    return u"secure/"_s + server.display().replace(u'/', u'_');
}
} // namespace

JoinDialog::JoinDialog(ChatSession *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_secure(new QCheckBox(tr("&Secure connection (TLS)"), this))
    , m_nickname(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Join a chat room"));
    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_port->setObjectName(QStringLiteral("portSpin"));
    m_secure->setObjectName(u"secureCheck"_s);
    m_host->setToolTip(tr("A host name or address, or local:NAME for a server on this "
                          "computer's local socket. Several servers of one room are "
                          "separated by commas, each with its own port if need be: "
                          "a.example,b.example:9530,[::1]:9527"));
    m_secure->setToolTip(tr("Encrypted, with the server's certificate checked against the "
                            "one accepted the first time (default port %1)")
                             .arg(ServerAddress::DefaultTlsPort));
    m_nickname->setObjectName(QStringLiteral("nicknameEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("Only if the room has one"));
    m_message->setObjectName(QStringLiteral("messageLabel"));

    m_port->setRange(1, 65535);
    m_port->setValue(Protocol::DefaultPort);
    m_nickname->setPlaceholderText(tr("Up to %1 characters").arg(Nickname::MaxLength));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setMinimumHeight(m_message->fontMetrics().height() * 2);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Join"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(QString(), m_secure);
    form->addRow(tr("&Nickname:"), m_nickname);
    form->addRow(tr("Pass&word:"), m_password);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    setMinimumWidth(360);

    loadSettings();
    validate();
    m_nickname->setFocus();
    m_nickname->selectAll();

    connect(m_host, &QLineEdit::textChanged, this, [this] {
        applyRememberedSecurity();
        updateTransportFields();
        validate();
    });
    connect(m_nickname, &QLineEdit::textChanged, this, &JoinDialog::validate);
    connect(m_port, &QSpinBox::valueChanged, this, [this] {
        if (!m_settingPort) {
            m_portTyped = true;
            applyRememberedSecurity();
        }
        validate();
    });
    // Only the user's clicks: a choice restored for a server keeps its port.
    connect(m_secure, &QCheckBox::clicked, this, &JoinDialog::followSecureChoice);
    connect(m_secure, &QCheckBox::toggled, this, [this] { m_passwordWarned = false; });
    connect(m_password, &QLineEdit::textChanged, this, &JoinDialog::validate);
    // The warning was about these fields: a change asks again.
    for (QLineEdit *edit : {m_host, m_password})
        connect(edit, &QLineEdit::textChanged, this, [this] { m_passwordWarned = false; });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &JoinDialog::startJoin);
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        // A join still under way is abandoned, so no member appears after Cancel.
        if (m_waiting || m_session->state() == ChatSession::State::Joining)
            m_session->leave();
        reject();
    });

    connectSession();
}

// The session's answers to the join this dialog started; after that, they are the
// window's business.
void JoinDialog::connectSession()
{
    connect(m_session, &ChatSession::joined, this, [this] {
        if (!m_waiting)
            return;
        setWaiting(false);
        saveSettings();
        accept();
    });
    connect(m_session, &ChatSession::rejected, this,
            [this](Protocol::RejectReason reason, const QString &detail) {
                if (m_waiting)
                    showRejection(reason, detail);
            });
    connect(m_session, &ChatSession::connectionFailed, this,
            [this](QAbstractSocket::SocketError error, const QString &text) {
                if (m_waiting)
                    failed(EventFormatter::connectFailedText(error, text,
                                                             m_session->connectFailures()));
            });
    // The server before could not be reached: the join tries the next one of the list.
    connect(m_session, &ChatSession::serverChanged, this, [this](const ServerAddress &server) {
        if (!m_waiting)
            return;
        const QString connecting = tr("Connecting to %1…").arg(server.display());
        setJoinEnabled(false, connecting);
        showMessage(connecting, false);
    });
    connect(m_session, &ChatSession::certificateUnknown, this,
            [this](const CertificatePrompt &prompt) {
                if (!m_waiting)
                    return;
                showMessage(tr("Waiting for you to check the server's certificate…"), false);
                CertificateDialog::ask(m_session, prompt, this);
            });
    connect(m_session, &ChatSession::errorReceived, this,
            [this](Protocol::ErrorCode code, const QString &detail) {
                if (m_waiting)
                    failed(EventFormatter::errorText(code, detail));
            });
    connect(m_session, &ChatSession::disconnected, this, [this](ChatSession::EndReason reason) {
        if (m_waiting && !m_failureShown)
            failed(EventFormatter::endReasonText(reason));
        else if (m_waiting)
            setWaiting(false);
    });
}

void JoinDialog::setServer(const QString &host, quint16 port)
{
    m_host->setText(host);
    setPort(port);
    applyRememberedSecurity();
    validate();
}

void JoinDialog::setServer(const ServerAddress &address)
{
    setServers(ServerList(address));
}

void JoinDialog::setServers(const ServerList &servers)
{
    const QList<ServerAddress> addresses = servers.addresses();
    const auto remote =
        std::find_if(addresses.cbegin(), addresses.cend(),
                     [](const ServerAddress &address) { return !address.isLocal(); });
    if (remote == addresses.cend()) {
        m_host->setText(servers.field(port()));
    } else {
        // Set after the field, which brings back a remembered secure choice of its own.
        m_host->setText(servers.field(remote->port));
        setPort(remote->port);
        m_secure->setChecked(remote->transport == ServerAddress::Transport::Tls);
    }
    updateTransportFields();
    validate();
}

void JoinDialog::setServers(const QString &field, quint16 port, bool secure)
{
    m_host->setText(field);
    setPort(port);
    m_secure->setChecked(secure);
    updateTransportFields();
    validate();
}

ServerList JoinDialog::servers() const
{
    return ServerList::parse(m_host->text(), port(), m_secure->isChecked()).servers;
}

ServerAddress JoinDialog::address() const
{
    const ServerList typed = servers();
    return typed.isEmpty() ? ServerAddress::fromField(m_host->text(), port(), m_secure->isChecked())
                           : typed.at(0);
}

void JoinDialog::setNickname(const QString &nickname)
{
    m_nickname->setText(nickname);
    m_nickname->selectAll();
    validate();
}

QString JoinDialog::host() const
{
    return m_host->text().trimmed();
}

quint16 JoinDialog::port() const
{
    return quint16(m_port->value());
}

QString JoinDialog::nickname() const
{
    return Nickname::normalized(m_nickname->text());
}

QString JoinDialog::password() const
{
    return m_password->text();
}

QString JoinDialog::message() const
{
    return m_message->text();
}

void JoinDialog::showRejection(Protocol::RejectReason reason, const QString &detail)
{
    using R = Protocol::RejectReason;
    m_failureShown = true;
    setWaiting(false);
    showMessage(EventFormatter::rejectReasonText(reason, detail), true);
    if (reason == R::NameTaken || reason == R::NameInvalid || reason == R::NameReserved) {
        m_nickname->setFocus();
        m_nickname->selectAll();
    } else if (reason == R::PasswordRequired) {
        m_password->setFocus();
        m_password->selectAll();
    }
}

void JoinDialog::startJoin()
{
    validate();
    if (!m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return;
    if (passwordNeedsWarning() && !m_passwordWarned) {
        m_passwordWarned = true;
        showMessage(tr("%1 is not on this computer, and this connection is not encrypted: "
                       "anyone on the network could read the password. Press Join again to "
                       "send it anyway.")
                        .arg(clearTextHost()),
                    true);
        return;
    }
    m_session->setPassword(password());
    const ServerList target = servers();
    const bool sameServer = m_session->servers() == target;
    // A joined member, or one connected elsewhere, leaves first: the server ignores a
    // second Hello, and the session only re-sends Hello on the connection it has.
    if (m_session->state() == ChatSession::State::Joined
        || (!sameServer && m_session->state() != ChatSession::State::Disconnected))
        m_session->leave();
    m_failureShown = false;
    const QString connecting = tr("Connecting to %1…").arg(target.current().display());
    setWaiting(true);
    setJoinEnabled(false, connecting);
    showMessage(connecting, false);
    m_session->join(target, nickname());
}

QString JoinDialog::localProblem() const
{
    const ServerList::Parsed typed =
        ServerList::parse(m_host->text(), port(), m_secure->isChecked());
    if (!typed.isOk())
        return typed.error;
    return EventFormatter::nicknameVerdictText(Nickname::check(m_nickname->text()));
}

bool JoinDialog::passwordNeedsWarning() const
{
    return !password().isEmpty() && !clearTextHost().isEmpty();
}

QString JoinDialog::clearTextHost() const
{
    for (const ServerAddress &server : servers().addresses()) {
        // Over TLS or within this computer, nobody else reads it.
        if (server.transport != ServerAddress::Transport::Tcp
            || server.host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
            continue;
        const QHostAddress address(server.host);
        if (address.isNull()) // a name elsewhere
            return server.host;
        if (!address.isLoopback() && !QNetworkInterface::allAddresses().contains(address))
            return server.host;
    }
    return {};
}

void JoinDialog::validate()
{
    if (m_waiting)
        return;
    const QString problem = localProblem();
    setJoinEnabled(problem.isEmpty(), problem);
    showMessage(problem, true);
}

void JoinDialog::setWaiting(bool waiting)
{
    m_waiting = waiting;
    m_host->setEnabled(!waiting);
    updateTransportFields();
    m_nickname->setEnabled(!waiting);
    m_password->setEnabled(!waiting);
    const QString problem = waiting ? QString() : localProblem();
    setJoinEnabled(!waiting && problem.isEmpty(), problem);
    if (!waiting)
        m_nickname->setFocus();
}

void JoinDialog::setJoinEnabled(bool enabled, const QString &why)
{
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(enabled);
    // A disabled button says why itself, for whoever hovers it rather than reading the
    // label. Tool tips guess at rich text and the address in "Connecting to ..." is typed
    // by the user: a guess must never turn it into markup. A status tip is plain text.
    const QString text = enabled ? QString() : why;
    ok->setToolTip(Qt::mightBeRichText(text) ? Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal)
                                             : text);
    ok->setStatusTip(text);
}

void JoinDialog::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    QPalette pal = palette();
    if (problem)
        pal.setColor(QPalette::WindowText, QColor(190, 30, 30));
    m_message->setPalette(pal);
}

void JoinDialog::failed(const QString &text)
{
    m_failureShown = true;
    setWaiting(false);
    showMessage(text, true);
}

void JoinDialog::loadSettings()
{
    const QSettings settings;
    m_host->setText(settings.value(HostKey, QStringLiteral("127.0.0.1")).toString());
    setPort(quint16(settings.value(PortKey, Protocol::DefaultPort).toUInt()));
    m_nickname->setText(settings.value(NicknameKey).toString());
    applyRememberedSecurity();
    updateTransportFields();
}

void JoinDialog::saveSettings() const
{
    QSettings settings;
    // As typed, a list of servers with their ports included.
    settings.setValue(HostKey, host());
    bool remote = false;
    for (const ServerAddress &joined : servers().addresses()) {
        if (joined.isLocal())
            continue;
        remote = true;
        settings.setValue(secureKey(joined.host, joined.port),
                          joined.transport == ServerAddress::Transport::Tls);
    }
    if (remote)
        settings.setValue(PortKey, port());
    settings.setValue(NicknameKey, m_session->nickname());
}

void JoinDialog::followSecureChoice(bool secure)
{
    if (m_portTyped)
        return;
    if (secure && port() == Protocol::DefaultPort)
        setPort(ServerAddress::DefaultTlsPort);
    else if (!secure && port() == ServerAddress::DefaultTlsPort)
        setPort(Protocol::DefaultPort);
}

void JoinDialog::setPort(quint16 port)
{
    const bool wasSetting = std::exchange(m_settingPort, true);
    m_port->setValue(port);
    m_settingPort = wasSetting;
}

void JoinDialog::applyRememberedSecurity()
{
    // The first server of the list that has a record: one room, one choice.
    const QSettings settings;
    for (const ServerAddress &typed : servers().addresses()) {
        if (typed.isLocal())
            continue;
        const QVariant secure = settings.value(secureKey(typed.host, typed.port));
        if (secure.isValid()) {
            m_secure->setChecked(secure.toBool());
            return;
        }
    }
}

void JoinDialog::updateTransportFields()
{
    // Only local servers: no port and no TLS. A field still being typed ("local:") is
    // judged as one server.
    const ServerList typed = servers();
    const QList<ServerAddress> addresses = typed.addresses();
    const bool local = typed.isEmpty()
        ? ServerAddress::fromField(m_host->text(), port(), false).isLocal()
        : std::all_of(addresses.cbegin(), addresses.cend(),
                      [](const ServerAddress &address) { return address.isLocal(); });
    m_port->setEnabled(!m_waiting && !local);
    m_secure->setEnabled(!m_waiting && !local);
}
