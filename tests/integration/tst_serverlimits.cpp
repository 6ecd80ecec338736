// Bad input and hostile clients: every one gets a clear answer in the OpenAI error shape (or a
// closed connection where HTTP offers nothing better), and the gateway keeps serving others.
#include "gatewayfixture.h"

#include "keys/clientkeys.h"

#include <QTcpSocket>

#include <QTest>
#include <memory>

class TestServerLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rejectsBadRequests_data();
    void rejectsBadRequests();
    void oversizedBodyIsRefusedFromItsHead();
    void oversizedChunkedBodyIsRefused();
    void refusalReachesAClientStillUploading_data();
    void refusalReachesAClientStillUploading();
    void ambiguousFramingIsRefused_data();
    void ambiguousFramingIsRefused();
    void oversizedHeadersAreRefused();
    void hostHeaderMustNameThisMachine_data();
    void hostHeaderMustNameThisMachine();
    void answersExpectContinue();
    void continuesOnlyAfterTheChecks();
    void closesIdleConnections();
    void boundsTheNumberOfConnections();
    void answersPipelinedRequestsInOrder();
    void readsNothingAheadWhileAnswering();
    void bodiesShareOneBudget();
    void survivesClientsThatVanishMidRequest();
    void keysAreCheckedPerAlias();
    void unknownModelFallsBackWhenSwitchedOn();

private:
    QJsonObject errorOf(const TestResponse &r) const
    {
        return r.json().value(QLatin1String("error")).toObject();
    }
    static QByteArray rawPost(const QByteArray &host, const QByteArray &body,
                              const QByteArray &extraHeaders = {});
    // A POST head announcing `contentLength` bytes; the caller sends the body, or some of it.
    static QByteArray postHead(qint64 contentLength, const QByteArray &extraHeaders = {});
    // Read on the gateway's own thread, where they change.
    static int openConnections(const GatewayFixture &fx);
    static qint64 bufferedBodyBytes(const GatewayFixture &fx);
    GatewayFixture m_fx;
    const QByteArray m_limitedKey = QByteArrayLiteral("sk-only-embed");
    const QByteArray m_disabledKey = QByteArrayLiteral("sk-disabled");
};

void TestServerLimits::initTestCase()
{
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    m_fx.addModel(QStringLiteral("embed"), {QStringLiteral("a:me")});
    QJsonObject server = m_fx.config().value(QLatin1String("server")).toObject();
    server.insert(QStringLiteral("maxBodyBytes"), 65536);
    server.insert(QStringLiteral("maxHeaderBytes"), 4096);
    server.insert(QStringLiteral("idleSeconds"), 1);
    server.insert(QStringLiteral("maxConnections"), 8);
    m_fx.config().insert(QStringLiteral("server"), server);
    clawgate::ClientKeys::add(m_fx.config(), QStringLiteral("limited"), m_limitedKey);
    clawgate::ClientKeys::add(m_fx.config(), QStringLiteral("off"), m_disabledKey);
    clawgate::ClientKeys::setStatus(m_fx.config(), QStringLiteral("off"), false);
    QJsonArray keys = m_fx.config().value(QLatin1String("clientKeys")).toArray();
    QJsonObject limited = keys.at(1).toObject();
    limited.insert(QStringLiteral("allowedModels"), QJsonArray {QStringLiteral("embed")});
    keys.replace(1, limited);
    m_fx.config().insert(QStringLiteral("clientKeys"), keys);
    QVERIFY(m_fx.start());
}

