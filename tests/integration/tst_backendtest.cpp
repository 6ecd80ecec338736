// Testing backends: one real, minimal request through each backend of an alias, through the
// service (the tray app's Test button) and POST /v1/models/{alias}/test, against the mock: a
// backend that answers, one that rejects its key (the upstream's message shown, the key it
// echoes redacted) and one nobody listens on. A test is not traffic: no cooldown follows.
#include "gatewayfixture.h"
#include "keys/clientkeys.h"
#include "service/gatewayservice.h"

#include <QSignalSpy>
#include <QTest>

using namespace clawgate;

namespace {

const QString kBadKey = QStringLiteral("sk-upstream-rejected-4242");
const QByteArray kLimitedKey = QByteArrayLiteral("sk-test-limited-key");

} // namespace

class TestBackendTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void aliasTestReportsEachBackendInOrder();
    void oneBackendCanBeTestedAlone();
    void unknownAliasOrBackendIsAnsweredWithTheReason_data();
    void unknownAliasOrBackendIsAnsweredWithTheReason();
    void httpRouteAnswersWithTheSameResults();
    void httpRouteNeedsAKeyThatMayUseTheAlias_data();
    void httpRouteNeedsAKeyThatMayUseTheAlias();
    void stoppingTheGatewayAnswersATestInFlight(); // last: it stops the gateway

private:
    QList<BackendTestResult> waitForTest(QSignalSpy &spy, quint64 id);
    GatewayFixture m_fx;
};

void TestBackendTest::initTestCase()
{
    QJsonObject good;
    good.insert(QStringLiteral("apiKey"), QStringLiteral("sk-upstream-good-key"));
    m_fx.addProvider(QStringLiteral("good"), QStringLiteral("good"), good);
    QJsonObject bad;
    bad.insert(QStringLiteral("apiKey"), kBadKey);
    m_fx.addProvider(QStringLiteral("bad"), QStringLiteral("bad"), bad);
    QJsonObject down;
    down.insert(QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:1/v1")); // closed
    m_fx.addProvider(QStringLiteral("down"), QString(), down);
    m_fx.addModel(QStringLiteral("chat"),
                  {QStringLiteral("good:m1"), QStringLiteral("bad:m2"), QStringLiteral("down:m3")});
    m_fx.addModel(QStringLiteral("other"), {QStringLiteral("good:m4")});
    ClientKeys::add(m_fx.config(), QStringLiteral("limited"), kLimitedKey);
    QJsonArray keys = m_fx.config().value(QLatin1String("clientKeys")).toArray();
    QJsonObject limited = keys.at(1).toObject();
    limited.insert(QStringLiteral("allowedModels"), QJsonArray {QStringLiteral("other")});
    keys.replace(1, limited);
    m_fx.config().insert(QStringLiteral("clientKeys"), keys);
    QVERIFY(m_fx.start());
}

void TestBackendTest::init()
{
    m_fx.mock->reset();
    m_fx.mock->setRecording(true);
    // An upstream that quotes the key it refused, as some do.
    MockBehavior rejected = MockBehavior::error(401);
    rejected.body = R"({"error":{"message":"Incorrect API key provided: )" + kBadKey.toUtf8()
        + R"(","type":"invalid_request_error"}})";
    m_fx.mock->setBehavior(QStringLiteral("bad"), rejected);
}

QList<BackendTestResult> TestBackendTest::waitForTest(QSignalSpy &spy, quint64 id)
{
    for (int waited = 0; waited < 150; ++waited) {
        for (const QList<QVariant> &call : std::as_const(spy)) {
            if (call.at(0).toULongLong() == id)
                return call.at(1).value<QList<BackendTestResult>>();
        }
        spy.wait(100);
    }
    return {};
}

void TestBackendTest::aliasTestReportsEachBackendInOrder()
{
    QSignalSpy spy(m_fx.service(), &GatewayService::testFinished);
    const QList<BackendTestResult> results
        = waitForTest(spy, m_fx.service()->testAlias(QStringLiteral("chat")));
    QCOMPARE(results.size(), 3);

    const BackendTestResult &good = results.at(0);
    QCOMPARE(good.alias, QStringLiteral("chat"));
    QCOMPARE(good.backendId, QStringLiteral("good:m1"));
    QVERIFY2(good.ok, qPrintable(good.error));
    QCOMPARE(good.status, 200);
    QVERIFY(good.latencyMs >= 0);
    QVERIFY(good.error.isEmpty());
    // The request is a real, minimal chat completion with the provider's key.
    const QList<MockRequest> sent = m_fx.mock->requests(QStringLiteral("good"));
    QCOMPARE(sent.size(), 1);
    QVERIFY(sent.first().path.endsWith("/v1/chat/completions"));
    QCOMPARE(sent.first().header("authorization"), QByteArray("Bearer sk-upstream-good-key"));
    QCOMPARE(sent.first().json().value(QLatin1String("model")).toString(), QStringLiteral("m1"));
    QCOMPARE(sent.first().json().value(QLatin1String("max_tokens")).toInt(), 5);

    const BackendTestResult &bad = results.at(1);
    QCOMPARE(bad.backendId, QStringLiteral("bad:m2"));
    QVERIFY(!bad.ok);
    QCOMPARE(bad.status, 401);
    QCOMPARE(bad.error, QStringLiteral("Incorrect API key provided: ***"));

    const BackendTestResult &down = results.at(2);
    QCOMPARE(down.backendId, QStringLiteral("down:m3"));
    QVERIFY(!down.ok);
    QCOMPARE(down.status, 0);
    QVERIFY2(down.error.startsWith(QStringLiteral("connect failed")), qPrintable(down.error));

    // A failed test is not a failed request: nothing cools down. /health reads the cooldown
    // book itself, after the test ended on the same thread.
    for (const QString &id : {QStringLiteral("bad:m2"), QStringLiteral("down:m3")}) {
        const QJsonObject health = m_fx.backendHealth(id);
        QCOMPARE(health.value(QLatin1String("state")).toString(), QStringLiteral("ok"));
        QVERIFY2(!health.contains(QLatin1String("cooldown")), qPrintable(id));
    }
}

