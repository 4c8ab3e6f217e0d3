#include "chatsession.h"
#include "joindialog.h"
#include "typetext.h"

#include "protocol/framereader.h"
#include "protocol/messagecodec.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTranslator>

using namespace Qt::StringLiterals;

using namespace Protocol;

// A scripted server on 127.0.0.1 or a local socket: it refuses every name in `taken` with
// NameTaken and welcomes any other one, keeping the connection open as the protocol says.
class NameServer final : public QObject
{
    Q_OBJECT

public:
    explicit NameServer(QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                accept(socket);
        });
        connect(&m_localServer, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket *socket = m_localServer.nextPendingConnection())
                accept(socket);
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    bool listenLocal(const QString &name)
    {
        QLocalServer::removeServer(name);
        return m_localServer.listen(name);
    }
    quint16 port() const { return m_server.serverPort(); }
    QStringList hellos() const { return m_hellos; }
    QStringList passwords() const { return m_passwords; }
    QStringList taken = {u"张三"_s};
    QString password; // empty: the room has none

private:
    void accept(QIODevice *socket)
    {
        m_client = socket;
        m_reader = FrameReader();
        connect(socket, &QIODevice::readyRead, this, &NameServer::read);
    }

    void read()
    {
        while (m_client && m_reader.readNext(m_client)) {
            const DecodeResult result = MessageCodec::decode(m_reader.takePayload());
            const auto *hello = std::get_if<Hello>(&result.message);
            if (!result.isOk() || !hello)
                continue;
            m_hellos.append(hello->nickname);
            m_passwords.append(hello->password);
            if (!password.isEmpty() && hello->password != password) {
                m_client->write(MessageCodec::encodeFrame(
                    Rejected {RejectReason::PasswordRequired, u"password"_s}));
            } else if (taken.contains(hello->nickname)) {
                m_client->write(
                    MessageCodec::encodeFrame(Rejected {RejectReason::NameTaken, u"taken"_s}));
            } else {
                m_client->write(
                    MessageCodec::encodeFrame(Welcome {hello->nickname, u"Lobby"_s, 3, 2}));
                m_client->write(MessageCodec::encodeFrame(Members {{u"张三"_s, hello->nickname}}));
            }
        }
    }

    QTcpServer m_server;
    QLocalServer m_localServer;
    QPointer<QIODevice> m_client;
    FrameReader m_reader;
    QStringList m_hellos;
    QStringList m_passwords;
};

class tst_JoinDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void validation_data();
    void validation();
    void emptyHostDisablesJoin();
    void nameTakenKeepsDialogOpen();
    void connectionRefusedShownInDialog();
    void cancelRejects();
    void serverTextShownLiterally();
    void passwordGoesWithHello();
    void passwordForRemoteHostWarnsFirst();
    void secureChoiceMovesDefaultPort();
    void secureChoiceRememberedPerServer();
    void localServerField();
    // Several servers of one room (issue 15).
    void serverListRefusals_data();
    void serverListRefusals();
    void serverListJoinsFirstThatAnswers();
    void serverListAllRefuse();

private:
    struct Parts
    {
        QLineEdit *host = nullptr;
        QSpinBox *port = nullptr;
        QLineEdit *nickname = nullptr;
        QLabel *message = nullptr;
        QPushButton *ok = nullptr;
        QPushButton *cancel = nullptr;
    };
    static Parts parts(JoinDialog &dialog);

    QTranslator m_translator;
};

void tst_JoinDialog::initTestCase()
{
    // Remembered values must come from this test, never from a user's real settings.
    QCoreApplication::setOrganizationName(u"ChatroomTests"_s);
    QCoreApplication::setApplicationName(u"tst_joindialog"_s);
    QVERIFY(m_translator.load(u":/i18n/chatroom-client_zh_CN.qm"_s));
    QCoreApplication::installTranslator(&m_translator);
}

void tst_JoinDialog::init()
{
    QSettings().clear();
}

