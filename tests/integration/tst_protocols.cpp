// Every client protocol (OpenAI chat, Anthropic Messages, OpenAI Responses) over every kind of
// backend it can be routed to: a stream the upstream breaks after the client's response has
// started ends with that client protocol's own error event and never with its success
// terminator; a translated request is recorded like any other, with its backend, status and
// the tokens the upstream reported; and errors the gateway makes itself come in the shape of
// the route's protocol.
#include "gatewayfixture.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

Q_DECLARE_METATYPE(MockEnd)

namespace {

// The protocol a client speaks, by the route it calls.
enum Protocol { Chat, Messages, Responses };

QString pathOf(int protocol)
{
    switch (protocol) {
    case Messages: return QStringLiteral("/v1/messages");
    case Responses: return QStringLiteral("/v1/responses");
    default: return QStringLiteral("/v1/chat/completions");
    }
}

// The mock route behind each alias of the test's configuration.
QString routeOf(const QString &alias)
{
    if (alias == QLatin1String("via-anthropic"))
        return QStringLiteral("an");
    return alias == QLatin1String("via-chat") ? QStringLiteral("oa") : QStringLiteral("co");
}

// A minimal request of the protocol, for `alias`.
QByteArray requestBody(int protocol, const QByteArray &alias, bool stream)
{
    const QByteArray streamField = stream ? QByteArrayLiteral(",\"stream\":true") : QByteArray();
    if (protocol == Responses)
        return R"({"model":")" + alias + R"(","input":"hi")" + streamField + '}';
    const QByteArray maxTokens = protocol == Messages ? R"("max_tokens":64,)" : "";
    return R"({"model":")" + alias + R"(",)" + maxTokens
        + R"("messages":[{"role":"user","content":"hi"}])" + streamField + '}';
}

// What marks a piece of answer text in the protocol's stream.
QByteArray textEventOf(int protocol)
{
    switch (protocol) {
    case Messages: return QByteArrayLiteral("event: content_block_delta\ndata: ");
    case Responses: return QByteArrayLiteral("event: response.output_text.delta\ndata: ");
    default: return QByteArrayLiteral("\"object\":\"chat.completion.chunk\"");
    }
}

// The last SSE event block of a body ("event: ...\ndata: ..." or "data: ...").
QByteArray lastEvent(const QByteArray &body)
{
    const QList<QByteArray> blocks = body.split('\n');
    QByteArray event;
    for (qsizetype i = blocks.size() - 1; i >= 0; --i) {
        const QByteArray line = blocks.at(i).trimmed();
        if (line.isEmpty() && !event.isEmpty())
            break;
        if (!line.isEmpty())
            event = event.isEmpty() ? line : line + '\n' + event;
    }
    return event;
}

QJsonObject dataOf(const QByteArray &event)
{
    const qsizetype data = event.indexOf("data: ");
    return data < 0 ? QJsonObject() : QJsonDocument::fromJson(event.mid(data + 6)).object();
}

// Why `body` is not a stream that ended with the protocol's own error event (empty if it is).
QString errorEndProblem(int protocol, const QByteArray &body)
{
    const QByteArray event = lastEvent(body);
    const QJsonObject data = dataOf(event);
    if (protocol == Chat) {
        if (body.contains("[DONE]"))
            return QStringLiteral("[DONE] after a broken stream");
        if (!event.startsWith("data: {")
            || data[QLatin1String("error")][QLatin1String("message")].toString().isEmpty())
            return QStringLiteral("last event is not a chat error: ") + QString::fromUtf8(event);
        return {};
    }
    if (!event.startsWith("event: error\ndata: ")
        || data[QLatin1String("type")].toString() != QLatin1String("error"))
        return QStringLiteral("last event is not `event: error`: ") + QString::fromUtf8(event);
    if (protocol == Messages) {
        if (body.contains("message_stop"))
            return QStringLiteral("message_stop after a broken stream");
        const QJsonObject error = data[QLatin1String("error")].toObject();
        if (error[QLatin1String("type")].toString() != QLatin1String("api_error")
            || error[QLatin1String("message")].toString().isEmpty())
            return QStringLiteral("not an api_error: ") + QString::fromUtf8(event);
        return {};
    }
    if (body.contains("response.completed"))
        return QStringLiteral("response.completed after a broken stream");
    if (data[QLatin1String("code")].toString().isEmpty()
        || data[QLatin1String("message")].toString().isEmpty()
        || !data.contains(QLatin1String("param")) || !data[QLatin1String("param")].isNull())
        return QStringLiteral("not a Responses error event: ") + QString::fromUtf8(event);
    return {};
}

} // namespace

