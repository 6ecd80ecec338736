// Ordered failover and cooldowns, end to end: every failure that must move a request on to the
// next backend does so, puts the failed backend in the right cooldown, and later requests
// skip it until the cooldown ends by itself.
#include "gatewayfixture.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLocale>
#include <QTcpServer>
#include <QTest>

#include <cmath>

Q_DECLARE_METATYPE(MockBehavior)

class TestFailover : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void failsOverOnEveryTrigger_data();
    void failsOverOnEveryTrigger();
    void connectFailureFailsOver();
    void requestThatReachedTheUpstreamIsNeverSentAgain_data();
    void requestThatReachedTheUpstreamIsNeverSentAgain();
    void missingEndpointCoolsDownOnlyThatEndpoint();
    void clientHeadersOutsideTheAllowlistStayHere();
    void rateLimitCooldownFollowsRetryAfter_data();
    void rateLimitCooldownFollowsRetryAfter();
    void rateLimitWithoutRetryAfterUsesDefault();
    void coolingBackendIsSkipped();
    void failureBackoffDoubles();
    void cooldownExpiresByItself();
    void allFailedNamesEveryAttempt();
    void allRateLimitedAnswers429();
    void allCoolingAnswers503WithRetryAfter();
    void tryEarliestUsesTheFirstToReturn();
    void cooldownsSurviveARestart();
    void disabledBackendIsNeverTried();

private:
    void setUpTwoBackends(const QJsonObject &cooldown = {}, const QJsonObject &providerExtra = {});
    std::unique_ptr<GatewayFixture> m_fx;
};

void TestFailover::init()
{
    m_fx = std::make_unique<GatewayFixture>();
}

void TestFailover::cleanup()
{
    m_fx.reset();
}

void TestFailover::setUpTwoBackends(const QJsonObject &cooldown, const QJsonObject &providerExtra)
{
    m_fx->addProvider(QStringLiteral("a"), QStringLiteral("a"), providerExtra);
    m_fx->addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    if (!cooldown.isEmpty())
        m_fx->config().insert(QStringLiteral("cooldown"), cooldown);
    QVERIFY(m_fx->start());
}

void TestFailover::failsOverOnEveryTrigger_data()
{
    QTest::addColumn<MockBehavior>("failure");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QString>("reason");

    QTest::newRow("429") << MockBehavior::error(429) << false << QStringLiteral("429");
    QTest::newRow("500") << MockBehavior::error(500) << false << QStringLiteral("5xx");
    QTest::newRow("502 on a stream") << MockBehavior::error(502) << true << QStringLiteral("5xx");
    QTest::newRow("503") << MockBehavior::error(503) << false << QStringLiteral("5xx");
    QTest::newRow("402 out of credit at the upstream")
        << MockBehavior::error(402) << false << QStringLiteral("credit");
    QTest::newRow("401 at the upstream")
        << MockBehavior::error(401) << false << QStringLiteral("auth");
    QTest::newRow("403 at the upstream")
        << MockBehavior::error(403) << true << QStringLiteral("auth");
    MockBehavior reset;
    reset.resetBeforeHeaders = true; // after reading the whole request
    QTest::newRow("reset before headers") << reset << false << QStringLiteral("stream");
    MockBehavior slow;
    slow.headerDelayMs = 4000; // firstByteSeconds is 1 below
    QTest::newRow("timeout before first byte") << slow << false << QStringLiteral("timeout");
    MockBehavior stalled;
    stalled.stallBeforeHeaders = true;
    QTest::newRow("stalled stream") << stalled << true << QStringLiteral("timeout");
    MockBehavior firstEventError;
    firstEventError.chunks = {MockBehavior::sse(
        QByteArrayLiteral("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"))};
    QTest::newRow("stream whose first event is an error")
        << firstEventError << true << QStringLiteral("stream");
    MockBehavior emptyStream;
    emptyStream.stream = true;
    emptyStream.chunks = {MockChunk {QByteArrayLiteral(": keep-alive\n\n"), 0}};
    QTest::newRow("stream that ends before any event")
        << emptyStream << true << QStringLiteral("stream");
    MockBehavior truncated;
    truncated.lieContentLength = true;
    QTest::newRow("body shorter than its Content-Length")
        << truncated << false << QStringLiteral("stream");
}

