// Streams after the first byte reached the client: an upstream failure must end the client's
// stream with an error event and no [DONE] (never a truncation that looks complete) and count
// against the backend; a client that goes away aborts the upstream at once; many streams run
// at the same time.
#include "gatewayfixture.h"

#include <QJsonDocument>
#include <QTest>

Q_DECLARE_METATYPE(MockBehavior)

class TestStreaming : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void upstreamFailureMidStreamEndsWithErrorEvent_data();
    void upstreamFailureMidStreamEndsWithErrorEvent();
    void inStreamErrorIsForwardedWithoutDone();
    void cutMidEventStillGivesAWellFormedErrorEvent();
    void cutResponsesStreamEndsWithItsOwnErrorEvent();
    void breakAfterDoneIsASuccess();
    void finishReasonAndCleanEndWithoutDoneIsComplete();
    void eventThatNeverEndsIsCutOffWithAnErrorEvent();
    void clientDisconnectAbortsUpstream();
    void twoHundredConcurrentStreams();

private:
    GatewayFixture m_fx;
};

void TestStreaming::initTestCase()
{
    QJsonObject timeouts;
    timeouts.insert(QStringLiteral("idleSeconds"), 1);
    QJsonObject extra;
    extra.insert(QStringLiteral("timeouts"), timeouts);
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"), extra);
    m_fx.addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    QJsonObject server = m_fx.config().value(QLatin1String("server")).toObject();
    server.insert(QStringLiteral("maxConnections"), 2048);
    m_fx.config().insert(QStringLiteral("server"), server);
    QJsonObject cooldown;
    cooldown.insert(QStringLiteral("failureBaseSeconds"), 1); // short, so rows do not wait long
    m_fx.config().insert(QStringLiteral("cooldown"), cooldown);
    QVERIFY(m_fx.start());
}

void TestStreaming::init()
{
    m_fx.mock->reset();
    m_fx.clearCooldowns();
}

void TestStreaming::upstreamFailureMidStreamEndsWithErrorEvent_data()
{
    QTest::addColumn<MockBehavior>("failure");
    QTest::addColumn<QString>("reason");
    const QList<MockChunk> twoEvents
        = {MockBehavior::sse(MockBehavior::chatChunkJson("ma", "Hel")),
           MockBehavior::sse(MockBehavior::chatChunkJson("ma", "lo"), 50)};
    MockBehavior cut;
    cut.chunks = twoEvents;
    cut.end = MockEnd::Cut;
    QTest::newRow("connection cut") << cut << QStringLiteral("stream");
    MockBehavior stall;
    stall.chunks = twoEvents;
    stall.end = MockEnd::Stall;
    QTest::newRow("idle timeout") << stall << QStringLiteral("timeout");
    MockBehavior noDone;
    noDone.chunks = twoEvents;
    noDone.end = MockEnd::CloseWithoutDone;
    QTest::newRow("clean close without [DONE]") << noDone << QStringLiteral("stream");
}

void TestStreaming::upstreamFailureMidStreamEndsWithErrorEvent()
{
    QFETCH(MockBehavior, failure);
    QFETCH(QString, reason);
    const QString backend = QStringLiteral("a:ma");
    m_fx.mock->enqueue(QStringLiteral("a"), failure);
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"), true), 10000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), backend.toUtf8());
    QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError)); // the chunked body ends properly
    const QList<QByteArray> events = r.sseDataLines();
    QCOMPARE(events.size(), 3);
    QVERIFY(events.at(0).contains("Hel"));
    QVERIFY(events.at(1).contains("lo"));
    QVERIFY2(events.at(2).startsWith("{\"error\":"), events.at(2).constData());
    QVERIFY(!r.body.contains("[DONE]"));
    QCOMPARE(m_fx.mock->requestCount(QStringLiteral("b")), 0); // too late to fail over
    const QJsonObject cooldown
        = m_fx.backendHealth(backend).value(QLatin1String("cooldown")).toObject();
    QCOMPARE(cooldown.value(QLatin1String("reason")).toString(), reason);
    // Let the next row start from a clean slate.
    QTRY_COMPARE_WITH_TIMEOUT(m_fx.backendHealth(backend).value(QLatin1String("state")).toString(),
                              QStringLiteral("ok"), 10000);
}

