#include "commandcontext.h"
#include "routing/clock.h"
#include "routing/cooldownbook.h"
#include "routing/duration.h"

namespace clawgate::ctl {

// Every alias with its backends in failover order and each backend's state.
int runModels(const CommandContext &context)
{
    if (!context.words.isEmpty())
        return fail(Ctl::tr("models takes no arguments"));
    ConfigStore store(context.configPath);
    if (!loadStore(store))
        return 1;
    resolveKeychainReferences(store);
    CooldownBook book(store.cooldownsPath(), SystemClock::instance());
    book.load();
    const Config &config = *store.current();
    const qint64 now = SystemClock::instance()->nowMs();
    if (config.models.isEmpty())
        out(Ctl::tr("No models configured yet. Add providers and models to %1.").arg(store.path()));
    for (const ModelAlias &model : config.models) {
        out(model.alias
            + (model.alias == config.defaultModel ? Ctl::tr("  (default)") : QString()));
        int position = 1;
        for (const BackendConfig &backend : model.backends) {
            QString state = Ctl::tr("ready");
            const ProviderConfig &provider = *config.providers.constFind(backend.provider);
            const auto cooling = book.state(backend.id());
            if (!backend.enabled)
                state = Ctl::tr("disabled");
            else if (!provider.isAvailable())
                state = Ctl::tr("unavailable: %1").arg(provider.unavailableReason);
            else if (cooling && cooling->isCooling(now))
                state = cooling->untilMs == CooldownState::kForever
                    ? Ctl::tr("cooling down until cleared (%1)")
                          .arg(cooldownReasonName(cooling->reason))
                    : Ctl::tr("cooling down for %1 (%2)")
                          .arg(formatSeconds((cooling->untilMs - now + 999) / 1000),
                               cooldownReasonName(cooling->reason));
            out(QStringLiteral("  %1. %2\t%3").arg(position++).arg(backend.id(), state));
        }
    }
    return 0;
}

} // namespace clawgate::ctl
