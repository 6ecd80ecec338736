#include "retryafter.h"

#include "duration.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QString>
#include <QTimeZone>

#include <algorithm>

namespace clawgate {

namespace {

int monthNumber(const QString &name)
{
    static const QStringList months = {
        QStringLiteral("jan"), QStringLiteral("feb"), QStringLiteral("mar"), QStringLiteral("apr"),
        QStringLiteral("may"), QStringLiteral("jun"), QStringLiteral("jul"), QStringLiteral("aug"),
        QStringLiteral("sep"), QStringLiteral("oct"), QStringLiteral("nov"), QStringLiteral("dec")};
    return int(months.indexOf(name.toLower())) + 1;
}

// The three date forms of RFC 9110 §5.6.7. Parsed by hand, in UTC: QLocale's parser reads
// times as local (breaking in a daylight-saving gap), makes two-digit years 19xx and rejects
// a weekday that does not match that wrong century.
std::optional<QDateTime> parseHttpDate(const QString &text)
{
    static const QRegularExpression imf(QStringLiteral(
        "^[A-Za-z]{3}, (\\d{2}) ([A-Za-z]{3}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$"));
    static const QRegularExpression rfc850(QStringLiteral(
        "^[A-Za-z]+, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$"));
    static const QRegularExpression asctime(QStringLiteral(
        "^[A-Za-z]{3} ([A-Za-z]{3}) +(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})$"));
    int day = 0, month = 0, year = 0, hour = 0, minute = 0, second = 0;
    QRegularExpressionMatch m = imf.match(text);
    if (m.hasMatch() || (m = rfc850.match(text)).hasMatch()) {
        day = m.captured(1).toInt();
        month = monthNumber(m.captured(2));
        year = m.captured(3).toInt();
        hour = m.captured(4).toInt();
        minute = m.captured(5).toInt();
        second = m.captured(6).toInt();
        if (m.captured(3).size() == 2) {
            // RFC 9110: a two-digit year more than 50 years in the future means the past century.
            const int thisYear = QDate::currentDate().year();
            year += 2000;
            if (year > thisYear + 50)
                year -= 100;
        }
    } else if ((m = asctime.match(text)).hasMatch()) {
        month = monthNumber(m.captured(1));
        day = m.captured(2).toInt();
        hour = m.captured(3).toInt();
        minute = m.captured(4).toInt();
        second = m.captured(5).toInt();
        year = m.captured(6).toInt();
    } else {
        return std::nullopt;
    }
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

} // namespace

std::optional<qint64> parseRetryAfterSeconds(const QByteArray &value, qint64 nowMs)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    if (digits.match(QLatin1String(trimmed)).hasMatch()) {
        // Too many digits for a number is still a (very long) delay, not an unreadable value.
        bool fits = false;
        const qint64 seconds = trimmed.toLongLong(&fits);
        return fits ? std::min(seconds, kMaxAutomaticCooldownSeconds)
                    : kMaxAutomaticCooldownSeconds;
    }
    const std::optional<QDateTime> date = parseHttpDate(QString::fromLatin1(trimmed).simplified());
    if (!date)
        return std::nullopt;
    const qint64 deltaMs = date->toMSecsSinceEpoch() - nowMs;
    if (deltaMs <= 0)
        return 0;
    return std::min((deltaMs + 999) / 1000, kMaxAutomaticCooldownSeconds);
}

} // namespace clawgate
