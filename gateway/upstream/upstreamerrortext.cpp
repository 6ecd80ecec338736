#include "upstreamerrortext.h"

#include "auth/authstrategy.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace clawgate {

namespace {

// The shapes upstreams use: {"error": {"message": ...}} (OpenAI and most compatibles),
// {"error": "..."} and {"message": "..."}.
QString jsonErrorMessage(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return {};
    const QJsonObject root = doc.object();
    const QJsonValue error = root.value(QLatin1String("error"));
    if (error.isObject()) {
        const QString message = error.toObject().value(QLatin1String("message")).toString();
        if (!message.isEmpty())
            return message;
    }
    if (error.isString() && !error.toString().isEmpty())
        return error.toString();
    return root.value(QLatin1String("message")).toString();
}

} // namespace

QStringList secretValuesOf(const ProviderConfig &provider)
{
    QStringList secrets;
    if (!provider.apiKey.isEmpty())
        secrets.append(provider.apiKey);
    if (provider.auth) {
        for (const QString &secret : provider.auth->secrets()) {
            if (!secret.isEmpty())
                secrets.append(secret);
        }
    }
    for (const auto &header : provider.headers) {
        if (!header.second.isEmpty())
            secrets.append(QString::fromUtf8(header.second));
    }
    // Longest first: a header value "Bearer KEY" goes whole before KEY alone is looked for.
    std::sort(secrets.begin(), secrets.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return secrets;
}

QString redactSecrets(QString text, const QStringList &secrets)
{
    for (const QString &secret : secrets) {
        if (!secret.isEmpty())
            text.replace(secret, QStringLiteral("***"));
    }
    return text;
}

QString upstreamErrorText(int status, const QByteArray &body, const QStringList &secrets)
{
    QString text = jsonErrorMessage(body);
    if (text.isEmpty())
        text = QString::fromUtf8(body);
    // Redacted before it is cut, so that a cut cannot leave part of a secret behind.
    text = redactSecrets(text, secrets).simplified();
    if (text.isEmpty())
        return QStringLiteral("HTTP %1").arg(status);
    if (text.size() > kMaxErrorTextChars)
        text = text.left(kMaxErrorTextChars - 1) + QChar(0x2026);
    return text;
}

QString describe(const UpstreamResult &result)
{
    switch (result.failure) {
    case UpstreamFailure::ConnectFailed:
        return QStringLiteral("connect failed: %1").arg(result.message);
    case UpstreamFailure::ConnectTimeout: return QStringLiteral("connect timed out");
    case UpstreamFailure::FirstByteTimeout:
    case UpstreamFailure::IdleTimeout: return QStringLiteral("timed out: %1").arg(result.message);
    case UpstreamFailure::NoResponse:
        return QStringLiteral("closed without a response: %1").arg(result.message);
    case UpstreamFailure::Reset: return QStringLiteral("connection broke: %1").arg(result.message);
    default: return result.message;
    }
}

} // namespace clawgate
