// `"auth": {"type": "bearer"}`, the default: the provider's apiKey as
// `Authorization: Bearer <key>`, as every OpenAI-compatible upstream expects. A fixed header
// value, so it is a StaticTokenAuth; this file reads the bearer fields.
#pragma once

#include "authstrategy.h"

#include <memory>

namespace clawgate::BearerAuth {

std::shared_ptr<const AuthStrategy> fromConfig(AuthFieldReader &fields);

} // namespace clawgate::BearerAuth
