// Short, safe texts for why an upstream request failed: what the upstream said (the message of
// its JSON error body when it has one) or what the transport saw. The provider's secrets are
// replaced by "***" first, so a key an upstream echoes back never reaches a screen or a log.
#pragma once

#include "store/config.h"
#include "upstreamresult.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace clawgate {

constexpr int kMaxErrorTextChars = 300;

// The values of `provider` that must never be shown: its key and the values of its headers.
QStringList secretValuesOf(const ProviderConfig &provider);

// Every occurrence of each secret in `text` becomes "***".
QString redactSecrets(QString text, const QStringList &secrets);

// The upstream's own error text for a response with `status` and `body`: the JSON error's
// message when there is one, else the body as text, else "HTTP <status>"; redacted, on one
// line, at most kMaxErrorTextChars characters.
QString upstreamErrorText(int status, const QByteArray &body, const QStringList &secrets);

// What the transport saw: "connect failed: ...", "connect timed out", ...
QString describe(const UpstreamResult &result);

} // namespace clawgate
