#include "retryafter.h"

#include <QDateTime>
#include <QLocale>
#include <QString>

namespace clawgate {

namespace {

// RFC 9110 allows three date formats; senders must use the first (IMF-fixdate).
std::optional<QDateTime> parseHttpDate(const QString &text)
{
    static const char *const formats[] = {
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'", // IMF-fixdate
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'",  // obsolete RFC 850
        "ddd MMM d HH:mm:ss yyyy",         // asctime
    };
    const QLocale c = QLocale::c();
    const QString simplified = text.simplified();
    for (const char *format : formats) {
        QDateTime parsed = c.toDateTime(simplified, QLatin1String(format));
        if (parsed.isValid()) {
            if (parsed.date().year() < 100) // RFC 850 two-digit years: assume this century
                parsed = parsed.addYears(2000);
            parsed.setTimeSpec(Qt::UTC);
            return parsed;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<qint64> parseRetryAfterSeconds(const QByteArray &value, qint64 nowMs)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qint64 seconds = trimmed.toLongLong(&isNumber);
    if (isNumber)
        return seconds >= 0 ? std::optional<qint64>(seconds) : std::nullopt;
    const std::optional<QDateTime> date = parseHttpDate(QString::fromLatin1(trimmed));
    if (!date)
        return std::nullopt;
    const qint64 deltaMs = date->toMSecsSinceEpoch() - nowMs;
    return deltaMs <= 0 ? 0 : (deltaMs + 999) / 1000;
}

} // namespace clawgate
