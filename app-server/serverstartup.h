#pragma once

#include "adminserver.h"
#include "chatserver.h"
#include "redisroomstream.h"
#include "serveroptions.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

// What chatroom-server and chatroom-serverd do before the event loop, in one place: the
// command line, the certificate, the room log, listening. Widget-free, so the headless
// executable links Qt Core and Network only; the window's main() shows the same errors
// in a box.
class ServerStartup final
{
public:
    // Called before the QCoreApplication exists: the process-wide settings a server wants
    // (the time zone read once, large buffers given back to the system when freed, Qt's
    // UNIX event dispatcher rather than glib's).
    static void prepareProcess();
    // Loads chatroom-server's catalogue (and Qt's own) for --lang or the system locale.
    static void installTranslator(QCoreApplication &app);

    // Parses the command line (--help and --version print and exit) and starts the server.
    // Returns 0 when it listens, 2 for a bad command line and 1 for any other failure,
    // with errorString() saying why.
    int start(const QCoreApplication &app);
    QString errorString() const { return m_errorString; }
    // Said on stderr before the server starts (a certificate made on first start).
    QStringList remarks() const { return m_remarks; }

    const ServerOptions &options() const { return m_options; }
    ChatServer *server() const { return m_server.get(); }
    // The admin socket chatroomctl talks to; null with --admin-socket none, or when the
    // default path could not be used (a remark says why).
    AdminServer *adminServer() const { return m_admin.get(); }

private:
    bool startAdmin();
    // --log redis://...: connects and waits (at most 10 s) until the shared room is known.
    bool joinSharedRoom();

    ServerOptions m_options;
    std::unique_ptr<RedisRoomStream> m_shared; // declared before m_server: outlives it
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<AdminServer> m_admin; // declared after m_server: destroyed before it
    QString m_errorString;
    QStringList m_remarks;
};
