// Cooldown durations as users type them: "90s", "15m", "1h", "1d", "1w", "1mo", "forever", and
// the longest cooldowns the gateway accepts. The limits keep `now + seconds * 1000` far from
// overflowing and stop one upstream answer from benching a backend for years.
#pragma once

#include <QString>

#include <optional>

namespace clawgate {

// The longest cooldown the gateway sets by itself (a Retry-After, the configured rate-limit
// pause, the failure backoff). An upstream asking for longer gets this.
constexpr qint64 kMaxAutomaticCooldownSeconds = 7LL * 86400;
// The longest cooldown with an end a user can set: longer is refused, not shortened, because
// "forever" already says "until I clear it".
constexpr qint64 kMaxManualCooldownSeconds = 3650LL * 86400;

struct Duration
{
    bool unlimited = false; // "forever": until cleared
    qint64 seconds = 0;
};

std::optional<Duration> parseDuration(const QString &text);
// True for a duration with an end beyond kMaxManualCooldownSeconds.
bool isTooLongForCooldown(const Duration &duration);
QString formatSeconds(qint64 seconds); // "1h 5m", "42s"

} // namespace clawgate
