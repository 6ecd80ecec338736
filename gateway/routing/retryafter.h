// Parses an HTTP `Retry-After` value (delay-seconds or an HTTP-date, RFC 9110 §10.2.3) into a
// number of seconds from now.
#pragma once

#include <QByteArray>

#include <optional>

namespace clawgate {

// nullopt when the value is absent or unreadable; a date in the past gives 0; a longer delay
// than kMaxAutomaticCooldownSeconds (duration.h) gives that maximum.
std::optional<qint64> parseRetryAfterSeconds(const QByteArray &value, qint64 nowMs);

} // namespace clawgate
