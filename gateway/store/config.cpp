#include "config.h"

#include <openssl/crypto.h>

namespace clawgate {

QString endpointPathKey(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::ChatCompletions: return QStringLiteral("chatPath");
    case Endpoint::Completions: return QStringLiteral("completionsPath");
    case Endpoint::Embeddings: return QStringLiteral("embeddingsPath");
    case Endpoint::Responses: return QStringLiteral("responsesPath");
    case Endpoint::Messages: return QStringLiteral("messagesPath");
    case Endpoint::CountTokens: return QStringLiteral("countTokensPath");
    case Endpoint::Models: return QStringLiteral("modelsPath");
    }
    return {};
}

QString endpointDefaultPath(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::ChatCompletions: return QStringLiteral("/chat/completions");
    case Endpoint::Completions: return QStringLiteral("/completions");
    case Endpoint::Embeddings: return QStringLiteral("/embeddings");
    case Endpoint::Responses: return QStringLiteral("/responses");
    case Endpoint::Messages: return QStringLiteral("/messages");
    case Endpoint::CountTokens: return QStringLiteral("/messages/count_tokens");
    case Endpoint::Models: return QStringLiteral("/models");
    }
    return {};
}

QString endpointClientPath(Endpoint endpoint)
{
    return QLatin1String("/v1") + endpointDefaultPath(endpoint);
}

QString ProviderConfig::urlFor(Endpoint endpoint, const QString &upstreamModel) const
{
    const QString path = paths.value(endpointPathKey(endpoint), endpointDefaultPath(endpoint));
    if (path.startsWith(QLatin1String("http://")) || path.startsWith(QLatin1String("https://")))
        return path;
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const bool azure = type == QLatin1String("azure-openai");
    // Azure serves each model under its deployment; the model list belongs to the resource.
    if (azure && endpoint != Endpoint::Models) {
        const QString name = deployment.isEmpty() ? upstreamModel : deployment;
        base += QLatin1String("/deployments/") + QString::fromLatin1(QUrl::toPercentEncoding(name));
    }
    QString url = path.startsWith(QLatin1Char('/')) ? base + path : base + QLatin1Char('/') + path;
    if (azure) {
        url += url.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?');
        url += QLatin1String("api-version=")
            + QString::fromLatin1(QUrl::toPercentEncoding(apiVersion));
    }
    return url;
}

std::optional<Endpoint> ProviderConfig::endpointFor(Endpoint client) const
{
    if (speaksAnthropic()) {
        switch (client) {
        case Endpoint::ChatCompletions:
        case Endpoint::Responses: // through chat: both translations exist
        case Endpoint::Messages: return Endpoint::Messages;
        case Endpoint::CountTokens:
        case Endpoint::Models: return client;
        case Endpoint::Completions:
        case Endpoint::Embeddings: return std::nullopt;
        }
        return std::nullopt;
    }
    switch (client) {
    case Endpoint::Messages: return Endpoint::ChatCompletions;
    case Endpoint::Responses:
        return responsesViaChat ? Endpoint::ChatCompletions : Endpoint::Responses;
    case Endpoint::CountTokens: return std::nullopt;
    default: return client;
    }
}

const ModelAlias *Config::findAlias(const QString &alias) const
{
    for (const ModelAlias &model : models) {
        if (model.alias == alias)
            return &model;
    }
    return nullptr;
}

bool Config::hasBackend(const QString &backendId) const
{
    for (const ModelAlias &model : models) {
        for (const BackendConfig &backend : model.backends) {
            if (backend.id() == backendId)
                return true;
        }
    }
    return false;
}

const ClientKey *Config::findKeyByHash(const QByteArray &sha256Hex) const
{
    // Constant-time comparison: a timing difference must not reveal how much of a hash matched.
    const ClientKey *found = nullptr;
    for (const ClientKey &key : clientKeys) {
        if (key.sha256Hex.size() == sha256Hex.size()
            && CRYPTO_memcmp(key.sha256Hex.constData(), sha256Hex.constData(), sha256Hex.size())
                == 0)
            found = &key;
    }
    return found;
}

} // namespace clawgate
