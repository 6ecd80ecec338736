#include "duration.h"

#include <QRegularExpression>
#include <QStringList>

namespace clawgate {

std::optional<Duration> parseDuration(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("forever"))
        return Duration {true, 0};
    static const QRegularExpression re(QStringLiteral("^(\\d{1,9})(s|m|h|d|w|mo)$"));
    const QRegularExpressionMatch m = re.match(t);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    const QString unit = m.captured(2);
    qint64 scale = 1;
    if (unit == QLatin1String("m"))
        scale = 60;
    else if (unit == QLatin1String("h"))
        scale = 3600;
    else if (unit == QLatin1String("d"))
        scale = 86400;
    else if (unit == QLatin1String("w"))
        scale = 7 * 86400;
    else if (unit == QLatin1String("mo"))
        scale = 30 * 86400;
    if (n == 0)
        return std::nullopt;
    return Duration {false, n * scale};
}

bool isTooLongForCooldown(const Duration &duration)
{
    return !duration.unlimited && duration.seconds > kMaxManualCooldownSeconds;
}

QString formatSeconds(qint64 seconds)
{
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds % 86400 / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    QStringList parts;
    if (days)
        parts << QStringLiteral("%1d").arg(days);
    if (hours)
        parts << QStringLiteral("%1h").arg(hours);
    if (minutes && !days)
        parts << QStringLiteral("%1m").arg(minutes);
    if (parts.isEmpty() || (!days && !hours && seconds % 60))
        parts << QStringLiteral("%1s").arg(seconds % 60);
    return parts.join(QLatin1Char(' '));
}

} // namespace clawgate
