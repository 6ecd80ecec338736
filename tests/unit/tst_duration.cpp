// Cooldown durations as users type them ("90s", "1mo", "forever") and as the gateway shows them.
#include "routing/duration.h"

#include <QtTest>

using namespace clawgate;

class TestDuration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void longestCooldown_data();
    void longestCooldown();
    void format_data();
    void format();
    void formatRoundTripsWholeUnits_data();
    void formatRoundTripsWholeUnits();
};

void TestDuration::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("unlimited");
    QTest::addColumn<qint64>("seconds");

    QTest::newRow("seconds") << QStringLiteral("90s") << false << qint64(90);
    QTest::newRow("minutes") << QStringLiteral("15m") << false << qint64(15 * 60);
    QTest::newRow("hour") << QStringLiteral("1h") << false << qint64(3600);
    QTest::newRow("day") << QStringLiteral("1d") << false << qint64(86400);
    QTest::newRow("week") << QStringLiteral("1w") << false << qint64(7 * 86400);
    QTest::newRow("month is 30 days") << QStringLiteral("1mo") << false << qint64(30 * 86400);
    QTest::newRow("several months") << QStringLiteral("3mo") << false << qint64(90 * 86400);
    QTest::newRow("upper-case unit") << QStringLiteral("2H") << false << qint64(7200);
    QTest::newRow("surrounding whitespace") << QStringLiteral("  45s \t") << false << qint64(45);
    QTest::newRow("forever") << QStringLiteral("forever") << true << qint64(0);
    QTest::newRow("FOREVER upper-case") << QStringLiteral("FOREVER") << true << qint64(0);
    QTest::newRow("nine digits") << QStringLiteral("999999999s") << false << qint64(999999999);
}

void TestDuration::longestCooldown_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("tooLong");
    QTest::newRow("ten years in days is allowed") << QStringLiteral("3650d") << false;
    QTest::newRow("one day more is too long") << QStringLiteral("3651d") << true;
    QTest::newRow("most months the syntax allows is too long")
        << QStringLiteral("999999999mo") << true;
    QTest::newRow("forever has no end to be too long") << QStringLiteral("forever") << false;
}

void TestDuration::longestCooldown()
{
    QFETCH(QString, text);
    QFETCH(bool, tooLong);
    const std::optional<Duration> d = parseDuration(text);
    QVERIFY(d);
    QVERIFY(d->seconds >= 0); // no overflow on the way
    QCOMPARE(isTooLongForCooldown(*d), tooLong);
}

void TestDuration::parseValid()
{
    QFETCH(QString, text);
    QFETCH(bool, unlimited);
    QFETCH(qint64, seconds);

    const std::optional<Duration> d = parseDuration(text);
    QVERIFY2(d.has_value(), qPrintable(text));
    QCOMPARE(d->unlimited, unlimited);
    QCOMPARE(d->seconds, seconds);
}

void TestDuration::parseInvalid_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("zero is not a cooldown") << QStringLiteral("0h");
    QTest::newRow("zero seconds") << QStringLiteral("0s");
    QTest::newRow("years are not a unit") << QStringLiteral("1y");
    QTest::newRow("empty") << QString();
    QTest::newRow("only spaces") << QStringLiteral("   ");
    QTest::newRow("negative") << QStringLiteral("-1h");
    QTest::newRow("fraction") << QStringLiteral("1.5h");
    QTest::newRow("unit without number") << QStringLiteral("h");
    QTest::newRow("number without unit") << QStringLiteral("90");
    QTest::newRow("space between number and unit") << QStringLiteral("1 h");
    QTest::newRow("two units") << QStringLiteral("1h30m");
    QTest::newRow("ten digits overflow guard") << QStringLiteral("1234567890s");
    QTest::newRow("word") << QStringLiteral("never");
}

void TestDuration::parseInvalid()
{
    QFETCH(QString, text);
    const std::optional<Duration> d = parseDuration(text);
    QVERIFY2(!d.has_value(), qPrintable(QStringLiteral("accepted \"%1\"").arg(text)));
}

void TestDuration::format_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("expected");

    QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
    QTest::newRow("seconds only") << qint64(42) << QStringLiteral("42s");
    QTest::newRow("one minute") << qint64(60) << QStringLiteral("1m");
    QTest::newRow("minute and seconds") << qint64(90) << QStringLiteral("1m 30s");
    QTest::newRow("one hour") << qint64(3600) << QStringLiteral("1h");
    QTest::newRow("hour and minutes") << qint64(3900) << QStringLiteral("1h 5m");
    QTest::newRow("hours hide seconds") << qint64(3661) << QStringLiteral("1h 1m");
    QTest::newRow("one day") << qint64(86400) << QStringLiteral("1d");
    QTest::newRow("day and hour") << qint64(90000) << QStringLiteral("1d 1h");
    QTest::newRow("days hide minutes") << qint64(86400 + 3600 + 120) << QStringLiteral("1d 1h");
    QTest::newRow("days hide seconds") << qint64(86400 + 5) << QStringLiteral("1d");
    QTest::newRow("week in days") << qint64(7 * 86400) << QStringLiteral("7d");
    QTest::newRow("month in days") << qint64(30 * 86400) << QStringLiteral("30d");
}

void TestDuration::format()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, expected);
    QCOMPARE(formatSeconds(seconds), expected);
}

void TestDuration::formatRoundTripsWholeUnits_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("90s") << QStringLiteral("90s");
    QTest::newRow("15m") << QStringLiteral("15m");
    QTest::newRow("2h") << QStringLiteral("2h");
    QTest::newRow("3d") << QStringLiteral("3d");
}

void TestDuration::formatRoundTripsWholeUnits()
{
    // What formatSeconds shows for a parsed duration parses back to the same number of seconds
    // (formatted parts are joined by spaces, so parse each part and add them up).
    QFETCH(QString, text);
    const std::optional<Duration> d = parseDuration(text);
    QVERIFY(d);
    qint64 total = 0;
    const QStringList parts = formatSeconds(d->seconds).split(QLatin1Char(' '));
    for (const QString &part : parts) {
        const std::optional<Duration> p = parseDuration(part);
        QVERIFY2(p, qPrintable(part));
        total += p->seconds;
    }
    QCOMPARE(total, d->seconds);
}

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
