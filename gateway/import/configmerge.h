// Merges an ImportPlan into a configuration's JSON. It owns only what the plan names: the
// providerDefaults blocks, providers and aliases of those names (added, or replaced when they
// differ), client keys whose hash the configuration does not have yet, and `defaultModel` when
// the configuration has none. Everything else, unknown fields included, stays as it was, so
// merging the same plan twice changes nothing the second time. Pure.
#pragma once

#include "importplan.h"

#include <QJsonObject>

namespace clawgate {

struct ImportChange
{
    enum class Kind { Created, Updated };
    Kind kind = Kind::Created;
    QString what; // "provider", "providerDefaults", "model", "client key", "defaultModel"
    QString name;
};

struct MergeResult
{
    QJsonObject root;
    QList<ImportChange> changes;
    QStringList notes; // what the plan wanted and the merge left as it was, one line each
    bool changed() const { return !changes.isEmpty(); }
};

namespace ConfigMerge {

MergeResult merge(const QJsonObject &existing, const ImportPlan &plan);

} // namespace ConfigMerge

} // namespace clawgate