QByteArray TestServerLimits::rawPost(const QByteArray &host, const QByteArray &body,
                                     const QByteArray &extraHeaders)
{
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: " + host
        + "\r\nAuthorization: Bearer sk-test-client-key\r\nContent-Type: "
          "application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}

QByteArray TestServerLimits::postHead(qint64 contentLength, const QByteArray &extraHeaders)
{
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
           "application/json\r\nContent-Length: "
        + QByteArray::number(contentLength) + "\r\n" + extraHeaders + "\r\n";
}

// The gateway's counters as its service last reported them (a few times a second): read with
// QTRY_*, never once.
int TestServerLimits::openConnections(const GatewayFixture &fx)
{
    return fx.service()->stats().connections;
}

qint64 TestServerLimits::bufferedBodyBytes(const GatewayFixture &fx)
{
    return fx.service()->stats().bufferedBodyBytes;
}

void TestServerLimits::rejectsBadRequests_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const QString chat = QStringLiteral("/v1/chat/completions");
    const QByteArray good = QByteArrayLiteral("Bearer sk-test-client-key");
    const QByteArray ok = GatewayFixture::chatBody(QStringLiteral("chat"));
    QTest::newRow("malformed JSON")
        << chat << QByteArrayLiteral("POST") << QByteArrayLiteral("{\"model\": \"chat\",") << good
        << 400 << QStringLiteral("invalid_json");
    QTest::newRow("body is an array")
        << chat << QByteArrayLiteral("POST") << QByteArrayLiteral("[1,2]") << good << 400
        << QStringLiteral("invalid_request");
    QTest::newRow("empty body") << chat << QByteArrayLiteral("POST") << QByteArray() << good << 400
                                << QStringLiteral("invalid_json");
    QTest::newRow("model is a number")
        << chat << QByteArrayLiteral("POST") << QByteArrayLiteral("{\"model\":5}") << good << 400
        << QStringLiteral("invalid_request");
    QTest::newRow("stream is a string")
        << chat << QByteArrayLiteral("POST")
        << QByteArrayLiteral("{\"model\":\"chat\",\"stream\":\"yes\"}") << good << 400
        << QStringLiteral("invalid_request");
    QTest::newRow("model missing, no default")
        << chat << QByteArrayLiteral("POST") << QByteArrayLiteral("{\"messages\":[]}") << good
        << 400 << QStringLiteral("invalid_request");
    QTest::newRow("unknown model")
        << chat << QByteArrayLiteral("POST") << GatewayFixture::chatBody(QStringLiteral("gpt-9"))
        << good << 404 << QStringLiteral("model_not_found");
    QTest::newRow("no key") << chat << QByteArrayLiteral("POST") << ok << QByteArray() << 401
                            << QStringLiteral("missing_api_key");
    QTest::newRow("wrong key") << chat << QByteArrayLiteral("POST") << ok
                               << QByteArrayLiteral("Bearer sk-nope") << 401
                               << QStringLiteral("invalid_api_key");
    QTest::newRow("disabled key") << chat << QByteArrayLiteral("POST") << ok
                                  << QByteArrayLiteral("Bearer sk-disabled") << 401
                                  << QStringLiteral("invalid_api_key");
    QTest::newRow("key not allowed this alias")
        << chat << QByteArrayLiteral("POST") << ok << QByteArrayLiteral("Bearer sk-only-embed")
        << 403 << QStringLiteral("model_not_allowed");
    QTest::newRow("unknown path") << QStringLiteral("/v1/nothing") << QByteArrayLiteral("POST")
                                  << ok << good << 404 << QStringLiteral("unknown_url");
    QTest::newRow("wrong method") << chat << QByteArrayLiteral("GET") << QByteArray() << good << 405
                                  << QStringLiteral("method_not_allowed");
}

void TestServerLimits::rejectsBadRequests()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QFETCH(QString, code);
    TestHeaders headers;
    if (!authorization.isEmpty())
        headers.append({QByteArrayLiteral("Authorization"), authorization});
    const TestResponse r = TestClient::request(method, m_fx.url(path), body, headers);
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("content-type"), QByteArrayLiteral("application/json"));
    QCOMPARE(errorOf(r).value(QLatin1String("code")).toString(), code);
    QVERIFY(!errorOf(r).value(QLatin1String("message")).toString().isEmpty());
    QCOMPARE(m_fx.mock->requestCount(), 0);
}

void TestServerLimits::oversizedBodyIsRefusedFromItsHead()
{
    // The 413 comes from Content-Length alone, while the client is still sending its body.
    const QByteArray request = postHead(50000000, "Authorization: Bearer sk-test-client-key\r\n")
        + QByteArray(1 << 20, 'x');
    const TestResponse r = TestClient::raw(m_fx.port(), request, 5000);
    QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError));
    QCOMPARE(r.status, 413);
    QCOMPARE(errorOf(r).value(QLatin1String("code")).toString(),
             QStringLiteral("request_too_large"));
    QCOMPARE(m_fx.mock->requestCount(), 0);
}