void TestFailover::failsOverOnEveryTrigger()
{
    QFETCH(MockBehavior, failure);
    QFETCH(bool, stream);
    QFETCH(QString, reason);
    QJsonObject timeouts;
    timeouts.insert(QStringLiteral("firstByteSeconds"), 1);
    QJsonObject extra;
    extra.insert(QStringLiteral("timeouts"), timeouts);
    setUpTwoBackends({}, extra);
    m_fx->mock->setBehavior(QStringLiteral("a"), failure);

    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"), stream));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
    QCOMPARE(r.header("x-clawgate-attempts"), QByteArrayLiteral("2"));
    if (stream)
        QCOMPARE(r.sseDataLines().last(), QByteArrayLiteral("[DONE]"));
    else
        QVERIFY(r.body.contains("Hello from b"));
    QVERIFY(!r.body.contains("overloaded")); // nothing of the failed attempt leaked into the answer
    // Exactly once: every one of these may have reached the model, and each would be billed.
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), 1);

    const QJsonObject a = m_fx->backendHealth(QStringLiteral("a:ma"));
    QCOMPARE(a.value(QLatin1String("state")).toString(), QStringLiteral("cooling"));
    const QJsonObject cooldown = a.value(QLatin1String("cooldown")).toObject();
    QCOMPARE(cooldown.value(QLatin1String("reason")).toString(), reason);
    // A rejected key or an empty account says so in its own words, not as a server error.
    const QString detail = cooldown.value(QLatin1String("detail")).toString();
    if (reason == QLatin1String("auth"))
        QVERIFY2(detail.contains(QLatin1String("upstream rejected the key")), qPrintable(detail));
    if (reason == QLatin1String("credit"))
        QVERIFY2(detail.contains(QLatin1String("out of credit")), qPrintable(detail));
}

void TestFailover::connectFailureFailsOver()
{
    QTcpServer closed; // a port that was free a moment ago: nothing listens there
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 deadPort = closed.serverPort();
    closed.close();
    QJsonObject extra;
    extra.insert(QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:%1/v1").arg(deadPort));
    setUpTwoBackends({}, extra);
    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
    const QJsonObject cooldown
        = m_fx->backendHealth(QStringLiteral("a:ma")).value(QLatin1String("cooldown")).toObject();
    QCOMPARE(cooldown.value(QLatin1String("reason")).toString(), QStringLiteral("connect"));
    const double left = cooldown.value(QLatin1String("secondsLeft")).toDouble();
    QVERIFY2(left > 25 && left <= 30, qPrintable(QString::number(left))); // failureBaseSeconds
}

void TestFailover::requestThatReachedTheUpstreamIsNeverSentAgain_data()
{
    QTest::addColumn<bool>("reusedConnection");
    QTest::addColumn<bool>("stream");
    QTest::newRow("fresh connection") << false << false;
    QTest::newRow("fresh connection, stream") << false << true;
    // libcurl by itself sends a request again when a reused connection dies before any answer.
    QTest::newRow("reused connection") << true << false;
    QTest::newRow("reused connection, stream") << true << true;
}

// An upstream that read the whole request and then reset the connection may be running the
// model for it: it must see the request once, and the request moves on to the next backend.
void TestFailover::requestThatReachedTheUpstreamIsNeverSentAgain()
{
    QFETCH(bool, reusedConnection);
    QFETCH(bool, stream);
    setUpTwoBackends();
    int before = 0;
    if (reusedConnection) {
        QCOMPARE(m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).status, 200);
        before = m_fx->mock->requestCount(QStringLiteral("a"));
        QCOMPARE(before, 1);
    }
    MockBehavior reset;
    reset.resetBeforeHeaders = true;
    m_fx->mock->setBehavior(QStringLiteral("a"), reset);
    const int openBefore = m_fx->mock->openConnections();
    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"), stream));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), before + 1);
    if (reusedConnection)
        QVERIFY(openBefore >= 1); // the warm-up connection was there to be reused
    QCOMPARE(m_fx->backendHealth(QStringLiteral("a:ma"))
                 .value(QLatin1String("cooldown"))
                 .toObject()
                 .value(QLatin1String("reason"))
                 .toString(),
             QStringLiteral("stream"));
}

