// Retry-After (RFC 9110 §10.2.3): delay-seconds or one of the three HTTP-date formats, turned
// into seconds from an injected "now".
#include "routing/retryafter.h"

#include <QDateTime>
#include <QtTest>

#include <cstdlib>
#include <ctime>

using namespace clawgate;

namespace {

qint64 utcMs(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC).toMSecsSinceEpoch();
}

} // namespace

class TestRetryAfter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void dateIndependentOfLocalTimeZone_data();
    void dateIndependentOfLocalTimeZone();
};

void TestRetryAfter::parse_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("nowMs");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("seconds");

    const qint64 anyNow = utcMs(2024, 5, 1, 12, 0, 0);
    // Wed, 21 Oct 2015 07:28:00 GMT
    const qint64 date2015 = utcMs(2015, 10, 21, 7, 28, 0);

    QTest::newRow("delay seconds") << QByteArrayLiteral("120") << anyNow << true << qint64(120);
    QTest::newRow("zero seconds") << QByteArrayLiteral("0") << anyNow << true << qint64(0);
    QTest::newRow("large delay") << QByteArrayLiteral("86400") << anyNow << true << qint64(86400);
    const qint64 week = 7 * 86400; // the longest automatic cooldown
    QTest::newRow("a year is capped at a week")
        << QByteArrayLiteral("31622400") << anyNow << true << week;
    QTest::newRow("more digits than 64 bits hold is capped at a week")
        << QByteArrayLiteral("99999999999999999999") << anyNow << true << week;
    QTest::newRow("largest 64-bit number is capped at a week")
        << QByteArrayLiteral("9223372036854775807") << anyNow << true << week;
    QTest::newRow("a date in the year 9999 is capped at a week")
        << QByteArrayLiteral("Fri, 31 Dec 9999 23:59:59 GMT") << anyNow << true << week;
    QTest::newRow("plus sign is unreadable")
        << QByteArrayLiteral("+5") << anyNow << false << qint64(0);
    QTest::newRow("surrounding whitespace")
        << QByteArrayLiteral("  30 \t") << anyNow << true << qint64(30);
    QTest::newRow("negative is unreadable")
        << QByteArrayLiteral("-5") << anyNow << false << qint64(0);
    QTest::newRow("garbage") << QByteArrayLiteral("soon") << anyNow << false << qint64(0);
    QTest::newRow("digits then garbage")
        << QByteArrayLiteral("12abc") << anyNow << false << qint64(0);
    QTest::newRow("fraction") << QByteArrayLiteral("1.5") << anyNow << false << qint64(0);
    QTest::newRow("empty") << QByteArray() << anyNow << false << qint64(0);
    QTest::newRow("only whitespace") << QByteArrayLiteral("   ") << anyNow << false << qint64(0);

    QTest::newRow("IMF-fixdate 90s in the future")
        << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:00 GMT") << date2015 - 90000 << true
        << qint64(90);
    QTest::newRow("IMF-fixdate partial second rounds up")
        << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:00 GMT") << date2015 - 1500 << true
        << qint64(2);
    QTest::newRow("IMF-fixdate exactly now")
        << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:00 GMT") << date2015 << true << qint64(0);
    QTest::newRow("IMF-fixdate in the past gives zero")
        << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:00 GMT") << date2015 + 3600000 << true
        << qint64(0);
    QTest::newRow("IMF-fixdate with extra whitespace")
        << QByteArrayLiteral("  Wed,  21 Oct 2015   07:28:00 GMT ") << date2015 - 60000 << true
        << qint64(60);
    QTest::newRow("IMF-fixdate one day ahead")
        << QByteArrayLiteral("Thu, 22 Oct 2015 07:28:00 GMT") << date2015 << true << qint64(86400);
    QTest::newRow("asctime") << QByteArrayLiteral("Wed Oct 21 07:28:00 2015") << date2015 - 30000
                             << true << qint64(30);
    QTest::newRow("asctime with space-padded day")
        << QByteArrayLiteral("Thu Oct  1 07:28:00 2015") << utcMs(2015, 10, 1, 7, 27, 0) << true
        << qint64(60);
    QTest::newRow("RFC 850 in the past") << QByteArrayLiteral("Wednesday, 21-Oct-15 07:28:00 GMT")
                                         << date2015 + 10000 << true << qint64(0);
    // A two-digit year names this century: 21-Oct-15 is 2015, 1 minute ahead of now.
    QTest::newRow("RFC 850 two-digit year is 20xx")
        << QByteArrayLiteral("Wednesday, 21-Oct-15 07:28:00 GMT") << date2015 - 60000 << true
        << qint64(60);
    QTest::newRow("RFC 850 future date") << QByteArrayLiteral("Monday, 21-Oct-30 07:28:00 GMT")
                                         << utcMs(2030, 10, 21, 7, 26, 30) << true << qint64(90);
    QTest::newRow("date without time is unreadable")
        << QByteArrayLiteral("Wed, 21 Oct 2015") << date2015 << false << qint64(0);
    QTest::newRow("month name garbage")
        << QByteArrayLiteral("Wed, 21 Foo 2015 07:28:00 GMT") << date2015 << false << qint64(0);
}

void TestRetryAfter::parse()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, nowMs);
    QFETCH(bool, valid);
    QFETCH(qint64, seconds);

    const std::optional<qint64> result = parseRetryAfterSeconds(value, nowMs);
    QCOMPARE(result.has_value(), valid);
    if (valid)
        QCOMPARE(*result, seconds);
}

void TestRetryAfter::dateIndependentOfLocalTimeZone_data()
{
    QTest::addColumn<QByteArray>("tz");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("nowMs");
    QTest::addColumn<qint64>("seconds");

    QTest::newRow("Berlin, ordinary time")
        << QByteArrayLiteral("Europe/Berlin") << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:00 GMT")
        << utcMs(2015, 10, 21, 7, 27, 0) << qint64(60);
    QTest::newRow("Shanghai") << QByteArrayLiteral("Asia/Shanghai")
                              << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:00 GMT")
                              << utcMs(2015, 10, 21, 7, 27, 0) << qint64(60);
    // 02:30 does not exist in Berlin local time on 31 March 2024 (clocks jump 02:00 -> 03:00),
    // but it is a perfectly good GMT time.
    QTest::newRow("Berlin, GMT time inside the local DST gap")
        << QByteArrayLiteral("Europe/Berlin") << QByteArrayLiteral("Sun, 31 Mar 2024 02:30:00 GMT")
        << utcMs(2024, 3, 31, 2, 29, 0) << qint64(60);
}

void TestRetryAfter::dateIndependentOfLocalTimeZone()
{
    QFETCH(QByteArray, tz);
    QFETCH(QByteArray, value);
    QFETCH(qint64, nowMs);
    QFETCH(qint64, seconds);

    const QByteArray oldTz = qgetenv("TZ");
    const bool hadTz = qEnvironmentVariableIsSet("TZ");
    qputenv("TZ", tz);
    tzset();
    const std::optional<qint64> result = parseRetryAfterSeconds(value, nowMs);
    if (hadTz)
        qputenv("TZ", oldTz);
    else
        qunsetenv("TZ");
    tzset();

    QVERIFY(result.has_value());
    QCOMPARE(*result, seconds);
}

QTEST_GUILESS_MAIN(TestRetryAfter)
#include "tst_retryafter.moc"
