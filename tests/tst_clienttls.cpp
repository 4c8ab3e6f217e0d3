// The client over TLS against the real server in-process: the fingerprint pinned on first
// use, checked silently on every reconnect, a changed certificate refused with both
// fingerprints until the user accepts the new one; and the windows that ask.

#include "certificatedialog.h"
#include "chatsession.h"
#include "chatwindow.h"
#include "joindialog.h"
#include "knownservers.h"
#include "typetext.h"

#include "chatserver.h"
#include "servercertificate.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

class tst_ClientTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void fingerprintAsTheServerShowsIt();
    void firstUseAsksAndPinsOnAccept();
    void reconnectWithSameCertificateDoesNotAsk();
    void changedCertificateRefusedWithBothFingerprints();
    void acceptingChangedCertificateReplacesPin();
    void refusingDoesNotPin();
    void changedCertificateOnReconnectAsks();
    void certificateDialogFirstUse();
    void certificateDialogShowsBothFingerprints();
    void joinDialogAsksAndRemembersSecure();

private:
    std::unique_ptr<ChatServer> startServer(const ServerCertificate &certificate,
                                            quint16 tlsPort = 0);
    std::unique_ptr<ChatSession> newSession() const;
    KnownServers store() const { return KnownServers(m_dir->filePath(u"known.ini"_s)); }
    static ServerAddress tlsAddress(const ChatServer &server);
    static QString serverKey(const ChatServer &server);

    std::unique_ptr<QTemporaryDir> m_dir;
    ServerCertificate m_first;
    ServerCertificate m_second;
    QTemporaryDir m_certificates;
    QTranslator m_translator;
};

void tst_ClientTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QCoreApplication::setOrganizationName(u"ChatroomTests"_s);
    QCoreApplication::setApplicationName(u"tst_clienttls"_s);
    QVERIFY(m_translator.load(u":/i18n/chatroom-client_zh_CN.qm"_s));
    QCoreApplication::installTranslator(&m_translator);
    // Two servers' identities, made once: the same pair is what a restart finds.
    QVERIFY2(m_first.loadOrCreate(m_certificates.filePath(u"first"_s)),
             qPrintable(m_first.errorString()));
    QVERIFY2(m_second.loadOrCreate(m_certificates.filePath(u"second"_s)),
             qPrintable(m_second.errorString()));
}

void tst_ClientTls::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QSettings().clear();
}

void tst_ClientTls::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<ChatServer> tst_ClientTls::startServer(const ServerCertificate &certificate,
                                                       quint16 tlsPort)
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.tls = true;
    config.tlsPort = tlsPort;
    config.tlsCertificate = certificate.certificate();
    config.tlsKey = certificate.key();
    auto server = std::make_unique<ChatServer>(config);
    if (!server->listen())
        qWarning("listen failed: %s", qPrintable(server->errorString()));
    return server;
}

std::unique_ptr<ChatSession> tst_ClientTls::newSession() const
{
    auto session = std::make_unique<ChatSession>();
    ChatSession::Timing timing;
    timing.reconnectInitialMs = 20;
    timing.reconnectMaxMs = 80;
    timing.resumeDelayMs = 20;
    timing.shutdownInitialMs = 20;
    timing.shutdownMaxMs = 80;
    session->setTiming(timing);
    session->setKnownServers(store());
    return session;
}

ServerAddress tst_ClientTls::tlsAddress(const ChatServer &server)
{
    return {ServerAddress::Transport::Tls, u"127.0.0.1"_s, server.tlsPort()};
}

QString tst_ClientTls::serverKey(const ChatServer &server)
{
    return u"127.0.0.1:%1"_s.arg(server.tlsPort());
}

void tst_ClientTls::fingerprintAsTheServerShowsIt()
{
    // What the client asks about is what the server's window and log show.
    QCOMPARE(KnownServers::fingerprint(m_first.certificate()),
             ServerCertificate::fingerprint(m_first.certificate()));
    QVERIFY(KnownServers::fingerprint(m_first.certificate())
            != KnownServers::fingerprint(m_second.certificate()));
    QCOMPARE(KnownServers::fingerprint(QSslCertificate()), QString());
}

