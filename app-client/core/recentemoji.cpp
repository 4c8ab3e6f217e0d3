#include "recentemoji.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace {

const QString settingsKey = u"emoji/recent"_s;

// An emoji is a few code points at most; anything longer in the settings file was not
// written by us and is not worth a button.
bool isPlausible(const QString &emoji)
{
    return !emoji.trimmed().isEmpty() && emoji.size() <= 8;
}

} // namespace

RecentEmoji::RecentEmoji()
{
    const QStringList stored = QSettings().value(settingsKey).toStringList();
    for (const QString &emoji : stored) {
        if (isPlausible(emoji) && !m_recent.contains(emoji) && m_recent.size() < MaximumRecent)
            m_recent.append(emoji);
    }
}

QStringList RecentEmoji::offered() const
{
    QStringList all = m_recent;
    for (const QString &emoji : common()) {
        if (!all.contains(emoji))
            all.append(emoji);
    }
    return all;
}

void RecentEmoji::use(const QString &emoji)
{
    if (!isPlausible(emoji))
        return;
    m_recent.removeAll(emoji);
    m_recent.prepend(emoji);
    while (m_recent.size() > MaximumRecent)
        m_recent.removeLast();
    save();
}

void RecentEmoji::save() const
{
    QSettings settings;
    settings.setValue(settingsKey, m_recent);
}

QStringList RecentEmoji::common()
{
    // Faces first, then hands, hearts and things, roughly as often as QQ users send them.
    return {
        u"😀"_s,    u"😁"_s,    u"😂"_s,      u"🤣"_s, u"😊"_s, u"😍"_s,      u"😘"_s, u"😜"_s,
        u"😎"_s,    u"🤔"_s, u"😅"_s,      u"😭"_s,    u"😡"_s, u"😱"_s,      u"😴"_s, u"🤗"_s,
        u"🙄"_s, u"😏"_s,    u"😢"_s,      u"🥳"_s, u"👍"_s, u"👎"_s,      u"👏"_s, u"🙏"_s,
        u"💪"_s,    u"👌"_s,    u"✌️"_s, u"🤝"_s, u"👋"_s, u"❤️"_s, u"💔"_s, u"🔥"_s,
        u"✨"_s,    u"🎉"_s,    u"🎂"_s,      u"🌹"_s,    u"☕"_s, u"🍺"_s,      u"🐶"_s, u"🐱"_s,
    };
}