void TestServerLimits::oversizedChunkedBodyIsRefused()
{
    QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                         "application/json\r\nAuthorization: Bearer sk-test-client-key\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n";
    const QByteArray piece(16000, 'x');
    for (int i = 0; i < 64; ++i) // 1 MB, far over 65 536: still sending when refused
        request += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    const TestResponse r = TestClient::raw(m_fx.port(), request, 5000);
    QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError));
    QCOMPARE(r.status, 413);
    QCOMPARE(m_fx.mock->requestCount(), 0);
}

void TestServerLimits::refusalReachesAClientStillUploading_data()
{
    QTest::addColumn<QByteArray>("extraHeaders");
    QTest::addColumn<qint64>("contentLength");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const qint64 eightMegabytes = 8 << 20;
    const QByteArray key = "Authorization: Bearer sk-test-client-key\r\n";
    QTest::newRow("no key") << QByteArray() << eightMegabytes << 401
                            << QStringLiteral("missing_api_key");
    QTest::newRow("wrong key") << QByteArrayLiteral("Authorization: Bearer sk-nope\r\n")
                               << eightMegabytes << 401 << QStringLiteral("invalid_api_key");
    QTest::newRow("foreign host") << key << eightMegabytes << 403
                                  << QStringLiteral("host_not_allowed");
    QTest::newRow("too large") << key << qint64(64 << 20) << 413
                               << QStringLiteral("request_too_large");
    QTest::newRow("admin route without its token")
        << key + "X-Route: admin\r\n"
        << eightMegabytes << 403 << QStringLiteral("invalid_admin_token");
}

// The answer is decided from the head; the client goes on sending its body meanwhile (8 MB,
// under the default limit of 32 MB) and must still read the whole answer: no reset from
// closing a socket with unread bytes.
void TestServerLimits::refusalReachesAClientStillUploading()
{
    QFETCH(QByteArray, extraHeaders);
    QFETCH(qint64, contentLength);
    QFETCH(int, status);
    QFETCH(QString, code);
    GatewayFixture fx; // default limits
    fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    QVERIFY(fx.start());
    QByteArray head = postHead(contentLength, extraHeaders);
    if (code == QLatin1String("host_not_allowed"))
        head.replace("Host: 127.0.0.1", "Host: evil.example");
    if (head.contains("X-Route: admin"))
        head.replace("/v1/chat/completions", "/admin/cooldowns/set");
    const TestResponse r
        = TestClient::rawSendAllThenRead(fx.port(), head + QByteArray(8 << 20, 'x'), 10000);
    QVERIFY2(r.curlError.isEmpty(),
             qPrintable(r.curlError + QLatin1String(": ") + QString::fromLatin1(r.raw)));
    QCOMPARE(r.status, status);
    QCOMPARE(errorOf(r).value(QLatin1String("code")).toString(), code);
    QCOMPARE(r.header("connection"), QByteArrayLiteral("close"));
    QCOMPARE(fx.mock->requestCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(bufferedBodyBytes(fx), qint64(0), 5000);
}

void TestServerLimits::ambiguousFramingIsRefused_data()
{
    QTest::addColumn<QByteArray>("framing");
    QTest::addColumn<QByteArray>("mentions");
    const QByteArray length = "Content-Length";
    QTest::newRow("length overflows")
        << QByteArrayLiteral("Content-Length: 18446744073709551659\r\n") << length;
    QTest::newRow("length too long for any body")
        << QByteArrayLiteral("Content-Length: 9223372036854775808\r\n") << length;
    QTest::newRow("negative length") << QByteArrayLiteral("Content-Length: -1\r\n") << length;
    QTest::newRow("length not digits") << QByteArrayLiteral("Content-Length: 2a\r\n") << length;
    QTest::newRow("length with sign") << QByteArrayLiteral("Content-Length: +2\r\n") << length;
    QTest::newRow("length as a list") << QByteArrayLiteral("Content-Length: 2, 2\r\n") << length;
    QTest::newRow("length repeated, different")
        << QByteArrayLiteral("Content-Length: 2\r\nContent-Length: 40\r\n") << length;
    QTest::newRow("length repeated, same")
        << QByteArrayLiteral("Content-Length: 2\r\nContent-Length: 2\r\n") << length;
    QTest::newRow("length and chunked")
        << QByteArrayLiteral("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n") << length;
    QTest::newRow("unknown transfer coding")
        << QByteArrayLiteral("Transfer-Encoding: gzip, chunked\r\n")
        << QByteArrayLiteral("Transfer-Encoding");
    QTest::newRow("space before colon")
        << QByteArrayLiteral("Content-Length : 2\r\n") << QByteArrayLiteral("header line");
}

// A length read two ways is how requests get smuggled: 400 and close, before any body is read.
void TestServerLimits::ambiguousFramingIsRefused()
{
    QFETCH(QByteArray, framing);
    QFETCH(QByteArray, mentions);
    const QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Authorization: Bearer sk-test-client-key\r\n"
        + framing + "\r\n{}";
    const TestResponse r = TestClient::raw(m_fx.port(), request, 5000);
    QCOMPARE(r.status, 400);
    const QString message = errorOf(r).value(QLatin1String("message")).toString();
    QVERIFY2(message.contains(QString::fromLatin1(mentions)), qPrintable(message));
    QCOMPARE(r.header("connection"), QByteArrayLiteral("close"));
    QCOMPARE(m_fx.mock->requestCount(), 0);
}

void TestServerLimits::oversizedHeadersAreRefused()
{
    const QByteArray request
        = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + QByteArray(8000, 'a') + "\r\n\r\n";
    const TestResponse r = TestClient::raw(m_fx.port(), request, 5000);
    QCOMPARE(r.status, 431);
}

void TestServerLimits::hostHeaderMustNameThisMachine_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("status");
    const QByteArray port = QByteArray::number(m_fx.port());
    QTest::newRow("127.0.0.1 with port") << "127.0.0.1:" + port << 200;
    QTest::newRow("localhost") << QByteArrayLiteral("localhost") << 200;
    QTest::newRow("LOCALHOST with port") << "LOCALHOST:" + port << 200;
    QTest::newRow("[::1] with port") << "[::1]:" + port << 200;
    QTest::newRow("rebinding attacker") << "evil.example:" + port << 403;
    QTest::newRow("attacker with localhost prefix")
        << QByteArrayLiteral("localhost.evil.example") << 403;
    QTest::newRow("public address") << QByteArrayLiteral("93.184.216.34") << 403;
}

