// Client keys: making them, hashing them for the config file, checking a request's key, and
// editing the `clientKeys` list of a configuration without touching the rest of it.
#pragma once

#include "server/apierror.h"
#include "server/httpmessage.h"
#include "store/config.h"

#include <QJsonObject>

#include <variant>

namespace clawgate {

namespace ClientKeys {

QByteArray generate(); // "sk-cg-" + 43 url-safe random characters
QByteArray sha256Hex(const QByteArray &key);
// The keychain entry that keeps the plaintext of the key made at first run, so the tray app and
// the OpenClaw export can show it again. Not a valid `keychain:` reference name, so no
// user-chosen secret can take its place.
QString defaultKeyKeychainName(); // "client-key:default"

// The key a request presents: `Authorization: Bearer <key>` or `x-api-key: <key>`.
QByteArray presentedKey(QByteArrayView authorization, QByteArrayView apiKey);
QByteArray presentedKey(const HttpRequest &request);

// Who is calling. A config without any key on a loopback address lets everyone in (anonymous:
// a null key); otherwise a missing, unknown or disabled key is refused with 401.
std::variant<const ClientKey *, ApiError> authenticate(const QByteArray &presentedKey,
                                                       const Config &config, bool loopbackOnly);
std::variant<const ClientKey *, ApiError> authenticate(const HttpRequest &request,
                                                       const Config &config, bool loopbackOnly);

// Whether `presented` is the admin token whose SHA-256 is `expectedSha256Hex` (compared in
// constant time; an empty expectation matches nothing).
bool adminTokenMatches(QByteArrayView presented, const QByteArray &expectedSha256Hex);

// Edits of a raw configuration object. Each returns an error message, or empty on success.
QString add(QJsonObject &root, const QString &name, const QByteArray &plaintext);
QString setStatus(QJsonObject &root, const QString &name, bool active);
QString remove(QJsonObject &root, const QString &name);

} // namespace ClientKeys

} // namespace clawgate
