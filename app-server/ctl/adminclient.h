#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <optional>

// chatroomctl's end of the admin socket: connect, send one request line, read one response
// line. A command-line tool has nothing else to do meanwhile, so it waits (with a limit);
// the server never does.
class AdminClient final
{
    Q_DECLARE_TR_FUNCTIONS(AdminClient)

public:
    static constexpr int DefaultTimeoutMs = 10'000;

    // The response line without its '\n'; nullopt when the server could not be reached or
    // did not answer, with errorString() naming the socket and the likely cause.
    std::optional<QByteArray> send(const QString &socketPath, const QJsonObject &request,
                                   int timeoutMs = DefaultTimeoutMs);
    QString errorString() const { return m_errorString; }

    // What "permission denied" means to an operator, for the server's "forbidden" too.
    static QString permissionHint();

private:
    std::optional<QByteArray> fail(const QString &error);

    QString m_errorString;
};
