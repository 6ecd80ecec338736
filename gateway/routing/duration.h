// Cooldown durations as users type them: "90s", "15m", "1h", "1d", "1w", "1mo", "forever".
#pragma once

#include <QString>

#include <optional>

namespace clawgate {

struct Duration
{
    bool unlimited = false; // "forever": until cleared
    qint64 seconds = 0;
};

std::optional<Duration> parseDuration(const QString &text);
QString formatSeconds(qint64 seconds); // "1h 5m", "42s"

} // namespace clawgate
