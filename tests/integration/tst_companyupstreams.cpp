// Company platforms end to end: the shipped juzhi-like and panzhi-like example configurations,
// with only their environment variables set, relay through a real gateway to the mock
// upstream, which checks each request's signature the way the platform would: recomputed here
// with OpenSSL from the method, path, headers and body bytes it received, never with the
// gateway's signing code. And an Azure OpenAI provider gets its deployment path, api-version and
// api-key header.
#include "gatewayfixture.h"
#include "referencedigests.h"
#include "testfiles.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QtTest>

namespace {

const QByteArray kJuzhiAppId = "juzhi-app-1001";
const QByteArray kJuzhiSecret = "sk-upstream-juzhi-secret-0f3a";
const QByteArray kPanzhiAppId = "panzhi-app-2002";
const QByteArray kPanzhiAppKey = "sk-upstream-panzhi-appkey-77c1";

struct JuzhiModel
{
    QByteArray idEnv;
    QByteArray id;
};
const QHash<QString, JuzhiModel> kJuzhiModels
    = {{QStringLiteral("minimax"), {"MINIMAX25_MODEL_ID", "mm-25-id-0001"}},
       {QStringLiteral("kimi"), {"KIMI25_MODEL_ID", "kimi-25-id-0002"}},
       {QStringLiteral("glm"), {"GLM5_MODEL_ID", "glm-5-id-0003"}}};

// Everything but the server and the client keys comes from the example file, as a user would
// copy it.
bool useExample(GatewayFixture &gateway, const QString &file)
{
    const QJsonObject example
        = QJsonDocument::fromJson(readFile(QStringLiteral(EXAMPLES_DIR "/") + file)).object();
    for (const char *key : {"providerDefaults", "providers", "models", "defaultModel"}) {
        if (example.contains(QLatin1String(key)))
            gateway.config().insert(QLatin1String(key), example.value(QLatin1String(key)));
    }
    return !example.isEmpty();
}

QByteArray pathWithoutQuery(const QByteArray &path)
{
    const qsizetype query = path.indexOf('?');
    return query < 0 ? path : path.left(query);
}

// What the juzhi-like platform recomputes: HMAC-SHA256, keyed with the app secret, over the
// string its docs define (the preset in the example), hex.
QByteArray juzhiAuthorization(const MockRequest &r, const QByteArray &modelId)
{
    const QByteArray toSign = kJuzhiAppId + '\n' + r.header("X-Timestamp") + '\n'
        + r.header("X-Nonce") + '\n' + r.method + '\n' + pathWithoutQuery(r.path) + '\n' + modelId
        + '\n' + reference::sha256(r.body).toHex();
    return "Bearer " + reference::hmacSha256(kJuzhiSecret, toSign).toHex();
}

// What the panzhi-like platform recomputes: SHA-256 of app id, app key and time, hex.
QByteArray panzhiSignature(const MockRequest &r)
{
    return reference::sha256(kPanzhiAppId + kPanzhiAppKey + r.header("X-Timestamp")).toHex();
}

// The request's time, in the given unit, is the time it was sent (not a constant, not stale).
bool isRecent(const QByteArray &timestamp, qint64 unitMs)
{
    bool ok = false;
    const qint64 sentMs = timestamp.toLongLong(&ok) * unitMs;
    return ok && qAbs(QDateTime::currentMSecsSinceEpoch() - sentMs) < 10 * 60 * 1000;
}

} // namespace

class TestCompanyUpstreams : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void juzhiModelsAreSigned_data();
    void juzhiModelsAreSigned();
    void juzhiModelWithoutItsIdIsUnavailable();
    void panzhiIsSigned_data();
    void panzhiIsSigned();
    void secretsNeverReachTheClient();
    void azureDeploymentVersionAndKey();

private:
    void setJuzhiEnvironment(const GatewayFixture &gateway);
    QList<QByteArray> m_setVariables;
    void setEnv(const QByteArray &name, const QByteArray &value)
    {
        qputenv(name.constData(), value);
        m_setVariables.append(name);
    }
};

void TestCompanyUpstreams::init()
{
    m_setVariables.clear();
}

void TestCompanyUpstreams::cleanup()
{
    for (const QByteArray &name : std::as_const(m_setVariables))
        qunsetenv(name.constData());
}