void TestStreaming::inStreamErrorIsForwardedWithoutDone()
{
    MockBehavior behavior;
    const QByteArray error = QByteArrayLiteral(
        "{\"error\":{\"message\":\"content filter\",\"type\":\"server_error\"}}");
    behavior.chunks = {MockBehavior::sse(MockBehavior::chatChunkJson("ma", "Hi")),
                       MockBehavior::sse(error, 20)};
    behavior.end = MockEnd::CloseWithoutDone;
    m_fx.mock->enqueue(QStringLiteral("a"), behavior);
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"), true));
    QCOMPARE(r.status, 200);
    const QList<QByteArray> events = r.sseDataLines();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(1), error); // the upstream's own words, exactly once
    QVERIFY(!r.body.contains("[DONE]"));
}

void TestStreaming::clientDisconnectAbortsUpstream()
{
    m_fx.mock->setBehavior(QStringLiteral("b"), MockBehavior::slowStream(50, 200));
    // Route to b directly: a may still be cooling from an earlier test.
    m_fx.mock->setBehavior(QStringLiteral("a"), MockBehavior::slowStream(50, 200));
    const TestResponse r = TestClient::postAbortAfterFirstPiece(
        m_fx.url(QStringLiteral("/v1/chat/completions")),
        GatewayFixture::chatBody(QStringLiteral("chat"), true), m_fx.auth());
    QCOMPARE(r.status, 200);
    // The upstream sees its client (the gateway) go away within a second, not after 10 s.
    QTRY_COMPARE_WITH_TIMEOUT(m_fx.mock->abortedByClient(), 1, 2000);
    QTRY_COMPARE_WITH_TIMEOUT(m_fx.health().value(QLatin1String("inFlight")).toInt(), 0, 2000);
}

void TestStreaming::twoHundredConcurrentStreams()
{
    m_fx.mock->setBehavior(QStringLiteral("a"), MockBehavior::slowStream(5, 200));
    m_fx.mock->setBehavior(QStringLiteral("b"), MockBehavior::slowStream(5, 200));
    const QList<TestResponse> results = TestClient::postConcurrently(
        200, m_fx.url(QStringLiteral("/v1/chat/completions")),
        GatewayFixture::chatBody(QStringLiteral("chat"), true), m_fx.auth(), 30000);
    int complete = 0;
    for (const TestResponse &r : results)
        complete += r.status == 200 && r.sseDataLines().value(5) == "[DONE]";
    QCOMPARE(complete, 200);
    // All at once, not in waves: the upstream had every stream open at the same time.
    QCOMPARE(m_fx.mock->peakConcurrentRequests(), 200);
}

void TestStreaming::cutMidEventStillGivesAWellFormedErrorEvent()
{
    MockBehavior behavior;
    behavior.chunks
        = {MockBehavior::sse(MockBehavior::chatChunkJson("ma", "Hel")),
           MockChunk {QByteArrayLiteral("data: {\"id\":\"2\",\"choices\":[{\"delta\":{\"con"), 30}};
    behavior.end = MockEnd::Cut;
    m_fx.mock->enqueue(QStringLiteral("a"), behavior);
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"), true));
    QCOMPARE(r.status, 200);
    const QList<QByteArray> events = r.sseDataLines();
    QCOMPARE(events.size(), 2);
    QVERIFY(events.at(0).contains("Hel"));
    // The half event is dropped; the error event parses on its own.
    const QJsonObject error = QJsonDocument::fromJson(events.at(1)).object();
    QVERIFY2(error.contains(QLatin1String("error")), events.at(1).constData());
    QVERIFY(!r.body.contains("\"id\":\"2\""));
    QTRY_COMPARE_WITH_TIMEOUT(
        m_fx.backendHealth(QStringLiteral("a:ma")).value(QLatin1String("state")).toString(),
        QStringLiteral("ok"), 10000);
}

void TestStreaming::cutResponsesStreamEndsWithItsOwnErrorEvent()
{
    MockBehavior behavior;
    behavior.chunks
        = {MockChunk {QByteArrayLiteral(
                          "event: response.created\ndata: "
                          "{\"type\":\"response.created\",\"response\":{\"id\":\"r1\"}}\n\n"),
                      0},
           MockChunk {
               QByteArrayLiteral("event: response.output_text.delta\ndata: "
                                 "{\"type\":\"response.output_text.delta\",\"delta\":\"Hel\"}\n\n"),
               30}};
    behavior.end = MockEnd::Cut;
    m_fx.mock->enqueue(QStringLiteral("a"), behavior);
    const TestResponse r = m_fx.post(QStringLiteral("/v1/responses"),
                                     R"({"model":"chat","input":"Say hello","stream":true})");
    QCOMPARE(r.status, 200);
    QVERIFY2(r.body.contains("\"delta\":\"Hel\""), r.body.constData());
    // A Responses client reads typed events: the stream ends with the protocol's own error
    // event, not with a chat-shaped {"error":...} it cannot parse.
    const qsizetype last = r.body.lastIndexOf("event: ");
    QVERIFY2(last >= 0, r.body.constData());
    const QByteArray tail = r.body.mid(last);
    QVERIFY2(tail.startsWith("event: error\ndata: "), tail.constData());
    const QJsonObject error
        = QJsonDocument::fromJson(tail.mid(tail.indexOf('{')).trimmed()).object();
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QCOMPARE(error.value(QLatin1String("code")).toString(),
             QStringLiteral("upstream_stream_failed"));
    QVERIFY(!error.value(QLatin1String("message")).toString().isEmpty());
    QVERIFY(!r.body.contains("data: {\"error\""));
}

