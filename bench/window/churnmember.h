#pragma once

#include <QString>

// One member joining and leaving a room over and over (issue 13's churn): Hello, wait for
// Welcome, Bye, wait for the server to close, again. Blocking sockets and no event loop,
// since it only has to be a steady source of Joined and Left for the windows watching.
class ChurnMember final
{
public:
    struct Options
    {
        QString host = QStringLiteral("127.0.0.1");
        quint16 port = 0;
        QString name = QStringLiteral("churn");
        int cycles = 10'000;
    };

    explicit ChurnMember(const Options &options)
        : m_options(options)
    {
    }

    // Prints one RESULT line; the exit status (0: every cycle joined and left).
    int run();

private:
    // One join and leave; false with m_error set when it went wrong.
    bool cycle();

    Options m_options;
    QString m_error;
};
