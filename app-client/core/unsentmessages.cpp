#include "unsentmessages.h"

#include "chatsession.h"
#include "transcriptmodel.h"

UnsentMessages::UnsentMessages(ChatSession *session, TranscriptModel *transcript, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_transcript(transcript)
{
    connect(m_session, &ChatSession::sayFailed, this,
            [this](quint64, const QString &text, Protocol::NoticeCode code) {
                m_transcript->setOwnNickname(m_session->nickname());
                m_transcript->addUnsent(text, code);
            });
}

bool UnsentMessages::isUnsent(int row) const
{
    return row >= 0 && row < m_transcript->rowCount()
        && m_transcript->index(row).data(TranscriptModel::KindRole).value<TranscriptModel::Kind>()
        == TranscriptModel::Kind::Unsent;
}

bool UnsentMessages::retry(int row)
{
    if (!isUnsent(row))
        return false;
    const QModelIndex index = m_transcript->index(row);
    if (index.data(TranscriptModel::UnsentActionRole).value<TranscriptModel::UnsentAction>()
        != TranscriptModel::UnsentAction::Retry)
        return false;
    // By id: the rows may move while the session takes the Say.
    const quint64 id = index.data(TranscriptModel::IdRole).toULongLong();
    if (!m_session->say(index.data(TranscriptModel::TextRole).toString()))
        return false;
    for (int at = m_transcript->rowCount() - 1; at >= 0; --at) {
        if (m_transcript->index(at).data(TranscriptModel::IdRole).toULongLong() == id) {
            m_transcript->takeUnsent(at);
            break;
        }
    }
    return true;
}

QString UnsentMessages::edit(int row)
{
    const QString text = m_transcript->takeUnsent(row);
    if (!text.isEmpty())
        Q_EMIT editRequested(text);
    return text;
}

bool UnsentMessages::discard(int row)
{
    return !m_transcript->takeUnsent(row).isEmpty();
}

bool UnsentMessages::trigger(int row)
{
    if (!isUnsent(row))
        return false;
    const auto action = m_transcript->index(row)
                            .data(TranscriptModel::UnsentActionRole)
                            .value<TranscriptModel::UnsentAction>();
    return action == TranscriptModel::UnsentAction::Retry ? retry(row) : !edit(row).isEmpty();
}