tst_JoinDialog::Parts tst_JoinDialog::parts(JoinDialog &dialog)
{
    Parts p;
    p.host = dialog.findChild<QLineEdit *>(u"hostEdit"_s);
    p.port = dialog.findChild<QSpinBox *>(u"portSpin"_s);
    p.nickname = dialog.findChild<QLineEdit *>(u"nicknameEdit"_s);
    p.message = dialog.findChild<QLabel *>(u"messageLabel"_s);
    auto *box = dialog.findChild<QDialogButtonBox *>();
    p.ok = box ? box->button(QDialogButtonBox::Ok) : nullptr;
    p.cancel = box ? box->button(QDialogButtonBox::Cancel) : nullptr;
    return p;
}

void tst_JoinDialog::validation_data()
{
    QTest::addColumn<QString>("typed");
    // Control and invisible characters cannot be typed, only pasted.
    QTest::addColumn<QString>("pasted");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("reason");

    QTest::newRow("empty") << QString() << QString() << false << u"请输入昵称"_s;
    QTest::newRow("spaces only") << u"   "_s << QString() << false << u"请输入昵称"_s;
    QTest::newRow("25 characters")
        << QString(25, u'a') << QString() << false << u"昵称最多 24 个字符"_s;
    QTest::newRow("24 characters") << QString(24, u'a') << QString() << true << QString();
    QTest::newRow("reserved") << u"Admin"_s << QString() << false
                              << u"该昵称为保留名称，请换一个"_s;
    QTest::newRow("reserved zh") << u"管理员"_s << QString() << false
                                 << u"该昵称为保留名称，请换一个"_s;
    QTest::newRow("control character")
        << u"ab"_s << u"\u0007"_s << false << u"昵称不能包含控制字符或不可见字符"_s;
    QTest::newRow("zero width") << u"ab"_s << u"\u200B"_s << false
                                << u"昵称不能包含控制字符或不可见字符"_s;
    QTest::newRow("bidi override")
        << u"ab"_s << u"\u202E"_s << false << u"昵称不能包含控制字符或不可见字符"_s;
    QTest::newRow("valid") << u"张三"_s << QString() << true << QString();
}

