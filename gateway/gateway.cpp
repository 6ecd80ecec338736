#include "gateway.h"

#include "auth/tokencache.h"
#include "keys/clientkeys.h"
#include "routing/clock.h"
#include "routing/cooldownbook.h"
#include "server/adminhandlers.h"
#include "server/apihandlers.h"
#include "server/clientconnection.h"
#include "server/gatewaycontext.h"
#include "server/httpserver.h"
#include "server/proxyexchange.h"
#include "server/requesthead.h"
#include "server/routetable.h"
#include "store/configstore.h"
#include "store/keychainsecrets.h"
#include "upstream/curlmulti.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QTimer>

Q_LOGGING_CATEGORY(lcGateway, "clawgate.gateway")

namespace clawgate {

namespace {

// How long clients get to read what was written to them before a stop closes their sockets.
constexpr qint64 kShutdownDrainMs = 2000;

ServerLimits limitsOf(const ServerConfig &server)
{
    return {server.maxBodyBytes, server.maxHeaderBytes, server.idleSeconds};
}

// Request bodies being received by all connections together: room for a few of the largest
// allowed at once, so legitimate uploads pass while a crowd of them cannot exhaust memory.
qint64 bodyBudgetOf(const ServerConfig &server)
{
    return server.maxBufferedBodyBytes > 0 ? server.maxBufferedBodyBytes : 4 * server.maxBodyBytes;
}

bool isLoopback(const QString &host)
{
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

// DNS rebinding defence: a page on evil.example that resolves to 127.0.0.1 still sends
// "Host: evil.example", so on a loopback bind only loopback names are answered.
bool hostAllowed(QByteArrayView hostHeader, const QString &boundHost)
{
    if (hostHeader.isEmpty())
        return true; // HTTP/1.0 clients; browsers always send Host
    QByteArray host = hostHeader.trimmed().toByteArray().toLower();
    if (host.startsWith('[')) {
        host = host.mid(1, host.indexOf(']') - 1);
    } else {
        const qsizetype colon = host.lastIndexOf(':');
        if (colon >= 0 && host.indexOf(':') == colon)
            host.truncate(colon);
    }
    return host == "localhost" || host == boundHost.toLower().toUtf8()
        || QHostAddress(QString::fromLatin1(host)).isLoopback();
}

} // namespace

struct Gateway::Private
{
    GatewayOptions options;
    std::unique_ptr<KeychainSecrets> keychain; // before `store`, whose parser asks it
    std::unique_ptr<ConfigStore> store;
    std::unique_ptr<CooldownBook> cooldowns;
    std::unique_ptr<CurlMulti> curl;
    std::unique_ptr<TokenCache> tokens; // after `curl`: its logins go first
    GatewayContext context;
    RouteTable routes;
    std::unique_ptr<ApiHandlers> api;
    std::unique_ptr<AdminHandlers> admin;
    GatewayHttpServer *http = nullptr;
    GuardedTcpServer *listener = nullptr;
    QString host;
    bool running = false;

    // The one check of who may send a request, made from its head before any body byte is read;
    // handlers act on the Admission it returns. A refusal is in the shape the path's protocol
    // uses for errors.
    std::variant<Admission, ApiError> admit(const RequestHead &head, const QString &path) const
    {
        auto verdict = admitCaller(head, path);
        if (ApiError *error = std::get_if<ApiError>(&verdict))
            return error->forPath(path);
        return verdict;
    }

    std::variant<Admission, ApiError> admitCaller(const RequestHead &head,
                                                  const QString &path) const
    {
        if (context.loopbackOnly && !hostAllowed(head.host, host))
            return ApiError::hostNotAllowed(head.host.toByteArray());
        Admission admission;
        admission.route = routes.find(head.method, path);
        admission.access = routes.access(admission.route);
        switch (admission.access) {
        case RouteAccess::Public: break;
        case RouteAccess::AdminToken:
            if (!ClientKeys::adminTokenMatches(head.adminToken, context.adminTokenSha256Hex))
                return ApiError::invalidAdminToken();
            break;
        case RouteAccess::ClientKey: {
            auto caller = ClientKeys::authenticate(
                ClientKeys::presentedKey(head.authorization, head.apiKey), *context.config,
                context.loopbackOnly);
            if (ApiError *error = std::get_if<ApiError>(&caller))
                return std::move(*error);
            admission.config = context.config;
            admission.clientKey = std::get<const ClientKey *>(caller);
            break;
        }
        }
        return admission;
    }

    void dispatch(const HttpRequest &request, ClientConnection &connection)
    {
        if (context.stopping)
            return connection.respondError(ApiError::shuttingDown().forPath(request.path));
        routes.dispatch(request, connection);
    }

    // Bytes written to clients that have not reached them yet.
    qint64 unsentBytes() const
    {
        qint64 bytes = 0;
        if (listener) {
            const auto sockets = listener->findChildren<QTcpSocket *>();
            for (const QTcpSocket *socket : sockets)
                bytes += socket->bytesToWrite();
        }
        return bytes;
    }

