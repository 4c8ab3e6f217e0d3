#pragma once

#include "memberstate.h"
#include "protocol/messages.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>

#include <map>
#include <optional>

// The resume tokens of 1.1 members and the seats of members whose connection dropped
// (docs/protocol.md, "Resume"). A detached member stays in the room; when its grace runs
// out the table says so and the server lets the room see it leave. Keys are the members'
// Nickname keys.
class ResumeTable final : public QObject
{
    Q_OBJECT

public:
    struct Seat
    {
        MemberState member;
        Protocol::LeaveReason reason = Protocol::LeaveReason::ConnectionLost;
        QString address; // where it was last connected from, for the admin
    };

    explicit ResumeTable(QObject *parent = nullptr);

    // A fresh token for this member; its previous one stops working.
    QByteArray issue(const QString &key);
    // The member whose token this is, or an empty string. The secret part is compared
    // in constant time.
    QString redeem(const QByteArray &token) const;
    void revoke(const QString &key);
    // The member's current token; empty when it has none.
    QByteArray token(const QString &key) const;
    // The member keeps its token under its new name.
    void rekey(const QString &oldKey, const QString &newKey);

    // Holds the seat for graceMs; graceExpired(key) follows unless reattach() or
    // remove() comes first.
    void detach(const QString &key, const Seat &seat, int graceMs);
    std::optional<Seat> reattach(const QString &key);
    // Frees a seat without a signal (kicked while detached, server shutting down).
    std::optional<Seat> remove(const QString &key);
    bool isDetached(const QString &key) const { return m_seats.contains(key); }
    const Seat *seat(const QString &key) const;
    QList<QString> detachedKeys() const { return m_seats.keys(); }
    int detachedCount() const { return int(m_seats.size()); }
    void clear();

signals:
    // The seat is already free: the member is still in the room and is to leave now.
    void graceExpired(const QString &key, Protocol::LeaveReason reason);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Token
    {
        QString key;
        QByteArray secret;
    };
    struct Held
    {
        Seat seat;
        qint64 deadlineMs = 0;
    };
    void armTimer();

    QHash<QByteArray, Token> m_tokens; // by token id: the non-secret half
    QHash<QString, QByteArray> m_tokenIds; // key -> token id
    QHash<QString, Held> m_seats; // detached members by key
    std::multimap<qint64, QString> m_deadlines;
    QElapsedTimer m_clock;
    QBasicTimer m_timer;
};
