#include "nickname.h"

#include <QStringView>

#include <array>

namespace {

bool isForbidden(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return category == QChar::Other_Control || category == QChar::Other_Format;
}

bool hasForbiddenCharacter(QStringView name)
{
    for (qsizetype i = 0; i < name.size(); ++i) {
        char32_t c = name[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < name.size() && name[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(name[i], name[i + 1]);
            ++i;
        }
        if (isForbidden(c))
            return true;
    }
    return false;
}

} // namespace

QString Nickname::normalized(const QString &name)
{
    return name.trimmed();
}

QString Nickname::key(const QString &name)
{
    return normalized(name).normalized(QString::NormalizationForm_KC).toCaseFolded();
}

bool Nickname::isReserved(const QString &name)
{
    // The names the administrator and the system appear under, in the languages we ship.
    static const std::array reserved = {
        key(QStringLiteral("admin")),  key(QStringLiteral("administrator")),
        key(QStringLiteral("server")), key(QStringLiteral("system")),
        key(QStringLiteral("root")),   key(QStringLiteral("moderator")),
        key(QStringLiteral("管理员")), key(QStringLiteral("系统")),
        key(QStringLiteral("服务器")), key(QStringLiteral("管理員")),
        key(QStringLiteral("系統")),
    };
    const QString k = key(name);
    return std::find(reserved.begin(), reserved.end(), k) != reserved.end();
}

Nickname::Verdict Nickname::check(const QString &name)
{
    const QString trimmed = normalized(name);
    if (trimmed.isEmpty())
        return Verdict::Empty;
    if (trimmed.size() > MaxLength)
        return Verdict::TooLong;
    if (hasForbiddenCharacter(trimmed))
        return Verdict::InvalidCharacter;
    if (isReserved(trimmed))
        return Verdict::Reserved;
    return Verdict::Ok;
}
