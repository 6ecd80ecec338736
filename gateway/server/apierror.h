// Every error the gateway answers, in one place: the HTTP status, the OpenAI error body
// {"error":{"message","type","code","param"}} and the few headers errors carry.
#pragma once

#include "store/config.h"

namespace clawgate {

struct ApiError
{
    int status = 500;
    QString message;
    QByteArray type;
    QByteArray code;
    QString param;
    HeaderList headers; // e.g. Retry-After

    QByteArray body() const;

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
// error instead of failing to parse a chat-shaped one.
QByteArray streamErrorEvent(Endpoint endpoint, const QString &message, const QByteArray &code);

} // namespace clawgate
