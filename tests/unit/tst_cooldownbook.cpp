// CooldownBook: automatic cooldowns for 429s and failures, manual ones, expiry and persistence.
// Time is a FakeClock moved by hand; only the expiry-timer test uses a (one second) real wait.
#include "routing/clock.h"
#include "routing/cooldownbook.h"
#include "routing/duration.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace clawgate;

namespace {

class FakeClock final : public Clock
{
public:
    explicit FakeClock(qint64 startMs)
        : m_now(startMs)
    {
    }
    qint64 nowMs() const override { return m_now; }
    void advanceSeconds(qint64 s) { m_now += s * 1000; }
    void advanceMs(qint64 ms) { m_now += ms; }

private:
    qint64 m_now;
};

// 2024-05-01T12:00:00Z
constexpr qint64 kStart = 1714564800000LL;

const QString kA = QStringLiteral("doubao:seed-1");
const QString kB = QStringLiteral("openai:gpt-4o-mini");
const QString kC = QStringLiteral("juzhi:kimi");

CooldownPolicy policy(int rateLimit = 3600, int base = 30, int max = 3600)
{
    CooldownPolicy p;
    p.rateLimitSeconds = rateLimit;
    p.failureBaseSeconds = base;
    p.failureMaxSeconds = max;
    return p;
}

} // namespace

Q_DECLARE_METATYPE(std::optional<qint64>)

class TestCooldownBook : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void reasonNames_data();
    void reasonNames();

    void rateLimit_data();
    void rateLimit();
    void rateLimitNeverShortensCooldown();
    void rateLimitKeepsForever();

    void failureBacksOffExponentially_data();
    void failureBacksOffExponentially();
    void failureWhileCoolingDoesNotDoubleAgain();
    void successAfterExpiryResetsCount();
    void successNeverLiftsActiveCooldown();
    void successWhileCoolingResetsCount();
    void successForUnknownBackendIsQuiet();

    void expiryByMovingTheClock();
    void activeCooldownsSoonestFirst();
    void expiryTimerEmitsChanged();

    void manual_data();
    void manual();
    void clear();

    void automaticCooldownsStopAtSevenDays_data();
    void automaticCooldownsStopAtSevenDays();
    void manualCooldownNeverOverflows();
    void farFutureFileIsBrought_data();
    void farFutureFileIsBrought();

    void persistenceRoundTrip();
    void pendingSaveWrittenOnDestruction();
    void burstOfFailuresIsWrittenAtMostOnceASecond();
    void missingFileLoadsEmpty();
    void corruptFile_data();
    void corruptFile();
    void corruptFileReplacesAnOlderCorruptCopy();

    void toJsonCooling();
    void toJsonForever();
    void toJsonExpired();
};

void TestCooldownBook::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestCooldownBook::reasonNames_data()
{
    QTest::addColumn<int>("reason");
    QTest::addColumn<QString>("name");
    QTest::newRow("rate limited") << int(CooldownReason::RateLimited) << QStringLiteral("429");
    QTest::newRow("server error") << int(CooldownReason::ServerError) << QStringLiteral("5xx");
    QTest::newRow("timeout") << int(CooldownReason::Timeout) << QStringLiteral("timeout");
    QTest::newRow("connect") << int(CooldownReason::ConnectFailed) << QStringLiteral("connect");
    QTest::newRow("stream") << int(CooldownReason::StreamFailed) << QStringLiteral("stream");
    QTest::newRow("auth") << int(CooldownReason::AuthFailed) << QStringLiteral("auth");
    QTest::newRow("manual") << int(CooldownReason::Manual) << QStringLiteral("manual");
}

void TestCooldownBook::reasonNames()
{
    QFETCH(int, reason);
    QFETCH(QString, name);
    QCOMPARE(cooldownReasonName(CooldownReason(reason)), name);
    const std::optional<CooldownReason> back = cooldownReasonFromName(name);
    QVERIFY(back);
    QCOMPARE(int(*back), reason);
    QVERIFY(!cooldownReasonFromName(name + QLatin1Char('x')));
}

