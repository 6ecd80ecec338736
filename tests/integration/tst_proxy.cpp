// Requests relayed through the gateway to one working upstream: bodies pass unchanged except
// `model`, responses come back byte for byte, streams arrive piece by piece, and the
// gateway's own endpoints (/v1/models, /health) answer correctly.
#include "gatewayfixture.h"

#include <QJsonDocument>
#include <QTest>

class TestProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void relaysNonStreamResponseByteForByte();
    void rewritesOnlyTheModelInTheUpstreamBody();
    void sendsProviderCredentialsNotTheClients();
    void relaysEveryEndpoint_data();
    void relaysEveryEndpoint();
    void relaysStreamEventsUnchanged();
    void deliversStreamEventsAsTheyArrive();
    void passesOpenClawShapedRequestThrough();
    void relaysClientErrorsWithoutFailover();
    void skipsBackendsWithoutTheEndpoint();
    void listsModels();
    void healthShowsEveryBackend();
    void usesTheProvidersHttpProxy();
    void usesTheProxyFromTheEnvironment();

private:
    GatewayFixture m_fx;
};

void TestProxy::initTestCase()
{
    QJsonObject extra;
    extra.insert(QStringLiteral("apiKey"), QStringLiteral("${CLAWGATE_TEST_UPSTREAM_KEY}"));
    QJsonObject headers;
    headers.insert(QStringLiteral("X-Tenant"), QStringLiteral("team-7"));
    extra.insert(QStringLiteral("headers"), headers);
    qputenv("CLAWGATE_TEST_UPSTREAM_KEY", "upstream-secret-for-a");
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"), extra);
    m_fx.addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx.addModel(QStringLiteral("chat"),
                  {QStringLiteral("a:model-a"), QStringLiteral("b:model-b")});
    m_fx.addModel(QStringLiteral("embed"), {QStringLiteral("b:embed-b")});
    QJsonObject anthropic;
    anthropic.insert(QStringLiteral("type"), QStringLiteral("anthropic"));
    m_fx.addProvider(QStringLiteral("claude"), QStringLiteral("claude"), anthropic);
    m_fx.addModel(QStringLiteral("claude-first"),
                  {QStringLiteral("claude:c-1"), QStringLiteral("b:embed-b")});
    m_fx.addModel(QStringLiteral("claude-only"), {QStringLiteral("claude:c-1")});
    QVERIFY(m_fx.start());
}

void TestProxy::cleanupTestCase()
{
    m_fx.stop();
}

void TestProxy::init()
{
    m_fx.mock->reset();
}

void TestProxy::relaysNonStreamResponseByteForByte()
{
    const QByteArray upstreamBody = QByteArrayLiteral(
        "{\"id\":\"x\",  \"object\":\"chat.completion\",\"big\":12345678901234567890,"
        "\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"\\u4f60\\u597d 1.0\"}}]}");
    MockBehavior behavior;
    behavior.body = upstreamBody;
    behavior.headers.append({QByteArrayLiteral("x-request-id"), QByteArrayLiteral("req-42")});
    m_fx.mock->enqueue(QStringLiteral("a"), behavior);

    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, upstreamBody);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("a:model-a"));
    QCOMPARE(r.header("x-clawgate-attempts"), QByteArrayLiteral("1"));
    QCOMPARE(r.header("x-request-id"), QByteArrayLiteral("req-42"));
}