// A provider without /responses answers 404 there; its chat completions must keep working.
void TestFailover::missingEndpointCoolsDownOnlyThatEndpoint()
{
    setUpTwoBackends();
    m_fx->mock->enqueue(QStringLiteral("a"), MockBehavior::error(404));
    const QByteArray body = QByteArrayLiteral(R"({"model":"chat","input":"hi"})");
    TestResponse r = m_fx->post(QStringLiteral("/v1/responses"), body);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));

    const QJsonObject a = m_fx->backendHealth(QStringLiteral("a:ma"));
    QCOMPARE(a.value(QLatin1String("state")).toString(), QStringLiteral("ok"));
    const QJsonArray scoped = a.value(QLatin1String("endpointCooldowns")).toArray();
    QCOMPARE(scoped.size(), 1);
    const QJsonObject cooldown = scoped.first().toObject();
    QCOMPARE(cooldown.value(QLatin1String("endpoint")).toString(), QStringLiteral("/v1/responses"));
    QCOMPARE(cooldown.value(QLatin1String("reason")).toString(), QStringLiteral("endpoint"));

    r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("a:ma"));
    r = m_fx->post(QStringLiteral("/v1/responses"), body);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
    QCOMPARE(r.header("x-clawgate-attempts"), QByteArrayLiteral("1"));
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), 2); // the 404 and the chat

    // Kept across a restart like any cooldown, and still only for that endpoint.
    m_fx->stop();
    QVERIFY(m_fx->start());
    const QJsonObject after = m_fx->backendHealth(QStringLiteral("a:ma"));
    QCOMPARE(after.value(QLatin1String("state")).toString(), QStringLiteral("ok"));
    QVERIFY(!after.contains(QLatin1String("cooldown")));
    QCOMPARE(after.value(QLatin1String("endpointCooldowns"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("endpoint"))
                 .toString(),
             QStringLiteral("/v1/responses"));
}

// One client's headers must not make a backend fail for everyone (a stray OpenAI-Organization
// earns a 401 at most providers): only the documented allowlist travels upstream.
void TestFailover::clientHeadersOutsideTheAllowlistStayHere()
{
    setUpTwoBackends();
    TestHeaders headers = m_fx->auth();
    const TestHeaders sent = {
        {"OpenAI-Organization", "org-stray"},
        {"OpenAI-Project", "proj-stray"},
        {"X-Stainless-OS", "Linux"},
        {"Cookie", "session=1"},
        {"X-Custom", "anything"},
        {"User-Agent", "OpenAI/Python 1.50.0"},
        {"OpenAI-Beta", "assistants=v2"},
        {"Anthropic-Version", "2023-06-01"},
        {"Anthropic-Beta", "tools-2024-05-16"},
        {"Idempotency-Key", "idem-1"},
        {"Accept", "application/json"},
    };
    headers.append(sent);
    const TestResponse r = m_fx->post(QStringLiteral("/v1/chat/completions"),
                                      GatewayFixture::chatBody(QStringLiteral("chat")), headers);
    QCOMPARE(r.status, 200);
    const MockRequest seen = m_fx->mock->requests(QStringLiteral("a")).last();
    for (const QByteArray name :
         {"openai-organization", "openai-project", "x-stainless-os", "cookie", "x-custom"})
        QVERIFY2(seen.header(name).isEmpty(), name.constData());
    QCOMPARE(seen.header("user-agent"), QByteArrayLiteral("OpenAI/Python 1.50.0"));
    QCOMPARE(seen.header("openai-beta"), QByteArrayLiteral("assistants=v2"));
    QCOMPARE(seen.header("anthropic-version"), QByteArrayLiteral("2023-06-01"));
    QCOMPARE(seen.header("anthropic-beta"), QByteArrayLiteral("tools-2024-05-16"));
    QCOMPARE(seen.header("idempotency-key"), QByteArrayLiteral("idem-1"));
    QCOMPARE(seen.header("accept"), QByteArrayLiteral("application/json"));
    QCOMPARE(seen.header("content-type"), QByteArrayLiteral("application/json"));
    QVERIFY(!seen.header("authorization").contains(m_fx->key));
}

void TestFailover::rateLimitCooldownFollowsRetryAfter_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("expectedSeconds");
    QTest::newRow("delay-seconds") << QByteArrayLiteral("120") << 120;
    const QDateTime inTenMinutes = QDateTime::currentDateTimeUtc().addSecs(600);
    QTest::newRow("HTTP date") << QLocale::c()
                                      .toString(inTenMinutes,
                                                QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                                      .toLatin1()
                               << 600;
}

