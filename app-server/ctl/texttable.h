#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// Columns lined up for a terminal: a header and rows, each column as wide as its widest
// cell. Width counts what a terminal draws, so a Chinese name (two cells a character)
// does not push the rest of its row out of line.
class TextTable final
{
public:
    explicit TextTable(const QStringList &header)
        : m_rows {header}
    {
    }

    void addRow(const QStringList &row) { m_rows.append(row); }
    QString toString() const;

    // Terminal cells: 2 for East Asian wide and full-width characters and emoji, 0 for
    // combining marks, 1 for the rest.
    static int displayWidth(const QString &text);

private:
    QList<QStringList> m_rows;
};
