// Every backend of every alias with what decides whether routing may use it now: enabled or
// not, its provider usable or not (and why), and its cooldown. One description for every view
// of the backends (the tray's pages, /health, `clawgatectl models`), so they never disagree.
#pragma once

#include "store/config.h"

#include <QList>
#include <QMetaType>

namespace clawgate {

class CooldownBook;

struct BackendStatus
{
    QString alias;
    int position = 0; // 0-based place in the alias's failover order
    QString backendId; // "provider:model", the key of its cooldown
    QString provider;
    QString upstreamModel;
    bool enabled = true;
    QString unavailableReason; // why its provider cannot be used now; empty when it can
    qint64 coolingUntilMs = 0; // 0: not cooling; kCoolingForever: until cleared
    QString cooldownReason; // "429", "5xx", "timeout", "manual", ...
    QString cooldownDetail; // e.g. "HTTP 503"; never a secret
    int consecutiveFailures = 0;

    static constexpr qint64 kCoolingForever = std::numeric_limits<qint64>::max();
    bool isCooling(qint64 nowMs) const { return coolingUntilMs > nowMs; }
    // Whether routing would try it now (a cooldown may still be passed over by tryEarliest).
    bool isReady(qint64 nowMs) const
    {
        return enabled && unavailableReason.isEmpty() && !isCooling(nowMs);
    }
};

QList<BackendStatus> describeBackends(const Config &config, const CooldownBook &cooldowns);

} // namespace clawgate

Q_DECLARE_METATYPE(clawgate::BackendStatus)
