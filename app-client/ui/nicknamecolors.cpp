#include "nicknamecolors.h"

#include "memberlistmodel.h"
#include "nickname.h"

QColor NicknameColors::nicknameColor(const QString &nickname, const QPalette &palette)
{
    // Over the key: one colour for "Alice" and "alice", as the server sees them.
    return hueColor(MemberListModel::nicknameHue(Nickname::key(nickname)), palette);
}

QColor NicknameColors::hueColor(int hue, const QPalette &palette)
{
    return QColor::fromHsl(hue, 190, isDark(palette) ? 175 : 95);
}

bool NicknameColors::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}