void TestStreaming::breakAfterDoneIsASuccess()
{
    MockBehavior behavior;
    behavior.chunks
        = {MockBehavior::sse(MockBehavior::chatChunkJson("ma", "Hi")), MockBehavior::done(10)};
    behavior.end = MockEnd::Cut; // the connection breaks before the chunked body's last chunk
    m_fx.mock->enqueue(QStringLiteral("a"), behavior);
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"), true));
    QCOMPARE(r.status, 200);
    QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError));
    const QList<QByteArray> events = r.sseDataLines();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.last(), QByteArrayLiteral("[DONE]"));
    QCOMPARE(m_fx.backendHealth(QStringLiteral("a:ma")).value(QLatin1String("state")).toString(),
             QStringLiteral("ok"));
}

// Several vendors end a stream with a finish_reason chunk and a properly ended body, but no
// [DONE]: complete as far as the client's protocol goes, so no error event and no cooldown.
void TestStreaming::finishReasonAndCleanEndWithoutDoneIsComplete()
{
    MockBehavior behavior;
    const QByteArray last = QByteArrayLiteral(
        R"({"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},)"
        R"("finish_reason" : "stop"}]})");
    behavior.chunks
        = {MockBehavior::sse(MockBehavior::chatChunkJson("ma", "Hi")), MockBehavior::sse(last, 10)};
    behavior.end = MockEnd::CloseWithoutDone;
    m_fx.mock->enqueue(QStringLiteral("a"), behavior);
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"), true));
    QCOMPARE(r.status, 200);
    QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError));
    const QList<QByteArray> events = r.sseDataLines();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.last(), last);
    const QJsonObject a = m_fx.backendHealth(QStringLiteral("a:ma"));
    QCOMPARE(a.value(QLatin1String("state")).toString(), QStringLiteral("ok"));
    QVERIFY(!a.contains(QLatin1String("cooldown")));
}

// An upstream that starts an event and never ends it must not make the gateway hold its bytes
// without limit: past 16 MiB the client's stream ends with an error event.
void TestStreaming::eventThatNeverEndsIsCutOffWithAnErrorEvent()
{
    MockBehavior behavior;
    behavior.chunks = {MockBehavior::sse(MockBehavior::chatChunkJson("ma", "Hel")),
                       MockChunk {QByteArrayLiteral("data: {\"content\":\""), 10}};
    const QByteArray megabyte(1 << 20, 'x');
    for (int i = 0; i < 20; ++i)
        behavior.chunks.append(MockChunk {megabyte, 0});
    behavior.end = MockEnd::Stall;
    m_fx.mock->enqueue(QStringLiteral("a"), behavior);
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"), true));
    QCOMPARE(r.status, 200);
    QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError)); // ended properly, not cut
    QVERIFY(r.body.size() < (1 << 20)); // none of the endless event reached the client
    const QList<QByteArray> events = r.sseDataLines();
    QCOMPARE(events.size(), 2);
    QVERIFY(events.at(0).contains("Hel"));
    const QJsonObject error = QJsonDocument::fromJson(events.at(1)).object();
    const QString message
        = error.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    QVERIFY2(message.contains(QLatin1String("larger than 16 MiB")), events.at(1).constData());
    QCOMPARE(m_fx.backendHealth(QStringLiteral("a:ma"))
                 .value(QLatin1String("cooldown"))
                 .toObject()
                 .value(QLatin1String("reason"))
                 .toString(),
             QStringLiteral("stream"));
    QTRY_COMPARE_WITH_TIMEOUT(m_fx.mock->abortedByClient(QStringLiteral("a")), 1, 5000);
}

QTEST_GUILESS_MAIN(TestStreaming)
#include "tst_streaming.moc"
