#pragma once

#include "servernotice.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>

// Repeated server notices folded into one line per window, so a flood never becomes one
// log line (or one window update) per frame: the first notice of a kind, code and
// connection goes out at once, the same ones that follow within the window are only
// counted, and when the window ends one summary goes out with ServerNotice::repeated set
// ("… (×1200 more)"). A connection still repeating keeps being summarized once per
// window; one that went quiet is forgotten, and its next notice goes out at once again.
class NoticeAggregator final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds DefaultWindow {1000};

    explicit NoticeAggregator(QObject *parent = nullptr);

    // Tests use a few milliseconds, or an hour and flush().
    void setWindow(std::chrono::milliseconds window);
    std::chrono::milliseconds window() const { return m_window; }

    void add(const ServerNotice &notice);
    // Every summary owed, now: before the server stops, so no count is lost.
    void flush();
    // Connections being summarized.
    int pendingCount() const { return int(m_pending.size()); }

signals:
    void noticeReady(const ServerNotice &notice);

private:
    struct Key
    {
        ServerNotice::Kind kind;
        quint8 code;
        QString nickname;
        QHostAddress address;
        quint16 port;

        friend bool operator==(const Key &, const Key &) = default;
        friend size_t qHash(const Key &key, size_t seed = 0)
        {
            return qHashMulti(seed, quint8(key.kind), key.code, key.nickname, key.address,
                              key.port);
        }
    };
    struct Pending
    {
        ServerNotice notice; // the first one, for the summary's wording
        int repeated = 0; // since the last line
    };

    static Key keyOf(const ServerNotice &notice);
    void endWindow();

    std::chrono::milliseconds m_window = DefaultWindow;
    QList<Pending> m_pending; // first seen first, so summaries come out in that order
    QHash<Key, qsizetype> m_index; // into m_pending
    QTimer m_timer;
};
