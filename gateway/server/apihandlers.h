// The client-facing API: the OpenAI-compatible endpoints that are relayed upstream, the model
// list, and /health. Each handler checks the caller's key and the request, then either
// answers at once or hands the request to a ProxyExchange.
#pragma once

#include "apierror.h"
#include "gatewaycontext.h"
#include "httpmessage.h"

#include <QJsonObject>
#include <QObject>

namespace clawgate {

class ClientConnection;
class RouteTable;

class ApiHandlers
{
public:
    // `exchangeOwner` parents the ProxyExchange objects (they live on its thread).
    ApiHandlers(GatewayContext &context, QObject *exchangeOwner);

    void registerRoutes(RouteTable &routes);

    void proxy(Endpoint endpoint, const HttpRequest &request, ClientConnection &connection);
    void listModels(const HttpRequest &request, ClientConnection &connection);
    void getModel(const HttpRequest &request, ClientConnection &connection);
    void testModel(const HttpRequest &request, ClientConnection &connection);
    void health(const HttpRequest &request, ClientConnection &connection);

private:
    const ClientKey *authenticateOrRespond(const HttpRequest &request, ClientConnection &connection,
                                           bool &ok);
    void refuse(ClientConnection &connection, const ApiError &error, Endpoint endpoint,
                const ClientKey *key, const QString &alias = {}, const HeaderList &headers = {});
    void answerTokenEstimate(ClientConnection &connection, const QJsonObject &body,
                             const ClientKey *key, const QString &alias);
    void record(Endpoint endpoint, const ClientKey *key, const QString &alias, int status,
                const QString &error);

    GatewayContext &m_context;
    QObject *m_exchangeOwner;
};

} // namespace clawgate