void TestFailover::rateLimitCooldownFollowsRetryAfter()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, expectedSeconds);
    setUpTwoBackends();
    m_fx->mock->enqueue(QStringLiteral("a"), MockBehavior::error(429, retryAfter));
    QCOMPARE(m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).status, 200);
    const QJsonObject cooldown
        = m_fx->backendHealth(QStringLiteral("a:ma")).value(QLatin1String("cooldown")).toObject();
    QCOMPARE(cooldown.value(QLatin1String("reason")).toString(), QStringLiteral("429"));
    const double left = cooldown.value(QLatin1String("secondsLeft")).toDouble();
    QVERIFY2(left > expectedSeconds - 5 && left <= expectedSeconds + 1,
             qPrintable(QString::number(left)));
}

void TestFailover::rateLimitWithoutRetryAfterUsesDefault()
{
    QJsonObject cooldown;
    cooldown.insert(QStringLiteral("rateLimitSeconds"), 777);
    setUpTwoBackends(cooldown);
    m_fx->mock->enqueue(QStringLiteral("a"), MockBehavior::error(429));
    QCOMPARE(m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).status, 200);
    const double left = m_fx->backendHealth(QStringLiteral("a:ma"))
                            .value(QLatin1String("cooldown"))
                            .toObject()
                            .value(QLatin1String("secondsLeft"))
                            .toDouble();
    QVERIFY2(left > 770 && left <= 777, qPrintable(QString::number(left)));
}

void TestFailover::coolingBackendIsSkipped()
{
    setUpTwoBackends();
    m_fx->mock->enqueue(QStringLiteral("a"), MockBehavior::error(503));
    QCOMPARE(m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).status, 200);
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), 1);
    for (int i = 0; i < 3; ++i) {
        const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
        QCOMPARE(r.header("x-clawgate-attempts"), QByteArrayLiteral("1"));
    }
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), 1);
}

void TestFailover::failureBackoffDoubles()
{
    QJsonObject cooldown;
    cooldown.insert(QStringLiteral("failureBaseSeconds"), 1);
    cooldown.insert(QStringLiteral("failureMaxSeconds"), 3600);
    setUpTwoBackends(cooldown);
    m_fx->mock->setBehavior(QStringLiteral("a"), MockBehavior::error(500));
    QCOMPARE(m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).status, 200);
    QCOMPARE(m_fx->backendHealth(QStringLiteral("a:ma"))
                 .value(QLatin1String("cooldown"))
                 .toObject()
                 .value(QLatin1String("consecutiveFailures"))
                 .toInt(),
             1);
    // After the 1 s cooldown ends, the next failure cools for 2 s.
    QTRY_COMPARE_WITH_TIMEOUT(
        m_fx->backendHealth(QStringLiteral("a:ma")).value(QLatin1String("state")).toString(),
        QStringLiteral("ok"), 5000);
    QElapsedTimer sinceRequest;
    sinceRequest.start();
    QCOMPARE(m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).status, 200);
    const QJsonObject second
        = m_fx->backendHealth(QStringLiteral("a:ma")).value(QLatin1String("cooldown")).toObject();
    const double elapsedMs = double(sinceRequest.elapsed());
    QCOMPARE(second.value(QLatin1String("consecutiveFailures")).toInt(), 2);
    // A 2 s cooldown set at most elapsedMs ago, in whole seconds rounded up: at most 2, and at
    // least what is left of 2 s after elapsedMs, however slow the machine is. A 1 s cooldown
    // fails the lower bound whenever request and read took under a second.
    const double left = second.value(QLatin1String("secondsLeft")).toDouble();
    QVERIFY2(left <= 2.0 && left >= std::ceil((2000.0 - elapsedMs) / 1000.0),
             qPrintable(QStringLiteral("%1 s left after %2 ms").arg(left).arg(elapsedMs)));
}

void TestFailover::cooldownExpiresByItself()
{
    setUpTwoBackends();
    m_fx->mock->enqueue(QStringLiteral("a"), MockBehavior::error(429, QByteArrayLiteral("1")));
    QCOMPARE(
        m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).header("x-clawgate-backend"),
        QByteArrayLiteral("b:mb"));
    QCOMPARE(m_fx->backendHealth(QStringLiteral("a:ma")).value(QLatin1String("state")).toString(),
             QStringLiteral("cooling"));
    QTRY_COMPARE_WITH_TIMEOUT(
        m_fx->backendHealth(QStringLiteral("a:ma")).value(QLatin1String("state")).toString(),
        QStringLiteral("ok"), 5000);
    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("a:ma"));
}