class TestProtocols : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void brokenStreamEndsWithTheClientsOwnErrorEvent_data();
    void brokenStreamEndsWithTheClientsOwnErrorEvent();
    void translatedRequestIsRecorded_data();
    void translatedRequestIsRecorded();
    void gatewayErrorsHaveTheRoutesShape_data();
    void gatewayErrorsHaveTheRoutesShape();
    void messagesTakeTheKeyAsXApiKey();
    void anthropicBackendGetsItsKeyAndAVersion_data();
    void anthropicBackendGetsItsKeyAndAVersion();
    void backendGetsItsOwnModelName_data();
    void backendGetsItsOwnModelName();

private:
    QList<clawgate::RequestRecord> waitForRecords(QSignalSpy &batches, const QString &alias);
    GatewayFixture m_fx;
};

void TestProtocols::initTestCase()
{
    qRegisterMetaType<QList<clawgate::RequestRecord>>();
    m_fx.addProvider(QStringLiteral("oa"), QStringLiteral("oa"));
    m_fx.addProvider(QStringLiteral("an"), QStringLiteral("an"),
                     {{QStringLiteral("type"), QStringLiteral("anthropic")},
                      {QStringLiteral("apiKey"), QStringLiteral("sk-upstream-protocols-key")}});
    m_fx.addProvider(QStringLiteral("co"), QStringLiteral("co"),
                     {{QStringLiteral("responsesApi"), QStringLiteral("chat")}});
    m_fx.addModel(QStringLiteral("via-chat"), {QStringLiteral("oa:m-oa")});
    m_fx.addModel(QStringLiteral("via-anthropic"), {QStringLiteral("an:m-an")});
    m_fx.addModel(QStringLiteral("via-chat-only"), {QStringLiteral("co:m-co")});
    // The same backends under aliases of their own, so that request records can be told apart.
    m_fx.addModel(QStringLiteral("recorded-via-chat"), {QStringLiteral("oa:m-oa")});
    m_fx.addModel(QStringLiteral("recorded-via-anthropic"), {QStringLiteral("an:m-an")});
    m_fx.addModel(QStringLiteral("recorded-via-chat-only"), {QStringLiteral("co:m-co")});
    QVERIFY(m_fx.start());
}

void TestProtocols::init()
{
    m_fx.mock->reset();
    m_fx.clearCooldowns();
}

void TestProtocols::brokenStreamEndsWithTheClientsOwnErrorEvent_data()
{
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QString>("alias");
    QTest::addColumn<MockEnd>("end");
    const QString chat = QStringLiteral("via-chat");
    const QString anthropic = QStringLiteral("via-anthropic");
    QTest::newRow("messages over a chat backend, cut") << int(Messages) << chat << MockEnd::Cut;
    QTest::newRow("messages over an anthropic backend, cut")
        << int(Messages) << anthropic << MockEnd::Cut;
    QTest::newRow("messages over an anthropic backend, closed before message_stop")
        << int(Messages) << anthropic << MockEnd::CloseWithoutDone;
    QTest::newRow("chat over an anthropic backend, cut") << int(Chat) << anthropic << MockEnd::Cut;
    QTest::newRow("chat over an anthropic backend, closed before message_stop")
        << int(Chat) << anthropic << MockEnd::CloseWithoutDone;
    QTest::newRow("chat over a chat backend, cut") << int(Chat) << chat << MockEnd::Cut;
    QTest::newRow("responses over a chat-only backend, cut")
        << int(Responses) << QStringLiteral("via-chat-only") << MockEnd::Cut;
    QTest::newRow("responses over a native backend, cut") << int(Responses) << chat << MockEnd::Cut;
}