void TestProxy::rewritesOnlyTheModelInTheUpstreamBody()
{
    const QByteArray body = QByteArrayLiteral(
        "{ \"messages\": [{\"role\":\"user\",\"content\":\"say \\\"model\\\": 1\"}],\n"
        "  \"model\" : \"chat\", \"temperature\": 0.70, \"seed\": 12345678901234567890,"
        " \"tools\": [{\"type\":\"function\",\"function\":{\"name\":\"model\",\"parameters\":{}}}],"
        " \"vendor_extra\": {\"model\": \"keep-me\"} }");
    const TestResponse r = m_fx.chat(body);
    QCOMPARE(r.status, 200);
    const QList<MockRequest> seen = m_fx.mock->requests(QStringLiteral("a"));
    QCOMPARE(seen.size(), 1);
    QByteArray expected = body;
    expected.replace("\"model\" : \"chat\"", "\"model\" : \"model-a\"");
    QCOMPARE(seen.first().body, expected);
    QCOMPARE(seen.first().path, QByteArrayLiteral("/a/v1/chat/completions"));
}

void TestProxy::sendsProviderCredentialsNotTheClients()
{
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 200);
    const MockRequest seen = m_fx.mock->requests(QStringLiteral("a")).value(0);
    QCOMPARE(seen.header("authorization"), QByteArrayLiteral("Bearer upstream-secret-for-a"));
    QCOMPARE(seen.header("x-tenant"), QByteArrayLiteral("team-7"));
    QCOMPARE(seen.header("content-type"), QByteArrayLiteral("application/json"));
    QVERIFY(!seen.header("authorization").contains(m_fx.key));
}

void TestProxy::relaysEveryEndpoint_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QByteArray>("expectInBody");
    QTest::newRow("chat") << QStringLiteral("/v1/chat/completions") << QStringLiteral("chat")
                          << QByteArray() << QByteArrayLiteral("chat.completion");
    QTest::newRow("completions") << QStringLiteral("/v1/completions") << QStringLiteral("chat")
                                 << QByteArrayLiteral(",\"prompt\":\"hi\"")
                                 << QByteArrayLiteral("text_completion");
    QTest::newRow("embeddings") << QStringLiteral("/v1/embeddings") << QStringLiteral("embed")
                                << QByteArrayLiteral(",\"input\":\"hi\"")
                                << QByteArrayLiteral("embedding");
    QTest::newRow("responses") << QStringLiteral("/v1/responses") << QStringLiteral("chat")
                               << QByteArrayLiteral(",\"input\":\"hi\"")
                               << QByteArrayLiteral("\"response\"");
    QTest::newRow("responses stream") << QStringLiteral("/v1/responses") << QStringLiteral("chat")
                                      << QByteArrayLiteral(",\"input\":\"hi\",\"stream\":true")
                                      << QByteArrayLiteral("response.completed");
}

void TestProxy::relaysEveryEndpoint()
{
    QFETCH(QString, path);
    QFETCH(QString, model);
    QFETCH(QByteArray, extra);
    QFETCH(QByteArray, expectInBody);
    const QByteArray body = "{\"model\":\"" + model.toUtf8() + '"' + extra + '}';
    const TestResponse r = m_fx.post(path, body);
    QCOMPARE(r.status, 200);
    QVERIFY2(r.body.contains(expectInBody), r.body.constData());
    const QList<MockRequest> seen = m_fx.mock->requests();
    QCOMPARE(seen.size(), 1);
    QVERIFY(seen.first().path.endsWith(path.mid(3).toUtf8())); // "/v1/embeddings" -> "/embeddings"
}

void TestProxy::relaysStreamEventsUnchanged()
{
    const TestResponse direct = TestClient::post(
        m_fx.mock.baseUrl(QStringLiteral("a")) + QLatin1String("/chat/completions"),
        GatewayFixture::chatBody(QStringLiteral("model-a"), true));
    QCOMPARE(direct.status, 200);
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"), true));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArrayLiteral("text/event-stream"));
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("a:model-a"));
    QCOMPARE(r.body, direct.body);
    QCOMPARE(r.sseDataLines().last(), QByteArrayLiteral("[DONE]"));
}

