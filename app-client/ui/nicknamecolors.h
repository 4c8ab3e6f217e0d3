#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

// A colour per nickname that stays the same across runs and machines, readable on the
// palette's base colour: the transcript's names and avatars and the member list use it.
class NicknameColors final
{
public:
    static QColor nicknameColor(const QString &nickname, const QPalette &palette);
    // The colour for MemberListModel::nicknameHue() on this palette.
    static QColor hueColor(int hue, const QPalette &palette);
    static bool isDark(const QPalette &palette);
};
