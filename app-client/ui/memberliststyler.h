#pragma once

#include <QIdentityProxyModel>
#include <QPalette>

// Puts MemberListModel's rows into the view's terms: each name in its nickname colour
// (the chat log's), one's own in bold. The colour comes from the hue the model worked out
// once per row, so painting never normalizes a name.
class MemberListStyler final : public QIdentityProxyModel
{
    Q_OBJECT

public:
    explicit MemberListStyler(QObject *parent = nullptr);

    // The palette the names are shown on: dark backgrounds get lighter shades.
    void setPalette(const QPalette &palette);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QPalette m_palette;
};