void TestCompanyUpstreams::setJuzhiEnvironment(const GatewayFixture &gateway)
{
    setEnv("OPENAI_API_BASE", gateway.mock.baseUrl(QStringLiteral("juzhi")).toUtf8());
    setEnv("OPENAI_API_ID", kJuzhiAppId);
    setEnv("OPENAI_API_SECRET", kJuzhiSecret);
    setEnv("MODELSOURCE", "agents");
    for (const JuzhiModel &model : kJuzhiModels)
        setEnv(model.idEnv, model.id);
}

void TestCompanyUpstreams::juzhiModelsAreSigned_data()
{
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QString>("upstreamModel");
    QTest::addColumn<bool>("stream");
    QTest::newRow("minimax") << "minimax"
                             << "MiniMax-M2.5" << false;
    QTest::newRow("kimi") << "kimi"
                          << "Kimi-K2.5" << false;
    QTest::newRow("glm") << "glm"
                         << "GLM-5" << false;
    // The gateway adds stream_options to a stream: the signature covers that body.
    QTest::newRow("kimi streamed") << "kimi"
                                   << "Kimi-K2.5" << true;
    QTest::newRow("glm streamed") << "glm"
                                  << "GLM-5" << true;
}

void TestCompanyUpstreams::juzhiModelsAreSigned()
{
    QFETCH(QString, alias);
    QFETCH(QString, upstreamModel);
    QFETCH(bool, stream);
    GatewayFixture gateway;
    setJuzhiEnvironment(gateway);
    QVERIFY(useExample(gateway, QStringLiteral("juzhi-like.json")));
    QVERIFY(gateway.start());

    for (int i = 0; i < 2; ++i) { // two requests: each with its own nonce and signature
        const TestResponse response = gateway.chat(GatewayFixture::chatBody(alias, stream));
        QCOMPARE(response.status, 200);
    }
    const QList<MockRequest> received = gateway.mock->requests(QStringLiteral("juzhi"));
    QCOMPARE(received.size(), 2);
    static const QRegularExpression hex32(QStringLiteral("^[0-9a-f]{32}$"));
    for (const MockRequest &r : received) {
        QCOMPARE(r.header("X-App-Id"), kJuzhiAppId);
        QCOMPARE(r.header("X-Model-Id"), kJuzhiModels.value(alias).id);
        QCOMPARE(r.header("X-Model-Source"), QByteArray("agents"));
        QVERIFY(isRecent(r.header("X-Timestamp"), 1000));
        QVERIFY(hex32.match(QString::fromLatin1(r.header("X-Nonce"))).hasMatch());
        QCOMPARE(r.header("Authorization"), juzhiAuthorization(r, kJuzhiModels.value(alias).id));
        QCOMPARE(r.json().value(QLatin1String("model")).toString(), upstreamModel);
        QCOMPARE(r.json().contains(QLatin1String("stream_options")), stream);
    }
    QVERIFY(received.at(0).header("X-Nonce") != received.at(1).header("X-Nonce"));
}

void TestCompanyUpstreams::juzhiModelWithoutItsIdIsUnavailable()
{
    GatewayFixture gateway;
    setJuzhiEnvironment(gateway);
    qunsetenv("GLM5_MODEL_ID");
    QVERIFY(useExample(gateway, QStringLiteral("juzhi-like.json")));
    QVERIFY(gateway.start());
    const QJsonObject glm = gateway.backendHealth(QStringLiteral("juzhi_glm:GLM-5"));
    QCOMPARE(glm.value(QLatin1String("state")).toString(), QStringLiteral("unavailable"));
    QVERIFY2(glm.value(QLatin1String("reason")).toString().contains(QLatin1String("GLM5_MODEL_ID")),
             qPrintable(glm.value(QLatin1String("reason")).toString()));
    // The models that have their ids are unaffected.
    QCOMPARE(gateway.chat(GatewayFixture::chatBody(QStringLiteral("kimi"))).status, 200);
    QVERIFY(gateway.chat(GatewayFixture::chatBody(QStringLiteral("glm"))).status != 200);
    QCOMPARE(gateway.mock->requestCount(QStringLiteral("juzhi")), 1);
}