void TestProtocols::brokenStreamEndsWithTheClientsOwnErrorEvent()
{
    QFETCH(int, protocol);
    QFETCH(QString, alias);
    QFETCH(MockEnd, end);
    MockBehavior broken;
    broken.end = end; // the mock's own events of the backend's protocol, then the break
    m_fx.mock->setBehavior(routeOf(alias), broken);
    const TestResponse r = m_fx.post(pathOf(protocol), requestBody(protocol, alias.toUtf8(), true));
    QCOMPARE(r.status, 200);
    QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError)); // the client's body ends properly
    // What came before the break, in the client's protocol.
    QVERIFY2(r.body.contains("Hello"), r.body.constData());
    QVERIFY2(r.body.contains(textEventOf(protocol)), r.body.constData());
    const QString problem = errorEndProblem(protocol, r.body);
    QVERIFY2(problem.isEmpty(),
             qPrintable(problem + QLatin1Char('\n') + QString::fromUtf8(r.body)));
    // Too late to fail over: the break counts against the backend.
    const QJsonObject cooldown
        = m_fx.backendHealth(QString::fromUtf8(r.header("x-clawgate-backend")))
              .value(QLatin1String("cooldown"))
              .toObject();
    QCOMPARE(cooldown.value(QLatin1String("reason")).toString(), QStringLiteral("stream"));
}

// The records of `alias` that arrive in `batches` within a few seconds, once there is one.
// Records are sent in batches a few times a second, so a batch may still bring records of an
// earlier test: those use other aliases.
QList<clawgate::RequestRecord> TestProtocols::waitForRecords(QSignalSpy &batches,
                                                             const QString &alias)
{
    QList<clawgate::RequestRecord> records;
    QDeadlineTimer deadline(10000);
    while (records.isEmpty() && !deadline.hasExpired()) {
        batches.wait(100);
        records.clear();
        for (const QList<QVariant> &batch : std::as_const(batches)) {
            for (const clawgate::RequestRecord &record :
                 batch.at(0).value<QList<clawgate::RequestRecord>>()) {
                if (record.alias == alias)
                    records.append(record);
            }
        }
    }
    return records;
}

void TestProtocols::translatedRequestIsRecorded_data()
{
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QString>("alias");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QString>("backend");
    const QString chat = QStringLiteral("recorded-via-chat");
    const QString anthropic = QStringLiteral("recorded-via-anthropic");
    QTest::newRow("messages over a chat backend")
        << int(Messages) << chat << false << QStringLiteral("oa:m-oa");
    QTest::newRow("messages over a chat backend, stream")
        << int(Messages) << chat << true << QStringLiteral("oa:m-oa");
    QTest::newRow("messages over an anthropic backend, stream")
        << int(Messages) << anthropic << true << QStringLiteral("an:m-an");
    QTest::newRow("chat over an anthropic backend")
        << int(Chat) << anthropic << false << QStringLiteral("an:m-an");
    QTest::newRow("chat over an anthropic backend, stream")
        << int(Chat) << anthropic << true << QStringLiteral("an:m-an");
    QTest::newRow("responses over a chat-only backend, stream")
        << int(Responses) << QStringLiteral("recorded-via-chat-only") << true
        << QStringLiteral("co:m-co");
}