void TestBackendTest::oneBackendCanBeTestedAlone()
{
    QSignalSpy spy(m_fx.service(), &GatewayService::testFinished);
    const QList<BackendTestResult> results = waitForTest(
        spy, m_fx.service()->testBackend(QStringLiteral("chat"), QStringLiteral("bad:m2")));
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().backendId, QStringLiteral("bad:m2"));
    QCOMPARE(results.first().status, 401);
    QCOMPARE(m_fx.mock->requestCount(QStringLiteral("good")), 0);
}

void TestBackendTest::unknownAliasOrBackendIsAnsweredWithTheReason_data()
{
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown alias")
        << QStringLiteral("nope") << QString() << QStringLiteral("no model alias 'nope'");
    QTest::newRow("backend of another alias")
        << QStringLiteral("chat") << QStringLiteral("good:m4")
        << QStringLiteral("model 'chat' has no backend 'good:m4'");
}

void TestBackendTest::unknownAliasOrBackendIsAnsweredWithTheReason()
{
    QFETCH(QString, alias);
    QFETCH(QString, backend);
    QFETCH(QString, reason);
    QSignalSpy spy(m_fx.service(), &GatewayService::testFinished);
    const QList<BackendTestResult> results
        = waitForTest(spy,
                      backend.isEmpty() ? m_fx.service()->testAlias(alias)
                                        : m_fx.service()->testBackend(alias, backend));
    QCOMPARE(results.size(), 1);
    QVERIFY(!results.first().ok);
    QVERIFY(results.first().backendId.isEmpty() || results.first().backendId == backend);
    QCOMPARE(results.first().error, reason);
    QCOMPARE(m_fx.mock->requestCount(), 0);
}

void TestBackendTest::httpRouteAnswersWithTheSameResults()
{
    const TestResponse r = m_fx.post(QStringLiteral("/v1/models/chat/test"), {});
    QCOMPARE(r.status, 200);
    const QJsonObject root = r.json();
    QCOMPARE(root.value(QLatin1String("alias")).toString(), QStringLiteral("chat"));
    const QJsonArray backends = root.value(QLatin1String("backends")).toArray();
    QCOMPARE(backends.size(), 3);
    const QJsonObject good = backends.at(0).toObject();
    QCOMPARE(good.value(QLatin1String("backend")).toString(), QStringLiteral("good:m1"));
    QCOMPARE(good.value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(good.value(QLatin1String("status")).toInt(), 200);
    QVERIFY(good.contains(QLatin1String("latencyMs")));
    const QJsonObject bad = backends.at(1).toObject();
    QCOMPARE(bad.value(QLatin1String("ok")).toBool(), false);
    QCOMPARE(bad.value(QLatin1String("status")).toInt(), 401);
    QCOMPARE(bad.value(QLatin1String("error")).toString(),
             QStringLiteral("Incorrect API key provided: ***"));
    QVERIFY(!r.body.contains(kBadKey.toUtf8()));
    QCOMPARE(backends.at(2).toObject().value(QLatin1String("status")).toInt(), 0);
}

void TestBackendTest::httpRouteNeedsAKeyThatMayUseTheAlias_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<int>("status");
    QTest::newRow("no key") << QStringLiteral("/v1/models/chat/test") << QByteArray() << 401;
    QTest::newRow("unknown key") << QStringLiteral("/v1/models/chat/test")
                                 << QByteArray("sk-nobody") << 401;
    QTest::newRow("alias the key may not use")
        << QStringLiteral("/v1/models/chat/test") << kLimitedKey << 404;
    QTest::newRow("alias the key may use")
        << QStringLiteral("/v1/models/other/test") << kLimitedKey << 200;
    QTest::newRow("unknown alias")
        << QStringLiteral("/v1/models/nope/test") << QByteArray("sk-test-client-key") << 404;
    QTest::newRow("no test suffix")
        << QStringLiteral("/v1/models/chat") << QByteArray("sk-test-client-key") << 404;
}

void TestBackendTest::httpRouteNeedsAKeyThatMayUseTheAlias()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, key);
    QFETCH(int, status);
    TestHeaders headers;
    if (!key.isEmpty())
        headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + key});
    const TestResponse r = TestClient::post(m_fx.url(path), {}, headers);
    QCOMPARE(r.status, status);
    if (status != 200)
        QCOMPARE(m_fx.mock->requestCount(), 0);
}

void TestBackendTest::stoppingTheGatewayAnswersATestInFlight()
{
    MockBehavior silent;
    silent.stallBeforeHeaders = true;
    m_fx.mock->setBehavior(QStringLiteral("good"), silent);
    QSignalSpy spy(m_fx.service(), &GatewayService::testFinished);
    const quint64 id
        = m_fx.service()->testBackend(QStringLiteral("chat"), QStringLiteral("good:m1"));
    QTRY_COMPARE(m_fx.mock->requestCount(QStringLiteral("good")), 1); // the test is under way
    m_fx.service()->stop();
    const QList<BackendTestResult> results = waitForTest(spy, id);
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().backendId, QStringLiteral("good:m1"));
    QVERIFY(!results.first().ok);
    QCOMPARE(results.first().error, QStringLiteral("the gateway stopped"));
}

QTEST_GUILESS_MAIN(TestBackendTest)
#include "tst_backendtest.moc"
