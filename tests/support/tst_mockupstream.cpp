// Self-test: the mock upstream and the test client exercised against each other.
#include "httprequestparser.h"
#include "mockupstream.h"
#include "testclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

namespace {

const QByteArray chatBody
    = QByteArrayLiteral(R"({"model":"gpt-x","messages":[{"role":"user","content":"hi"}]})");
const QByteArray streamBody = QByteArrayLiteral(
    R"({"model":"gpt-x","stream":true,"stream_options":{"include_usage":true},"messages":[]})");

QString chatUrl(const MockUpstreamThread &mock, const char *route)
{
    return mock.baseUrl(QLatin1String(route)) + QLatin1String("/chat/completions");
}

} // namespace

class TstMockUpstream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_mock->reset(); }

    void defaultChat();
    void defaultChatStream();
    void defaultEndpoints_data();
    void defaultEndpoints();
    void anthropicStreamAndErrors();
    void behaviors_data();
    void behaviors();
    void queueBeforeStanding();
    void recordsRequests();
    void headerDelay();
    void chunkTiming();
    void stallBeforeHeadersCountsAbort();
    void clientAbortMidStream();
    void floodIsCountedAsTheClientTakesIt();
    void concurrentStreams();
    void largeAndChunkedBodies();
    void parserByteByByte();
    void keepAliveAndPipelining();
    void expectContinue();
    void malformedRequest();
    void controlApi();
    void refusesNonLocalUrls();

private:
    MockUpstreamThread m_mock;
};

void TstMockUpstream::defaultChat()
{
    QVERIFY(m_mock.isListening());
    const TestResponse r = TestClient::post(chatUrl(m_mock, "a"), chatBody);
    QVERIFY2(r.ok(), qPrintable(r.curlError));
    QCOMPARE(r.header("CONTENT-TYPE"), QByteArrayLiteral("application/json"));
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QLatin1String("object")).toString(), QStringLiteral("chat.completion"));
    QCOMPARE(o.value(QLatin1String("model")).toString(), QStringLiteral("gpt-x"));
    const QJsonObject message
        = o.value(QLatin1String("choices"))[0][QLatin1String("message")].toObject();
    QCOMPARE(message.value(QLatin1String("content")).toString(), QStringLiteral("Hello from a"));
    QCOMPARE(o.value(QLatin1String("usage"))[QLatin1String("total_tokens")].toInt(), 9);
}

void TstMockUpstream::defaultChatStream()
{
    const TestResponse r = TestClient::post(chatUrl(m_mock, "b"), streamBody);
    QVERIFY2(r.ok(), qPrintable(r.curlError));
    QCOMPARE(r.header("content-type"), QByteArrayLiteral("text/event-stream"));
    const QList<QByteArray> data = r.sseDataLines();
    QCOMPARE(data.size(), 7); // role, 3 content, finish, usage, [DONE]
    QCOMPARE(data.last(), QByteArrayLiteral("[DONE]"));
    QByteArray text;
    for (qsizetype i = 1; i <= 3; ++i) {
        const QJsonObject chunk = QJsonDocument::fromJson(data.at(i)).object();
        QCOMPARE(chunk.value(QLatin1String("model")).toString(), QStringLiteral("gpt-x"));
        text += chunk
                    .value(QLatin1String(
                        "choices"))[0][QLatin1String("delta")][QLatin1String("content")]
                    .toString()
                    .toUtf8();
    }
    QCOMPARE(text, QByteArrayLiteral("Hello from b"));
    QVERIFY(QJsonDocument::fromJson(data.at(5)).object().contains(QLatin1String("usage")));

    const TestResponse noUsage = TestClient::post(
        chatUrl(m_mock, "b"), QByteArrayLiteral(R"({"model":"m","stream":true})"));
    QCOMPARE(noUsage.sseDataLines().size(), 6);
}