void TestCooldownBook::rateLimit_data()
{
    QTest::addColumn<std::optional<qint64>>("retryAfter");
    QTest::addColumn<int>("policySeconds");
    QTest::addColumn<qint64>("expectedSeconds");

    QTest::newRow("Retry-After used") << std::optional<qint64>(120) << 3600 << qint64(120);
    QTest::newRow("Retry-After longer than default")
        << std::optional<qint64>(7200) << 3600 << qint64(7200);
    QTest::newRow("no Retry-After: policy default")
        << std::optional<qint64>() << 3600 << qint64(3600);
    QTest::newRow("no Retry-After: configured default")
        << std::optional<qint64>() << 1800 << qint64(1800);
}

void TestCooldownBook::rateLimit()
{
    QFETCH(std::optional<qint64>, retryAfter);
    QFETCH(int, policySeconds);
    QFETCH(qint64, expectedSeconds);

    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    QSignalSpy changed(&book, &CooldownBook::changed);

    const CooldownState s
        = book.recordRateLimit(kA, retryAfter, policy(policySeconds), QStringLiteral("HTTP 429"));
    QCOMPARE(s.backendId, kA);
    QCOMPARE(s.untilMs, kStart + expectedSeconds * 1000);
    QCOMPARE(s.reason, CooldownReason::RateLimited);
    QCOMPARE(s.detail, QStringLiteral("HTTP 429"));
    QCOMPARE(changed.count(), 1);
    QVERIFY(book.isCooling(kA));
    QVERIFY(!book.isCooling(kB));

    clock.advanceMs(expectedSeconds * 1000 - 1);
    QVERIFY(book.isCooling(kA));
    clock.advanceMs(1);
    QVERIFY(!book.isCooling(kA));
}

void TestCooldownBook::rateLimitNeverShortensCooldown()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.recordRateLimit(kA, 600, policy(), QStringLiteral("HTTP 429"));
    const CooldownState s = book.recordRateLimit(kA, 10, policy(), QStringLiteral("HTTP 429"));
    QCOMPARE(s.untilMs, kStart + 600 * 1000);
    QCOMPARE(book.state(kA)->untilMs, kStart + 600 * 1000);
}

void TestCooldownBook::rateLimitKeepsForever()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.setManual(kA, std::nullopt);
    book.recordRateLimit(kA, 60, policy(), QStringLiteral("HTTP 429"));
    QCOMPARE(book.state(kA)->untilMs, CooldownState::kForever);
    clock.advanceSeconds(3600);
    QVERIFY(book.isCooling(kA));
}

void TestCooldownBook::failureBacksOffExponentially_data()
{
    QTest::addColumn<int>("base");
    QTest::addColumn<int>("max");
    QTest::addColumn<QList<qint64>>("expected");

    QTest::newRow("defaults double to the cap")
        << 30 << 3600 << QList<qint64> {30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600};
    QTest::newRow("small cap") << 30 << 100 << QList<qint64> {30, 60, 100, 100};
    QTest::newRow("cap equals base") << 45 << 45 << QList<qint64> {45, 45, 45};
}

void TestCooldownBook::failureBacksOffExponentially()
{
    QFETCH(int, base);
    QFETCH(int, max);
    QFETCH(QList<qint64>, expected);

    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    const CooldownPolicy p = policy(3600, base, max);
    for (int i = 0; i < expected.size(); ++i) {
        const qint64 now = clock.nowMs();
        const CooldownState s
            = book.recordFailure(kA, CooldownReason::ServerError, p, QStringLiteral("HTTP 503"));
        QCOMPARE(s.untilMs - now, expected.at(i) * 1000);
        QCOMPARE(s.consecutiveFailures, i + 1);
        QCOMPARE(s.reason, CooldownReason::ServerError);
        // Let the cooldown run out: the next failure is the next in the series.
        clock.advanceSeconds(expected.at(i));
        QVERIFY(!book.isCooling(kA));
    }
}

