#include "hmacpresets.h"

namespace clawgate::HmacPresets {

namespace {

QJsonObject headers(std::initializer_list<std::pair<const char *, const char *>> entries)
{
    QJsonObject o;
    for (const auto &[name, value] : entries)
        o.insert(QLatin1String(name), QLatin1String(value));
    return o;
}

} // namespace

QJsonObject juzhi(const QString &appId, const QString &secret)
{
    QJsonObject auth;
    auth.insert(QLatin1String("type"), QStringLiteral("hmac"));
    auth.insert(QLatin1String("appId"), appId);
    auth.insert(QLatin1String("secret"), secret);
    auth.insert(QLatin1String("algorithm"), QStringLiteral("hmac-sha256"));
    auth.insert(QLatin1String("encoding"), QStringLiteral("hex"));
    auth.insert(QLatin1String("timestampUnit"), QStringLiteral("milliseconds"));
    auth.insert(QLatin1String("stringToSign"),
                QStringLiteral("{appId}\n{modelId}\n{timestamp}\n{nonce}"));
    auth.insert(QLatin1String("headers"),
                headers({{"Authorization", "Bearer {signature}"},
                         {"X-App-Id", "{appId}"},
                         {"X-Model-Id", "{modelId}"},
                         {"X-Timestamp", "{timestamp}"},
                         {"X-Nonce", "{nonce}"}}));
    return auth;
}

QJsonObject panzhi(const QString &appId, const QString &appKey)
{
    QJsonObject auth;
    auth.insert(QLatin1String("type"), QStringLiteral("hmac"));
    auth.insert(QLatin1String("appId"), appId);
    auth.insert(QLatin1String("secret"), appKey);
    auth.insert(QLatin1String("algorithm"), QStringLiteral("sha256"));
    auth.insert(QLatin1String("encoding"), QStringLiteral("hex"));
    auth.insert(QLatin1String("timestampUnit"), QStringLiteral("seconds"));
    auth.insert(QLatin1String("stringToSign"), QStringLiteral("{appId}{timestamp}{secret}"));
    auth.insert(QLatin1String("headers"),
                headers({{"X-Appid", "{appId}"},
                         {"X-Timestamp", "{timestamp}"},
                         {"X-Signature", "{signature}"}}));
    return auth;
}

QString checkLine(const QString &where, const QString &platform)
{
    return QStringLiteral("%1: the %2 request signature (auth.stringToSign, auth.headers, "
                          "auth.algorithm, auth.encoding, auth.timestampUnit) is a preset; check "
                          "it against the platform's documentation and edit it if it differs")
        .arg(where, platform);
}

} // namespace clawgate::HmacPresets