void TstMockUpstream::defaultEndpoints_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expect"); // substring of the response body
    QTest::addColumn<int>("status");
    QTest::addRow("completions") << QStringLiteral("/completions")
                                 << QByteArrayLiteral(R"({"model":"m","prompt":"x"})")
                                 << QByteArrayLiteral(R"("object":"text_completion")") << 200;
    QTest::addRow("completions stream")
        << QStringLiteral("/completions") << QByteArrayLiteral(R"({"model":"m","stream":true})")
        << QByteArrayLiteral("data: [DONE]") << 200;
    QTest::addRow("embeddings") << QStringLiteral("/embeddings")
                                << QByteArrayLiteral(R"({"model":"e","input":["a","b"]})")
                                << QByteArrayLiteral(R"("index":1,"embedding":[)") << 200;
    QTest::addRow("responses") << QStringLiteral("/responses")
                               << QByteArrayLiteral(R"({"model":"m","input":"x"})")
                               << QByteArrayLiteral(R"("object":"response")") << 200;
    QTest::addRow("responses stream")
        << QStringLiteral("/responses") << QByteArrayLiteral(R"({"model":"m","stream":true})")
        << QByteArrayLiteral("event: response.completed") << 200;
    QTest::addRow("models") << QStringLiteral("/models") << QByteArray()
                            << QByteArrayLiteral(R"("owned_by":"r")") << 200;
    QTest::addRow("anthropic messages")
        << QStringLiteral("/messages") << QByteArrayLiteral(R"({"model":"c","max_tokens":9})")
        << QByteArrayLiteral(R"("content":[{"type":"text","text":"Hello from r"}])") << 200;
    QTest::addRow("anthropic messages stream")
        << QStringLiteral("/messages") << QByteArrayLiteral(R"({"model":"c","stream":true})")
        << QByteArrayLiteral("event: message_stop\ndata: {\"type\":\"message_stop\"}") << 200;
    QTest::addRow("anthropic count_tokens")
        << QStringLiteral("/messages/count_tokens") << QByteArrayLiteral(R"({"model":"c"})")
        << QByteArrayLiteral(R"({"input_tokens":5})") << 200;
    QTest::addRow("unknown") << QStringLiteral("/nope") << QByteArray()
                             << QByteArrayLiteral(R"("error":)") << 404;
}

void TstMockUpstream::defaultEndpoints()
{
    QFETCH(QString, endpoint);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expect);
    QFETCH(int, status);
    const QString url = m_mock.baseUrl(QStringLiteral("r")) + endpoint;
    const TestResponse r = body.isEmpty() ? TestClient::get(url) : TestClient::post(url, body);
    QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError));
    QCOMPARE(r.status, status);
    QVERIFY2(r.body.contains(expect), r.body.constData());
    if (endpoint == QLatin1String("/responses") && body.contains("stream"))
        QVERIFY(r.body.startsWith("event: response.created\ndata: {"));
    if (endpoint == QLatin1String("/messages") && body.contains("stream"))
        QVERIFY(r.body.startsWith("event: message_start\ndata: {"));
}

void TstMockUpstream::anthropicStreamAndErrors()
{
    const QString url = m_mock.baseUrl(QStringLiteral("an")) + QLatin1String("/messages");
    const QByteArray body = QByteArrayLiteral(R"({"model":"c","stream":true})");
    const TestResponse whole = TestClient::post(url, body);
    QByteArray text;
    for (const QByteArray &data : whole.sseDataLines()) {
        const QJsonObject event = QJsonDocument::fromJson(data).object();
        text += event[QLatin1String("delta")][QLatin1String("text")].toString().toUtf8();
    }
    QCOMPARE(text, QByteArrayLiteral("Hello from an"));
    // message_start, block start, ping, 3 deltas, block stop, message_delta, message_stop
    QCOMPARE(whole.sseDataLines().size(), 9);
    MockBehavior cut;
    cut.end = MockEnd::Cut;
    m_mock->setBehavior(QStringLiteral("an"), cut);
    const TestResponse broken = TestClient::post(url, body);
    QCOMPARE(broken.curlCode, 18);
    QVERIFY(!broken.body.contains("message_delta"));
    m_mock->setBehavior(QStringLiteral("an"), MockBehavior::error(429));
    const TestResponse limited = TestClient::post(url, body);
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.json()[QLatin1String("error")][QLatin1String("type")].toString(),
             QStringLiteral("rate_limit_error"));
    QCOMPARE(limited.json()[QLatin1String("type")].toString(), QStringLiteral("error"));
}

