#include "adminclient.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>

#include <curl/curl.h>

namespace clawgate {

namespace {

size_t collect(char *data, size_t size, size_t count, void *out)
{
    static_cast<QByteArray *>(out)->append(data, qsizetype(size * count));
    return size * count;
}

} // namespace

std::optional<AdminClient> AdminClient::connect(const QString &adminTokenPath, const QString &host)
{
    QFile file(adminTokenPath);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> lines = file.readAll().split('\n');
    if (lines.size() < 2 || lines.at(0).isEmpty())
        return std::nullopt;
    AdminClient client;
    client.m_token = lines.at(0).trimmed();
    // A wildcard bind is reached through loopback.
    QString target = host;
    const QHostAddress address(host);
    if (address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6
        || address == QHostAddress::Any)
        target = QStringLiteral("127.0.0.1");
    if (target.contains(QLatin1Char(':')))
        target = QLatin1Char('[') + target + QLatin1Char(']');
    client.m_baseUrl
        = QStringLiteral("http://%1:%2").arg(target, QString::fromLatin1(lines.at(1).trimmed()));
    if (client.get(QStringLiteral("/health")).status != 200)
        return std::nullopt; // stale token file of a gateway that is gone
    return client;
}

AdminClient::Reply AdminClient::get(const QString &path) const
{
    return call("GET", path, {});
}

AdminClient::Reply AdminClient::post(const QString &path, const QJsonObject &body) const
{
    return call("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

AdminClient::Reply AdminClient::call(const QByteArray &method, const QString &path,
                                     const QByteArray &body) const
{
    Reply reply;
    CURL *curl = curl_easy_init();
    const QByteArray url = (m_baseUrl + path).toUtf8();
    QByteArray received;
    curl_slist *headers = nullptr;
    headers = curl_slist_append(headers, ("x-clawgate-admin-token: " + m_token).constData());
    headers = curl_slist_append(headers, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*"); // the gateway is local, never behind a proxy
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
    if (method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
    }
    const CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK)
        reply.error = QString::fromUtf8(curl_easy_strerror(rc));
    reply.status = int(status);
    reply.body = QJsonDocument::fromJson(received).object();
    return reply;
}

} // namespace clawgate
