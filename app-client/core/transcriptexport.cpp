#include "transcriptexport.h"

#include "transcriptmodel.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace {

QString oneLine(QString text)
{
    text.replace(u"\r\n"_s, u"\n"_s);
    for (const QChar separator : {QChar(u'\n'), QChar(u'\r'), QChar(QChar::LineSeparator),
                                  QChar(QChar::ParagraphSeparator)})
        text.replace(separator, u" \u23CE "_s);
    return text;
}

} // namespace

QString TranscriptExport::line(const QAbstractItemModel &model, int row)
{
    using Kind = TranscriptModel::Kind;
    const QModelIndex index = model.index(row, 0);
    const auto kind = index.data(TranscriptModel::KindRole).value<Kind>();
    // The date too: a saved file is read long after, without the view's date separators.
    const QString time =
        index.data(TranscriptModel::TimeRole).toDateTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
    if (kind == Kind::Message || kind == Kind::OwnMessage)
        return oneLine(time + u' ' + index.data(TranscriptModel::SenderRole).toString() + u": "_s
                       + index.data(TranscriptModel::TextRole).toString());
    const QString text = oneLine(index.data(Qt::DisplayRole).toString());
    if (kind == Kind::HistoryDivider)
        return text;
    return time + u' ' + text;
}

bool TranscriptExport::isExported(const QAbstractItemModel &model, int row)
{
    return model.index(row, 0).data(TranscriptModel::KindRole).value<TranscriptModel::Kind>()
        != TranscriptModel::Kind::Unsent;
}

QStringList TranscriptExport::lines(const QAbstractItemModel &model)
{
    QStringList result;
    const int rows = model.rowCount();
    result.reserve(rows);
    for (int row = 0; row < rows; ++row) {
        if (isExported(model, row))
            result.append(line(model, row));
    }
    return result;
}

bool TranscriptExport::write(const QAbstractItemModel &model, QIODevice &device, QString *error)
{
    const int rows = model.rowCount();
    for (int row = 0; row < rows; ++row) {
        if (!isExported(model, row))
            continue;
        if (device.write((line(model, row) + u'\n').toUtf8()) < 0) {
            if (error)
                *error = device.errorString();
            return false;
        }
    }
    return true;
}

bool TranscriptExport::save(const QAbstractItemModel &model, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !write(model, file, error) || !file.commit()) {
        if (error && error->isEmpty())
            *error = file.errorString();
        return false;
    }
    return true;
}