void TestFailover::allFailedNamesEveryAttempt()
{
    setUpTwoBackends();
    m_fx->mock->setBehavior(QStringLiteral("a"), MockBehavior::error(503));
    m_fx->mock->setBehavior(QStringLiteral("b"), MockBehavior::error(500));
    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 502);
    QCOMPARE(r.header("x-clawgate-attempts"), QByteArrayLiteral("2"));
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("none"));
    const QJsonObject error = r.json().value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("all_backends_failed"));
    const QString message = error.value(QLatin1String("message")).toString();
    QVERIFY2(message.contains(QLatin1String("a:ma (HTTP 503)"))
                 && message.contains(QLatin1String("b:mb (HTTP 500)")),
             qPrintable(message));
}

void TestFailover::allRateLimitedAnswers429()
{
    setUpTwoBackends();
    m_fx->mock->setBehavior(QStringLiteral("a"), MockBehavior::error(429, QByteArrayLiteral("30")));
    m_fx->mock->setBehavior(QStringLiteral("b"), MockBehavior::error(429, QByteArrayLiteral("20")));
    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 429);
    QCOMPARE(
        r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
        QStringLiteral("rate_limit_exceeded"));
    QVERIFY(!r.header("retry-after").isEmpty());
}

void TestFailover::allCoolingAnswers503WithRetryAfter()
{
    setUpTwoBackends();
    m_fx->mock->setBehavior(QStringLiteral("a"),
                            MockBehavior::error(429, QByteArrayLiteral("300")));
    m_fx->mock->setBehavior(QStringLiteral("b"), MockBehavior::error(429, QByteArrayLiteral("60")));
    QCOMPARE(m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).status, 429);
    const int before = m_fx->mock->requestCount();
    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 503);
    const int retryAfter = r.header("retry-after").toInt();
    QVERIFY2(retryAfter > 55 && retryAfter <= 60, r.header("retry-after").constData());
    QCOMPARE(
        r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
        QStringLiteral("all_backends_cooling_down"));
    QCOMPARE(m_fx->mock->requestCount(), before); // nothing was sent upstream
}

void TestFailover::tryEarliestUsesTheFirstToReturn()
{
    QJsonObject cooldown;
    cooldown.insert(QStringLiteral("whenAllCooling"), QStringLiteral("tryEarliest"));
    setUpTwoBackends(cooldown);
    m_fx->mock->enqueue(QStringLiteral("a"), MockBehavior::error(429, QByteArrayLiteral("300")));
    m_fx->mock->enqueue(QStringLiteral("b"), MockBehavior::error(429, QByteArrayLiteral("60")));
    QCOMPARE(m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).status, 429);
    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
}

void TestFailover::cooldownsSurviveARestart()
{
    setUpTwoBackends();
    m_fx->mock->enqueue(QStringLiteral("a"), MockBehavior::error(429, QByteArrayLiteral("600")));
    QCOMPARE(m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).status, 200);
    m_fx->stop();
    QVERIFY(m_fx->start());
    const QJsonObject a = m_fx->backendHealth(QStringLiteral("a:ma"));
    QCOMPARE(a.value(QLatin1String("state")).toString(), QStringLiteral("cooling"));
    QVERIFY(
        a.value(QLatin1String("cooldown")).toObject().value(QLatin1String("secondsLeft")).toDouble()
        > 590);
    const int before = m_fx->mock->requestCount(QStringLiteral("a"));
    QCOMPARE(
        m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat"))).header("x-clawgate-backend"),
        QByteArrayLiteral("b:mb"));
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), before);
}

void TestFailover::disabledBackendIsNeverTried()
{
    m_fx->addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx->addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    m_fx->setBackendField(0, 0, QStringLiteral("enabled"), false);
    QVERIFY(m_fx->start());
    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), 0);
    QCOMPARE(m_fx->backendHealth(QStringLiteral("a:ma")).value(QLatin1String("state")).toString(),
             QStringLiteral("disabled"));
}

QTEST_GUILESS_MAIN(TestFailover)
#include "tst_failover.moc"
