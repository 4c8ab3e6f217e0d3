#pragma once

#include <QString>

// A TLS server whose certificate is not the one pinned for it: what the user is asked
// about, as SSH asks about a host key. Fingerprints are SHA-256 over the DER certificate,
// written "AB:CD:...", as the server shows its own.
struct CertificatePrompt
{
    QString server; // ServerAddress::display()
    QString offered; // the certificate the server presented
    QString pinned; // empty the first time; otherwise a different, earlier certificate

    bool changed() const { return !pinned.isEmpty(); }
    friend bool operator==(const CertificatePrompt &, const CertificatePrompt &) = default;
};
