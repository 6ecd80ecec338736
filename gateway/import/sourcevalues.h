// How the importers turn a value of the source into a value of the configuration. The source's
// `${NAME}` references stay references unless the `.env` given with it defines NAME; then a
// secret field's value goes to the keychain (recorded in the plan, the field becomes
// "keychain:NAME") and a plain field gets the value itself, so that the imported configuration
// works without that `.env`. A literal secret goes to the keychain too: the configuration never
// holds one.
#pragma once

#include "envfile.h"
#include "importplan.h"

#include <QSet>

#include <optional>

namespace clawgate {

class SourceValues
{
public:
    SourceValues(const EnvValues &env, ImportPlan &plan)
        : m_env(env)
        , m_plan(plan)
    {
    }

    // A field that is not secret: a base URL, an app id, a model name.
    QString plain(const QString &raw) const;
    // A secret field. `literalName` names the keychain entry for a literal value ("doubao-key").
    QString secret(const QString &raw, const QString &literalName);
    // The same two for a source field that names an environment variable instead of a value.
    QString plainFromEnv(const QString &envName) const;
    QString secretFromEnv(const QString &envName);

    std::optional<QString> envValue(const QString &name) const;
    // One "not mapped" line for each `.env` entry no field used and `handled` does not name.
    void reportUnusedEnv(const QStringList &handled) const;

    // "${NAME}"
    static QString reference(const QString &envName);
    // The NAME of a value that is exactly "${NAME}", else empty.
    static QString referencedName(const QString &value);
    // A valid keychain entry name made from any text: lower case, [a-z0-9._-], at most 128.
    static QString keychainName(const QString &text);

private:
    QString storeSecret(const QString &name, const QString &value, const QString &envName);

    const EnvValues &m_env;
    ImportPlan &m_plan;
    mutable QSet<QString> m_used; // .env names some field asked for
};

} // namespace clawgate