void TestCompanyUpstreams::panzhiIsSigned_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("non-streamed") << false;
    QTest::newRow("streamed, usage option added") << true;
}

void TestCompanyUpstreams::panzhiIsSigned()
{
    QFETCH(bool, stream);
    GatewayFixture gateway;
    setEnv("PANZHI_BASE_URL", gateway.mock.baseUrl(QStringLiteral("panzhi")).toUtf8());
    setEnv("PANZHI_APPID", kPanzhiAppId);
    setEnv("PANZHI_APPKEY", kPanzhiAppKey);
    setEnv("PANZHI_MODEL_NAME", "pz-chat-32k");
    QVERIFY(useExample(gateway, QStringLiteral("panzhi-like.json")));
    QVERIFY(gateway.start());

    const TestResponse response
        = gateway.chat(GatewayFixture::chatBody(QStringLiteral("panzhi"), stream));
    QCOMPARE(response.status, 200);
    const QList<MockRequest> received = gateway.mock->requests(QStringLiteral("panzhi"));
    QCOMPARE(received.size(), 1);
    const MockRequest &r = received.first();
    QCOMPARE(r.header("X-Appid"), kPanzhiAppId);
    QVERIFY(isRecent(r.header("X-Timestamp"), 1)); // milliseconds
    QCOMPARE(r.header("X-Signature"), panzhiSignature(r));
    // The provider's upstreamModelEnv names the model sent.
    QCOMPARE(r.json().value(QLatin1String("model")).toString(), QStringLiteral("pz-chat-32k"));
    QCOMPARE(r.json().contains(QLatin1String("stream_options")), stream);
}

void TestCompanyUpstreams::secretsNeverReachTheClient()
{
    GatewayFixture gateway;
    setJuzhiEnvironment(gateway);
    QVERIFY(useExample(gateway, QStringLiteral("juzhi-like.json")));
    QVERIFY(gateway.start());
    // A platform that echoes what it was given in its error text.
    MockBehavior echo = MockBehavior::error(401);
    echo.body = R"({"error":{"message":"signature mismatch for app )" + kJuzhiAppId
        + " with secret " + kJuzhiSecret + R"("}})";
    gateway.mock->setBehavior(QStringLiteral("juzhi"), echo);
    const TestResponse response = gateway.chat(GatewayFixture::chatBody(QStringLiteral("kimi")));
    QVERIFY(response.status >= 400);
    QVERIFY2(!response.body.contains(kJuzhiSecret), response.body.constData());
}

void TestCompanyUpstreams::azureDeploymentVersionAndKey()
{
    GatewayFixture gateway;
    setEnv("AZURE_OPENAI_API_KEY", "sk-upstream-azure-key-5e2d");
    QJsonObject azure = QJsonDocument::fromJson(R"({"type":"azure-openai",
        "apiKey":"${AZURE_OPENAI_API_KEY}","apiVersion":"2025-01-01-preview"})")
                            .object();
    azure.insert(QStringLiteral("baseUrl"), gateway.mock.baseUrl(QStringLiteral("azure")));
    gateway.config().insert(QStringLiteral("providers"),
                            QJsonObject {{QStringLiteral("az"), azure}});
    gateway.addModel(QStringLiteral("gpt"), {QStringLiteral("az:gpt-4o")});
    QVERIFY(gateway.start());
    // The fixture sets "openai"; the type is what is under test.
    QCOMPARE(gateway.service()->config()->providers.value(QStringLiteral("az")).type,
             QStringLiteral("azure-openai"));

    QCOMPARE(gateway.chat(GatewayFixture::chatBody(QStringLiteral("gpt"), true)).status, 200);
    const QList<MockRequest> received = gateway.mock->requests(QStringLiteral("azure"));
    QCOMPARE(received.size(), 1);
    const MockRequest &r = received.first();
    QCOMPARE(r.path,
             QByteArray("/azure/v1/deployments/gpt-4o/chat/completions"
                        "?api-version=2025-01-01-preview"));
    QCOMPARE(r.header("api-key"), QByteArray("sk-upstream-azure-key-5e2d"));
    QVERIFY(r.header("Authorization").isEmpty());
}

QTEST_GUILESS_MAIN(TestCompanyUpstreams)
#include "tst_companyupstreams.moc"