void TestCooldownBook::failureWhileCoolingDoesNotDoubleAgain()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.recordFailure(kA, CooldownReason::Timeout, policy(), QStringLiteral("first byte timeout"));
    QSignalSpy changed(&book, &CooldownBook::changed);
    clock.advanceSeconds(10);
    const CooldownState s
        = book.recordFailure(kA, CooldownReason::ServerError, policy(), QStringLiteral("HTTP 500"));
    QCOMPARE(s.untilMs, kStart + 30 * 1000);
    QCOMPARE(s.consecutiveFailures, 1);
    QCOMPARE(s.reason, CooldownReason::Timeout);
    QCOMPARE(s.detail, QStringLiteral("first byte timeout"));
    QCOMPARE(changed.count(), 0);

    // After it ends, the next failure doubles once.
    clock.advanceSeconds(20);
    const CooldownState next
        = book.recordFailure(kA, CooldownReason::ServerError, policy(), QStringLiteral("HTTP 500"));
    QCOMPARE(next.untilMs - clock.nowMs(), qint64(60 * 1000));
    QCOMPARE(next.consecutiveFailures, 2);
}

void TestCooldownBook::successAfterExpiryResetsCount()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.recordFailure(kA, CooldownReason::ServerError, policy(), QString());
    clock.advanceSeconds(30);
    book.recordFailure(kA, CooldownReason::ServerError, policy(), QString());
    QCOMPARE(book.state(kA)->consecutiveFailures, 2);
    clock.advanceSeconds(60);

    QSignalSpy changed(&book, &CooldownBook::changed);
    book.recordSuccess(kA);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!book.state(kA)); // nothing left to remember

    const CooldownState s
        = book.recordFailure(kA, CooldownReason::ServerError, policy(), QString());
    QCOMPARE(s.consecutiveFailures, 1);
    QCOMPARE(s.untilMs - clock.nowMs(), qint64(30 * 1000));
}

void TestCooldownBook::successNeverLiftsActiveCooldown()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.recordFailure(kA, CooldownReason::ServerError, policy(), QString());
    book.setManual(kB, 3600);
    book.recordRateLimit(kC, 300, policy(), QString());

    book.recordSuccess(kA);
    book.recordSuccess(kB);
    book.recordSuccess(kC);
    QVERIFY(book.isCooling(kA));
    QVERIFY(book.isCooling(kB));
    QVERIFY(book.isCooling(kC));
    QCOMPARE(book.state(kA)->untilMs, kStart + 30 * 1000);
    QCOMPARE(book.state(kB)->untilMs, kStart + 3600 * 1000);
    QCOMPARE(book.activeCooldowns().size(), 3);
}

void TestCooldownBook::successWhileCoolingResetsCount()
{
    // A request that was in flight when the backend failed (or one tried because every backend
    // was cooling, whenAllCooling "tryEarliest") succeeds: the backend works, so the failures are
    // no longer consecutive. The cooldown stays, but the next failure after it must start the
    // series again at failureBaseSeconds rather than doubling.
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.recordFailure(kA, CooldownReason::ServerError, policy(), QString());
    clock.advanceSeconds(5);
    book.recordSuccess(kA);
    QVERIFY(book.isCooling(kA));
    QCOMPARE(book.state(kA)->untilMs, kStart + 30 * 1000);
    QCOMPARE(book.state(kA)->consecutiveFailures, 0);

    clock.advanceSeconds(25);
    const CooldownState s
        = book.recordFailure(kA, CooldownReason::ServerError, policy(), QString());
    QCOMPARE(s.untilMs - clock.nowMs(), qint64(30 * 1000));
}

void TestCooldownBook::successForUnknownBackendIsQuiet()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    QSignalSpy changed(&book, &CooldownBook::changed);
    book.recordSuccess(kA);
    QCOMPARE(changed.count(), 0);
    QVERIFY(!book.state(kA));
}

void TestCooldownBook::expiryByMovingTheClock()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.setManual(kA, 60);
    QVERIFY(book.isCooling(kA));
    QCOMPARE(book.activeCooldowns().size(), 1);
    QCOMPARE(book.activeCooldowns().first().backendId, kA);

    clock.advanceSeconds(59);
    QVERIFY(book.isCooling(kA));
    clock.advanceSeconds(1);
    QVERIFY(!book.isCooling(kA));
    QVERIFY(book.activeCooldowns().isEmpty());
    // The state is still known (reason, count) but no longer counts.
    QVERIFY(book.state(kA));
    QVERIFY(!book.state(kA)->isCooling(clock.nowMs()));
}

