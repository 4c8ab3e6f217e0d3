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
                          "computer's local socket"));
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
                    failed(EventFormatter::socketErrorText(error, text));
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
    m_host->setText(address.field());
    if (!address.isLocal()) {
        setPort(address.port);
        m_secure->setChecked(address.transport == ServerAddress::Transport::Tls);
    }
    updateTransportFields();
    validate();
}

ServerAddress JoinDialog::address() const
{
    return ServerAddress::fromField(m_host->text(), port(), m_secure->isChecked());
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
                        .arg(host()),
                    true);
        return;
    }
    m_session->setPassword(password());
    const ServerAddress target = address();
    const bool sameServer = m_session->address() == target;
    // A joined member, or one connected elsewhere, leaves first: the server ignores a
    // second Hello, and the session only re-sends Hello on the connection it has.
    if (m_session->state() == ChatSession::State::Joined
        || (!sameServer && m_session->state() != ChatSession::State::Disconnected))
        m_session->leave();
    m_failureShown = false;
    const QString connecting = tr("Connecting to %1…").arg(target.display());
    setWaiting(true);
    setJoinEnabled(false, connecting);
    showMessage(connecting, false);
    m_session->join(target, nickname());
}

QString JoinDialog::localProblem() const
{
    if (host().isEmpty())
        return tr("Please enter the server's address");
    if (address().isLocal() && address().host.isEmpty())
        return tr("Please enter the local server's name after local:");
    return EventFormatter::nicknameVerdictText(Nickname::check(m_nickname->text()));
}

bool JoinDialog::passwordNeedsWarning() const
{
    // Over TLS or within this computer, nobody else reads it.
    if (password().isEmpty() || address().transport != ServerAddress::Transport::Tcp)
        return false;
    if (host().compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return false;
    const QHostAddress address(host());
    if (address.isNull())
        return true; // a name elsewhere
    return !address.isLoopback() && !QNetworkInterface::allAddresses().contains(address);
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
    const ServerAddress joined = address();
    settings.setValue(HostKey, joined.field());
    if (!joined.isLocal()) {
        settings.setValue(PortKey, port());
        settings.setValue(secureKey(joined.host, joined.port),
                          joined.transport == ServerAddress::Transport::Tls);
    }
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
    const ServerAddress typed = address();
    if (typed.isLocal() || typed.isEmpty())
        return;
    const QVariant secure = QSettings().value(secureKey(typed.host, typed.port));
    if (secure.isValid())
        m_secure->setChecked(secure.toBool());
}

void JoinDialog::updateTransportFields()
{
    const bool local = address().isLocal();
    m_port->setEnabled(!m_waiting && !local);
    m_secure->setEnabled(!m_waiting && !local);
}