void TestServerLimits::hostHeaderMustNameThisMachine()
{
    QFETCH(QByteArray, host);
    QFETCH(int, status);
    const TestResponse r
        = TestClient::raw(m_fx.port(),
                          rawPost(host, GatewayFixture::chatBody(QStringLiteral("chat")),
                                  QByteArrayLiteral("Connection: close\r\n")));
    QCOMPARE(r.status, status);
    if (status == 403)
        QCOMPARE(errorOf(r).value(QLatin1String("code")).toString(),
                 QStringLiteral("host_not_allowed"));
}

void TestServerLimits::answersExpectContinue()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_fx.port());
    QVERIFY(socket.waitForConnected(2000));
    const QByteArray body = GatewayFixture::chatBody(QStringLiteral("chat"));
    socket.write(
        rawPost("127.0.0.1", {}, "Expect: 100-continue\r\n")
            .replace("Content-Length: 0", "Content-Length: " + QByteArray::number(body.size())));
    QVERIFY(socket.waitForReadyRead(2000));
    QVERIFY(socket.readAll().startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
    socket.write(body);
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT(
        (socket.waitForReadyRead(100), answer += socket.readAll(), answer.contains("Hello from a")),
        5000);
    QVERIFY(answer.startsWith("HTTP/1.1 200"));
}

// "100 Continue" invites the body: a request refused from its head gets its answer instead.
void TestServerLimits::continuesOnlyAfterTheChecks()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_fx.port());
    QVERIFY(socket.waitForConnected(2000));
    socket.write(postHead(1000, QByteArrayLiteral("Expect: 100-continue\r\n"))); // no key
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT(
        (socket.waitForReadyRead(100), answer += socket.readAll(), answer.contains("\r\n\r\n")),
        5000);
    QVERIFY2(answer.startsWith("HTTP/1.1 401 "), answer.constData());
}

void TestServerLimits::closesIdleConnections()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_fx.port());
    QVERIFY(socket.waitForConnected(2000));
    socket.write("GET /he"); // a slow client that never finishes its request
    QTRY_COMPARE_WITH_TIMEOUT(
        (socket.state() == QAbstractSocket::ConnectedState && socket.waitForDisconnected(100),
         socket.state()),
        QAbstractSocket::UnconnectedState, 5000);
}