void TestCooldownBook::activeCooldownsSoonestFirst()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.setManual(kA, std::nullopt);
    book.setManual(kB, 600);
    book.recordFailure(kC, CooldownReason::ConnectFailed, policy(), QString());
    book.setManual(QStringLiteral("p:expired"), 1);
    clock.advanceSeconds(1);

    const QList<CooldownState> active = book.activeCooldowns();
    QCOMPARE(active.size(), 3);
    QCOMPARE(active.at(0).backendId, kC);
    QCOMPARE(active.at(1).backendId, kB);
    QCOMPARE(active.at(2).backendId, kA);
}

void TestCooldownBook::expiryTimerEmitsChanged()
{
    // Live views learn about an expiry without polling: the book's own timer emits changed().
    // The timer may fire a little early (a coarse QTimer allows 5 %), re-arms and fires again, so
    // wait for emissions until one sees the cooldown over; there must be one, within the bound.
    CooldownBook book(QString(), SystemClock::instance());
    book.setManual(kA, 1);
    QVERIFY(book.isCooling(kA));
    QList<bool> coolingAtEmission;
    connect(&book, &CooldownBook::changed, this,
            [&book, &coolingAtEmission] { coolingAtEmission.append(book.isCooling(kA)); });
    QSignalSpy changed(&book, &CooldownBook::changed);
    QElapsedTimer elapsed;
    elapsed.start();
    while (coolingAtEmission.isEmpty() || coolingAtEmission.last()) {
        QVERIFY2(elapsed.elapsed() < 5000, "no changed() after the cooldown ended");
        QVERIFY(changed.wait(5000));
    }
    QVERIFY(!book.isCooling(kA));
    QVERIFY(book.activeCooldowns().isEmpty());
    QVERIFY(coolingAtEmission.size() <= 5); // a few early wake-ups at most, no busy loop
}

void TestCooldownBook::manual_data()
{
    QTest::addColumn<std::optional<qint64>>("seconds");
    QTest::addColumn<qint64>("expectedUntil");

    QTest::newRow("one hour") << std::optional<qint64>(3600) << kStart + 3600 * 1000;
    QTest::newRow("one month") << std::optional<qint64>(30LL * 86400)
                               << kStart + 30LL * 86400 * 1000;
    QTest::newRow("forever") << std::optional<qint64>() << CooldownState::kForever;
}

void TestCooldownBook::manual()
{
    QFETCH(std::optional<qint64>, seconds);
    QFETCH(qint64, expectedUntil);

    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.recordFailure(kA, CooldownReason::ServerError, policy(), QStringLiteral("HTTP 502"));
    QSignalSpy changed(&book, &CooldownBook::changed);
    book.setManual(kA, seconds);
    QCOMPARE(changed.count(), 1);
    const std::optional<CooldownState> s = book.state(kA);
    QVERIFY(s);
    QCOMPARE(s->untilMs, expectedUntil);
    QCOMPARE(s->reason, CooldownReason::Manual);
    QVERIFY(book.isCooling(kA));

    clock.advanceSeconds(seconds.value_or(0) - 1);
    QVERIFY(book.isCooling(kA));
    clock.advanceSeconds(1);
    QCOMPARE(book.isCooling(kA), !seconds.has_value());
    clock.advanceSeconds(10LL * 366 * 86400);
    QCOMPARE(book.isCooling(kA), !seconds.has_value());
}

void TestCooldownBook::clear()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.setManual(kA, std::nullopt);
    book.recordFailure(kB, CooldownReason::ServerError, policy(), QString());
    QSignalSpy changed(&book, &CooldownBook::changed);

    QVERIFY(book.clear(kA));
    QCOMPARE(changed.count(), 1);
    QVERIFY(!book.isCooling(kA));
    QVERIFY(!book.state(kA));
    QVERIFY(book.isCooling(kB));
    QCOMPARE(book.activeCooldowns().size(), 1);

    QVERIFY(!book.clear(kA));
    QVERIFY(!book.clear(QStringLiteral("never:seen")));
    QCOMPARE(changed.count(), 1);

    // A cleared failure series starts over.
    QVERIFY(book.clear(kB));
    const CooldownState s
        = book.recordFailure(kB, CooldownReason::ServerError, policy(), QString());
    QCOMPARE(s.consecutiveFailures, 1);
}

