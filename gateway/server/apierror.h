// Every error the gateway answers, in one place: the HTTP status, the error body in the shape
// the client's protocol uses (OpenAI's {"error":{"message","type","code","param"}}, or
// Anthropic's {"type":"error","error":{"type","message"}} on /v1/messages) and the few headers
// errors carry.
#pragma once

#include "store/config.h"

#include <QString>

namespace clawgate {

struct ApiError
{
    int status = 500;
    QString message;
    QByteArray type;
    QByteArray code;
    QString param;
    HeaderList headers; // e.g. Retry-After
    bool anthropicShape = false; // written for an Anthropic Messages client

    QByteArray body() const;
    // This error as the client of `path` (or of `endpoint`) expects it.
    ApiError forPath(const QString &path) const;
    ApiError forEndpoint(Endpoint endpoint) const;

    static ApiError badRequest(const QString &message, const QString &param = {});
    static ApiError invalidJson(const QString &detail);
    static ApiError missingKey();
    static ApiError invalidKey();
    static ApiError modelNotAllowed(const QString &alias);
    static ApiError modelNotFound(const QString &alias);
    static ApiError notFound(const QString &path);
    static ApiError methodNotAllowed(const QByteArray &method, const QString &path);
    static ApiError bodyTooLarge(qint64 limit);
    static ApiError headersTooLarge(int limit);
    static ApiError hostNotAllowed(const QByteArray &host);
    static ApiError tooManyConnections();
    static ApiError shuttingDown();
    static ApiError invalidAdminToken(); // 403
    // 503 with Retry-After: the request bodies being received already fill the memory set aside
    // for them.
    static ApiError bodyBudgetSpent();
    // 503 with Retry-After: the first backend of `alias` is back in `waitMs`.
    static ApiError allCoolingDown(const QString &alias, qint64 waitMs, const QString &detail);
};

// The event that ends a client's stream when the upstream fails after the first bytes were
// already sent, in the protocol the client speaks: for chat and completions the
// `data: {"error":...}` event (never followed by [DONE]); for the Responses API its own typed
// `event: error` with `{"type":"error","code","message","param"}`, which its SDKs raise as an
// error instead of failing to parse a chat-shaped one; for Anthropic's Messages API its
// `event: error` with `{"type":"error","error":{"type":"api_error","message"}}`.
QByteArray streamErrorEvent(Endpoint endpoint, const QString &message, const QByteArray &code);

} // namespace clawgate