void TestProtocols::translatedRequestIsRecorded()
{
    QFETCH(int, protocol);
    QFETCH(QString, alias);
    QFETCH(bool, stream);
    QFETCH(QString, backend);
    QSignalSpy batches(m_fx.service(), &clawgate::GatewayService::requestsFinished);
    const TestResponse r
        = m_fx.post(pathOf(protocol), requestBody(protocol, alias.toUtf8(), stream));
    QVERIFY2(r.ok(), r.body.constData());
    const QList<clawgate::RequestRecord> records = waitForRecords(batches, alias);
    QCOMPARE(records.size(), 1);
    const clawgate::RequestRecord &record = records.first();
    QCOMPARE(record.endpoint, pathOf(protocol));
    QCOMPARE(record.alias, alias);
    QCOMPARE(record.stream, stream);
    QCOMPARE(record.backend, backend);
    QCOMPARE(record.status, 200);
    QCOMPARE(record.attempts.size(), 1);
    QCOMPARE(record.attempts.first().outcome, QStringLiteral("ok"));
    // The mock's counts in either protocol: 5 in, 4 out.
    QVERIFY(record.usage.has_value());
    QCOMPARE(record.usage->inputTokens, 5);
    QCOMPARE(record.usage->outputTokens, 4);
    QCOMPARE(record.usage->totalTokens, 9);
}

void TestProtocols::gatewayErrorsHaveTheRoutesShape_data()
{
    QTest::addColumn<int>("protocol");
    QTest::addColumn<TestHeaders>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type"); // Anthropic's error type; OpenAI's shape is checked apart
    const TestHeaders none;
    const TestHeaders bearer = m_fx.auth();
    const TestHeaders wrongKey = {{QByteArrayLiteral("x-api-key"), QByteArrayLiteral("sk-wrong")}};
    const QByteArray good = requestBody(Messages, "via-chat", false);
    const QByteArray unknown = requestBody(Messages, "no-such-model", false);
    const QByteArray badJson = QByteArrayLiteral(R"({"model":"via-chat","messages":[)");
    const QString auth = QStringLiteral("authentication_error");
    const QString invalid = QStringLiteral("invalid_request_error");
    QTest::newRow("messages, no key") << int(Messages) << none << good << 401 << auth;
    QTest::newRow("messages, wrong x-api-key") << int(Messages) << wrongKey << good << 401 << auth;
    QTest::newRow("messages, unknown model")
        << int(Messages) << bearer << unknown << 404 << QStringLiteral("not_found_error");
    QTest::newRow("messages, bad JSON") << int(Messages) << bearer << badJson << 400 << invalid;
    QTest::newRow("chat, no key") << int(Chat) << none << good << 401 << QString();
    QTest::newRow("chat, unknown model") << int(Chat) << bearer << unknown << 404 << QString();
    QTest::newRow("chat, bad JSON") << int(Chat) << bearer << badJson << 400 << QString();
}

void TestProtocols::gatewayErrorsHaveTheRoutesShape()
{
    QFETCH(int, protocol);
    QFETCH(TestHeaders, headers);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, type);
    const TestResponse r = TestClient::post(m_fx.url(pathOf(protocol)), body, headers);
    QCOMPARE(r.status, status);
    const QJsonObject json = r.json();
    const QJsonObject error = json.value(QLatin1String("error")).toObject();
    QVERIFY2(!error.value(QLatin1String("message")).toString().isEmpty(), r.body.constData());
    if (protocol == Messages) {
        // {"type":"error","error":{"type":..,"message":..}}, as the Anthropic SDKs parse it.
        QCOMPARE(json.value(QLatin1String("type")).toString(), QStringLiteral("error"));
        QCOMPARE(error.value(QLatin1String("type")).toString(), type);
    } else {
        // {"error":{"message","type","code","param"}}, nothing of Anthropic's shape.
        QVERIFY2(!json.contains(QLatin1String("type")), r.body.constData());
        QVERIFY(error.contains(QLatin1String("type")));
        QVERIFY(error.contains(QLatin1String("code")));
    }
    QCOMPARE(m_fx.mock->requestCount(), 0);
}

