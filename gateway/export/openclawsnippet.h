// What OpenClaw needs to reach this gateway: one entry of its `models.providers` map, the
// provider "clawgate" with one model per alias. OpenClaw validates that entry strictly and
// refuses keys it does not know, so this holds exactly the keys written out, nothing else.
#pragma once

#include "store/config.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace clawgate {

struct OpenClawModel
{
    QString id; // the alias
    QString name; // the alias's display name, or the alias
    int contextWindow = 0; // 0: not configured, left out
    int maxTokens = 0; // 0: not configured, left out
    bool reasoning = false; // written only when true
};

// The protocol OpenClaw speaks to this gateway: the provider's `api` field in OpenClaw's
// configuration. The gateway answers all three on every alias, whatever its backends speak.
enum class OpenClawApi {
    OpenAICompletions, // "openai-completions": /v1/chat/completions (the default)
    AnthropicMessages, // "anthropic-messages": /v1/messages
    OpenAIResponses, // "openai-responses": /v1/responses
};

struct OpenClawProvider
{
    QString baseUrl; // as OpenClaw expects it for `api` (see OpenClawSnippet::baseUrl)
    QString apiKey; // the client key OpenClaw presents to this gateway; never a provider's key
    QList<OpenClawModel> models;
    OpenClawApi api = OpenClawApi::OpenAICompletions;
};

// How text is laid out when rendered into a file: one indentation step and the line ending.
struct TextLayout
{
    QByteArray indentUnit = "  ";
    QByteArray newline = "\n";
};

namespace OpenClawSnippet {

inline QString providerId()
{
    return QStringLiteral("clawgate");
}

// Every flavour, the default first.
QList<OpenClawApi> apis();
// OpenClaw's name for `api` ("openai-completions", ...).
QString apiName(OpenClawApi api);
// The flavour OpenClaw calls `name`; nullopt for any other text.
std::optional<OpenClawApi> apiFromName(const QString &name);
// "openai-completions, anthropic-messages, openai-responses": for messages that list them.
QString apiNameList();

// The gateway's address as OpenClaw on this machine reaches it, "http://127.0.0.1:18080": a
// wildcard bind address ("0.0.0.0", "::", "") becomes the loopback address.
QString gatewayAddress(const QString &host, quint16 port);
// The same from a running gateway's URL.
QString gatewayAddressFromServerUrl(const QString &serverUrl);
// The `baseUrl` OpenClaw needs for `api`: the OpenAI flavours end in /v1, as in the OpenAI SDKs;
// anthropic-messages has none, because Anthropic clients append /v1/messages themselves.
QString baseUrl(const QString &gatewayAddress, OpenClawApi api);

OpenClawProvider provider(const Config &config, const QString &gatewayAddress,
                          const QString &apiKey, OpenClawApi api);

// The provider entry as a JSON object starting at `indent`, keys in a fixed, readable order.
QByteArray renderProvider(const OpenClawProvider &provider, const QByteArray &indent,
                          const TextLayout &layout = {});
// `inner` (already rendered at indent + one step) wrapped in objects keyed by `path`, outermost
// first: wrap({"models", "providers"}, ...) gives {"models": {"providers": inner}}.
QByteArray wrap(const QStringList &path, const QByteArray &inner, const QByteArray &indent,
                const TextLayout &layout = {});
// The whole snippet, {"models": {"providers": {"clawgate": ...}}}, ready to paste into an
// empty openclaw.json; ends with a newline.
QByteArray document(const OpenClawProvider &provider, const TextLayout &layout = {});

QByteArray jsonString(const QString &text); // quoted and escaped

} // namespace OpenClawSnippet

} // namespace clawgate