void tst_ClientTls::firstUseAsksAndPinsOnAccept()
{
    const auto server = startServer(m_first);
    QVERIFY(server->isTlsListening());
    const auto session = newSession();
    QSignalSpy asked(session.get(), &ChatSession::certificateUnknown);
    QSignalSpy joined(session.get(), &ChatSession::joined);
    session->join(tlsAddress(*server), u"张三"_s);

    QTRY_COMPARE(asked.size(), 1);
    const auto prompt = asked.at(0).at(0).value<CertificatePrompt>();
    QCOMPARE(prompt.server, serverKey(*server));
    QCOMPARE(prompt.offered, server->tlsFingerprint());
    QVERIFY(prompt.pinned.isEmpty());
    QVERIFY(!prompt.changed());
    QCOMPARE(session->pendingCertificate(), std::optional(prompt));
    // Paused: no Hello went out, and nothing is pinned before the user says so.
    QCOMPARE(session->state(), ChatSession::State::Connecting);
    QCOMPARE(server->memberCount(), 0);
    QVERIFY(store().pinned(serverKey(*server)).isEmpty());
    // Nothing happens on its own meanwhile: no retry is scheduled, no timer runs out.
    QCOMPARE(session->reconnectInSeconds(), -1);
    QCOMPARE(joined.size(), 0);

    session->acceptCertificate();
    QTRY_COMPARE(session->state(), ChatSession::State::Joined);
    QVERIFY(session->isEncrypted());
    QCOMPARE(server->memberCount(), 1);
    QCOMPARE(store().pinned(serverKey(*server)), server->tlsFingerprint());
    QCOMPARE(asked.size(), 1);
    QVERIFY(!session->pendingCertificate());
}

void tst_ClientTls::reconnectWithSameCertificateDoesNotAsk()
{
    const auto server = startServer(m_first);
    KnownServers pins = store();
    pins.pin(serverKey(*server), server->tlsFingerprint());
    const auto session = newSession();
    QSignalSpy asked(session.get(), &ChatSession::certificateUnknown);
    session->join(tlsAddress(*server), u"张三"_s);
    QTRY_COMPARE(session->state(), ChatSession::State::Joined);
    QVERIFY(session->isEncrypted());
    QCOMPARE(asked.size(), 0);

    // The connection drops under the session: it comes back on its own, silently.
    QSignalSpy disconnected(session.get(), &ChatSession::disconnected);
    QSignalSpy states(session.get(), &ChatSession::stateChanged);
    auto *socket = session->findChild<QSslSocket *>();
    QVERIFY(socket);
    socket->abort();
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ConnectionLost);
    QTRY_COMPARE(session->state(), ChatSession::State::Joined);
    QVERIFY(states.size() >= 2); // Reconnecting, Connecting, ... Joined
    QVERIFY(session->isEncrypted());
    QCOMPARE(asked.size(), 0);
    QCOMPARE(store().pinned(serverKey(*server)), server->tlsFingerprint());
}

void tst_ClientTls::changedCertificateRefusedWithBothFingerprints()
{
    const auto server = startServer(m_second);
    KnownServers pins = store();
    const QString pinned = KnownServers::fingerprint(m_first.certificate());
    pins.pin(serverKey(*server), pinned);
    const auto session = newSession();
    QSignalSpy asked(session.get(), &ChatSession::certificateUnknown);
    QSignalSpy failed(session.get(), &ChatSession::connectionFailed);
    session->join(tlsAddress(*server), u"张三"_s);

    QTRY_COMPARE(asked.size(), 1);
    const auto prompt = asked.at(0).at(0).value<CertificatePrompt>();
    QVERIFY(prompt.changed());
    QCOMPARE(prompt.pinned, pinned);
    QCOMPARE(prompt.offered, server->tlsFingerprint());
    QVERIFY(prompt.offered != prompt.pinned);
    QCOMPARE(server->memberCount(), 0);
    QVERIFY(session->state() != ChatSession::State::Joined);

    session->refuseCertificate();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).value<QAbstractSocket::SocketError>(),
             QAbstractSocket::SslHandshakeFailedError);
    QCOMPARE(session->state(), ChatSession::State::Disconnected);
    QCOMPARE(session->endReason(), ChatSession::EndReason::ConnectFailed);
    QCOMPARE(store().pinned(serverKey(*server)), pinned); // the old pin stands
    QCOMPARE(session->reconnectInSeconds(), -1); // and nothing retries on its own
    QCOMPARE(server->memberCount(), 0);
}

