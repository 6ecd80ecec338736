// Decides which backends of an alias a request to one endpoint may try, in order: enabled ones
// whose provider is usable and can serve the endpoint (in its own protocol or translated), and
// that are not cooling down, neither as a whole nor for the endpoint they would be sent to. When
// every usable backend is cooling, says when the first one comes back (or, if the user chose so,
// offers that one anyway).
#pragma once

#include "store/config.h"

#include <optional>

namespace clawgate {

class CooldownBook;

struct RoutePlan
{
    QList<BackendConfig> candidates;
    QStringList skipped; // "doubao:x (cooling down: 429, 35 s left)"
    std::optional<qint64> earliestReturnMs; // when every usable backend is cooling
    // No backend of the alias offers the endpoint at all (embeddings on an alias of Anthropic
    // backends): the request cannot succeed however long the client waits.
    bool endpointUnserved = false;
    bool allCooling() const { return candidates.isEmpty() && earliestReturnMs.has_value(); }
};

RoutePlan planRoute(const ModelAlias &alias, const Config &config, const CooldownBook &cooldowns,
                    Endpoint endpoint);

// How cooldowns name an endpoint: the path a client calls, "/v1/chat/completions".
QString endpointScope(Endpoint endpoint);

} // namespace clawgate