void TestProxy::deliversStreamEventsAsTheyArrive()
{
    m_fx.mock->enqueue(QStringLiteral("a"), MockBehavior::slowStream(4, 300));
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"), true));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.sseDataLines().size(), 5); // 4 events + [DONE]
    // Unbuffered: the first event reaches the client long before the last one is sent.
    QVERIFY(r.pieces.size() >= 4);
    QVERIFY2(r.pieceArrivalMs.last() - r.pieceArrivalMs.first() >= 700,
             qPrintable(QStringLiteral("pieces arrived within %1 ms")
                            .arg(r.pieceArrivalMs.last() - r.pieceArrivalMs.first())));
}

// The request OpenClaw 2026.9 sends: stream with include_usage, max_completion_tokens, tools,
// a ~40 KB system prompt, two user messages in a row, array content parts, an assistant
// message with content null + tool_calls, and a tool message followed directly by a user one.
void TestProxy::passesOpenClawShapedRequestThrough()
{
    QByteArray system(40000, 'x');
    for (int i = 0; i < system.size(); i += 97)
        system[i] = ' ';
    const QByteArray body
        = "{\"model\":\"chat\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
          "\"max_completion_tokens\":8192,\"tool_choice\":\"auto\","
          "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"description\":"
          "\"Read\","
          "\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},"
          "\"required\":[\"path\"]}}}],"
          "\"messages\":[{\"role\":\"system\",\"content\":\""
        + system
        + "\"},"
          "{\"role\":\"user\",\"content\":\"first\"},"
          "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"second\"}]},"
          "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call1abc\",\"type\":"
          "\"function\","
          "\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"a.txt\\\"}\"}}]},"
          "{\"role\":\"tool\",\"tool_call_id\":\"call1abc\",\"content\":\"file text\"},"
          "{\"role\":\"user\",\"content\":\"go on\"}]}";
    QVERIFY(QJsonDocument::fromJson(body).isObject());
    const TestResponse r = m_fx.chat(body);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.sseDataLines().last(), QByteArrayLiteral("[DONE]"));
    QVERIFY(r.body.contains("\"usage\"")); // include_usage reached the upstream
    QByteArray expected = body;
    expected.replace("{\"model\":\"chat\"", "{\"model\":\"model-a\"");
    QCOMPARE(m_fx.mock->requests(QStringLiteral("a")).value(0).body, expected);
}

void TestProxy::relaysClientErrorsWithoutFailover()
{
    const QByteArray error = QByteArrayLiteral(
        "{\"error\":{\"message\":\"max_tokens too large\",\"type\":\"invalid_request_error\"}}");
    MockBehavior behavior = MockBehavior::error(400);
    behavior.body = error;
    m_fx.mock->enqueue(QStringLiteral("a"), behavior);
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, error);
    QCOMPARE(m_fx.mock->requestCount(QStringLiteral("b")), 0);
}

// Anthropic has no embeddings: its backends are passed over, and an alias with nothing else
// says so with a 400, since waiting cannot help (a 503 would make clients retry for minutes).
void TestProxy::skipsBackendsWithoutTheEndpoint()
{
    const QByteArray body = R"({"model":"%1","input":"hello"})";
    const TestResponse served = m_fx.post(QStringLiteral("/v1/embeddings"),
                                          QByteArray(body).replace("%1", "claude-first"));
    QCOMPARE(served.status, 200);
    QCOMPARE(served.header("x-clawgate-backend"), QByteArrayLiteral("b:embed-b"));
    QCOMPARE(served.header("x-clawgate-attempts"), QByteArrayLiteral("1"));

    const TestResponse refused = m_fx.post(QStringLiteral("/v1/embeddings"),
                                           QByteArray(body).replace("%1", "claude-only"));
    QCOMPARE(refused.status, 400);
    const QJsonObject error = refused.json().value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("unsupported_endpoint"));
    QVERIFY2(
        error.value(QLatin1String("message"))
            .toString()
            .contains(QLatin1String("claude:c-1 (a anthropic provider has no /v1/embeddings)")),
        refused.body.constData());
    QVERIFY2(m_fx.mock->requests(QStringLiteral("claude")).isEmpty(),
             "Anthropic was asked for embeddings");
}

