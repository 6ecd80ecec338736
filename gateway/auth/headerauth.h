// `"auth": {"type": "header", "header": "x-api-key"}`: the provider's apiKey, bare, in the
// named header (Azure's `api-key`, Anthropic's `x-api-key`, many company gateways). A fixed
// header value, so it is a StaticTokenAuth; this file reads the header fields.
#pragma once

#include "authstrategy.h"

#include <memory>

namespace clawgate::HeaderAuth {

// `defaultHeader` is used when the field is absent (a provider type's usual header).
std::shared_ptr<const AuthStrategy> fromConfig(AuthFieldReader &fields,
                                               const QString &defaultHeader = {});

} // namespace clawgate::HeaderAuth