void TstMockUpstream::behaviors_data()
{
    QTest::addColumn<MockBehavior>("behavior");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("curlCode");
    QTest::addColumn<QByteArray>("expect"); // substring of the received body
    QTest::addColumn<bool>("hasDone"); // the body carries data: [DONE]

    MockBehavior error = MockBehavior::error(429, QByteArrayLiteral("7"));
    QTest::addRow("error body") << error << chatBody << 429 << 0
                                << QByteArrayLiteral(R"("type":"rate_limit_error")") << false;
    MockBehavior raw;
    raw.status = 201;
    raw.body = QByteArrayLiteral("not json");
    raw.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain")}};
    QTest::addRow("raw body") << raw << chatBody << 201 << 0 << QByteArrayLiteral("not json")
                              << false;
    MockBehavior reset;
    reset.resetBeforeHeaders = true;
    QTest::addRow("reset before headers") << reset << chatBody << 0 << 56 << QByteArray() << false;
    MockBehavior forced;
    forced.stream = true;
    QTest::addRow("forced stream")
        << forced << chatBody << 200 << 0 << QByteArrayLiteral("chat.completion.chunk") << true;
    MockBehavior unforced;
    unforced.stream = false;
    QTest::addRow("forced non-stream")
        << unforced << streamBody << 200 << 0 << QByteArrayLiteral(R"("object":"chat.completion")")
        << false;
    MockBehavior chunks;
    chunks.chunks
        = {MockBehavior::sse(MockBehavior::chatChunkJson("m", "custom")), MockBehavior::done()};
    QTest::addRow("custom chunks")
        << chunks << streamBody << 200 << 0 << QByteArrayLiteral("custom") << true;
    MockBehavior cut = chunks;
    cut.chunks.removeLast();
    cut.end = MockEnd::Cut;
    QTest::addRow("cut") << cut << streamBody << 200 << 18 << QByteArrayLiteral("custom") << false;
    MockBehavior cutDefault;
    cutDefault.end = MockEnd::Cut;
    QTest::addRow("cut default events")
        << cutDefault << streamBody << 200 << 18 << QByteArrayLiteral(" from") << false;
    MockBehavior noDone = cut;
    noDone.end = MockEnd::CloseWithoutDone;
    QTest::addRow("close without done")
        << noDone << streamBody << 200 << 0 << QByteArrayLiteral("custom") << false;
    MockBehavior lie;
    lie.lieContentLength = true;
    QTest::addRow("lie content-length")
        << lie << chatBody << 200 << 18 << QByteArrayLiteral("Hello from x") << false;
}

void TstMockUpstream::behaviors()
{
    QFETCH(MockBehavior, behavior);
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(int, curlCode);
    QFETCH(QByteArray, expect);
    QFETCH(bool, hasDone);
    m_mock->setBehavior(QStringLiteral("x"), behavior);
    const TestResponse r = TestClient::post(chatUrl(m_mock, "x"), request, {}, 5000);
    QCOMPARE(r.status, status);
    QCOMPARE(r.curlCode, curlCode);
    QVERIFY2(r.body.contains(expect), r.body.constData());
    QCOMPARE(r.sseDataLines().contains(QByteArrayLiteral("[DONE]")), hasDone);
    for (const auto &h : behavior.headers)
        QCOMPARE(r.header(h.first), h.second);
    QCOMPARE(m_mock->abortedByClient(QStringLiteral("x")), 0);
}

