// The registry of auth strategies: which `auth.type` names exist and the factory of each.
#pragma once

#include "authstrategy.h"

#include <memory>

namespace clawgate {

QStringList authStrategyTypes();

// Builds the strategy `type` names from its fields; null for "none" (nothing is added to
// requests) and for an unknown type (reported through `fields.error`).
std::shared_ptr<const AuthStrategy> readAuthStrategy(const QString &type, AuthFieldReader &fields);

} // namespace clawgate
