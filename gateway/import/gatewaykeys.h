// A gateway key found in a source (an aggregator's GATEWAY_API_KEY, a YAML `auth.api_keys`
// entry) becomes a ClawGate client key: the plan carries the plaintext only until the merge
// stores its hash.
#pragma once

#include "importplan.h"

namespace clawgate::GatewayKeys {

// Adds the key under `name` ("name", "name-2", ... for several); empty keys are skipped.
inline void add(ImportPlan &plan, const QString &name, const QString &plaintext)
{
    if (plaintext.trimmed().isEmpty())
        return;
    const QString unique = plan.clientKeys.isEmpty()
        ? name
        : name + QLatin1Char('-') + QString::number(plan.clientKeys.size() + 1);
    plan.clientKeys.append({unique, plaintext.trimmed().toUtf8()});
}

} // namespace clawgate::GatewayKeys