void TstMockUpstream::queueBeforeStanding()
{
    const QString route = QStringLiteral("q");
    m_mock->setBehavior(route, MockBehavior::error(503));
    m_mock->enqueue(route, MockBehavior::error(429));
    m_mock->enqueue(route, MockBehavior());
    QCOMPARE(TestClient::post(chatUrl(m_mock, "q"), chatBody).status, 429);
    QCOMPARE(TestClient::post(chatUrl(m_mock, "q"), chatBody).status, 200);
    QCOMPARE(TestClient::post(chatUrl(m_mock, "q"), chatBody).status, 503);
    QCOMPARE(TestClient::post(chatUrl(m_mock, "q"), chatBody).status, 503);
    QCOMPARE(TestClient::post(chatUrl(m_mock, "other"), chatBody).status, 200);
    m_mock->reset();
    QCOMPARE(TestClient::post(chatUrl(m_mock, "q"), chatBody).status, 200);
    QCOMPARE(m_mock->requestCount(route), 1);
}

void TstMockUpstream::recordsRequests()
{
    TestClient::post(chatUrl(m_mock, "a"), chatBody,
                     {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer k1")}});
    TestClient::get(m_mock.baseUrl(QStringLiteral("b")) + QLatin1String("/models?x=1"));
    QCOMPARE(m_mock->requestCount(), 2);
    QCOMPARE(m_mock->requestCount(QStringLiteral("a")), 1);
    const QList<MockRequest> a = m_mock->requests(QStringLiteral("a"));
    QCOMPARE(a.size(), 1);
    QCOMPARE(a.first().method, QByteArrayLiteral("POST"));
    QCOMPARE(a.first().path, QByteArrayLiteral("/a/v1/chat/completions"));
    QCOMPARE(a.first().header("authorization"), QByteArrayLiteral("Bearer k1"));
    QCOMPARE(a.first().json().value(QLatin1String("model")).toString(), QStringLiteral("gpt-x"));
    QCOMPARE(m_mock->requests(QStringLiteral("b")).first().path,
             QByteArrayLiteral("/b/v1/models?x=1"));
    QCOMPARE(m_mock->requests().size(), 2);
}

void TstMockUpstream::headerDelay()
{
    MockBehavior b;
    b.headerDelayMs = 300;
    m_mock->setBehavior(QStringLiteral("d"), b);
    const TestResponse r = TestClient::post(chatUrl(m_mock, "d"), chatBody);
    QVERIFY(r.ok());
    QVERIFY2(r.firstByteMs >= 290, QByteArray::number(r.firstByteMs).constData());
}

void TstMockUpstream::chunkTiming()
{
    m_mock->setBehavior(QStringLiteral("s"), MockBehavior::slowStream(4, 100));
    const TestResponse r = TestClient::post(chatUrl(m_mock, "s"), streamBody);
    QVERIFY2(r.ok(), qPrintable(r.curlError));
    QCOMPARE(r.sseDataLines().size(), 5);
    QVERIFY(r.pieces.size() >= 4); // each event arrives on its own
    QVERIFY(r.pieceArrivalMs.first() >= 90);
    QVERIFY2(r.totalMs >= 390 && r.totalMs < 1500, QByteArray::number(r.totalMs).constData());
    QVERIFY(r.pieceArrivalMs.last() - r.pieceArrivalMs.first() >= 290);
}

void TstMockUpstream::stallBeforeHeadersCountsAbort()
{
    MockBehavior stall;
    stall.stallBeforeHeaders = true;
    m_mock->setBehavior(QStringLiteral("st"), stall);
    QSignalSpy spy(m_mock.get(), &MockUpstream::clientAborted);
    const TestResponse r = TestClient::post(chatUrl(m_mock, "st"), chatBody, {}, 300);
    QCOMPARE(r.curlCode, 28); // timeout
    QTRY_COMPARE(m_mock->abortedByClient(QStringLiteral("st")), 1);
    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toString(), QStringLiteral("st"));

    MockBehavior midStall = MockBehavior::slowStream(1, 0);
    midStall.chunks.removeLast();
    midStall.end = MockEnd::Stall;
    m_mock->setBehavior(QStringLiteral("st"), midStall);
    const TestResponse partial = TestClient::post(chatUrl(m_mock, "st"), streamBody, {}, 300);
    QCOMPARE(partial.status, 200);
    QCOMPARE(partial.curlCode, 28);
    QCOMPARE(partial.sseDataLines().size(), 1);
    QTRY_COMPARE(m_mock->abortedByClient(QStringLiteral("st")), 2);
}

void TstMockUpstream::clientAbortMidStream()
{
    m_mock->setBehavior(QStringLiteral("ab"), MockBehavior::slowStream(20, 50));
    const TestResponse r = TestClient::postAbortAfterFirstPiece(chatUrl(m_mock, "ab"), streamBody);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.pieces.size(), 1);
    QVERIFY(r.totalMs < 500);
    QTRY_COMPARE(m_mock->abortedByClient(QStringLiteral("ab")), 1);
    QTRY_COMPARE(m_mock->activeRequests(), 0);
}