void TestServerLimits::boundsTheNumberOfConnections()
{
    // Let idle connections of earlier tests expire (idleSeconds is 1).
    QTRY_COMPARE_WITH_TIMEOUT(openConnections(m_fx), 0, 5000);
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < 8; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(QHostAddress::LocalHost, m_fx.port());
        QVERIFY(sockets.back()->waitForConnected(2000));
        if (i % 2 == 0) // half of them are in the middle of an upload
            sockets.back()->write(postHead(1000, "Authorization: Bearer sk-test-client-key\r\n")
                                  + QByteArray(100, ' '));
    }
    QTRY_COMPARE_WITH_TIMEOUT(bufferedBodyBytes(m_fx), qint64(4 * 1000), 5000);
    const TestResponse refused = TestClient::get(m_fx.url(QStringLiteral("/health")));
    QCOMPARE(refused.status, 503);
    QCOMPARE(errorOf(refused).value(QLatin1String("code")).toString(),
             QStringLiteral("too_many_connections"));
    sockets.clear();
    // Everything the connections held is given back.
    QTRY_COMPARE_WITH_TIMEOUT(openConnections(m_fx), 0, 5000);
    QTRY_COMPARE(bufferedBodyBytes(m_fx), qint64(0));
    QTRY_COMPARE(m_fx.service()->stats().requestsInFlight, 0);
    const QJsonObject health = m_fx.health();
    QCOMPARE(health.value(QLatin1String("connections")).toInt(), 1); // this request's own
    QCOMPARE(health.value(QLatin1String("inFlight")).toInt(), 0);
}

void TestServerLimits::answersPipelinedRequestsInOrder()
{
    MockBehavior slow;
    slow.headerDelayMs = 300;
    slow.body = QByteArrayLiteral("{\"first\":true}");
    m_fx.mock->enqueue(QStringLiteral("a"), slow);
    const QByteArray body = GatewayFixture::chatBody(QStringLiteral("chat"));
    const QByteArray twoRequests = rawPost("127.0.0.1", body)
        + "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          "Authorization: Bearer sk-test-client-key\r\nConnection: close\r\n\r\n";
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_fx.port());
    QVERIFY(socket.waitForConnected(2000));
    socket.write(twoRequests);
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((socket.waitForReadyRead(100), answer += socket.readAll(),
                              socket.state() == QAbstractSocket::UnconnectedState),
                             5000);
    const qsizetype first = answer.indexOf("{\"first\":true}");
    const qsizetype second = answer.indexOf("\"object\":\"list\"");
    QVERIFY2(first > 0 && second > first, answer.constData());
}

// While one request is answered, the next one on the same connection stays unread: it is
// neither admitted nor buffered until the first response is complete.
void TestServerLimits::readsNothingAheadWhileAnswering()
{
    QTRY_COMPARE_WITH_TIMEOUT(bufferedBodyBytes(m_fx), qint64(0), 5000);
    MockBehavior slow;
    slow.headerDelayMs = 1500;
    slow.body = QByteArrayLiteral("{\"first\":true}");
    m_fx.mock->enqueue(QStringLiteral("a"), slow);
    const QByteArray first = GatewayFixture::chatBody(QStringLiteral("chat"));
    QByteArray second = GatewayFixture::chatBody(QStringLiteral("chat"));
    second.insert(second.size() - 1, ",\"pad\":\"" + QByteArray(50000, 'p') + '"');
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_fx.port());
    QVERIFY(socket.waitForConnected(2000));
    socket.write(rawPost("127.0.0.1", first)
                 + rawPost("127.0.0.1", second, QByteArrayLiteral("Connection: close\r\n")));
    QVERIFY(socket.waitForBytesWritten(2000));
    QTRY_COMPARE_WITH_TIMEOUT(m_fx.mock->activeRequests(), 1, 5000);
    QTRY_COMPARE(bufferedBodyBytes(m_fx), qint64(first.size())); // the second is not admitted
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((socket.waitForReadyRead(100), answer += socket.readAll(),
                              socket.state() == QAbstractSocket::UnconnectedState),
                             10000);
    QCOMPARE(answer.count("HTTP/1.1 200"), 2);
    QVERIFY2(answer.indexOf("{\"first\":true}") < answer.lastIndexOf("HTTP/1.1 200"),
             answer.constData());
    QTRY_COMPARE_WITH_TIMEOUT(bufferedBodyBytes(m_fx), qint64(0), 5000);
}

