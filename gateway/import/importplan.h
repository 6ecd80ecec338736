// What reading one source file produced, before anything is merged or written: the pieces of
// ClawGate configuration it maps to, the secrets that must go to the keychain, the client keys
// to add, and one line for each thing that could not be mapped or needs a person's check.
// Every reader (aggregator, registry, YAML) fills one of these; ConfigMerge and
// ImportSecretWriter consume it.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace clawgate {

// A literal secret found in the source: it goes to the keychain as `name` and the
// configuration refers to it as "keychain:name". Without a keychain the user sets `envName`.
struct ImportedSecret
{
    QString name;
    QString value;
    QString envName;
};

// A gateway key of the source: the configuration keeps only its hash.
struct ImportedClientKey
{
    QString name;
    QByteArray plaintext;
};

struct ImportPlan
{
    QString format; // "aggregator", "registry" or "yaml"
    QJsonObject providerDefaults; // name -> object, as in the configuration
    QJsonObject providers; // name -> object
    QJsonArray models; // aliases, as in the configuration
    QString defaultModel; // empty: the source names none
    bool unknownModelFallback = false; // the source answered every model name with defaultModel
    QList<ImportedSecret> secrets;
    QList<ImportedClientKey> clientKeys;
    QStringList unmapped; // "PORT=8080: ClawGate keeps its own server.port"
    QStringList checks; // things to verify by hand, e.g. a signature preset
    QString error; // the source could not be read at all; then nothing else counts

    bool ok() const { return error.isEmpty(); }
    // The environment variables to set instead of the keychain, one per secret.
    QStringList secretEnvNames() const;
};

} // namespace clawgate