void TstMockUpstream::floodIsCountedAsTheClientTakesIt()
{
    const qint64 size = 2 * 1024 * 1024;
    m_mock->setBehavior(QStringLiteral("f"), MockBehavior::flood(size));
    QCOMPARE(m_mock->floodBytesSent(QStringLiteral("f"), 0), -1);
    const TestResponse r = TestClient::post(chatUrl(m_mock, "f"), streamBody);
    QVERIFY2(r.ok(), qPrintable(r.curlError));
    QVERIFY(r.body.size() >= size);
    QCOMPARE(r.sseDataLines().last(), QByteArrayLiteral("[DONE]"));
    // Counted until the last event left the mock's own buffer.
    QVERIFY(m_mock->floodBytesSent(QStringLiteral("f"), 0) >= size - 512 * 1024);
    QCOMPARE(m_mock->floodBytesSent(QStringLiteral("f"), 1), -1);
}

void TstMockUpstream::concurrentStreams()
{
    m_mock->setBehavior(QStringLiteral("c"), MockBehavior::slowStream(4, 250));
    const QList<TestResponse> results
        = TestClient::postConcurrently(600, chatUrl(m_mock, "c"), streamBody, {}, 20000);
    QCOMPARE(results.size(), 600);
    qint64 slowest = 0;
    for (const TestResponse &r : results) {
        QVERIFY2(r.ok(), qPrintable(r.curlError));
        QCOMPARE(r.sseDataLines().size(), 5);
        slowest = qMax(slowest, r.totalMs);
    }
    QCOMPARE(m_mock->peakConcurrentRequests(), 600);
    QVERIFY2(slowest < 4000, QByteArray::number(slowest).constData()); // not in waves
    QTRY_COMPARE(m_mock->openConnections(), 0);
}

void TstMockUpstream::largeAndChunkedBodies()
{
    const QByteArray big = R"({"model":"m","input":")" + QByteArray(70 * 1024, 'x') + "\"}";
    QVERIFY(
        TestClient::post(m_mock.baseUrl(QStringLiteral("l")) + QLatin1String("/embeddings"), big)
            .ok());
    QCOMPARE(m_mock->requests(QStringLiteral("l")).first().body, big);

    const QByteArray chunked = QByteArrayLiteral(
        "POST /l/v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;ext=1\r\n{\"mod\r\n8\r\nel\":\"q\"}\r\n0\r\n\r\n");
    const TestResponse r = TestClient::raw(m_mock.port(), chunked, 5000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("model")).toString(), QStringLiteral("q"));
    QCOMPARE(m_mock->requests(QStringLiteral("l")).last().body,
             QByteArrayLiteral(R"({"model":"q"})"));
}