void TestCooldownBook::automaticCooldownsStopAtSevenDays_data()
{
    QTest::addColumn<bool>("rateLimit"); // else a failure
    QTest::addColumn<std::optional<qint64>>("retryAfter");
    QTest::addColumn<int>("policySeconds");

    const int year = 366 * 86400;
    QTest::newRow("largest Retry-After a number can hold")
        << true << std::optional<qint64>(std::numeric_limits<qint64>::max()) << 3600;
    QTest::newRow("Retry-After of a year") << true << std::optional<qint64>(year) << 3600;
    QTest::newRow("configured rate-limit pause of a year")
        << true << std::optional<qint64>() << year;
    QTest::newRow("failure backoff capped at a year") << false << std::optional<qint64>() << year;
}

void TestCooldownBook::automaticCooldownsStopAtSevenDays()
{
    QFETCH(bool, rateLimit);
    QFETCH(std::optional<qint64>, retryAfter);
    QFETCH(int, policySeconds);
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    CooldownState s;
    if (rateLimit) {
        s = book.recordRateLimit(kA, retryAfter, policy(policySeconds), QStringLiteral("HTTP 429"));
    } else {
        // The base doubles with every failure; from the 20th on it is far beyond any cap.
        for (int i = 0; i < 40; ++i) {
            clock.advanceMs(std::max<qint64>(s.untilMs - clock.nowMs(), 0));
            s = book.recordFailure(kA, CooldownReason::ServerError,
                                   policy(3600, policySeconds, policySeconds), QString());
        }
    }
    QCOMPARE(s.untilMs - clock.nowMs(), kMaxAutomaticCooldownSeconds * 1000);
    clock.advanceSeconds(kMaxAutomaticCooldownSeconds);
    QVERIFY(!book.isCooling(kA));
}

void TestCooldownBook::manualCooldownNeverOverflows()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.setManual(kA, std::numeric_limits<qint64>::max());
    const CooldownState s = *book.state(kA);
    QCOMPARE(s.untilMs, kStart + kMaxManualCooldownSeconds * 1000);
    QVERIFY(book.isCooling(kA));
}

void TestCooldownBook::farFutureFileIsBrought_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<qint64>("limitSeconds");
    QTest::newRow("automatic cooldown to 7 days")
        << QStringLiteral("429") << kMaxAutomaticCooldownSeconds;
    QTest::newRow("manual cooldown to 10 years")
        << QStringLiteral("manual") << kMaxManualCooldownSeconds;
}

void TestCooldownBook::farFutureFileIsBrought()
{
    // A file from before the limits, or edited by hand, reaching thousands of years ahead.
    QFETCH(QString, reason);
    QFETCH(qint64, limitSeconds);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cooldowns.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("{\"version\":1,\"backends\":{\"%1\":{\"untilMs\":1e300,"
                           "\"reason\":\"%2\"}}}")
                .arg(kA, reason)
                .toUtf8());
    f.close();
    FakeClock clock(kStart);
    CooldownBook book(path, &clock);
    QVERIFY(book.load());
    QCOMPARE(book.state(kA)->untilMs, kStart + limitSeconds * 1000);
}

