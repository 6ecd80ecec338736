// The gateway's configuration as plain values: what `ConfigParser` produces from the JSON file
// and what every other part of the gateway reads. A `Config` is immutable once built; a reload
// builds a new one and swaps a shared pointer, so in-flight requests keep the one they started
// with.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

namespace clawgate {

class AuthStrategy;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct Timeouts
{
    int connectSeconds = 10;
    int firstByteSeconds = 300;
    int idleSeconds = 300; // longest silence allowed between two stream events
};

// What a request asks for: the OpenAI endpoints, and Anthropic's Messages API with its token
// count. Which protocol a backend speaks for it is its provider's affair (see backendEndpoint).
enum class Endpoint {
    ChatCompletions,
    Completions,
    Embeddings,
    Responses,
    Messages,
    CountTokens,
    Models
};
QString endpointPathKey(Endpoint endpoint); // "chatPath", ...
QString endpointDefaultPath(Endpoint endpoint); // "/chat/completions", ...
QString endpointClientPath(Endpoint endpoint); // what clients call: "/v1/chat/completions", ...

struct ProviderConfig
{
    QString name;
    QString type = QStringLiteral("openai"); // "openai", "azure-openai" or "anthropic"
    QString baseUrl;
    // azure-openai: the deployment (empty: the backend's upstream model name) and the
    // api-version query every Azure request carries.
    QString deployment;
    QString apiVersion;
    // The upstreamModelEnv of this provider's backends that name none (a providerDefaults
    // block shared by models that differ only in this variable).
    QString upstreamModelEnv;
    QString apiKey; // resolved secret, never logged
    std::shared_ptr<const AuthStrategy> auth; // null: nothing to add ("auth": {"type": "none"})
    QHash<QString, QString> paths;
    HeaderList headers;
    QString proxy;
    QString caFile; // extra CA bundle for company platforms with a private CA
    Timeouts timeouts;
    // Ask for usage on chat and completion streams (`stream_options.include_usage`); off for
    // upstreams that reject `stream_options`.
    bool streamUsage = true;
    // "responsesApi": "native" (the default) when the provider has /responses of its own and
    // Responses requests are relayed; "chat" when it has only chat completions and the gateway
    // answers the Responses API by translating to them.
    bool responsesViaChat = false;
    // Why this provider cannot be used right now (unset environment variable, ...); routing
    // skips it and /health shows the reason. Never contains a secret.
    QString unavailableReason;
    // Unavailable only because a `keychain:` secret has not been read yet: the keychain has
    // been asked and has not answered (a reason is set all the same).
    bool awaitingKeychain = false;

    bool isAvailable() const { return unavailableReason.isEmpty(); }
    bool speaksAnthropic() const { return type == QLatin1String("anthropic"); }
    // The endpoint of this provider that serves a client's request to `client`, translated
    // when the two differ (an Anthropic client's /v1/messages on an OpenAI-compatible provider
    // is its chat completions); nothing when this provider cannot serve it at all (embeddings
    // on Anthropic, a token count without an Anthropic API).
    std::optional<Endpoint> endpointFor(Endpoint client) const;
    // The URL of `endpoint` for a request to `upstreamModel` (Azure puts the deployment, by
    // default named after the model, in the path).
    QString urlFor(Endpoint endpoint, const QString &upstreamModel) const;
};

struct BackendConfig
{
    QString provider;
    QString model; // as written in the file
    QString modelEnv; // upstreamModelEnv: takes precedence when set in the environment
    QString upstreamModel; // resolved: what is sent upstream
    bool enabled = true;
    int weight = 1;

    // The stable identity of a backend, used for cooldowns: "provider:model".
    QString id() const { return provider + QLatin1Char(':') + upstreamModel; }
};

struct ModelAlias
{
    QString alias;
    QString displayName;
    int contextWindow = 0;
    int maxTokens = 0;
    bool reasoning = false;
    QList<BackendConfig> backends;
};

struct ClientKey
{
    QString name;
    QByteArray sha256Hex;
    bool active = true;
    QStringList allowedModels; // empty: every alias
    bool allows(const QString &alias) const
    {
        return allowedModels.isEmpty() || allowedModels.contains(alias);
    }
};

struct CooldownPolicy
{
    int rateLimitSeconds = 3600;
    int failureBaseSeconds = 30;
    int failureMaxSeconds = 3600;
    bool tryEarliestWhenAllCooling = false; // whenAllCooling: "reject" | "tryEarliest"
};

struct ServerConfig
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 18080;
    qint64 maxBodyBytes = 33554432;
    // Bytes of request bodies all connections together may be receiving at once; past it new
    // requests get 503 with Retry-After. 0: four times maxBodyBytes.
    qint64 maxBufferedBodyBytes = 0;
    int maxConnections = 1024;
    int maxHeaderBytes = 65536;
    int idleSeconds = 120; // an idle keep-alive connection is closed after this
    int shutdownGraceSeconds = 10;
};

struct Config
{
    int version = 1;
    ServerConfig server;
    QList<ClientKey> clientKeys;
    QMap<QString, ProviderConfig> providers;
    QList<ModelAlias> models;
    QString defaultModel;
    bool unknownModelFallback = false; // route unknown model names to defaultModel
    CooldownPolicy cooldown;
    QStringList keychainNames; // every `keychain:NAME` the providers refer to, each once

    const ModelAlias *findAlias(const QString &alias) const;
    bool hasBackend(const QString &backendId) const; // "provider:model" of any alias
    const ClientKey *findKeyByHash(const QByteArray &sha256Hex) const;
};

using ConfigPtr = std::shared_ptr<const Config>;

} // namespace clawgate