void TestProxy::listsModels()
{
    const TestResponse list = m_fx.get(QStringLiteral("/v1/models"));
    QCOMPARE(list.status, 200);
    const QJsonArray data = list.json().value(QLatin1String("data")).toArray();
    QCOMPARE(data.size(), 4);
    QCOMPARE(data.at(0).toObject().value(QLatin1String("id")).toString(), QStringLiteral("chat"));
    QCOMPARE(data.at(1).toObject().value(QLatin1String("id")).toString(), QStringLiteral("embed"));
    const TestResponse one = m_fx.get(QStringLiteral("/v1/models/embed"));
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json().value(QLatin1String("object")).toString(), QStringLiteral("model"));
    const TestResponse missing = m_fx.get(QStringLiteral("/v1/models/nope"));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json()
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("code"))
                 .toString(),
             QStringLiteral("model_not_found"));
    QCOMPARE(TestClient::get(m_fx.url(QStringLiteral("/v1/models"))).status, 401);
}

void TestProxy::healthShowsEveryBackend()
{
    for (const QString &path : {QStringLiteral("/health"), QStringLiteral("/v1/health")}) {
        const TestResponse r = TestClient::get(m_fx.url(path));
        QCOMPARE(r.status, 200);
        const QJsonObject health = r.json();
        QCOMPARE(health.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        const QJsonArray backends = health.value(QLatin1String("backends")).toArray();
        QCOMPARE(backends.size(), 6);
        QCOMPARE(backends.at(0).toObject().value(QLatin1String("backend")).toString(),
                 QStringLiteral("a:model-a"));
        QCOMPARE(backends.at(0).toObject().value(QLatin1String("state")).toString(),
                 QStringLiteral("ok"));
        QVERIFY(!r.body.contains("upstream-secret-for-a"));
    }
}

// The mock doubles as an HTTP proxy: a request in absolute form names the real target.
void TestProxy::usesTheProvidersHttpProxy()
{
    GatewayFixture fx;
    QJsonObject extra;
    extra.insert(QStringLiteral("baseUrl"), QStringLiteral("http://upstream.example.invalid/p/v1"));
    extra.insert(QStringLiteral("proxy"),
                 QStringLiteral("http://127.0.0.1:%1").arg(fx.mock.port()));
    fx.addProvider(QStringLiteral("viaproxy"), QString(), extra);
    fx.addModel(QStringLiteral("chat"), {QStringLiteral("viaproxy:pm")});
    QVERIFY(fx.start());
    const TestResponse r = fx.chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 200);
    const MockRequest seen = fx.mock->requests(QStringLiteral("p")).value(0);
    QCOMPARE(seen.path, QByteArrayLiteral("http://upstream.example.invalid/p/v1/chat/completions"));
    QCOMPARE(seen.header("host"), QByteArrayLiteral("upstream.example.invalid"));
}

void TestProxy::usesTheProxyFromTheEnvironment()
{
    GatewayFixture fx;
    QJsonObject extra;
    extra.insert(QStringLiteral("baseUrl"), QStringLiteral("http://upstream.example.invalid/e/v1"));
    fx.addProvider(QStringLiteral("envproxy"), QString(), extra);
    fx.addModel(QStringLiteral("chat"), {QStringLiteral("envproxy:em")});
    qputenv("http_proxy", QStringLiteral("http://127.0.0.1:%1").arg(fx.mock.port()).toLatin1());
    QVERIFY(fx.start());
    const TestResponse r = fx.chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    qunsetenv("http_proxy");
    QCOMPARE(r.status, 200);
    QCOMPARE(fx.mock->requests(QStringLiteral("e")).value(0).path,
             QByteArrayLiteral("http://upstream.example.invalid/e/v1/chat/completions"));
}

QTEST_GUILESS_MAIN(TestProxy)
#include "tst_proxy.moc"