    void tearDown()
    {
        store->setWatching(false); // no reload may touch what is being torn down
        QObject::disconnect(store.get(), nullptr, nullptr, nullptr);
        keychain->stop();
        QObject::disconnect(keychain.get(), nullptr, nullptr, nullptr);
        delete http; // closes the connections
        http = nullptr;
        listener = nullptr;
        cooldowns->saveNow();
        QFile::remove(store->adminTokenPath());
        running = false;
    }

    bool writeAdminToken(QString *error)
    {
        const QByteArray token = ClientKeys::generate();
        QSaveFile file(store->adminTokenPath());
        if (!file.open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
            return false;
        }
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.write(token + '\n');
        file.write(QByteArray::number(context.port) + '\n');
        if (!file.commit()) {
            *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
            return false;
        }
        context.adminTokenSha256Hex = ClientKeys::sha256Hex(token);
        return true;
    }
};

Gateway::Gateway(GatewayOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->options = std::move(options);
}

Gateway::~Gateway()
{
    if (d->running) {
        d->cooldowns->saveNow();
        QFile::remove(d->store->adminTokenPath());
    }
    // Children (the server, requests in flight) use the context, the cooldown book and the
    // upstream client that `d` owns: they go first.
    delete d->http;
    qDeleteAll(findChildren<QObject *>(QString(), Qt::FindDirectChildrenOnly));
}

bool Gateway::start(QString *error)
{
    d->keychain = std::make_unique<KeychainSecrets>(d->options.secrets);
    d->keychain->setRetryInterval(d->options.keychainRetryMs);
    d->store = std::make_unique<ConfigStore>(d->options.configPath);
    d->store->setKeychainLookup(d->keychain->lookup());
    const ConfigParseResult loaded = d->store->load();
    if (!loaded.ok()) {
        *error = QStringLiteral("invalid configuration %1: %2")
                     .arg(d->store->path(), loaded.errorLine());
        return false;
    }
    for (const QString &warning : loaded.warnings)
        qCWarning(lcGateway).noquote() << warning;
    ConfigPtr config = loaded.config;
    d->host = d->options.host.value_or(config->server.host);
    const quint16 port = d->options.port.value_or(config->server.port);
    d->context.loopbackOnly = isLoopback(d->host);
    if (!d->context.loopbackOnly && config->clientKeys.isEmpty()) {
        *error = QStringLiteral("refusing to listen on %1 without a client key: add one with "
                                "'clawgatectl key add NAME'")
                     .arg(d->host);
        return false;
    }

    Clock *clock = d->options.clock ? d->options.clock : SystemClock::instance();
    d->cooldowns = std::make_unique<CooldownBook>(d->store->cooldownsPath(), clock);
    QString cooldownError;
    if (!d->cooldowns->load(&cooldownError))
        qCWarning(lcGateway).noquote() << cooldownError << "- starting without the saved cooldowns";
    d->curl = std::make_unique<CurlMulti>();
    d->tokens = std::make_unique<TokenCache>(d->curl.get(), clock);
    d->context.config = config;
    d->context.cooldowns = d->cooldowns.get();
    d->context.curl = d->curl.get();
    d->context.tokens = d->tokens.get();
    d->api = std::make_unique<ApiHandlers>(d->context, this);
    d->admin = std::make_unique<AdminHandlers>(d->context);
    d->api->registerRoutes(d->routes);
    d->admin->registerRoutes(d->routes);

    d->http = new GatewayHttpServer(this);
    d->context.bodyBudget.setLimit(bodyBudgetOf(config->server));
    RequestHooks hooks;
    hooks.admit
        = [this](const RequestHead &head, const QString &path) { return d->admit(head, path); };
    hooks.dispatch = [this](const HttpRequest &r, ClientConnection &c) { d->dispatch(r, c); };
    d->listener
        = new GuardedTcpServer(limitsOf(config->server), config->server.maxConnections,
                               d->context.connections, d->context.bodyBudget, std::move(hooks));
    const QHostAddress address = d->host == QLatin1String("localhost")
        ? QHostAddress(QHostAddress::LocalHost)
        : QHostAddress(d->host);
    if (address.isNull() || !d->listener->listen(address, port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(d->host)
                     .arg(port)
                     .arg(address.isNull() ? QStringLiteral("not an IP address")
                                           : d->listener->errorString());
        delete d->listener;
        d->listener = nullptr;
        return false;
    }
    d->http->bind(d->listener);
    d->context.port = d->listener->serverPort();
    if (!d->writeAdminToken(error))
        return false;

    connect(d->store.get(), &ConfigStore::reloaded, this,
            [this](ConfigPtr fresh, const QStringList &warnings) {
                for (const QString &warning : warnings)
                    qCWarning(lcGateway).noquote() << warning;
                if (fresh->server.host != d->context.config->server.host
                    || fresh->server.port != d->context.config->server.port)
                    qCWarning(lcGateway)
                        << "server.host/server.port changes take effect at the next start";
                d->context.config
                    = fresh; // requests in flight keep the configuration they started with
                d->tokens->retainAccountsOf(*fresh);
                d->listener->setLimits(limitsOf(fresh->server), fresh->server.maxConnections);
                d->context.bodyBudget.setLimit(bodyBudgetOf(fresh->server));
                Q_EMIT configReloaded();
            });
    connect(d->store.get(), &ConfigStore::reloadFailed, this, &Gateway::configRejected);
    d->store->setWatching(d->options.watchConfig);
    // Providers with `keychain:` secrets join when the keychain answers.
    connect(d->store.get(), &ConfigStore::reloaded, d->keychain.get(),
            [this](ConfigPtr fresh) { d->keychain->require(fresh->keychainNames); });
    connect(d->keychain.get(), &KeychainSecrets::changed, d->store.get(), &ConfigStore::reparse);
    connect(d->keychain.get(), &KeychainSecrets::settled, this, &Gateway::keychainSettledChanged);
    if (d->options.watchConfig)
        d->keychain->watchIndex(d->store->secretsIndexPath());
    d->keychain->require(config->keychainNames);
    d->running = true;
    if (d->context.loopbackOnly && config->clientKeys.isEmpty())
        qCWarning(lcGateway) << "no client keys configured: any local program may use this gateway";
    return true;
}

// Stops in three steps: requests in flight get the grace time to finish; those still running
// after it end with an error their client can read (an error event on a stream), never a
// silent cut; what was written gets a moment to reach the clients before the sockets close.
void Gateway::stop()
{
    if (!d->running || d->context.stopping) {
        if (!d->running)
            Q_EMIT stopped();
        return;
    }
    d->context.stopping = true;
    d->listener->close();
    auto *poll = new QTimer(this);
    struct Progress
    {
        QElapsedTimer waited;
        std::optional<QElapsedTimer> draining;
    };
    auto progress = std::make_shared<Progress>();
    progress->waited.start();
    const qint64 graceMs = qint64(d->context.config->server.shutdownGraceSeconds) * 1000;
    auto step = [this, poll, progress, graceMs] {
        if (!progress->draining) {
            if (d->context.inFlight > 0 && progress->waited.elapsed() < graceMs)
                return;
            if (d->context.inFlight > 0) {
                qCWarning(lcGateway) << d->context.inFlight
                                     << "requests still running after the grace time end "
                                        "with an error";
                const auto exchanges
                    = findChildren<ProxyExchange *>(QString(), Qt::FindDirectChildrenOnly);
                for (ProxyExchange *exchange : exchanges)
                    exchange->shutDown();
            }
            progress->draining.emplace();
            progress->draining->start();
        }
        if (d->unsentBytes() > 0 && progress->draining->elapsed() < kShutdownDrainMs)
            return;
        poll->stop();
        poll->deleteLater();
        d->tearDown();
        Q_EMIT stopped();
    };
    connect(poll, &QTimer::timeout, this, step);
    poll->start(20);
    step();
}

quint16 Gateway::port() const
{
    return d->context.port;
}

QString Gateway::url() const
{
    const QString host = d->host.contains(QLatin1Char(':'))
        ? QLatin1Char('[') + d->host + QLatin1Char(']')
        : d->host;
    return QStringLiteral("http://%1:%2").arg(host).arg(d->context.port);
}

ConfigPtr Gateway::config() const
{
    return d->context.config;
}

QJsonObject Gateway::configJson() const
{
    return d->store ? d->store->raw() : QJsonObject();
}

ConfigParseResult Gateway::saveConfig(const QJsonObject &root)
{
    if (!d->running) {
        ConfigParseResult refused;
        refused.errors.append(QStringLiteral("the gateway is not running"));
        return refused;
    }
    return d->store->save(root);
}

void Gateway::setRequestObserver(std::function<void(RequestRecord &&)> observer)
{
    d->context.requestFinished = std::move(observer);
}

CurlMulti *Gateway::upstreamClient() const
{
    return d->curl.get();
}

TokenCache *Gateway::tokenCache() const
{
    return d->tokens.get();
}

CooldownBook *Gateway::cooldowns() const
{
    return d->cooldowns.get();
}

int Gateway::requestsInFlight() const
{
    return d->context.inFlight;
}

int Gateway::openConnections() const
{
    return d->context.connections;
}

qint64 Gateway::bufferedBodyBytes() const
{
    return d->context.bodyBudget.used();
}

bool Gateway::isStopping() const
{
    return d->context.stopping;
}

bool Gateway::keychainSettled() const
{
    return d->keychain && d->keychain->hasSettled();
}

} // namespace clawgate
