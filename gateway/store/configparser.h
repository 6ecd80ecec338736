// Turns the text of a configuration file into a validated `Config`: checks every field's type
// and range, resolves `providerDefaults` inheritance, `${ENV}` and `keychain:NAME` references,
// and names the field and line of each problem. Pure: no file, keychain or network access; the
// environment and what is known of the keychain are injected.
#pragma once

#include "config.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace clawgate {

// Returns the value of an environment variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<QString>(const QString &name)>;
EnvLookup processEnvironment();

// What is known about one keychain entry when a configuration is parsed. The keychain answers
// asynchronously, so its owner looks entries up first and has the text parsed again when they
// arrive (see KeychainSecrets).
struct KeychainEntry
{
    std::optional<QString> value;
    QString problem; // without a value: why not, for people ("keychain locked or entry missing:
                     // NAME"); never the secret
};
using KeychainLookup = std::function<KeychainEntry(const QString &name)>;

// `keychain:NAME` in a secret field. Names are what `clawgatectl secret set NAME` accepts.
bool isKeychainReference(const QString &value);
bool isValidSecretName(const QString &name);

struct ConfigParseResult
{
    ConfigPtr config; // null when the text was refused
    QStringList errors; // "models[0].backends[1].provider (line 12): no provider named \"x\""
    QStringList warnings; // usable, but something needs the user's attention

    bool ok() const { return config != nullptr; }
    QString errorText() const { return errors.join(QLatin1Char('\n')); }
    QString errorLine() const { return errors.join(QLatin1String("; ")); } // for one-line messages
};

class ConfigParser
{
public:
    // Without a keychain lookup every `keychain:` reference leaves its provider unavailable.
    static ConfigParseResult parse(const QByteArray &text,
                                   const EnvLookup &env = processEnvironment(),
                                   const KeychainLookup &keychain = {});
    static ConfigParseResult parse(const QJsonObject &root, const QByteArray &text,
                                   const EnvLookup &env, const KeychainLookup &keychain = {});
};

} // namespace clawgate
