// Turns the text of a configuration file into a validated `Config`: checks every field's type
// and range, resolves `providerDefaults` inheritance and `${ENV}` references, and names the
// field and line of each problem. Pure: no file or network access, the environment is injected.
#pragma once

#include "config.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace clawgate {

// Returns the value of an environment variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<QString>(const QString &name)>;
EnvLookup processEnvironment();

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
    static ConfigParseResult parse(const QByteArray &text,
                                   const EnvLookup &env = processEnvironment());
    static ConfigParseResult parse(const QJsonObject &root, const QByteArray &text,
                                   const EnvLookup &env);
};

} // namespace clawgate