void tst_ClientTls::acceptingChangedCertificateReplacesPin()
{
    const auto server = startServer(m_second);
    KnownServers pins = store();
    pins.pin(serverKey(*server), KnownServers::fingerprint(m_first.certificate()));
    const auto session = newSession();
    QSignalSpy asked(session.get(), &ChatSession::certificateUnknown);
    session->join(tlsAddress(*server), u"张三"_s);
    QTRY_COMPARE(asked.size(), 1);
    QVERIFY(asked.at(0).at(0).value<CertificatePrompt>().changed());

    session->acceptCertificate();
    QTRY_COMPARE(session->state(), ChatSession::State::Joined);
    QCOMPARE(store().pinned(serverKey(*server)), server->tlsFingerprint());
    QCOMPARE(server->memberCount(), 1);
    QCOMPARE(asked.size(), 1);
}

void tst_ClientTls::refusingDoesNotPin()
{
    const auto server = startServer(m_first);
    const auto session = newSession();
    QSignalSpy asked(session.get(), &ChatSession::certificateUnknown);
    QSignalSpy failed(session.get(), &ChatSession::connectionFailed);
    session->join(tlsAddress(*server), u"张三"_s);
    QTRY_COMPARE(asked.size(), 1);
    session->refuseCertificate();
    QCOMPARE(failed.size(), 1);
    QVERIFY(!failed.at(0).at(1).toString().isEmpty());
    QCOMPARE(session->state(), ChatSession::State::Disconnected);
    QVERIFY(store().pinned(serverKey(*server)).isEmpty());
    QCOMPARE(server->memberCount(), 0);
    // A second answer to a question no longer asked does nothing.
    session->acceptCertificate();
    QVERIFY(store().pinned(serverKey(*server)).isEmpty());
    QCOMPARE(session->state(), ChatSession::State::Disconnected);

    // The next join asks again.
    session->join(tlsAddress(*server), u"张三"_s);
    QTRY_COMPARE(asked.size(), 2);
}

void tst_ClientTls::changedCertificateOnReconnectAsks()
{
    auto server = startServer(m_first);
    const quint16 port = server->tlsPort();
    KnownServers pins = store();
    pins.pin(serverKey(*server), server->tlsFingerprint());
    const auto session = newSession();
    QSignalSpy asked(session.get(), &ChatSession::certificateUnknown);
    session->join(tlsAddress(*server), u"张三"_s);
    QTRY_COMPARE(session->state(), ChatSession::State::Joined);

    // The server comes back on the same port with another certificate: the session that
    // reconnects on its own stops and asks, rather than joining or retrying.
    server.reset();
    server = startServer(m_second, port);
    QVERIFY(server->isTlsListening());
    QTRY_COMPARE(asked.size(), 1);
    const auto prompt = asked.at(0).at(0).value<CertificatePrompt>();
    QCOMPARE(prompt.pinned, KnownServers::fingerprint(m_first.certificate()));
    QCOMPARE(prompt.offered, server->tlsFingerprint());
    QCOMPARE(session->reconnectInSeconds(), -1); // waits for the answer, not a timer
    QCOMPARE(server->memberCount(), 0);
    QVERIFY(session->state() != ChatSession::State::Joined);

    session->refuseCertificate();
    QCOMPARE(session->state(), ChatSession::State::Disconnected);
    QCOMPARE(session->reconnectInSeconds(), -1);
    QVERIFY(session->members().isEmpty());
    QCOMPARE(server->memberCount(), 0);
}

void tst_ClientTls::certificateDialogFirstUse()
{
    const CertificatePrompt prompt {
        u"example.org:9528"_s, KnownServers::fingerprint(m_first.certificate()), {}};
    CertificateDialog dialog(prompt);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.windowTitle(), u"未知的服务器证书"_s);
    const auto *offered = dialog.findChild<QLabel *>(u"offeredFingerprint"_s);
    QVERIFY(offered);
    QCOMPARE(offered->text(), prompt.offered);
    QVERIFY(!dialog.findChild<QLabel *>(u"pinnedFingerprint"_s));
    const auto *message = dialog.findChild<QLabel *>(u"certificateMessage"_s);
    QVERIFY(message);
    QVERIFY2(message->text().contains(u"example.org:9528"_s), qPrintable(message->text()));
    QCOMPARE(message->textFormat(), Qt::PlainText);
}