void TestCooldownBook::persistenceRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("cooldowns.json"));
    FakeClock clock(kStart);
    {
        CooldownBook book(path, &clock);
        book.setManual(kA, std::nullopt);
        book.recordFailure(kB, CooldownReason::Timeout, policy(),
                           QStringLiteral("no first byte in 300 s"));
        book.recordFailure(kB, CooldownReason::Timeout, policy(),
                           QString()); // while cooling: ignored
        book.recordRateLimit(kC, 7200, policy(), QStringLiteral("HTTP 429"));
        QString error;
        QVERIFY2(book.saveNow(&error), qPrintable(error));
    }
    QVERIFY(QFile::exists(path));

    CooldownBook loaded(path, &clock);
    QSignalSpy changed(&loaded, &CooldownBook::changed);
    QString error;
    QVERIFY2(loaded.load(&error), qPrintable(error));
    QCOMPARE(changed.count(), 1);

    const std::optional<CooldownState> a = loaded.state(kA);
    QVERIFY(a);
    QCOMPARE(a->untilMs, CooldownState::kForever);
    QCOMPARE(a->reason, CooldownReason::Manual);

    const std::optional<CooldownState> b = loaded.state(kB);
    QVERIFY(b);
    QCOMPARE(b->untilMs, kStart + 30 * 1000);
    QCOMPARE(b->reason, CooldownReason::Timeout);
    QCOMPARE(b->detail, QStringLiteral("no first byte in 300 s"));
    QCOMPARE(b->consecutiveFailures, 1);

    const std::optional<CooldownState> c = loaded.state(kC);
    QVERIFY(c);
    QCOMPARE(c->untilMs, kStart + 7200 * 1000);
    QCOMPARE(c->reason, CooldownReason::RateLimited);
    QCOMPARE(c->detail, QStringLiteral("HTTP 429"));

    QCOMPARE(loaded.activeCooldowns().size(), 3);
    clock.advanceSeconds(10LL * 366 * 86400);
    QCOMPARE(loaded.activeCooldowns().size(), 1);
    QVERIFY(loaded.isCooling(kA)); // forever stays forever

    // The failure count survives too: the next failure after expiry doubles.
    const CooldownState next
        = loaded.recordFailure(kB, CooldownReason::Timeout, policy(), QString());
    QCOMPARE(next.consecutiveFailures, 2);
    QCOMPARE(next.untilMs - clock.nowMs(), qint64(60 * 1000));
}

void TestCooldownBook::pendingSaveWrittenOnDestruction()
{
    // Changes are saved by a coalescing timer; a book destroyed before it fires still saves.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("cooldowns.json"));
    FakeClock clock(kStart);
    {
        CooldownBook book(path, &clock);
        book.setManual(kA, 600);
    }
    CooldownBook loaded(path, &clock);
    QVERIFY(loaded.load());
    QVERIFY(loaded.isCooling(kA));
    QCOMPARE(loaded.state(kA)->untilMs, kStart + 600 * 1000);
}

void TestCooldownBook::burstOfFailuresIsWrittenAtMostOnceASecond()
{
    // Many streams failing one after another: spread over more than a second, so that a book
    // writing after every change, or after a short pause, writes many times.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cooldowns.json"));
    FakeClock clock(kStart);
    CooldownBook book(path, &clock);
    QElapsedTimer elapsed;
    elapsed.start();
    for (int i = 0; i < 100; ++i) {
        book.recordFailure(QStringLiteral("p:m%1").arg(i), CooldownReason::ServerError, policy(),
                           QStringLiteral("HTTP 503"));
        QTest::qWait(15);
    }
    QTRY_VERIFY(book.savesWritten() >= 1); // the last change is written without a saveNow()
    const qint64 windows = elapsed.elapsed() / 1000; // the promise: at most one write a second
    QVERIFY2(
        book.savesWritten() <= windows + 2,
        qPrintable(
            QStringLiteral("%1 writes in %2 ms").arg(book.savesWritten()).arg(elapsed.elapsed())));
    QTRY_VERIFY(QFile(path).size() > 0);
    CooldownBook loaded(path, &clock);
    QVERIFY(loaded.load());
    QTRY_COMPARE(QJsonDocument::fromJson([&] {
                     QFile file(path);
                     return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
                 }())
                     .object()
                     .value(QLatin1String("backends"))
                     .toObject()
                     .size(),
                 100);
}

void TestCooldownBook::missingFileLoadsEmpty()
{
    QTemporaryDir dir;
    FakeClock clock(kStart);
    CooldownBook book(dir.filePath(QStringLiteral("absent.json")), &clock);
    QString error;
    QVERIFY(book.load(&error));
    QVERIFY(error.isEmpty());
    QVERIFY(book.activeCooldowns().isEmpty());
}

