#pragma once

#include <QDialog>
#include <QStringList>

#include <chrono>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;

// "Kick and ban…": which members, for how long, and whether their addresses too. Every
// text that holds a member's name is plain text, never markup. Widgets have object names
// ("banQuestion", "banDuration", "banAddress") so tests can find them.
class BanDialog final : public QDialog
{
    Q_OBJECT

public:
    struct Choice
    {
        std::chrono::milliseconds duration {0}; // BanList::Permanent for good
        bool withAddress = true;
    };

    // `addresses` as the administrator reads them, one per member (may be shorter; none:
    // no address is known, and the choice to ban addresses is off).
    BanDialog(const QStringList &names, const QStringList &addresses, QWidget *parent = nullptr);

    // The durations offered, in the order shown: 10 minutes, an hour, a day, for good.
    static QList<std::chrono::milliseconds> durations();
    static QString durationText(std::chrono::milliseconds duration);

    Choice choice() const;
    // Shows the dialog modally; nullopt when cancelled.
    std::optional<Choice> ask();

private:
    QLabel *m_question = nullptr;
    QComboBox *m_duration = nullptr;
    QCheckBox *m_address = nullptr;
};
