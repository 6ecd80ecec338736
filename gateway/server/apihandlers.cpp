#include "apihandlers.h"

#include "clientconnection.h"
#include "formats/streamusage.h"
#include "formats/tokenestimate.h"
#include "forwardedheaders.h"
#include "keys/clientkeys.h"
#include "proxyexchange.h"
#include "routetable.h"
#include "routing/clock.h"
#include "routing/cooldownbook.h"
#include "routing/router.h"
#include "upstream/backendprobe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

namespace clawgate {

namespace {

QJsonObject modelObject(const ModelAlias &model)
{
    QJsonObject o;
    o.insert(QLatin1String("id"), model.alias);
    o.insert(QLatin1String("object"), QStringLiteral("model"));
    o.insert(QLatin1String("created"), 0);
    o.insert(QLatin1String("owned_by"), QStringLiteral("clawgate"));
    return o;
}

QJsonObject testResultsJson(const QString &alias, const QList<BackendTestResult> &results)
{
    QJsonArray backends;
    for (const BackendTestResult &r : results) {
        QJsonObject o;
        o.insert(QLatin1String("backend"), r.backendId);
        o.insert(QLatin1String("ok"), r.ok);
        o.insert(QLatin1String("status"), r.status);
        o.insert(QLatin1String("latencyMs"), r.latencyMs);
        o.insert(QLatin1String("error"), r.error);
        backends.append(o);
    }
    QJsonObject root;
    root.insert(QLatin1String("alias"), alias);
    root.insert(QLatin1String("backends"), backends);
    return root;
}

} // namespace

ApiHandlers::ApiHandlers(GatewayContext &context, QObject *exchangeOwner)
    : m_context(context)
    , m_exchangeOwner(exchangeOwner)
{
}

void ApiHandlers::registerRoutes(RouteTable &routes)
{
    for (const Endpoint endpoint :
         {Endpoint::ChatCompletions, Endpoint::Completions, Endpoint::Embeddings,
          Endpoint::Responses, Endpoint::Messages, Endpoint::CountTokens}) {
        routes.add(
            "POST", endpointClientPath(endpoint),
            [this, endpoint](const HttpRequest &r, ClientConnection &c) { proxy(endpoint, r, c); });
    }
    routes.add("GET", QStringLiteral("/v1/models"),
               [this](const HttpRequest &r, ClientConnection &c) { listModels(r, c); });
    routes.add("GET", QStringLiteral("/v1/models/"),
               [this](const HttpRequest &r, ClientConnection &c) { getModel(r, c); });
    routes.add("POST", QStringLiteral("/v1/models/"),
               [this](const HttpRequest &r, ClientConnection &c) { testModel(r, c); });
    for (const QString &path : {QStringLiteral("/health"), QStringLiteral("/v1/health")})
        routes.add(
            "GET", path, [this](const HttpRequest &r, ClientConnection &c) { health(r, c); },
            RouteAccess::Public);
}

const ClientKey *ApiHandlers::authenticateOrRespond(const HttpRequest &request,
                                                    ClientConnection &connection, bool &ok)
{
    // The connection checked the key from the request head, before reading the body.
    ok = request.admission.access == RouteAccess::ClientKey;
    if (!ok) // a route registered without a key
        connection.respondError(ApiError::missingKey().forPath(request.path));
    return request.admission.clientKey;
}

namespace {

// The alias a request body asks for (or the default), or why it cannot be served.
std::variant<const ModelAlias *, ApiError> targetOf(const json::Value &body, const Config &config,
                                                    const ClientKey *key, QString *asked)
{
    const json::Value *model = json::member(body, "model");
    if (model && !model->IsString())
        return ApiError::badRequest(QStringLiteral("'model' must be a string."),
                                    QStringLiteral("model"));
    const json::Value *stream = json::member(body, "stream");
    if (stream && !stream->IsNull() && !stream->IsBool())
        return ApiError::badRequest(QStringLiteral("'stream' must be true or false."),
                                    QStringLiteral("stream"));
    *asked = json::toQString(model);
    if (asked->isEmpty() && config.defaultModel.isEmpty())
        return ApiError::badRequest(QStringLiteral("'model' is required."),
                                    QStringLiteral("model"));
    const ModelAlias *target = config.findAlias(asked->isEmpty() ? config.defaultModel : *asked);
    if (!target && config.unknownModelFallback)
        target = config.findAlias(config.defaultModel);
    if (!target)
        return ApiError::modelNotFound(*asked);
    if (key && !key->allows(target->alias))
        return ApiError::modelNotAllowed(target->alias);
    return target;
}

// Why none of the alias's backends can be tried now.
ApiError noCandidate(const RoutePlan &plan, const ModelAlias &target, qint64 nowMs)
{
    if (plan.allCooling())
        return ApiError::allCoolingDown(target.alias, *plan.earliestReturnMs - nowMs,
                                        plan.skipped.join(QStringLiteral(", ")));
    if (plan.endpointUnserved) {
        ApiError error = ApiError::badRequest(
            QStringLiteral("Model '%1' has no backend that offers this endpoint: %2")
                .arg(target.alias, plan.skipped.join(QStringLiteral(", "))));
        error.code = "unsupported_endpoint";
        return error;
    }
    ApiError error;
    error.status = 503;
    error.type = "upstream_error";
    error.code = "no_backend_available";
    error.message = QStringLiteral("No backend of model '%1' can be used: %2")
                        .arg(target.alias, plan.skipped.join(QStringLiteral(", ")));
    return error;
}

} // namespace

// A request answered before any backend was tried is a request too, for whoever keeps records.
void ApiHandlers::refuse(ClientConnection &connection, const ApiError &error, Endpoint endpoint,
                         const ClientKey *key, const QString &alias, const HeaderList &headers)
{
    connection.respondError(error.forEndpoint(endpoint), headers);
    record(endpoint, key, alias, error.status, error.message);
}

void ApiHandlers::record(Endpoint endpoint, const ClientKey *key, const QString &alias, int status,
                         const QString &error)
{
    if (!m_context.requestFinished)
        return;
    RequestRecord r;
    r.startedAt = QDateTime::currentDateTime();
    r.keyName = key ? key->name : QString();
    r.alias = alias;
    r.endpoint = endpointClientPath(endpoint);
    r.status = status;
    r.firstByteMs = 0;
    r.error = error;
    m_context.requestFinished(std::move(r));
}

// count_tokens for an alias without an Anthropic backend to ask (or none usable now): counted
// here, and marked as an estimate in the body and a header.
void ApiHandlers::answerTokenEstimate(ClientConnection &connection, const QJsonObject &body,
                                      const ClientKey *key, const QString &alias)
{
    QJsonObject answer;
    answer.insert(QLatin1String("input_tokens"), estimateInputTokens(body));
    answer.insert(QLatin1String("estimated"), true);
    HeaderList headers = clawgateHeaders("none", 0);
    headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    headers.append({QByteArrayLiteral("x-clawgate-estimated"), QByteArrayLiteral("true")});
    connection.respond(200, headers, QJsonDocument(answer).toJson(QJsonDocument::Compact));
    record(Endpoint::CountTokens, key, alias, 200, {});
}

void ApiHandlers::proxy(Endpoint endpoint, const HttpRequest &request, ClientConnection &connection)
{
    bool ok = false;
    const ClientKey *key = authenticateOrRespond(request, connection, ok);
    if (!ok)
        return;
    QString parseError;
    const std::shared_ptr<const json::RequestBody> parsed
        = json::RequestBody::parse(request.body, &parseError);
    if (!parsed)
        return refuse(connection, ApiError::invalidJson(parseError), endpoint, key);
    const json::Value &body = parsed->root();
    if (!body.IsObject())
        return refuse(
            connection,
            ApiError::badRequest(QStringLiteral("The request body must be a JSON object.")),
            endpoint, key);
    QString asked;
    const auto target = targetOf(body, *m_context.config, key, &asked);
    if (const ApiError *error = std::get_if<ApiError>(&target))
        return refuse(connection, *error, endpoint, key, asked);
    const ModelAlias &alias = *std::get<const ModelAlias *>(target);

    const RoutePlan plan = planRoute(alias, *m_context.config, *m_context.cooldowns, endpoint);
    if (endpoint == Endpoint::CountTokens && plan.candidates.isEmpty())
        return answerTokenEstimate(connection, parsed->object(), key, alias.alias);
    if (plan.candidates.isEmpty()) {
        return refuse(connection, noCandidate(plan, alias, m_context.cooldowns->clock()->nowMs()),
                      endpoint, key, alias.alias, clawgateHeaders("none", 0));
    }

    ProxyExchange::Params params;
    params.endpoint = endpoint;
    params.alias = alias.alias;
    params.body = request.body;
    params.candidates = plan.candidates;
    params.keyName = key ? key->name : QString();
    const json::Value *stream = json::member(body, "stream");
    params.stream = stream && stream->IsTrue();
    params.clientAskedForUsage = params.stream && asksForStreamUsage(request.body);
    params.maxTokens = alias.maxTokens;
    for (const BackendConfig &backend : plan.candidates) {
        const ProviderConfig &provider = *m_context.config->providers.constFind(backend.provider);
        if (provider.endpointFor(endpoint) != endpoint) {
            params.request = parsed; // some backend gets it translated
            break;
        }
    }
    for (const auto &h : request.headers) {
        if (isForwardedUpstream(h.first))
            params.forwardHeaders.append(h);
    }
    // The body was just checked to be JSON, whatever the client labelled it.
    params.forwardHeaders.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    auto *exchange = new ProxyExchange(m_context, m_context.config, &connection, std::move(params));
    exchange->setParent(m_exchangeOwner);
    exchange->start();
}

void ApiHandlers::listModels(const HttpRequest &request, ClientConnection &connection)
{
    bool ok = false;
    const ClientKey *key = authenticateOrRespond(request, connection, ok);
    if (!ok)
        return;
    QJsonArray data;
    for (const ModelAlias &model : m_context.config->models) {
        if (!key || key->allows(model.alias))
            data.append(modelObject(model));
    }
    QJsonObject root;
    root.insert(QLatin1String("object"), QStringLiteral("list"));
    root.insert(QLatin1String("data"), data);
    connection.respondJson(root);
}

void ApiHandlers::getModel(const HttpRequest &request, ClientConnection &connection)
{
    bool ok = false;
    const ClientKey *key = authenticateOrRespond(request, connection, ok);
    if (!ok)
        return;
    const QString id = request.path.mid(QStringLiteral("/v1/models/").size());
    const ModelAlias *model = m_context.config->findAlias(id);
    if (!model || (key && !key->allows(model->alias)))
        return connection.respondError(ApiError::modelNotFound(id));
    connection.respondJson(modelObject(*model));
}

// POST /v1/models/{alias}/test: one real, minimal request through each backend of the alias.
void ApiHandlers::testModel(const HttpRequest &request, ClientConnection &connection)
{
    bool ok = false;
    const ClientKey *key = authenticateOrRespond(request, connection, ok);
    if (!ok)
        return;
    const QString rest = request.path.mid(QStringLiteral("/v1/models/").size());
    const QString suffix = QStringLiteral("/test");
    if (!rest.endsWith(suffix))
        return connection.respondError(ApiError::notFound(request.path));
    const QString alias = rest.chopped(suffix.size());
    const ModelAlias *model = m_context.config->findAlias(alias);
    if (!model || (key && !key->allows(model->alias)))
        return connection.respondError(ApiError::modelNotFound(alias));
    auto *run = new BackendTestRun(m_context.curl, m_context.tokens, *m_context.config,
                                   model->alias, {}, m_exchangeOwner);
    QPointer<ClientConnection> client(&connection);
    QObject::connect(run, &BackendTestRun::finished, run,
                     [client, alias = model->alias](const QList<BackendTestResult> &results) {
                         if (client) // else the caller left
                             client->respondJson(testResultsJson(alias, results));
                     });
    run->start();
}

// Liveness plus every backend's state. Carries names and reasons, never a secret.
void ApiHandlers::health(const HttpRequest &, ClientConnection &connection)
{
    const Config &config = *m_context.config;
    const qint64 now = m_context.cooldowns->clock()->nowMs();
    const QList<CooldownState> active = m_context.cooldowns->activeCooldowns();
    QJsonArray backends;
    int usable = 0;
    for (const ModelAlias &model : config.models) {
        for (const BackendConfig &backend : model.backends) {
            const ProviderConfig &provider = *config.providers.constFind(backend.provider);
            QJsonObject o;
            o.insert(QLatin1String("alias"), model.alias);
            o.insert(QLatin1String("backend"), backend.id());
            o.insert(QLatin1String("provider"), backend.provider);
            o.insert(QLatin1String("model"), backend.upstreamModel);
            o.insert(QLatin1String("enabled"), backend.enabled);
            QString state = QStringLiteral("ok");
            if (!backend.enabled) {
                state = QStringLiteral("disabled");
            } else if (!provider.isAvailable()) {
                state = QStringLiteral("unavailable");
                o.insert(QLatin1String("reason"), provider.unavailableReason);
            }
            if (const auto cooling = m_context.cooldowns->state(backend.id())) {
                if (cooling->isCooling(now) && state == QLatin1String("ok"))
                    state = QStringLiteral("cooling");
                o.insert(QLatin1String("cooldown"), cooling->toJson(now));
            }
            // A cooled endpoint leaves the backend usable for the others: listed, not "cooling".
            QJsonArray endpointCooldowns;
            for (const CooldownState &s : active) {
                if (!s.endpoint.isEmpty() && s.backendId == backend.id())
                    endpointCooldowns.append(s.toJson(now));
            }
            if (!endpointCooldowns.isEmpty())
                o.insert(QLatin1String("endpointCooldowns"), endpointCooldowns);
            usable += state == QLatin1String("ok");
            o.insert(QLatin1String("state"), state);
            backends.append(o);
        }
    }
    QJsonObject root;
    root.insert(QLatin1String("status"),
                backends.isEmpty() || usable > 0 ? QStringLiteral("ok")
                                                 : QStringLiteral("degraded"));
    root.insert(QLatin1String("version"), QStringLiteral(CLAWGATE_VERSION));
    root.insert(QLatin1String("inFlight"), m_context.inFlight);
    root.insert(QLatin1String("connections"), m_context.connections);
    root.insert(QLatin1String("backends"), backends);
    connection.respondJson(root);
}

} // namespace clawgate
