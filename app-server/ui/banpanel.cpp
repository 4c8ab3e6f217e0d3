#include "banpanel.h"

#include "bantablemodel.h"
#include "chatserver.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

BanPanel::BanPanel(ChatServer *server, QWidget *parent)
    : QGroupBox(tr("Bans"), parent)
    , m_server(server)
{
    m_model = new BanTableModel(server, this);
    m_table = new QTableView;
    m_table->setObjectName(u"banTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_unbanButton = new QPushButton(tr("&Unban"));
    m_unbanButton->setObjectName(u"unbanButton"_s);
    m_unbanButton->setToolTip(tr("Let the selected names and addresses in again"));
    connect(m_unbanButton, &QPushButton::clicked, this, &BanPanel::unbanSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BanPanel::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &BanPanel::updateActions);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_unbanButton);
    layout->addLayout(buttons);
    updateActions();
}

QList<BanList::Ban> BanPanel::selectedBans() const
{
    QList<BanList::Ban> bans;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        const BanList::Ban ban = m_model->banAt(row.row());
        if (ban.id != 0)
            bans.append(ban);
    }
    return bans;
}

void BanPanel::unbanSelected()
{
    if (!m_enabled)
        return;
    // Each unban resets the model: the selection is read once, before the first.
    const QList<BanList::Ban> bans = selectedBans();
    for (const BanList::Ban &ban : bans) {
        if (m_server->unban(ban.id))
            emit lifted(ban);
    }
}

void BanPanel::setActionsEnabled(bool enabled)
{
    m_enabled = enabled;
    updateActions();
}

void BanPanel::updateActions()
{
    m_unbanButton->setEnabled(m_enabled && m_table->selectionModel()->hasSelection());
}
