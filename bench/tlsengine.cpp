#include "loadengine.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <climits>

// --tls: the members' connections carry TLS, driven through OpenSSL on the engine's own
// non-blocking sockets. The record work (the handshake, AES-GCM per record) is what a
// QSslSocket client does too, since Qt's TLS backend is OpenSSL; what is left out is the
// event loop and QSslSocket's buffers per frame, which would make the tool, not the
// server, the bottleneck. Decrypted bytes go through consume() exactly as plain ones do.

namespace {

// Large enough for several whole records; with read-ahead one recv() brings them all.
constexpr size_t ReadAheadBytes = 64 * 1024;

} // namespace

bool LoadEngine::openTls()
{
    m_tlsContext = SSL_CTX_new(TLS_client_method());
    if (!m_tlsContext) {
        m_errorString = tlsError("SSL_CTX_new");
        return false;
    }
    // The server's certificate is self-signed and made on its first start: a benchmark
    // measures what encryption costs, so it is accepted unseen (no pinning here).
    SSL_CTX_set_verify(m_tlsContext, SSL_VERIFY_NONE, nullptr);
    // Partial writes and a buffer that moves: `outgoing` is a std::string that grows
    // between the write that would block and its retry.
    SSL_CTX_set_mode(m_tlsContext,
                     SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // Read-ahead: one recv() for many records instead of two (header, body) per record.
    // tlsReadable() therefore reads until OpenSSL wants more from the socket, so no
    // decrypted byte waits in OpenSSL's buffer for an epoll event that never comes.
    SSL_CTX_set_read_ahead(m_tlsContext, 1);
    SSL_CTX_set_default_read_buffer_len(m_tlsContext, ReadAheadBytes);
    SSL_CTX_set_session_cache_mode(m_tlsContext, SSL_SESS_CACHE_OFF);
    return true;
}

void LoadEngine::closeTlsContext()
{
    SSL_CTX_free(m_tlsContext);
    m_tlsContext = nullptr;
}

QString LoadEngine::tlsError(const char *what)
{
    char text[256] = {};
    const unsigned long code = ERR_get_error();
    if (code != 0)
        ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    return QStringLiteral("%1: %2").arg(QLatin1StringView(what),
                                        code != 0 ? QString::fromLatin1(text)
                                                  : QStringLiteral("connection closed"));
}

void LoadEngine::startTls(BenchMember &member)
{
    member.tls = SSL_new(m_tlsContext);
    if (!member.tls || SSL_set_fd(member.tls, member.fd) != 1) {
        fail(member, tlsError("SSL_new"));
        return;
    }
    SSL_set_connect_state(member.tls);
    member.handshaking = true;
    continueHandshake(member);
}

void LoadEngine::continueHandshake(BenchMember &member)
{
    ERR_clear_error();
    const int rc = SSL_do_handshake(member.tls);
    if (rc == 1) {
        member.handshaking = false;
        if (m_tlsCipher.isEmpty())
            m_tlsCipher = QString::fromLatin1(SSL_get_cipher_name(member.tls));
        writeOut(member); // the Hello (or Resume) that waited for the handshake
        if (member.state != BenchMember::State::Failed)
            tlsReadable(member); // whatever came with the server's last flight
        return;
    }
    switch (SSL_get_error(member.tls, rc)) {
    case SSL_ERROR_WANT_READ:
        setWantWrite(member, false);
        return;
    case SSL_ERROR_WANT_WRITE:
        setWantWrite(member, true);
        return;
    default:
        fail(member, tlsError("TLS handshake"));
    }
}

void LoadEngine::tlsWriteOut(BenchMember &member)
{
    while (!member.outgoing.empty()) {
        ERR_clear_error();
        const int size = int(qMin(member.outgoing.size(), size_t(INT_MAX)));
        const int sent = SSL_write(member.tls, member.outgoing.data(), size);
        if (sent > 0) {
            member.outgoing.erase(0, size_t(sent));
            continue;
        }
        const int error = SSL_get_error(member.tls, sent);
        // WANT_READ only in a renegotiation, which TLS 1.3 has not: retried on the next
        // writable event like WANT_WRITE.
        if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ)
            break;
        fail(member, tlsError("SSL_write"));
        return;
    }
    setWantWrite(member, !member.outgoing.empty());
}

void LoadEngine::tlsReadable(BenchMember &member)
{
    // Until OpenSSL needs the socket again (see openTls()): with read-ahead, records may
    // wait in its buffer that epoll knows nothing about.
    for (;;) {
        ERR_clear_error();
        const int got = SSL_read(member.tls, m_buffer.data(), int(m_buffer.size()));
        if (got > 0) {
            m_counters.bytes += quint64(got);
            consume(member, m_buffer.data(), size_t(got), BenchWire::nowUs());
            if (member.state == BenchMember::State::Failed)
                return;
            continue;
        }
        switch (SSL_get_error(member.tls, got)) {
        case SSL_ERROR_WANT_READ:
            return;
        case SSL_ERROR_WANT_WRITE:
            setWantWrite(member, true);
            return;
        case SSL_ERROR_ZERO_RETURN:
            fail(member,
                 QStringLiteral("member %1: the server closed the connection").arg(member.index));
            return;
        default:
            fail(member, tlsError("SSL_read"));
            return;
        }
    }
}

void LoadEngine::closeTls(BenchMember &member)
{
    // No close_notify: the bench ends connections (or resets them, resume mode) abruptly.
    SSL_free(member.tls);
    member.tls = nullptr;
    member.handshaking = false;
}
