#pragma once

#include "banlist.h"

#include <QGroupBox>

class BanTableModel;
class ChatServer;
class QPushButton;
class QTableView;

// The ban list under the member table: who is banned (name, address, until) and an Unban
// button for the selected rows. It renders ChatServer::bans() and calls unban(); the
// window logs what it lifted. Object names "banTable" and "unbanButton" for tests.
class BanPanel final : public QGroupBox
{
    Q_OBJECT

public:
    explicit BanPanel(ChatServer *server, QWidget *parent = nullptr);

    QList<BanList::Ban> selectedBans() const;
    // Lifts the selected bans.
    void unbanSelected();
    void setActionsEnabled(bool enabled);

signals:
    // A ban the administrator lifted here.
    void lifted(const BanList::Ban &ban);

private:
    void updateActions();

    ChatServer *m_server = nullptr;
    BanTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_unbanButton = nullptr;
    bool m_enabled = true;
};
