#include "memberliststyler.h"

#include "memberlistmodel.h"
#include "nicknamecolors.h"

#include <QFont>

MemberListStyler::MemberListStyler(QObject *parent)
    : QIdentityProxyModel(parent)
{
}

void MemberListStyler::setPalette(const QPalette &palette)
{
    const bool changed = palette.color(QPalette::Base) != m_palette.color(QPalette::Base);
    m_palette = palette;
    if (changed && rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0), {Qt::ForegroundRole});
}

QVariant MemberListStyler::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    switch (role) {
    case Qt::ForegroundRole:
        return NicknameColors::hueColor(
            QIdentityProxyModel::data(index, MemberListModel::HueRole).toInt(), m_palette);
    case Qt::FontRole:
        if (QIdentityProxyModel::data(index, MemberListModel::OwnRole).toBool()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return QIdentityProxyModel::data(index, role);
    }
}
