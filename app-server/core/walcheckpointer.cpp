#include "walcheckpointer.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QtDebug>

using namespace Qt::StringLiterals;

WalCheckpointer::WalCheckpointer(const QString &filePath)
    : m_filePath(filePath)
    , m_thread(QThread::create([this] { run(); }))
{
    m_thread->start(QThread::LowPriority);
}

WalCheckpointer::~WalCheckpointer()
{
    {
        const QMutexLocker locker(&m_mutex);
        m_stopping = true;
    }
    m_wake.wakeAll();
    m_thread->wait();
}

void WalCheckpointer::request()
{
    {
        const QMutexLocker locker(&m_mutex);
        m_requested = true;
    }
    m_wake.wakeAll();
}

int WalCheckpointer::completed() const
{
    const QMutexLocker locker(&m_mutex);
    return m_completed;
}

void WalCheckpointer::run()
{
    // A connection belongs to the thread that made it: this one is made and closed here.
    const QString name =
        u"chatroom-checkpoint-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(m_filePath);
        const bool open = db.open();
        if (!open)
            qWarning("WalCheckpointer: %s", qPrintable(db.lastError().text()));
        for (;;) {
            {
                QMutexLocker locker(&m_mutex);
                while (!m_requested && !m_stopping)
                    m_wake.wait(&m_mutex);
                if (m_stopping)
                    break;
                m_requested = false;
            }
            if (!open)
                continue;
            QSqlQuery checkpoint(db);
            if (!checkpoint.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s))
                qWarning("WalCheckpointer: %s", qPrintable(checkpoint.lastError().text()));
            checkpoint.finish();
            const QMutexLocker locker(&m_mutex);
            ++m_completed;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}
