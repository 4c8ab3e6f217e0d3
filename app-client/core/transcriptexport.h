#pragma once

#include <QString>
#include <QStringList>

class QAbstractItemModel;
class QIODevice;

// The transcript as a plain UTF-8 text file, one line per row: "time name: text" for a
// message, the system lines as the window words them. A line break inside a message
// stays inside its line (as " ⏎ "), so one row is always one line of the file. The file
// keeps what the room saw: one's own Says that were not sent (Unsent rows) are left out,
// as they are from a copied selection; a retried one is there once, as it came back.
class TranscriptExport final
{
public:
    // The lines of a TranscriptModel (or anything with its roles), oldest first.
    static QStringList lines(const QAbstractItemModel &model);
    // Whether the row goes into the file (and onto the clipboard with a selection).
    static bool isExported(const QAbstractItemModel &model, int row);
    static QString line(const QAbstractItemModel &model, int row);
    // Writes the lines to an open device; false, with the device's reason in error.
    static bool write(const QAbstractItemModel &model, QIODevice &device, QString *error = nullptr);
    // Writes to a file, replacing it only once everything is written.
    static bool save(const QAbstractItemModel &model, const QString &path,
                     QString *error = nullptr);
};
