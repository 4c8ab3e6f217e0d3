#pragma once

#include <QStringList>

// The emoji the picker offers: the ones used last first, then the common ones. The used
// ones are kept in the application's settings, so they are still first after a restart.
// Only emoji without a zero-width joiner are common: the server removes U+200D (a Cf
// character, docs/protocol.md), which would split a family or a profession in two.
class RecentEmoji final
{
public:
    static constexpr int MaximumRecent = 16;

    // Reads the recent ones from the application's QSettings.
    RecentEmoji();

    QStringList recent() const { return m_recent; }
    // The recent ones, then the common ones not among them.
    QStringList offered() const;
    // Puts emoji first among the recent ones and saves the list at once.
    void use(const QString &emoji);

    static QStringList common();

private:
    void save() const;

    QStringList m_recent;
};
