#include "apierror.h"

#include "formats/translation.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace clawgate {

namespace {

QJsonObject errorObject(const QString &message, const QByteArray &type, const QByteArray &code,
                        const QString &param)
{
    QJsonObject error;
    error.insert(QLatin1String("message"), message);
    error.insert(QLatin1String("type"), QString::fromLatin1(type));
    error.insert(QLatin1String("code"),
                 code.isEmpty() ? QJsonValue() : QJsonValue(QString::fromLatin1(code)));
    error.insert(QLatin1String("param"), param.isEmpty() ? QJsonValue() : QJsonValue(param));
    return error;
}

ApiError make(int status, const QString &message, const char *type, const char *code,
              const QString &param = {})
{
    ApiError e;
    e.status = status;
    e.message = message;
    e.type = type;
    e.code = code;
    e.param = param;
    return e;
}

} // namespace

QByteArray ApiError::body() const
{
    if (anthropicShape)
        return anthropicErrorBody(anthropicErrorType(status), message);
    QJsonObject root;
    root.insert(QLatin1String("error"), errorObject(message, type, code, param));
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

ApiError ApiError::forPath(const QString &path) const
{
    ApiError e = *this;
    e.anthropicShape = path == endpointClientPath(Endpoint::Messages)
        || path.startsWith(endpointClientPath(Endpoint::Messages) + QLatin1Char('/'));
    return e;
}

ApiError ApiError::forEndpoint(Endpoint endpoint) const
{
    ApiError e = *this;
    e.anthropicShape = endpoint == Endpoint::Messages || endpoint == Endpoint::CountTokens;
    return e;
}

ApiError ApiError::badRequest(const QString &message, const QString &param)
{
    return make(400, message, "invalid_request_error", "invalid_request", param);
}

ApiError ApiError::invalidJson(const QString &detail)
{
    return make(400, QStringLiteral("The request body is not valid JSON: %1").arg(detail),
                "invalid_request_error", "invalid_json");
}

ApiError ApiError::missingKey()
{
    return make(401,
                QStringLiteral("No API key provided. Send it as 'Authorization: Bearer <key>' or "
                               "'x-api-key: <key>'."),
                "invalid_request_error", "missing_api_key");
}

ApiError ApiError::invalidKey()
{
    return make(401, QStringLiteral("Incorrect or disabled API key."), "invalid_request_error",
                "invalid_api_key");
}

ApiError ApiError::modelNotAllowed(const QString &alias)
{
    return make(403, QStringLiteral("This API key may not use the model '%1'.").arg(alias),
                "permission_error", "model_not_allowed", QStringLiteral("model"));
}

ApiError ApiError::modelNotFound(const QString &alias)
{
    return make(404, QStringLiteral("The model '%1' does not exist.").arg(alias),
                "invalid_request_error", "model_not_found", QStringLiteral("model"));
}

ApiError ApiError::notFound(const QString &path)
{
    return make(404, QStringLiteral("Unknown endpoint: %1").arg(path), "invalid_request_error",
                "unknown_url");
}

ApiError ApiError::methodNotAllowed(const QByteArray &method, const QString &path)
{
    return make(
        405,
        QStringLiteral("Method %1 is not allowed on %2").arg(QString::fromLatin1(method), path),
        "invalid_request_error", "method_not_allowed");
}

ApiError ApiError::bodyTooLarge(qint64 limit)
{
    return make(413,
                QStringLiteral("The request body is larger than the limit of %1 bytes.").arg(limit),
                "invalid_request_error", "request_too_large");
}

ApiError ApiError::headersTooLarge(int limit)
{
    return make(
        431,
        QStringLiteral("The request headers are larger than the limit of %1 bytes.").arg(limit),
        "invalid_request_error", "headers_too_large");
}

ApiError ApiError::hostNotAllowed(const QByteArray &host)
{
    return make(403,
                QStringLiteral("Host '%1' is not allowed: this gateway only answers requests "
                               "addressed to itself.")
                    .arg(QString::fromLatin1(host.left(200))),
                "invalid_request_error", "host_not_allowed");
}

ApiError ApiError::tooManyConnections()
{
    return make(503, QStringLiteral("Too many connections."), "server_error",
                "too_many_connections");
}

ApiError ApiError::shuttingDown()
{
    return make(503, QStringLiteral("The gateway is shutting down."), "server_error",
                "shutting_down");
}

ApiError ApiError::invalidAdminToken()
{
    return make(403, QStringLiteral("The admin token is missing or wrong."),
                "invalid_request_error", "invalid_admin_token");
}

ApiError ApiError::bodyBudgetSpent()
{
    ApiError e = make(503,
                      QStringLiteral("The gateway is receiving too many request bodies at once; "
                                     "retry in a moment."),
                      "server_error", "server_busy");
    e.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    return e;
}

ApiError ApiError::allCoolingDown(const QString &alias, qint64 waitMs, const QString &detail)
{
    const qint64 seconds = std::clamp<qint64>((waitMs + 999) / 1000, 1, 365LL * 86400);
    ApiError e = make(503,
                      QStringLiteral("Every backend of model '%1' is cooling down; the first is "
                                     "back in %2 s: %3")
                          .arg(alias)
                          .arg(seconds)
                          .arg(detail),
                      "upstream_error", "all_backends_cooling_down");
    e.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(seconds)});
    return e;
}

QByteArray streamErrorEvent(Endpoint endpoint, const QString &message, const QByteArray &code)
{
    if (endpoint == Endpoint::Messages) {
        const QJsonObject error {{QLatin1String("type"), QLatin1String("api_error")},
                                 {QLatin1String("message"), message}};
        return anthropicSseEvent(
            {{QLatin1String("type"), QLatin1String("error")}, {QLatin1String("error"), error}});
    }
    if (endpoint == Endpoint::Responses) {
        const QJsonObject error {{QLatin1String("type"), QLatin1String("error")},
                                 {QLatin1String("code"), QString::fromLatin1(code)},
                                 {QLatin1String("message"), message},
                                 {QLatin1String("param"), QJsonValue::Null}};
        return "event: error\ndata: " + QJsonDocument(error).toJson(QJsonDocument::Compact)
            + "\n\n";
    }
    QJsonObject root;
    root.insert(QLatin1String("error"), errorObject(message, "upstream_error", code, {}));
    return "data: " + QJsonDocument(root).toJson(QJsonDocument::Compact) + "\n\n";
}

} // namespace clawgate
