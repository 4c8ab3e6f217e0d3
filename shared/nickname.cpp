#include "nickname.h"

#include <QList>
#include <QStringView>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <array>
#include <memory>

// The rules are docs/protocol.md's ("Names and text"). ICU rather than QChar and
// QString::normalized(): Qt has no NFKC_Casefold (NFKC then toCaseFolded() misses
// "J̌ohn" = "ǰohn", whose fold needs recomposing), no confusables data and no script
// extensions. Every ICU object is made once and only read afterwards, which ICU
// documents as safe from any thread.

namespace {

using Verdict = Nickname::Verdict;

constexpr UChar32 BrailleBlank = 0x2800; // a So symbol that is drawn as nothing

icu::UnicodeString alias(QStringView text)
{
    return icu::UnicodeString(false, text.utf16(), int32_t(text.size()));
}

QString toQString(const icu::UnicodeString &text)
{
    return QString(reinterpret_cast<const QChar *>(text.getBuffer()), text.length());
}

const icu::Normalizer2 *normalizer(bool casefold)
{
    static const icu::Normalizer2 *const nfkc = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2 *instance = icu::Normalizer2::getNFKCInstance(status);
        return U_SUCCESS(status) ? instance : nullptr;
    }();
    static const icu::Normalizer2 *const nfkcCasefold = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2 *instance = icu::Normalizer2::getNFKCCasefoldInstance(status);
        return U_SUCCESS(status) ? instance : nullptr;
    }();
    return casefold ? nfkcCasefold : nfkc;
}

icu::UnicodeString normalize(const icu::UnicodeString &text, bool casefold)
{
    const icu::Normalizer2 *n = normalizer(casefold);
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString out = n ? n->normalize(text, status) : text;
    return U_SUCCESS(status) && !out.isBogus() ? out : text;
}

struct SpoofCheckerCloser
{
    void operator()(USpoofChecker *checker) const { uspoof_close(checker); }
};

// Opened once: opening loads the confusables and script data, far too slow per join.
const USpoofChecker *spoofChecker()
{
    static const std::unique_ptr<USpoofChecker, SpoofCheckerCloser> checker = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<USpoofChecker, SpoofCheckerCloser> opened(uspoof_open(&status));
        // Only the way scripts mix is left to ICU: which characters may appear at all is
        // decided by our own rules, so every character is "allowed" here.
        const icu::UnicodeSet everything(0, 0x10ffff);
        uspoof_setAllowedUnicodeSet(opened.get(), &everything, &status);
        uspoof_setChecks(opened.get(), USPOOF_RESTRICTION_LEVEL, &status);
        uspoof_setRestrictionLevel(opened.get(), USPOOF_MODERATELY_RESTRICTIVE);
        Q_ASSERT_X(U_SUCCESS(status), "Nickname", u_errorName(status));
        if (U_FAILURE(status))
            opened.reset();
        return opened;
    }();
    return checker.get();
}

icu::UnicodeString skeleton(const icu::UnicodeString &text)
{
    const USpoofChecker *checker = spoofChecker();
    if (!checker)
        return text;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString out;
    uspoof_getSkeletonUnicodeString(checker, 0, text, out, &status);
    return U_SUCCESS(status) ? out : text;
}

// Skeleton prototypes can be capitals: Lisu "ꓐꓳꓐ" gives "BOB", the digit zero "O". They
// are folded once more, one code point at a time (a full fold would turn the prototype
// "ß", Greek beta's, into "ss"), and a folded prototype may have a skeleton of its own
// (Cherokee "Ꮇ" gives "M", then "m", then "rn").
icu::UnicodeString foldedSkeleton(const icu::UnicodeString &folded)
{
    icu::UnicodeString out = skeleton(folded);
    bool changed = false;
    for (int32_t i = 0; i < out.length();) {
        const UChar32 c = out.char32At(i);
        const UChar32 lower = u_foldCase(c, U_FOLD_CASE_DEFAULT);
        if (lower != c) {
            out.replace(i, U16_LENGTH(c), lower);
            changed = true;
        }
        i += U16_LENGTH(lower);
    }
    return changed ? skeleton(out) : out;
}

bool isForbidden(UChar32 c)
{
    switch (u_charType(c)) {
    case U_CONTROL_CHAR: // Cc
    case U_FORMAT_CHAR: // Cf
    case U_LINE_SEPARATOR: // Zl
    case U_PARAGRAPH_SEPARATOR: // Zp
    case U_SURROGATE: // Cs: char32At() hands back a lone surrogate as itself
    case U_PRIVATE_USE_CHAR: // Co
    case U_UNASSIGNED: // Cn, noncharacters included
        return true;
    default:
        return false;
    }
}

