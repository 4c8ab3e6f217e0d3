#include "certificatedialog.h"

#include "chatsession.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// The server's address comes from the user, the fingerprints from the network: plain
// text only, and selectable so a fingerprint can be copied and compared.
QLabel *plainLabel(const QString &text, const QString &name, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

QLabel *fingerprintLabel(const QString &fingerprint, const QString &name, QWidget *parent)
{
    QLabel *label = plainLabel(fingerprint, name, parent);
    label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}

} // namespace

CertificateDialog::CertificateDialog(const CertificatePrompt &prompt, QWidget *parent)
    : QDialog(parent)
{
    if (prompt.changed())
        buildChanged(prompt);
    else
        buildFirstUse(prompt);
}

void CertificateDialog::buildFirstUse(const CertificatePrompt &prompt)
{
    setWindowTitle(tr("Unknown server certificate"));
    auto *layout = new QVBoxLayout(this);
    QLabel *message = plainLabel(
        tr("The authenticity of %1 can't be established: this computer has not connected "
           "to it securely before.")
            .arg(prompt.server),
        u"certificateMessage"_s, this);
    message->setWordWrap(true);
    layout->addWidget(message);
    layout->addWidget(plainLabel(tr("SHA-256 fingerprint of its certificate:"), {}, this));
    layout->addWidget(fingerprintLabel(prompt.offered, u"offeredFingerprint"_s, this));
    QLabel *advice = plainLabel(tr("Compare it with the fingerprint the server shows in its "
                                   "window or log. Connect only if they are the same; it will "
                                   "be remembered for this server."),
                                {}, this);
    advice->setWordWrap(true);
    layout->addWidget(advice);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Trust and connect"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // As wide as a fingerprint, and as tall as the wrapped text then needs: a window
    // sized by hand would cut the last line of a long translation.
    layout->setSizeConstraint(QLayout::SetFixedSize);
}

void CertificateDialog::buildChanged(const CertificatePrompt &prompt)
{
    setWindowTitle(tr("Server certificate changed"));
    auto *layout = new QVBoxLayout(this);
    auto *icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    auto *warning = new QHBoxLayout;
    warning->addWidget(icon);
    layout->addLayout(warning);
    QLabel *message = plainLabel(
        tr("Warning: the certificate of %1 is not the one remembered for it. Someone may be "
           "intercepting the connection, or the server was given a new certificate. The "
           "connection was refused.")
            .arg(prompt.server),
        u"certificateMessage"_s, this);
    message->setWordWrap(true);
    warning->addWidget(message, 1);
    layout->addWidget(plainLabel(tr("Remembered SHA-256 fingerprint:"), {}, this));
    layout->addWidget(fingerprintLabel(prompt.pinned, u"pinnedFingerprint"_s, this));
    layout->addWidget(plainLabel(tr("Fingerprint the server offers now:"), {}, this));
    layout->addWidget(fingerprintLabel(prompt.offered, u"offeredFingerprint"_s, this));
    QLabel *advice = plainLabel(tr("Trust the new certificate only if the server's "
                                   "administrator confirms this fingerprint."),
                                {}, this);
    advice->setWordWrap(true);
    layout->addWidget(advice);

    // Refusing is the safe answer, so it is the one Enter gives.
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *trust =
        buttons->addButton(tr("Trust the &new certificate"), QDialogButtonBox::AcceptRole);
    QPushButton *refuse = buttons->addButton(tr("&Disconnect"), QDialogButtonBox::RejectRole);
    trust->setObjectName(u"trustButton"_s);
    trust->setAutoDefault(false);
    refuse->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // As wide as a fingerprint, and as tall as the wrapped text then needs: a window
    // sized by hand would cut the last line of a long translation.
    layout->setSizeConstraint(QLayout::SetFixedSize);
}

CertificateDialog *CertificateDialog::ask(ChatSession *session, const CertificatePrompt &prompt,
                                          QWidget *parent)
{
    auto *dialog = new CertificateDialog(prompt, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The answer is about this certificate only: once the session asks about another, or
    // about none, it goes nowhere.
    const auto answer = [session, prompt](bool trust) {
        if (session->pendingCertificate() != prompt)
            return;
        if (trust)
            session->acceptCertificate();
        else
            session->refuseCertificate();
    };
    connect(dialog, &QDialog::accepted, session, [answer] { answer(true); });
    connect(dialog, &QDialog::rejected, session, [answer] { answer(false); });
    // The session moved on (the user left, or joined elsewhere): nothing left to answer.
    const auto closeIfMovedOn = [session, dialog, prompt] {
        if (dialog->isVisible() && session->pendingCertificate() != prompt)
            dialog->reject();
    };
    connect(session, &ChatSession::stateChanged, dialog, closeIfMovedOn);
    connect(session, &ChatSession::certificateUnknown, dialog, closeIfMovedOn);
    dialog->open();
    return dialog;
}