void TstMockUpstream::parserByteByByte()
{
    const QByteArray request = QByteArrayLiteral(
        "POST /p/v1/x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
        "POST /p/v1/y HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n");
    HttpRequestParser parser;
    QList<HttpRequest> parsed;
    for (const char c : request) {
        parser.append(QByteArray(1, c));
        while (parser.parse() == HttpRequestParser::Result::Complete)
            parsed.append(parser.takeRequest());
    }
    QCOMPARE(parsed.size(), 2);
    QCOMPARE(parsed.at(0).body, QByteArrayLiteral("abc"));
    QCOMPARE(parsed.at(1).path, QByteArrayLiteral("/p/v1/y"));
    QCOMPARE(parsed.at(1).body, QByteArrayLiteral("de"));
}

void TstMockUpstream::keepAliveAndPipelining()
{
    const QByteArray one = QByteArrayLiteral("GET /k/v1/models HTTP/1.1\r\nHost: x\r\n\r\n");
    const TestResponse r = TestClient::raw(m_mock.port(), one + one + one, 5000);
    QCOMPARE(r.status, 200);
    QTRY_COMPARE(m_mock->requestCount(QStringLiteral("k")), 3);
    QCOMPARE(m_mock->abortedByClient(), 0);
}

void TstMockUpstream::expectContinue()
{
    const QByteArray request = QByteArrayLiteral(
        "POST /e/v1/chat/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
        "Content-Length: 2\r\n\r\n");
    // Headers only: the mock must say 100 Continue before the body exists.
    const TestResponse interim = TestClient::raw(m_mock.port(), request, 300);
    QVERIFY2(interim.raw.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), interim.raw.constData());
    const TestResponse full = TestClient::raw(m_mock.port(), request + "{}", 5000);
    QCOMPARE(full.status, 200);
}

void TstMockUpstream::malformedRequest()
{
    TestResponse r = TestClient::raw(m_mock.port(), QByteArrayLiteral("NONSENSE\r\n\r\n"), 5000);
    QCOMPARE(r.status, 400);
    const QByteArray huge
        = "GET /h/v1/models HTTP/1.1\r\nX-Big: " + QByteArray(70000, 'a') + "\r\n\r\n";
    r = TestClient::raw(m_mock.port(), huge, 5000);
    QCOMPARE(r.status, 431);
}

void TstMockUpstream::controlApi()
{
    const QString control = QStringLiteral("http://127.0.0.1:%1/_mock/").arg(m_mock.port());
    TestResponse r = TestClient::request(
        QByteArrayLiteral("PUT"), control + QLatin1String("behavior/api"),
        QByteArrayLiteral(R"({"status":200,"chunkCount":3,"chunkIntervalMs":10,)"
                          R"("headers":{"X-Mock":"1"}})"));
    QVERIFY2(r.ok(), r.body.constData());
    r = TestClient::post(chatUrl(m_mock, "api"), chatBody);
    QCOMPARE(r.header("x-mock"), QByteArrayLiteral("1"));
    QCOMPARE(r.sseDataLines().size(), 4);
    r = TestClient::get(control + QLatin1String("requests/api"));
    const QJsonArray requests = QJsonDocument::fromJson(r.body).array();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first()[QLatin1String("path")].toString(),
             QStringLiteral("/api/v1/chat/completions"));
    QCOMPARE(requests.first()[QLatin1String("headers")][QLatin1String("content-type")].toString(),
             QStringLiteral("application/json"));
    r = TestClient::get(control + QLatin1String("stats"));
    QCOMPARE(r.json().value(QLatin1String("requests")).toInt(), 1);
    QVERIFY(r.json().contains(QLatin1String("peakConcurrent")));
    QVERIFY(TestClient::post(control + QLatin1String("reset"), {}).ok());
    QCOMPARE(m_mock->requestCount(), 0);
}

void TstMockUpstream::refusesNonLocalUrls()
{
    const TestResponse r = TestClient::get(QStringLiteral("http://example.com/"));
    QCOMPARE(r.status, 0);
    QVERIFY(!r.curlError.isEmpty());
}

QTEST_GUILESS_MAIN(TstMockUpstream)
#include "tst_mockupstream.moc"
