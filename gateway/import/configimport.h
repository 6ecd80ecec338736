// The import of configurations users already have (an aggregator's providers.json + .env, a
// model registry, a YAML models list), shared by `clawgatectl import` and the tray app:
// recognise the format, read it into an ImportPlan, merge that into the current configuration.
// Nothing here writes: the caller stores the plan's secrets (ImportSecretWriter) and then saves
// the merged configuration.
#pragma once

#include "configmerge.h"
#include "envfile.h"
#include "importplan.h"

namespace clawgate {

struct ImportPreview
{
    ImportPlan plan;
    MergeResult merge;
    QStringList configErrors; // the merged configuration as the parser refuses it
    QString error; // a file could not be read, or its format is not known

    bool ok() const { return error.isEmpty() && configErrors.isEmpty(); }
};

namespace ConfigImport {

enum class Format { Unknown, Aggregator, Registry, Yaml };

// By the file name's extension (.yaml/.yml) and then by the JSON's shape. Pure.
Format detect(const QString &fileName, const QByteArray &text);
// Reads `text` in its format. Pure.
ImportPlan read(const QString &fileName, const QByteArray &text, const EnvValues &env);

// Reads the source (and the `.env`, when `envFile` is not empty), merges it into `current` and
// checks the result with the configuration parser, as a save would.
ImportPreview prepare(const QString &file, const QString &envFile, const QJsonObject &current);

} // namespace ConfigImport

} // namespace clawgate