void tst_ClientTls::certificateDialogShowsBothFingerprints()
{
    const auto server = startServer(m_second);
    KnownServers pins = store();
    pins.pin(serverKey(*server), KnownServers::fingerprint(m_first.certificate()));
    const auto session = newSession();
    QWidget parent;
    QSignalSpy asked(session.get(), &ChatSession::certificateUnknown);
    session->join(tlsAddress(*server), u"张三"_s);
    QTRY_COMPARE(asked.size(), 1);
    CertificateDialog::ask(session.get(), asked.at(0).at(0).value<CertificatePrompt>(), &parent);
    auto *dialog = parent.findChild<CertificateDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->windowTitle(), u"服务器证书已变更"_s);
    QCOMPARE(dialog->findChild<QLabel *>(u"pinnedFingerprint"_s)->text(),
             KnownServers::fingerprint(m_first.certificate()));
    QCOMPARE(dialog->findChild<QLabel *>(u"offeredFingerprint"_s)->text(),
             server->tlsFingerprint());
    const QString message = dialog->findChild<QLabel *>(u"certificateMessage"_s)->text();
    QVERIFY2(message.contains(serverKey(*server)), qPrintable(message));
    // Enter refuses: the safe answer is the default one.
    auto *trust = dialog->findChild<QPushButton *>(u"trustButton"_s);
    QVERIFY(trust);
    QVERIFY(!trust->isDefault());

    // Trusting it explicitly replaces the pin and joins.
    QTest::mouseClick(trust, Qt::LeftButton);
    QTRY_COMPARE(session->state(), ChatSession::State::Joined);
    QCOMPARE(store().pinned(serverKey(*server)), server->tlsFingerprint());
}

void tst_ClientTls::joinDialogAsksAndRemembersSecure()
{
    const auto server = startServer(m_first);
    const auto session = newSession();
    JoinDialog dialog(session.get());
    dialog.setServer(u"127.0.0.1"_s, server->tlsPort());
    dialog.setNickname(u"王五"_s);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *secure = dialog.findChild<QCheckBox *>(u"secureCheck"_s);
    QVERIFY(secure);
    QVERIFY(!secure->isChecked()); // nothing remembered for this server yet
    secure->click(); // as a user does: clicked(), not setChecked()
    QVERIFY(secure->isChecked());
    QCOMPARE(dialog.port(), server->tlsPort()); // a port given is kept
    QSignalSpy finished(&dialog, &QDialog::finished);
    QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);

    // The certificate is asked about over the join dialog, with its fingerprint.
    CertificateDialog *asking = nullptr;
    QTRY_VERIFY((asking = dialog.findChild<CertificateDialog *>()) && asking->isVisible());
    QCOMPARE(asking->findChild<QLabel *>(u"offeredFingerprint"_s)->text(),
             server->tlsFingerprint());
    QCOMPARE(server->memberCount(), 0);
    QTest::mouseClick(asking->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(session->state(), ChatSession::State::Joined);
    QCOMPARE(store().pinned(serverKey(*server)), server->tlsFingerprint());

    // The window says the connection is encrypted.
    ChatWindow window(session.get());
    window.show();
    bool lockShown = false;
    for (const QLabel *label : window.findChildren<QLabel *>())
        lockShown = lockShown || label->text().contains(u"已加密"_s);
    QVERIFY(lockShown);

    // Remembered for this server, and only for it.
    JoinDialog again(session.get());
    auto *secureAgain = again.findChild<QCheckBox *>(u"secureCheck"_s);
    QCOMPARE(again.address(), tlsAddress(*server));
    QVERIFY(secureAgain->isChecked());
    secureAgain->setChecked(false);
    again.setServer(u"127.0.0.1"_s, server->serverPort()); // no record: left as it is
    QVERIFY(!secureAgain->isChecked());
    again.setServer(u"127.0.0.1"_s, server->tlsPort());
    QVERIFY(secureAgain->isChecked());
    session->leave();
}

QTEST_MAIN(tst_ClientTls)
#include "tst_clienttls.moc"
