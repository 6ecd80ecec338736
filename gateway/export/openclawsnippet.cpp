#include "openclawsnippet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

// OpenClaw's configuration schema (its zod schema for `models.providers`, read in OpenClaw
// 2026.9.6; provider and model entries are both `.strict()`, so one unknown key makes the whole
// file invalid to OpenClaw). A provider that is not one of OpenClaw's bundled ones must have
// `baseUrl` and a `models` array. `api` picks OpenClaw's request adapter: "openai-completions"
// posts to baseUrl + /chat/completions, "openai-responses" to baseUrl + /responses (both through
// the OpenAI SDK, so baseUrl ends in /v1), and "anthropic-messages" to baseUrl + /v1/messages
// (OpenClaw's docs: "Base URL should omit /v1 (Anthropic client appends it)"; its 2026.9.6
// transport would also accept a base ending in /v1, the Anthropic SDK would not) with the key
// in x-api-key. A model requires a non-empty `id` and `name`; `contextWindow` and `maxTokens`
// must be positive when present (OpenClaw shows a model without contextWindow as 128k), and a
// model without `input` is text-only, so OpenClaw attaches no images. This gateway writes
// baseUrl, apiKey, api, models and per model id, name, contextWindow, maxTokens and reasoning:
// the subset that describes it. tests/openclaw-e2e.sh runs a real OpenClaw on what this writes.

namespace clawgate::OpenClawSnippet {

QList<OpenClawApi> apis()
{
    return {OpenClawApi::OpenAICompletions, OpenClawApi::AnthropicMessages,
            OpenClawApi::OpenAIResponses};
}

QString apiName(OpenClawApi api)
{
    switch (api) {
    case OpenClawApi::OpenAICompletions: return QStringLiteral("openai-completions");
    case OpenClawApi::AnthropicMessages: return QStringLiteral("anthropic-messages");
    case OpenClawApi::OpenAIResponses: return QStringLiteral("openai-responses");
    }
    return {};
}

std::optional<OpenClawApi> apiFromName(const QString &name)
{
    for (const OpenClawApi api : apis()) {
        if (apiName(api) == name)
            return api;
    }
    return std::nullopt;
}

QString apiNameList()
{
    QStringList names;
    for (const OpenClawApi api : apis())
        names << apiName(api);
    return names.join(QStringLiteral(", "));
}

QString gatewayAddress(const QString &host, quint16 port)
{
    QString reachable = host;
    if (host.isEmpty() || host == QLatin1String("0.0.0.0") || host == QLatin1String("::")
        || host == QLatin1String("[::]"))
        reachable = QStringLiteral("127.0.0.1");
    if (reachable.contains(QLatin1Char(':')) && !reachable.startsWith(QLatin1Char('[')))
        reachable = QLatin1Char('[') + reachable + QLatin1Char(']');
    return QStringLiteral("http://%1:%2").arg(reachable).arg(port);
}

QString gatewayAddressFromServerUrl(const QString &serverUrl)
{
    const QUrl url(serverUrl);
    return gatewayAddress(url.host(), quint16(url.port(80)));
}

QString baseUrl(const QString &gatewayAddress, OpenClawApi api)
{
    return api == OpenClawApi::AnthropicMessages ? gatewayAddress
                                                 : gatewayAddress + QStringLiteral("/v1");
}

OpenClawProvider provider(const Config &config, const QString &gatewayAddress,
                          const QString &apiKey, OpenClawApi api)
{
    OpenClawProvider result;
    result.baseUrl = baseUrl(gatewayAddress, api);
    result.apiKey = apiKey;
    result.api = api;
    for (const ModelAlias &alias : config.models) {
        OpenClawModel model;
        model.id = alias.alias;
        model.name = alias.displayName.isEmpty() ? alias.alias : alias.displayName;
        model.contextWindow = qMax(0, alias.contextWindow);
        model.maxTokens = qMax(0, alias.maxTokens);
        model.reasoning = alias.reasoning;
        result.models.append(model);
    }
    return result;
}

QByteArray jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

namespace {

using Fields = QList<QPair<QByteArray, QByteArray>>; // key, rendered value

QByteArray renderObject(const Fields &fields, const QByteArray &indent, const TextLayout &layout)
{
    const QByteArray inner = indent + layout.indentUnit;
    QByteArray out = "{";
    for (qsizetype i = 0; i < fields.size(); ++i) {
        out += layout.newline + inner + jsonString(QString::fromUtf8(fields[i].first)) + ": "
            + fields[i].second;
        if (i + 1 < fields.size())
            out += ',';
    }
    return out + layout.newline + indent + "}";
}

QByteArray renderModel(const OpenClawModel &model, const QByteArray &indent,
                       const TextLayout &layout)
{
    Fields fields {{"id", jsonString(model.id)}, {"name", jsonString(model.name)}};
    if (model.contextWindow > 0)
        fields.append({QByteArray("contextWindow"), QByteArray::number(model.contextWindow)});
    if (model.maxTokens > 0)
        fields.append({QByteArray("maxTokens"), QByteArray::number(model.maxTokens)});
    if (model.reasoning)
        fields.append({QByteArray("reasoning"), QByteArray("true")});
    return renderObject(fields, indent, layout);
}

} // namespace

QByteArray renderProvider(const OpenClawProvider &provider, const QByteArray &indent,
                          const TextLayout &layout)
{
    const QByteArray inner = indent + layout.indentUnit;
    QByteArray models = "[";
    for (qsizetype i = 0; i < provider.models.size(); ++i) {
        models += layout.newline + inner + layout.indentUnit
            + renderModel(provider.models[i], inner + layout.indentUnit, layout);
        if (i + 1 < provider.models.size())
            models += ',';
    }
    models += provider.models.isEmpty() ? QByteArray("]") : layout.newline + inner + "]";
    return renderObject({{"baseUrl", jsonString(provider.baseUrl)},
                         {"apiKey", jsonString(provider.apiKey)},
                         {"api", jsonString(apiName(provider.api))},
                         {"models", models}},
                        indent, layout);
}

QByteArray wrap(const QStringList &path, const QByteArray &inner, const QByteArray &indent,
                const TextLayout &layout)
{
    if (path.isEmpty())
        return inner;
    const QByteArray next = indent + layout.indentUnit;
    return renderObject({{path.first().toUtf8(), wrap(path.mid(1), inner, next, layout)}}, indent,
                        layout);
}

QByteArray document(const OpenClawProvider &provider, const TextLayout &layout)
{
    const QByteArray depth3 = layout.indentUnit + layout.indentUnit + layout.indentUnit;
    return wrap({QStringLiteral("models"), QStringLiteral("providers"), providerId()},
                renderProvider(provider, depth3, layout), {}, layout)
        + layout.newline;
}

} // namespace clawgate::OpenClawSnippet
