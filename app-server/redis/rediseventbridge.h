#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

struct redisAsyncContext;

// Runs one hiredis async context on Qt's event loop: hiredis asks for read and write
// readiness through its ev hooks, and two QSocketNotifiers answer.
//
// Why not hiredis's own adapters/qt.h (Debian 12 ships hiredis 0.14.1): its destructor
// writes to the context it was given even after hiredis has freed it (hiredis frees the
// context on its own when the connection drops or never comes up, and the adapter never
// learns), it deletes a notifier from inside that notifier's own signal, and it connects
// by SIGNAL()/SLOT() strings. Here the cleanup hook forgets the context, the notifiers are
// only disabled until the bridge itself goes, and nothing touches a freed context.
class RedisEventBridge final : public QObject
{
    Q_OBJECT

public:
    // Installs the hooks; the context must not have an event library yet.
    explicit RedisEventBridge(redisAsyncContext *context, QObject *parent = nullptr);
    ~RedisEventBridge() override;

    // False once hiredis has cleaned the context up (it is freed or about to be).
    bool isAttached() const { return m_context != nullptr; }

private:
    static void addRead(void *bridge);
    static void delRead(void *bridge);
    static void addWrite(void *bridge);
    static void delWrite(void *bridge);
    static void cleanup(void *bridge);
    void onReadable();
    void onWritable();

    redisAsyncContext *m_context = nullptr;
    std::unique_ptr<QSocketNotifier> m_read;
    std::unique_ptr<QSocketNotifier> m_write;
};
