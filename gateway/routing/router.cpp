#include "router.h"

#include "clock.h"
#include "cooldownbook.h"

namespace clawgate {

QString endpointScope(Endpoint endpoint)
{
    return QStringLiteral("/v1") + endpointDefaultPath(endpoint);
}

RoutePlan planRoute(const ModelAlias &alias, const Config &config, const CooldownBook &cooldowns,
                    Endpoint endpoint)
{
    RoutePlan plan;
    int unserved = 0;
    std::optional<CooldownState> earliest;
    const BackendConfig *earliestBackend = nullptr;
    for (const BackendConfig &backend : alias.backends) {
        if (!backend.enabled) {
            plan.skipped.append(QStringLiteral("%1 (disabled)").arg(backend.id()));
            continue;
        }
        const ProviderConfig &provider = *config.providers.constFind(backend.provider);
        if (!provider.isAvailable()) {
            plan.skipped.append(QStringLiteral("%1 (unavailable: %2)")
                                    .arg(backend.id(), provider.unavailableReason));
            continue;
        }
        const std::optional<Endpoint> served = provider.endpointFor(endpoint);
        if (!served) {
            ++unserved;
            plan.skipped.append(QStringLiteral("%1 (a %2 provider has no %3)")
                                    .arg(backend.id(), provider.type, endpointScope(endpoint)));
            continue;
        }
        // A missing endpoint cools down the one the backend was actually asked for.
        const std::optional<CooldownState> cooling
            = cooldowns.blocking(backend.id(), endpointScope(*served));
        if (cooling) {
            plan.skipped.append(QStringLiteral("%1 (cooling down: %2)")
                                    .arg(backend.id(), cooldownReasonName(cooling->reason)));
            if (!earliest || cooling->untilMs < earliest->untilMs) {
                earliest = cooling;
                earliestBackend = &backend;
            }
            continue;
        }
        plan.candidates.append(backend);
    }
    plan.endpointUnserved = unserved > 0 && unserved == alias.backends.size();
    if (plan.candidates.isEmpty() && earliest) {
        plan.earliestReturnMs = earliest->untilMs;
        if (config.cooldown.tryEarliestWhenAllCooling)
            plan.candidates.append(*earliestBackend);
    }
    return plan;
}

} // namespace clawgate
