// What OpenClaw needs to reach this gateway: one entry of its `models.providers` map, the
// provider "clawgate" with one model per alias. OpenClaw validates that entry strictly and
// refuses keys it does not know, so this holds exactly the keys written out, nothing else.
#pragma once

#include "store/config.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace clawgate {

struct OpenClawModel
{
    QString id; // the alias
    QString name; // the alias's display name, or the alias
    int contextWindow = 0; // 0: not configured, left out
    int maxTokens = 0; // 0: not configured, left out
    bool reasoning = false; // written only when true
};

struct OpenClawProvider
{
    QString baseUrl;
    QString apiKey; // the client key OpenClaw presents to this gateway; never a provider's key
    QList<OpenClawModel> models;
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

// The gateway's OpenAI-compatible base URL as OpenClaw on this machine reaches it: a wildcard
// bind address ("0.0.0.0", "::", "") becomes the loopback address.
QString baseUrl(const QString &host, quint16 port);
// The same from a running gateway's URL ("http://127.0.0.1:18080").
QString baseUrlFromServerUrl(const QString &serverUrl);

OpenClawProvider provider(const Config &config, const QString &baseUrl, const QString &apiKey);

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