void tst_JoinDialog::validation()
{
    QFETCH(QString, typed);
    QFETCH(QString, pasted);
    QFETCH(bool, accepted);
    QFETCH(QString, reason);

    ChatSession session;
    JoinDialog dialog(&session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const Parts p = parts(dialog);
    QVERIFY(p.nickname && p.message && p.ok);

    p.nickname->clear();
    typeText(p.nickname, typed);
    if (!pasted.isEmpty()) {
        QGuiApplication::clipboard()->setText(pasted);
        QTest::keyClick(p.nickname, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(p.nickname->text(), typed + pasted);
    }
    QCOMPARE(p.ok->isEnabled(), accepted);
    QCOMPARE(p.message->text(), reason);
    QVERIFY(p.message->isVisible());
    // The disabled button says why itself; an enabled one has nothing to explain.
    QCOMPARE(p.ok->toolTip(), reason);
    QCOMPARE(p.ok->statusTip(), reason);
}

void tst_JoinDialog::emptyHostDisablesJoin()
{
    ChatSession session;
    JoinDialog dialog(&session);
    dialog.show();
    const Parts p = parts(dialog);
    typeText(p.nickname, u"李四"_s);
    QVERIFY(p.ok->isEnabled());
    p.host->selectAll();
    QTest::keyClick(p.host, Qt::Key_Backspace);
    QVERIFY(!p.ok->isEnabled());
    QCOMPARE(p.message->text(), u"请输入服务器地址"_s);
    QCOMPARE(p.ok->toolTip(), u"请输入服务器地址"_s);
    typeText(p.host, u"localhost"_s);
    QVERIFY(p.ok->isEnabled());
    QCOMPARE(p.ok->toolTip(), QString());
    QCOMPARE(p.ok->statusTip(), QString());
}

void tst_JoinDialog::nameTakenKeepsDialogOpen()
{
    NameServer server;
    QVERIFY(server.listen());
    ChatSession session;
    JoinDialog dialog(&session);
    dialog.setServer(u"127.0.0.1"_s, server.port());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const Parts p = parts(dialog);

    p.nickname->clear();
    typeText(p.nickname, u"张三"_s);
    QVERIFY(p.ok->isEnabled());
    QTest::mouseClick(p.ok, Qt::LeftButton);

    // The server refuses: the dialog stays open, says why, and selects the name.
    QTRY_COMPARE(p.message->text(), u"该昵称已被使用，请换一个"_s);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(p.nickname->isEnabled());
    QCOMPARE(p.nickname->selectedText(), u"张三"_s);
    QVERIFY(p.nickname->hasFocus());
    QCOMPARE(server.hellos(), QStringList {u"张三"_s});

    // Typing replaces the selected name; the same connection carries the next Hello.
    QSignalSpy finished(&dialog, &QDialog::finished);
    typeText(p.nickname, u"李四"_s);
    QCOMPARE(p.nickname->text(), u"李四"_s);
    QCOMPARE(p.message->text(), QString());
    QTest::keyClick(p.nickname, Qt::Key_Return);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(session.state(), ChatSession::State::Joined);
    QCOMPARE(session.nickname(), u"李四"_s);
    QCOMPARE(server.hellos(), (QStringList {u"张三"_s, u"李四"_s}));

    // Remembered for next time.
    const QSettings settings;
    QCOMPARE(settings.value(u"nickname"_s).toString(), u"李四"_s);
    JoinDialog again(&session);
    QCOMPARE(again.nickname(), u"李四"_s);
    QCOMPARE(again.port(), server.port());
}

void tst_JoinDialog::connectionRefusedShownInDialog()
{
    // A port that was just free: nothing listens there any more.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ChatSession session;
    JoinDialog dialog(&session);
    dialog.setServer(u"127.0.0.1"_s, port);
    dialog.setNickname(u"王五"_s);
    dialog.show();
    const Parts p = parts(dialog);
    QVERIFY(p.ok->isEnabled());
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QVERIFY(!p.ok->isEnabled()); // no second attempt while one is under way
    QVERIFY(!p.ok->toolTip().isEmpty());
    QCOMPARE(p.ok->toolTip(), p.message->text()); // connecting to ...
    QTRY_COMPARE(p.message->text(), u"服务器拒绝了连接，请确认服务器已经启动"_s);
    QVERIFY(dialog.isVisible());
    QVERIFY(p.ok->isEnabled());
    QCOMPARE(p.ok->toolTip(), QString());
}

void tst_JoinDialog::cancelRejects()
{
    ChatSession session;
    JoinDialog dialog(&session);
    dialog.show();
    QSignalSpy finished(&dialog, &QDialog::finished);
    QTest::mouseClick(parts(dialog).cancel, Qt::LeftButton);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void tst_JoinDialog::serverTextShownLiterally()
{
    ChatSession session;
    JoinDialog dialog(&session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const Parts p = parts(dialog);
    QCOMPARE(p.message->textFormat(), Qt::PlainText);

    // A refusal this client has no words for shows the server's detail, as text.
    const QString detail = u"<img src=/dev/zero><b>闭门</b>"_s;
    dialog.showRejection(RejectReason(99), detail);
    QVERIFY2(p.message->text().contains(detail), qPrintable(p.message->text()));
    QCOMPARE(p.message->textFormat(), Qt::PlainText);
    QCOMPARE(dialog.windowTitle(), u"进入聊天室"_s); // our own words only

    // What the user typed, shown back on the disabled button, is not markup either.
    p.host->setText(u"<b>host</b>"_s);
    typeText(p.nickname, u"王五"_s);
    QVERIFY(p.ok->isEnabled());
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QVERIFY(!p.ok->isEnabled());
    QVERIFY2(p.message->text().contains(u"<b>host</b>"_s), qPrintable(p.message->text()));
    QVERIFY(Qt::mightBeRichText(p.message->text()));
    QCOMPARE(p.ok->toolTip(), Qt::convertFromPlainText(p.message->text(), Qt::WhiteSpaceNormal));
    QCOMPARE(QTextDocumentFragment::fromHtml(p.ok->toolTip()).toPlainText(), p.message->text());
    QCOMPARE(p.ok->statusTip(), p.message->text());
    session.leave();
}

void tst_JoinDialog::passwordGoesWithHello()
{
    NameServer server;
    server.password = u"芝麻开门"_s;
    QVERIFY(server.listen());
    ChatSession session;
    JoinDialog dialog(&session);
    dialog.setServer(u"127.0.0.1"_s, server.port());
    dialog.setNickname(u"王五"_s);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const Parts p = parts(dialog);
    auto *password = dialog.findChild<QLineEdit *>(u"passwordEdit"_s);
    QVERIFY(password);
    QCOMPARE(password->echoMode(), QLineEdit::Password);

    // Wrong: the dialog stays, says why, and puts the cursor in the password.
    typeText(password, u"guess"_s);
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QTRY_COMPARE(p.message->text(), u"这个聊天室需要正确的密码"_s);
    QVERIFY(dialog.isVisible());
    QVERIFY(password->hasFocus());

    // Right: on this computer no warning is needed, and it joins.
    QSignalSpy finished(&dialog, &QDialog::finished);
    password->clear();
    typeText(password, u"芝麻开门"_s);
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(session.state(), ChatSession::State::Joined);
    QCOMPARE(server.passwords().constLast(), u"芝麻开门"_s);
    // Never remembered on disk.
    const QSettings settings;
    for (const QString &key : settings.allKeys())
        QVERIFY2(!settings.value(key).toString().contains(u"芝麻开门"_s), qPrintable(key));
}

void tst_JoinDialog::passwordForRemoteHostWarnsFirst()
{
    ChatSession session;
    JoinDialog dialog(&session);
    // A documentation address (RFC 5737): the test never gets as far as connecting.
    dialog.setServer(u"192.0.2.7"_s, 9527);
    dialog.setNickname(u"王五"_s);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const Parts p = parts(dialog);
    typeText(dialog.findChild<QLineEdit *>(u"passwordEdit"_s), u"secret"_s);
    QTest::mouseClick(p.ok, Qt::LeftButton);
    // A warning instead of a connection: the password would cross the network in clear.
    QVERIFY2(p.message->text().contains(u"192.0.2.7"_s), qPrintable(p.message->text()));
    QVERIFY2(p.message->text().contains(u"加密"_s), qPrintable(p.message->text()));
    QCOMPARE(session.state(), ChatSession::State::Disconnected);
    QVERIFY(dialog.isVisible());
}

void tst_JoinDialog::secureChoiceMovesDefaultPort()
{
    ChatSession session;
    JoinDialog dialog(&session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const Parts p = parts(dialog);
    auto *secure = dialog.findChild<QCheckBox *>(u"secureCheck"_s);
    QVERIFY(secure);
    QVERIFY(!secure->isChecked());
    QCOMPARE(dialog.port(), Protocol::DefaultPort);
    QCOMPARE(dialog.address().transport, ServerAddress::Transport::Tcp);

    // Untouched, the port follows the choice: chatroom-server's TLS port and back.
    secure->click(); // as a user does: clicked(), not setChecked()
    QCOMPARE(dialog.port(), ServerAddress::DefaultTlsPort);
    QCOMPARE(dialog.address().transport, ServerAddress::Transport::Tls);
    secure->click();
    QCOMPARE(dialog.port(), Protocol::DefaultPort);

    // A port the user typed stays.
    p.port->selectAll();
    QTest::keyClicks(p.port, u"7000"_s);
    QCOMPARE(dialog.port(), quint16(7000));
    secure->click();
    QVERIFY(secure->isChecked());
    QCOMPARE(dialog.port(), quint16(7000));
    QCOMPARE(dialog.address(),
             (ServerAddress {ServerAddress::Transport::Tls, u"127.0.0.1"_s, 7000}));

    // Over TLS a password is no longer a clear-text risk worth a warning.
    dialog.setServer(ServerAddress {ServerAddress::Transport::Tls, u"192.0.2.7"_s,
                                    ServerAddress::DefaultTlsPort});
    dialog.setNickname(u"王五"_s);
    typeText(dialog.findChild<QLineEdit *>(u"passwordEdit"_s), u"secret"_s);
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QVERIFY2(!p.message->text().contains(u"加密"_s), qPrintable(p.message->text()));
    QCOMPARE(session.state(), ChatSession::State::Connecting);
    session.leave();
}

void tst_JoinDialog::secureChoiceRememberedPerServer()
{
    NameServer server;
    QVERIFY(server.listen());
    ChatSession session;
    {
        JoinDialog dialog(&session);
        dialog.setServer(u"127.0.0.1"_s, server.port());
        dialog.setNickname(u"王五"_s);
        dialog.show();
        QSignalSpy finished(&dialog, &QDialog::finished);
        QTest::mouseClick(parts(dialog).ok, Qt::LeftButton);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(session.state(), ChatSession::State::Joined);
    }
    session.leave();

    // This server was joined in plain TCP: choosing it again brings that choice back,
    // whatever was ticked for another server; a server without a record keeps the box.
    JoinDialog dialog(&session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *secure = dialog.findChild<QCheckBox *>(u"secureCheck"_s);
    const quint16 other = server.port() == 9000 ? 9001 : 9000;
    dialog.setServer(u"127.0.0.1"_s, other);
    secure->click();
    QVERIFY(secure->isChecked());
    dialog.setServer(u"127.0.0.1"_s, server.port());
    QVERIFY(!secure->isChecked());
    secure->click();
    dialog.setServer(u"localhost"_s, other);
    QVERIFY(secure->isChecked());
    // Typing the remembered server's address brings its choice back too.
    const Parts p = parts(dialog);
    p.host->selectAll();
    QTest::keyClick(p.host, Qt::Key_Backspace);
    typeText(p.host, u"127.0.0.1"_s);
    p.port->selectAll();
    QTest::keyClicks(p.port, QString::number(server.port()));
    QVERIFY(!secure->isChecked());
}

void tst_JoinDialog::localServerField()
{
    const QString name = u"chatroom-tst-joindialog-%1"_s.arg(QCoreApplication::applicationPid());
    NameServer server;
    QVERIFY(server.listenLocal(name));
    ChatSession session;
    JoinDialog dialog(&session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const Parts p = parts(dialog);
    auto *secure = dialog.findChild<QCheckBox *>(u"secureCheck"_s);
    typeText(p.nickname, u"王五"_s);

    // "local:" alone names nothing yet.
    p.host->selectAll();
    QTest::keyClick(p.host, Qt::Key_Backspace);
    typeText(p.host, u"local:"_s);
    QVERIFY(!p.ok->isEnabled());
    QCOMPARE(p.message->text(), u"请在 local: 后输入本机服务器的名称"_s);
    // A local server has neither a port nor TLS.
    QVERIFY(!p.port->isEnabled());
    QVERIFY(!secure->isEnabled());
    typeText(p.host, name);
    QVERIFY(p.ok->isEnabled());
    QCOMPARE(dialog.address(), (ServerAddress {ServerAddress::Transport::Local, name, 0}));

    QSignalSpy finished(&dialog, &QDialog::finished);
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(session.state(), ChatSession::State::Joined);
    QCOMPARE(session.address().transport, ServerAddress::Transport::Local);
    QCOMPARE(server.hellos(), QStringList {u"王五"_s});

    // Remembered as typed; a host again brings the port and the choice back.
    JoinDialog again(&session);
    QCOMPARE(again.host(), u"local:"_s + name);
    QVERIFY(!again.findChild<QSpinBox *>(u"portSpin"_s)->isEnabled());
    again.setServer(u"127.0.0.1"_s, 9527);
    QVERIFY(again.findChild<QSpinBox *>(u"portSpin"_s)->isEnabled());
    QVERIFY(again.findChild<QCheckBox *>(u"secureCheck"_s)->isEnabled());
    session.leave();
}

void tst_JoinDialog::serverListRefusals_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("reason");

    QTest::newRow("double comma") << u"a,,b"_s << u"服务器列表中有空项，请删去多余的逗号"_s;
    QTest::newRow("trailing comma") << u"a,"_s << u"服务器列表中有空项，请删去多余的逗号"_s;
    QTest::newRow("bad port") << u"a,b:99999"_s
                              << u"“b:99999”中的端口必须是 1 到 65535 之间的数字"_s;
    QTest::newRow("space") << u"a b"_s << u"“a b”中含有空格，多个服务器请用逗号分隔"_s;
    QTest::newRow("twice") << u"a,a"_s << u"a:9527 在列表中出现了两次"_s;
}

void tst_JoinDialog::serverListRefusals()
{
    QFETCH(QString, field);
    QFETCH(QString, reason);

    ChatSession session;
    JoinDialog dialog(&session);
    dialog.setServer(u"127.0.0.1"_s, 9527);
    dialog.setNickname(u"王五"_s);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const Parts p = parts(dialog);
    QVERIFY(p.ok->isEnabled());
    p.host->selectAll();
    QTest::keyClick(p.host, Qt::Key_Backspace);
    typeText(p.host, field);
    QVERIFY(!p.ok->isEnabled());
    QCOMPARE(p.message->text(), reason);
    QCOMPARE(p.ok->toolTip(), reason);
    QVERIFY(dialog.servers().isEmpty());
    // Return does not join either.
    QTest::keyClick(p.nickname, Qt::Key_Return);
    QCOMPARE(session.state(), ChatSession::State::Disconnected);
}

void tst_JoinDialog::serverListJoinsFirstThatAnswers()
{
    quint16 dead = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        dead = probe.serverPort();
    }
    NameServer server;
    QVERIFY(server.listen());
    ChatSession session;
    const QString typed = u"127.0.0.1:%1, 127.0.0.1:%2"_s.arg(dead).arg(server.port());
    {
        JoinDialog dialog(&session);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const Parts p = parts(dialog);
        p.host->selectAll();
        QTest::keyClick(p.host, Qt::Key_Backspace);
        typeText(p.host, typed);
        p.nickname->clear();
        typeText(p.nickname, u"王五"_s);
        QVERIFY(p.ok->isEnabled());
        QCOMPARE(dialog.servers().size(), 2);
        QSignalSpy finished(&dialog, &QDialog::finished);
        QTest::mouseClick(p.ok, Qt::LeftButton);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QCOMPARE(session.state(), ChatSession::State::Joined);
    QCOMPARE(session.address().port, server.port());
    QCOMPARE(server.hellos(), QStringList {u"王五"_s});

    // Remembered as typed, and the next dialog shows it so.
    QCOMPARE(QSettings().value(u"server/host"_s).toString(), typed);
    JoinDialog again(&session);
    QCOMPARE(again.host(), typed);
    QCOMPARE(again.servers(), session.servers());
    // Reopened from the window: the session's list.
    again.setServers(session.servers());
    QCOMPARE(again.servers(), session.servers());
    session.leave();
}

void tst_JoinDialog::serverListAllRefuse()
{
    quint16 first = 0;
    quint16 second = 0;
    {
        QTcpServer one;
        QTcpServer two;
        QVERIFY(one.listen(QHostAddress::LocalHost, 0));
        QVERIFY(two.listen(QHostAddress::LocalHost, 0));
        first = one.serverPort();
        second = two.serverPort();
    }
    ChatSession session;
    JoinDialog dialog(&session);
    dialog.setServers(u"127.0.0.1:%1,127.0.0.1:%2"_s.arg(first).arg(second), 9527, false);
    dialog.setNickname(u"王五"_s);
    dialog.show();
    const Parts p = parts(dialog);
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QTRY_VERIFY(p.ok->isEnabled());
    // Each server tried, and why it failed, one a line.
    const QString refused = u"服务器拒绝了连接，请确认服务器已经启动"_s;
    const QString lines = u"所有服务器都无法连接：\n127.0.0.1:%1：%3\n127.0.0.1:%2：%3"_s;
    QCOMPARE(p.message->text(), lines.arg(first).arg(second).arg(refused));
    QVERIFY(dialog.isVisible());
    QCOMPARE(session.state(), ChatSession::State::Disconnected);
}

QTEST_MAIN(tst_JoinDialog)
#include "tst_joindialog.moc"