void TestProtocols::messagesTakeTheKeyAsXApiKey()
{
    const TestResponse r = TestClient::post(
        m_fx.url(pathOf(Messages)), requestBody(Messages, "via-chat", false),
        {{QByteArrayLiteral("x-api-key"), m_fx.key},
         {QByteArrayLiteral("anthropic-version"), QByteArrayLiteral("2023-06-01")}});
    QVERIFY2(r.ok(), r.body.constData());
    QCOMPARE(r.json().value(QLatin1String("type")).toString(), QStringLiteral("message"));
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("oa:m-oa"));
    QCOMPARE(r.header("x-clawgate-attempts"), QByteArrayLiteral("1"));
}

void TestProtocols::anthropicBackendGetsItsKeyAndAVersion_data()
{
    QTest::addColumn<int>("protocol");
    QTest::addColumn<TestHeaders>("clientHeaders");
    QTest::addColumn<QByteArray>("version"); // what the backend must get
    const QByteArray version = QByteArrayLiteral("anthropic-version");
    QTest::newRow("messages without a version")
        << int(Messages) << TestHeaders() << QByteArrayLiteral("2023-06-01");
    QTest::newRow("messages with the client's version")
        << int(Messages) << TestHeaders {{version, QByteArrayLiteral("2026-10-21")}}
        << QByteArrayLiteral("2026-10-21");
    QTest::newRow("chat") << int(Chat) << TestHeaders() << QByteArrayLiteral("2023-06-01");
}

// The provider's key in x-api-key, never the client's key in any header.
void TestProtocols::anthropicBackendGetsItsKeyAndAVersion()
{
    QFETCH(int, protocol);
    QFETCH(TestHeaders, clientHeaders);
    QFETCH(QByteArray, version);
    const TestResponse r
        = m_fx.post(pathOf(protocol), requestBody(protocol, "via-anthropic", false), clientHeaders);
    QVERIFY2(r.ok(), r.body.constData());
    const QList<MockRequest> sent = m_fx.mock->requests(QStringLiteral("an"));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().path, QByteArrayLiteral("/an/v1/messages"));
    QCOMPARE(sent.first().header("x-api-key"), QByteArrayLiteral("sk-upstream-protocols-key"));
    QCOMPARE(sent.first().header("anthropic-version"), version);
    for (const auto &header : sent.first().headers)
        QVERIFY2(!header.second.contains(m_fx.key), header.first.constData());
}

void TestProtocols::backendGetsItsOwnModelName_data()
{
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QString>("route"); // the mock route of the alias's backend
    QTest::addColumn<QString>("model"); // the backend's own model name
    QTest::newRow("messages relayed") << int(Messages) << QStringLiteral("via-anthropic")
                                      << QStringLiteral("an") << QStringLiteral("m-an");
    QTest::newRow("messages translated to chat") << int(Messages) << QStringLiteral("via-chat")
                                                 << QStringLiteral("oa") << QStringLiteral("m-oa");
    QTest::newRow("chat translated to messages") << int(Chat) << QStringLiteral("via-anthropic")
                                                 << QStringLiteral("an") << QStringLiteral("m-an");
    QTest::newRow("responses translated to chat")
        << int(Responses) << QStringLiteral("via-chat-only") << QStringLiteral("co")
        << QStringLiteral("m-co");
    QTest::newRow("responses through chat to messages")
        << int(Responses) << QStringLiteral("via-anthropic") << QStringLiteral("an")
        << QStringLiteral("m-an");
}

// The alias never reaches a backend, whether the body was relayed or written by a translation.
void TestProtocols::backendGetsItsOwnModelName()
{
    QFETCH(int, protocol);
    QFETCH(QString, alias);
    QFETCH(QString, route);
    QFETCH(QString, model);
    const TestResponse r
        = m_fx.post(pathOf(protocol), requestBody(protocol, alias.toUtf8(), false));
    QVERIFY2(r.ok(), r.body.constData());
    const QList<MockRequest> sent = m_fx.mock->requests(route);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().json().value(QLatin1String("model")).toString(), model);
    QCOMPARE(sent.first().body.count(R"("model")"), 1);
}

QTEST_GUILESS_MAIN(TestProtocols)
#include "tst_protocols.moc"
