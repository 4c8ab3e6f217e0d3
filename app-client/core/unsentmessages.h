#pragma once

#include "protocol/messages.h"

#include <QObject>
#include <QString>

class ChatSession;
class TranscriptModel;

// What becomes of one's own Says that were not sent: each one the session reports failed
// (refused by the server, or lost while away) is an Unsent row in the transcript, until
// the member sends it again, takes it back into the input to change it, or lets it go.
// The window turns clicks and menu entries into these calls; it decides nothing itself.
class UnsentMessages final : public QObject
{
    Q_OBJECT

public:
    UnsentMessages(ChatSession *session, TranscriptModel *transcript, QObject *parent = nullptr);

    // The same text once more, as a new Say (it shows in the outbox like any other); the
    // row goes once the session has taken it. False, and the row stays, when the row
    // offers Edit instead (the server would refuse it again) or the session cannot send
    // now.
    bool retry(int row);
    // The row goes and its text is handed back (editRequested too), for the input.
    // Empty when the row is not an Unsent one.
    QString edit(int row);
    bool discard(int row);
    // What the row's own button does: Retry or Edit.
    bool trigger(int row);

Q_SIGNALS:
    void editRequested(const QString &text);

private:
    bool isUnsent(int row) const;

    ChatSession *m_session = nullptr;
    TranscriptModel *m_transcript = nullptr;
};