bool hasForbiddenCharacter(const icu::UnicodeString &name)
{
    for (int32_t i = 0; i < name.length(); i = name.moveIndex32(i, 1)) {
        if (isForbidden(name.char32At(i)))
            return true;
    }
    return false;
}

// A name needs one visible character, and may not hide a blank that is not a space in
// it ("bob" + U+2800 looks like "bob"). Default_Ignorable code points that are not Cf
// (Hangul fillers, the combining grapheme joiner, Khmer inherent vowels) are such
// blanks. Variation selectors are too, except right after the visible character they
// select a form of: "❤️" is U+2764 U+FE0F.
bool isInvisible(const icu::UnicodeString &name)
{
    bool anyVisible = false;
    bool afterVisible = false;
    for (int32_t i = 0; i < name.length(); i = name.moveIndex32(i, 1)) {
        const UChar32 c = name.char32At(i);
        if (u_hasBinaryProperty(c, UCHAR_VARIATION_SELECTOR)) {
            if (!afterVisible)
                return true;
            afterVisible = false;
            continue;
        }
        if (c == BrailleBlank || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
            return true;
        const int8_t type = u_charType(c);
        const bool mark = type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK;
        const bool space = u_isUWhiteSpace(c);
        anyVisible = anyVisible || (!space && !mark);
        afterVisible = !space && (!mark || afterVisible);
    }
    return !anyVisible;
}

// UTS #39 "moderately restrictive": one script, or Latin with Han and the scripts
// written with it (Hiragana and Katakana, Hangul, Bopomofo), or Latin with one other
// script that is neither Cyrillic nor Greek. Judged on the NFKC_Casefold form, so
// mathematical "𝐀" counts as the Latin letter it stands for.
bool mixesScripts(const icu::UnicodeString &folded)
{
    const USpoofChecker *checker = spoofChecker();
    if (!checker)
        return false;
    UErrorCode status = U_ZERO_ERROR;
    const int32_t failed = uspoof_check2UnicodeString(checker, folded, nullptr, &status);
    return U_SUCCESS(status) && (failed & USPOOF_RESTRICTION_LEVEL);
}

// The names the administrator and the system appear under, in the languages we ship.
constexpr std::array ReservedNames = {
    u"admin", u"administrator", u"server", u"system", u"root",   u"moderator", u"管理员",
    u"系统",  u"服务器",        u"管理員", u"系統",   u"服務器", u"伺服器",
};

// Capitals have look-alikes of their own: "ADMlN" (a small L), "ADM1N", Lisu "ꓮꓓꓟꓲꓠ".
icu::UnicodeString capitalSkeleton(const icu::UnicodeString &nfkc)
{
    icu::UnicodeString upper = nfkc;
    upper.toUpper(icu::Locale::getRoot());
    return skeleton(upper);
}

QList<QString> reservedPrefixes()
{
    QList<QString> prefixes;
    for (const char16_t *name : ReservedNames) {
        const QString reserved = QString::fromUtf16(name);
        prefixes.append(Nickname::key(reserved));
        prefixes.append(toQString(capitalSkeleton(normalize(alias(reserved), false))));
    }
    return prefixes;
}

} // namespace

QString Nickname::normalized(const QString &name)
{
    return name.trimmed();
}

QString Nickname::key(const QString &name)
{
    const QString trimmed = normalized(name);
    return toQString(foldedSkeleton(normalize(alias(trimmed), true)));
}

bool Nickname::isReserved(const QString &name)
{
    static const QList<QString> prefixes = reservedPrefixes();
    const QString trimmed = normalized(name);
    const icu::UnicodeString nfkc = normalize(alias(trimmed), false);
    // The key catches case, width and lower-case look-alikes; the name's own skeleton and
    // that of its capitals catch "ADMlN" and "adm1n" against the capital "ADMIN".
    const std::array forms = {key(trimmed), toQString(skeleton(nfkc)),
                              toQString(capitalSkeleton(nfkc))};
    for (const QString &form : forms) {
        for (const QString &prefix : prefixes) {
            if (form.startsWith(prefix))
                return true;
        }
    }
    return false;
}

Nickname::Verdict Nickname::check(const QString &name)
{
    const QString trimmed = normalized(name);
    if (trimmed.isEmpty())
        return Verdict::Empty;
    if (trimmed.size() > MaxLength)
        return Verdict::TooLong;
    const icu::UnicodeString text = alias(trimmed);
    if (hasForbiddenCharacter(text))
        return Verdict::InvalidCharacter;
    if (isInvisible(text))
        return Verdict::Invisible;
    if (mixesScripts(normalize(text, true)))
        return Verdict::MixedScript;
    if (isReserved(trimmed))
        return Verdict::Reserved;
    return Verdict::Ok;
}
