#pragma once

#include "certificateprompt.h"

#include <QDialog>

class ChatSession;

// Asks whether to trust a TLS server's certificate, as SSH asks about a host key: the
// first time with its fingerprint to compare with the one the server shows, and after a
// change with a warning naming both the pinned and the offered fingerprint. Accepting
// answers the session with acceptCertificate(), anything else with refuseCertificate().
class CertificateDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit CertificateDialog(const CertificatePrompt &prompt, QWidget *parent = nullptr);

    // Opens a dialog over parent (not blocking) for the session's certificateUnknown(),
    // and passes the answer on; it deletes itself once answered.
    static CertificateDialog *ask(ChatSession *session, const CertificatePrompt &prompt,
                                  QWidget *parent);

private:
    void buildFirstUse(const CertificatePrompt &prompt);
    void buildChanged(const CertificatePrompt &prompt);
};
