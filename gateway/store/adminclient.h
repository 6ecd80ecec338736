// Talks to a running gateway's /admin API from another process (clawgatectl), using the admin
// token and port the gateway wrote beside its configuration. A blocking client: it is meant
// for short command-line calls, never for the gateway thread.
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace clawgate {

class AdminClient
{
public:
    // nullopt when no gateway is running for this configuration (no token file, or nothing
    // answers on its port).
    static std::optional<AdminClient> connect(const QString &adminTokenPath, const QString &host);

    struct Reply
    {
        int status = 0;
        QJsonObject body;
        QString error; // transport error
    };
    // Where the gateway answers, e.g. "http://127.0.0.1:18080" (a wildcard bind via loopback).
    QString baseUrl() const { return m_baseUrl; }
    Reply get(const QString &path) const;
    Reply post(const QString &path, const QJsonObject &body) const;

private:
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body) const;

    QByteArray m_token;
    QString m_baseUrl;
};

} // namespace clawgate
