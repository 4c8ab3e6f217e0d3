#include "bandialog.h"

#include "banlist.h"
#include "servereventformatter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

BanDialog::BanDialog(const QStringList &names, const QStringList &addresses, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Kick and ban"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
    // Members choose their names: with Qt::AutoText "<img src=/dev/zero>" would be
    // rendered as rich text (and read that file) the moment the dialog opens.
    m_question =
        new QLabel(names.size() == 1 ? tr("Remove %1 from the chat room and keep them out?")
                                           .arg(ServerEventFormatter::isolated(names.constFirst()))
                                     : tr("Remove %n members from the chat room and keep them out?",
                                          nullptr, int(names.size())));
    m_question->setObjectName(u"banQuestion"_s);
    m_question->setTextFormat(Qt::PlainText);
    m_question->setWordWrap(true);

    m_duration = new QComboBox;
    m_duration->setObjectName(u"banDuration"_s);
    for (const std::chrono::milliseconds duration : durations())
        m_duration->addItem(durationText(duration), qint64(duration.count()));

    const QString where = addresses.size() == 1 ? addresses.constFirst() : QString();
    m_address = new QCheckBox(where.isEmpty() ? tr("Ban their addresses too")
                                              //: %1 is an IP address.
                                              : tr("Ban the address %1 too").arg(where));
    m_address->setObjectName(u"banAddress"_s);
    m_address->setChecked(true);
    m_address->setToolTip(tr("Nobody can connect from a banned address, other people on "
                             "the same computer or network included"));
    if (addresses.isEmpty()) {
        // Members of another server of a shared room, or on the local socket: only the
        // nickname can be banned, and the dialog says so rather than pretend.
        m_address->setChecked(false);
        m_address->setEnabled(false);
        m_address->setToolTip(tr("No address is known on this server: only the nickname "
                                 "is banned"));
    }

    auto *note = new QLabel(tr("A banned nickname is refused in every spelling that looks "
                               "the same. Bans end when the server stops."));
    note->setTextFormat(Qt::PlainText);
    note->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Kick and ban"));
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // Plain text throughout, so no label of this dialog is ever parsed as markup.
    auto *durationLabel = new QLabel(tr("Ban &for:"));
    durationLabel->setTextFormat(Qt::PlainText);
    durationLabel->setBuddy(m_duration);
    auto *form = new QFormLayout;
    form->addRow(durationLabel, m_duration);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_question);
    layout->addLayout(form);
    layout->addWidget(m_address);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

QList<std::chrono::milliseconds> BanDialog::durations()
{
    return {10min, 1h, 24h, BanList::Permanent};
}

QString BanDialog::durationText(std::chrono::milliseconds duration)
{
    if (duration == BanList::Permanent)
        return tr("Permanently");
    if (duration >= 24h && duration % 24h == 0ms)
        return tr("%n day(s)", nullptr, int(duration / 24h));
    if (duration >= 1h && duration % 1h == 0ms)
        return tr("%n hour(s)", nullptr, int(duration / 1h));
    return tr("%n minute(s)", nullptr,
              int(std::chrono::ceil<std::chrono::minutes>(duration).count()));
}

BanDialog::Choice BanDialog::choice() const
{
    return Choice {std::chrono::milliseconds(m_duration->currentData().toLongLong()),
                   m_address->isChecked()};
}

std::optional<BanDialog::Choice> BanDialog::ask()
{
    if (exec() != QDialog::Accepted)
        return std::nullopt;
    return choice();
}
