#include "backendstatus.h"

#include "clock.h"
#include "cooldownbook.h"

namespace clawgate {

static_assert(BackendStatus::kCoolingForever == CooldownState::kForever);

QList<BackendStatus> describeBackends(const Config &config, const CooldownBook &cooldowns)
{
    QList<BackendStatus> out;
    const qint64 now = cooldowns.clock()->nowMs();
    for (const ModelAlias &model : config.models) {
        int position = 0;
        for (const BackendConfig &backend : model.backends) {
            BackendStatus s;
            s.alias = model.alias;
            s.position = position++;
            s.backendId = backend.id();
            s.provider = backend.provider;
            s.upstreamModel = backend.upstreamModel;
            s.enabled = backend.enabled;
            const auto provider = config.providers.constFind(backend.provider);
            if (provider != config.providers.constEnd())
                s.unavailableReason = provider->unavailableReason;
            if (const std::optional<CooldownState> state = cooldowns.state(backend.id())) {
                if (state->isCooling(now)) {
                    s.coolingUntilMs = state->untilMs;
                    s.cooldownReason = cooldownReasonName(state->reason);
                    s.cooldownDetail = state->detail;
                }
                s.consecutiveFailures = state->consecutiveFailures;
            }
            out.append(s);
        }
    }
    return out;
}

} // namespace clawgate
