#pragma once

#include <QAbstractItemModel>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextDocument>

// Member names that are markup: if one reached QToolTip, QWhatsThis or a QLabel in
// Qt::AutoText raw, the first would make Qt read /dev/zero for ever, the second would
// print in bold.
namespace RichTextProbe {

inline const QStringList HostileNames = {QStringLiteral("<img src=/dev/zero>"),
                                         QStringLiteral("<b>x</b>")};

// Whatever a view, a delegate or a tool tip could ask a model for.
inline constexpr int LastRole = Qt::UserRole + 32;

struct Finding
{
    int row = 0;
    int column = 0;
    int role = 0;
    QString text;
};

inline bool carriesRawMarkup(const QString &text)
{
    return text.contains(QLatin1String("<img"), Qt::CaseInsensitive)
        || text.contains(QLatin1String("<b>"), Qt::CaseInsensitive);
}

// Every string, in every role of every cell, that Qt::mightBeRichText() takes for markup
// (as QToolTip does) and that carries a hostile name's markup unescaped. plainTextRoles
// are left out: roles whose contract is plain text (DisplayRole, painted by item
// delegates that never parse markup, and a model's own data roles); the caller checks
// that those hold the name verbatim instead.
inline QList<Finding> richTextWithRawMarkup(const QAbstractItemModel &model,
                                            const QList<int> &plainTextRoles)
{
    QList<Finding> findings;
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            for (int role = 0; role <= LastRole; ++role) {
                if (plainTextRoles.contains(role))
                    continue;
                const QVariant value = index.data(role);
                QStringList texts;
                if (value.typeId() == QMetaType::QString)
                    texts.append(value.toString());
                else if (value.typeId() == QMetaType::QStringList)
                    texts = value.toStringList();
                for (const QString &text : std::as_const(texts)) {
                    if (Qt::mightBeRichText(text) && carriesRawMarkup(text))
                        findings.append({row, column, role, text});
                }
            }
        }
    }
    return findings;
}

inline QString describe(const QList<Finding> &findings)
{
    QStringList lines;
    for (const Finding &f : findings)
        lines.append(QStringLiteral("row %1 column %2 role %3: %4")
                         .arg(f.row)
                         .arg(f.column)
                         .arg(f.role)
                         .arg(f.text));
    return lines.join(u'\n');
}

// What a rich-text tool tip shows, once it is known to be safe to render.
inline QString renderedText(const QString &html)
{
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

} // namespace RichTextProbe