// Request bodies of all connections together have one budget (four times maxBodyBytes): an
// upload that does not fit is refused from its head with 503 and Retry-After, smaller ones
// that fit still pass, and everything is given back when the uploads end.
void TestServerLimits::bodiesShareOneBudget()
{
    GatewayFixture fx;
    fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    QJsonObject server = fx.config().value(QLatin1String("server")).toObject();
    server.insert(QStringLiteral("maxBodyBytes"), 65536); // a budget of 262 144 bytes
    fx.config().insert(QStringLiteral("server"), server);
    QVERIFY(fx.start());
    const QByteArray auth = "Authorization: Bearer " + fx.key + "\r\n";
    std::vector<std::unique_ptr<QTcpSocket>> uploads; // slow clients, halfway through
    for (int i = 0; i < 4; ++i) {
        uploads.push_back(std::make_unique<QTcpSocket>());
        uploads.back()->connectToHost(QHostAddress::LocalHost, fx.port());
        QVERIFY(uploads.back()->waitForConnected(2000));
        uploads.back()->write(postHead(60000, auth) + QByteArray(1000, ' '));
    }
    QTRY_COMPARE_WITH_TIMEOUT(bufferedBodyBytes(fx), qint64(4 * 60000), 5000);

    const TestResponse refused
        = TestClient::raw(fx.port(), postHead(60000, auth) + QByteArray(60000, ' '), 5000);
    QVERIFY2(refused.curlError.isEmpty(), qPrintable(refused.curlError));
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.header("retry-after"), QByteArrayLiteral("1"));
    QCOMPARE(errorOf(refused).value(QLatin1String("code")).toString(),
             QStringLiteral("server_busy"));
    QCOMPARE(fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"))).status, 200);
    QCOMPARE(fx.mock->requestCount(), 1);

    uploads.clear();
    QTRY_COMPARE_WITH_TIMEOUT(bufferedBodyBytes(fx), qint64(0), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(openConnections(fx), 0, 5000);
}

void TestServerLimits::survivesClientsThatVanishMidRequest()
{
    for (int i = 0; i < 20; ++i) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_fx.port());
        QVERIFY(socket.waitForConnected(2000));
        socket.write(
            rawPost("127.0.0.1", QByteArray(1000, ' ')).left(300)); // head, part of the body
        socket.waitForBytesWritten(1000);
        socket.abort();
    }
    MockBehavior slow = MockBehavior::slowStream(20, 50);
    m_fx.mock->setBehavior(QStringLiteral("a"), slow);
    for (int i = 0; i < 5; ++i)
        TestClient::postAbortAfterFirstPiece(m_fx.url(QStringLiteral("/v1/chat/completions")),
                                             GatewayFixture::chatBody(QStringLiteral("chat"), true),
                                             m_fx.auth());
    m_fx.mock->setBehavior(QStringLiteral("a"), MockBehavior());
    const TestResponse r = m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 200);
}

void TestServerLimits::keysAreCheckedPerAlias()
{
    const TestHeaders limited = {{QByteArrayLiteral("x-api-key"), m_limitedKey}};
    const TestResponse embed
        = TestClient::post(m_fx.url(QStringLiteral("/v1/embeddings")),
                           QByteArrayLiteral("{\"model\":\"embed\",\"input\":\"x\"}"), limited);
    QCOMPARE(embed.status, 200);
    const TestResponse models = TestClient::get(m_fx.url(QStringLiteral("/v1/models")), limited);
    QCOMPARE(models.json().value(QLatin1String("data")).toArray().size(), 1);
    QCOMPARE(TestClient::get(m_fx.url(QStringLiteral("/v1/models/chat")), limited).status, 404);
}

void TestServerLimits::unknownModelFallsBackWhenSwitchedOn()
{
    GatewayFixture fx;
    fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    fx.config().insert(QStringLiteral("defaultModel"), QStringLiteral("chat"));
    fx.config().insert(QStringLiteral("unknownModelFallback"), true);
    QVERIFY(fx.start());
    const TestResponse unknown = fx.chat(GatewayFixture::chatBody(QStringLiteral("gpt-4o")));
    QCOMPARE(unknown.status, 200);
    QCOMPARE(unknown.header("x-clawgate-backend"), QByteArrayLiteral("a:ma"));
    const TestResponse missing = fx.chat(QByteArrayLiteral("{\"messages\":[]}"));
    QCOMPARE(missing.status, 200);
}

QTEST_GUILESS_MAIN(TestServerLimits)
#include "tst_serverlimits.moc"
