#pragma once

#include "chatsession.h"
#include "roomevent.h"

#include "chattext.h"
#include "nickname.h"
#include "protocol/messages.h"

#include <QAbstractSocket>
#include <QCoreApplication>
#include <QString>

// Turns what the session reports into the words a person reads, in the user's language.
// It has no widgets so that the exact wording can be tested without a window; the window
// only decides colours and fonts.
class EventFormatter final
{
    Q_DECLARE_TR_FUNCTIONS(EventFormatter)

public:
    // One formatted line, and where the nickname sits in it so a window can colour it
    // and isolate it (U+2068 ... U+2069) without parsing the translated sentence.
    struct Line
    {
        QString text;
        qsizetype nameStart = -1; // -1: the line names no member
        qsizetype nameLength = 0;

        bool hasName() const { return nameStart >= 0; }
    };

    static Line format(const RoomEvent &event);

    static QString rejectReasonText(Protocol::RejectReason reason, const QString &detail = {});
    static QString noticeText(Protocol::NoticeCode code, const QString &detail = {});
    static QString errorText(Protocol::ErrorCode code, const QString &detail = {});
    static QString endReasonText(ChatSession::EndReason reason);
    static QString stateText(ChatSession::State state);
    static QString socketErrorText(QAbstractSocket::SocketError error, const QString &message);
    // A join that reached none of its servers (ChatSession::connectionFailed): why, for one
    // server; each server tried and why, one a line, for several.
    static QString connectFailedText(QAbstractSocket::SocketError error, const QString &message,
                                     const QList<ChatSession::ConnectFailure> &failures);
    static QString nicknameVerdictText(Nickname::Verdict verdict);
    static QString chatTextVerdictText(ChatText::Verdict verdict);

    // The name wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, so a
    // right-to-left name cannot reorder the words around it.
    static QString isolated(const QString &name);
};