void TestCooldownBook::corruptFile_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::newRow("truncated JSON")
        << QByteArrayLiteral("{\"version\":1,\"backends\":{\"a:b\":{\"untilMs\":");
    QTest::newRow("not JSON at all") << QByteArrayLiteral("\x00\x01garbage");
    QTest::newRow("JSON array instead of object") << QByteArrayLiteral("[1,2,3]");
    QTest::newRow("empty file") << QByteArray();
}

void TestCooldownBook::corruptFile()
{
    QFETCH(QByteArray, contents);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cooldowns.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(contents);
    f.close();

    FakeClock clock(kStart);
    CooldownBook book(path, &clock);
    book.setManual(kA, 60); // a corrupt file must not wipe what the book already knows
    const QString aside = path + QStringLiteral(".corrupt");
    // One warning that names both files.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QRegularExpression::escape(path) + QStringLiteral(".*")
                                            + QRegularExpression::escape(aside)));
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
    QString error;
    QVERIFY(book.load(&error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(book.isCooling(kA));
    QVERIFY(!QFile::exists(path));
    QFile kept(aside);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), contents);

    // The next save writes a good file; the damaged one stays for a person to look at.
    QVERIFY(book.saveNow());
    CooldownBook reloaded(path, &clock);
    QVERIFY(reloaded.load());
    QVERIFY(reloaded.isCooling(kA));
    QVERIFY(QFile::exists(aside));
}

void TestCooldownBook::corruptFileReplacesAnOlderCorruptCopy()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cooldowns.json"));
    const QString aside = path + QStringLiteral(".corrupt");
    for (const QByteArray &contents :
         {QByteArrayLiteral("older damage"), QByteArrayLiteral("new")}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(contents);
        f.close();
        FakeClock clock(kStart);
        CooldownBook book(path, &clock);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("corrupt")));
        QVERIFY(book.load());
    }
    QFile kept(aside);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArrayLiteral("new"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
}

void TestCooldownBook::toJsonCooling()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.recordFailure(kA, CooldownReason::ServerError, policy(), QStringLiteral("HTTP 503"));
    clock.advanceMs(10500);
    const QJsonObject o = book.state(kA)->toJson(clock.nowMs());
    QCOMPARE(o.value(QLatin1String("backend")).toString(), kA);
    QCOMPARE(o.value(QLatin1String("cooling")).toBool(), true);
    QCOMPARE(o.value(QLatin1String("reason")).toString(), QStringLiteral("5xx"));
    QCOMPARE(o.value(QLatin1String("detail")).toString(), QStringLiteral("HTTP 503"));
    QCOMPARE(o.value(QLatin1String("consecutiveFailures")).toInt(), 1);
    QCOMPARE(o.value(QLatin1String("forever")).toBool(), false);
    QCOMPARE(o.value(QLatin1String("until")).toString(), QStringLiteral("2024-05-01T12:00:30Z"));
    QCOMPARE(o.value(QLatin1String("secondsLeft")).toInt(), 20); // 19.5 s rounds up
}

void TestCooldownBook::toJsonForever()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.setManual(kA, std::nullopt);
    const QJsonObject o = book.state(kA)->toJson(clock.nowMs());
    QCOMPARE(o.value(QLatin1String("cooling")).toBool(), true);
    QCOMPARE(o.value(QLatin1String("forever")).toBool(), true);
    QCOMPARE(o.value(QLatin1String("reason")).toString(), QStringLiteral("manual"));
    QVERIFY(!o.contains(QLatin1String("until")));
    QVERIFY(!o.contains(QLatin1String("secondsLeft")));
}

void TestCooldownBook::toJsonExpired()
{
    FakeClock clock(kStart);
    CooldownBook book(QString(), &clock);
    book.recordRateLimit(kA, 5, policy(), QStringLiteral("HTTP 429"));
    clock.advanceSeconds(6);
    const QJsonObject o = book.state(kA)->toJson(clock.nowMs());
    QCOMPARE(o.value(QLatin1String("cooling")).toBool(), false);
    QCOMPARE(o.value(QLatin1String("reason")).toString(), QStringLiteral("429"));
    QVERIFY(!o.contains(QLatin1String("until")));
    QVERIFY(!o.contains(QLatin1String("secondsLeft")));
}

QTEST_GUILESS_MAIN(TestCooldownBook)
#include "tst_cooldownbook.moc"
