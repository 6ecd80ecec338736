// `clawgatectl import` with the real keychain (gnome-keyring in the private D-Bus session that
// tests/run-all.sh starts), end to end: the example aggregator's providers.json and .env are
// imported, the provider keys land in the keyring and the file holds only their references, and
// a real `clawgatectl serve` serves the imported alias with them, failing over from a 429.
// Importing again changes nothing, not even in the keyring. The same for the example registry
// (three juzhi models sharing one defaults block, each signed with its own model id, and a
// panzhi model; the signatures checked here with Qt's own HMAC and SHA-256, not the gateway's
// code) and the example YAML list (a login, a static token, an OpenAI key).
#include "ctlprocess.h"
#include "gatewayfixture.h"
#include "importsources.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QtTest>

namespace {

// The keychain entries the aggregator example makes, and every one the example imports make.
const QStringList kAggregatorEntries {QStringLiteral("doubao-api-key"),
                                      QStringLiteral("deepseek-api-key"),
                                      QStringLiteral("siliconflow-api-key")};
const QStringList kEntries = kAggregatorEntries
    + QStringList {QStringLiteral("openai-api-secret"), QStringLiteral("panzhi-appkey"),
                   QStringLiteral("corp-login-password"), QStringLiteral("corp-static-token")};

} // namespace

class TestImportKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aggregatorKeysGoToTheKeychainAndServe();
    void registrySignsEachModelWithItsOwnModelId();
    void yamlModelsLogInOrSendTheirToken();

private:
    void deleteEntries();
    CtlResult import();

    std::unique_ptr<GatewayFixture> m_fx;
    QTemporaryDir m_sources;
    QString m_providersJson;
};

void TestImportKeychain::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("no D-Bus session: run the suite through tests/run-all.sh (dbus-run-session + "
              "gnome-keyring)");
}

void TestImportKeychain::init()
{
    m_fx = std::make_unique<GatewayFixture>();
    m_fx->writeConfig();
    // Entries an earlier run left behind must not make the import look idempotent.
    deleteEntries();
    m_providersJson = writeMockedAggregator(
        m_sources.path(), m_fx->mock, readFile(importExample(QStringLiteral("aggregator/.env"))));
    QVERIFY(!m_providersJson.isEmpty());
}

void TestImportKeychain::cleanup()
{
    deleteEntries();
    m_fx.reset();
}

void TestImportKeychain::deleteEntries()
{
    for (const QString &name : kEntries)
        runCtl({QStringLiteral("secret"), QStringLiteral("delete"), name}, m_fx->configPath());
}

CtlResult TestImportKeychain::import()
{
    return runCtl({QStringLiteral("import"), m_providersJson, QStringLiteral("--env"),
                   m_sources.filePath(QStringLiteral(".env"))},
                  m_fx->configPath());
}

void TestImportKeychain::aggregatorKeysGoToTheKeychainAndServe()
{
    const CtlResult first = import();
    QVERIFY2(first.exitCode == 0, first.describe().constData());
    for (const QString &name : kAggregatorEntries)
        QVERIFY2(first.outLines().contains(
                     QStringLiteral("Stored secret %1 in the keychain (keychain:%1)")
                         .arg(name)
                         .toUtf8()),
                 first.describe().constData());
    const QByteArray file = readFile(m_fx->configPath());
    QVERIFY(file.contains("\"keychain:doubao-api-key\""));
    QVERIFY(!file.contains("sk-import-"));
    const CtlResult listed
        = runCtl({QStringLiteral("secret"), QStringLiteral("list")}, m_fx->configPath());
    for (const QString &name : kAggregatorEntries)
        QVERIFY2(listed.outLines().contains(name.toUtf8()), listed.describe().constData());

    m_fx->mock->setRecording(true);
    m_fx->mock->setBehavior(QStringLiteral("volces"), MockBehavior::error(429));
    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    QCOMPARE(serve.backendState(QStringLiteral("deepseek:deepseek-chat")), QStringLiteral("ok"));
    const TestResponse answer = TestClient::post(serve.url(QStringLiteral("/v1/chat/completions")),
                                                 GatewayFixture::chatBody(QStringLiteral("chat")),
                                                 bearer("sk-import-gateway-key-0001"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("x-clawgate-backend"), QByteArrayLiteral("deepseek:deepseek-chat"));
    QCOMPARE(m_fx->mock->requests(QStringLiteral("volces")).value(0).header("authorization"),
             QByteArrayLiteral("Bearer sk-import-doubao-0001"));
    QCOMPARE(m_fx->mock->requests(QStringLiteral("deepseek")).value(0).header("authorization"),
             QByteArrayLiteral("Bearer sk-import-deepseek-0001"));

    const CtlResult second = import();
    QVERIFY2(second.exitCode == 0, second.describe().constData());
    QVERIFY2(second.out.contains("Nothing to change"), second.describe().constData());
    QVERIFY2(!second.out.contains("Stored secret"), second.describe().constData());
    QCOMPARE(readFile(m_fx->configPath()), file);
    QVERIFY(serve.stop());
}

void TestImportKeychain::registrySignsEachModelWithItsOwnModelId()
{
    QVERIFY(writeFile(m_sources.filePath(QStringLiteral("registry.env")),
                      mockedRegistryEnv(m_fx->mock)));
    const CtlResult r = runCtl(
        {QStringLiteral("import"), importExample(QStringLiteral("registry/model_registry.json")),
         QStringLiteral("--env"), m_sources.filePath(QStringLiteral("registry.env"))},
        m_fx->configPath());
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QVERIFY2(r.out.contains("Check: juzhi: the juzhi request signature"), r.describe().constData());
    QVERIFY(!readFile(m_fx->configPath()).contains("sk-import-"));

    m_fx->mock->setRecording(true);
    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    const QList<std::pair<QString, QByteArray>> juzhi {
        {QStringLiteral("juzhi_minimax2.5"), "mid-minimax-25"},
        {QStringLiteral("juzhi_kimi2.5"), "mid-kimi-25"},
        {QStringLiteral("juzhi_glm5"), "mid-glm-5"}};
    for (const auto &[alias, modelId] : juzhi) {
        const TestResponse answer
            = TestClient::post(serve.url(QStringLiteral("/v1/chat/completions")),
                               GatewayFixture::chatBody(alias), bearer(m_fx->key));
        QVERIFY2(answer.status == 200, answer.body.constData());
        const MockRequest got = m_fx->mock->requests(QStringLiteral("juzhi")).last();
        QCOMPARE(got.header("x-model-id"), modelId);
        QCOMPARE(got.header("x-app-id"), QByteArrayLiteral("app-juzhi-0001"));
        QCOMPARE(got.header("x-model-source"), QByteArrayLiteral("clawgate"));
        const QByteArray signed_ = "app-juzhi-0001\n" + modelId + '\n' + got.header("x-timestamp")
            + '\n' + got.header("x-nonce");
        QCOMPARE(got.header("authorization"),
                 "Bearer "
                     + QMessageAuthenticationCode::hash(signed_, "sk-import-juzhi-secret-0001",
                                                        QCryptographicHash::Sha256)
                           .toHex());
    }
    const TestResponse panzhi
        = TestClient::post(serve.url(QStringLiteral("/v1/chat/completions")),
                           GatewayFixture::chatBody(QStringLiteral("panzhi")), bearer(m_fx->key));
    QVERIFY2(panzhi.status == 200, panzhi.body.constData());
    const MockRequest got = m_fx->mock->requests(QStringLiteral("panzhi")).last();
    QCOMPARE(got.json().value(QLatin1String("model")).toString(), QStringLiteral("panzhi-large"));
    QCOMPARE(got.header("x-signature"),
             QCryptographicHash::hash("app-panzhi-0001" + got.header("x-timestamp")
                                          + "sk-import-panzhi-key-0001",
                                      QCryptographicHash::Sha256)
                 .toHex());
    QVERIFY(serve.stop());
}
void TestImportKeychain::yamlModelsLogInOrSendTheirToken()
{
    const QString yaml = m_sources.filePath(QStringLiteral("models.yaml"));
    QVERIFY(writeFile(yaml, mockedModelsYaml(m_fx->mock)));
    const CtlResult r = runCtl({QStringLiteral("import"), yaml}, m_fx->configPath());
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QVERIFY(!readFile(m_fx->configPath()).contains("sk-import-"));

    MockBehavior login;
    login.body = R"({"data":{"token":"tok-import-login-1","expires_in":3600}})";
    m_fx->mock->setBehavior(QStringLiteral("corplogin"), login);
    // The static-token model's chat path is its own (/llm/chat), not /chat/completions.
    MockBehavior chat;
    chat.body = R"({"id":"c1","object":"chat.completion","model":"static-small","choices":[
        {"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]})";
    m_fx->mock->setBehavior(QStringLiteral("llm"), chat);
    m_fx->mock->setRecording(true);
    QProcessEnvironment env = childEnvironment();
    env.insert(QStringLiteral("COMPANY_API_KEY"), QStringLiteral("sk-import-company-e2e-0001"));
    ServeProcess serve(env);
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    const auto chatThrough = [&](const QString &alias) {
        return TestClient::post(serve.url(QStringLiteral("/v1/chat/completions")),
                                GatewayFixture::chatBody(alias),
                                bearer("sk-import-yaml-client-0001"))
            .status;
    };
    QCOMPARE(chatThrough(QStringLiteral("company-openai")), 200);
    QCOMPARE(m_fx->mock->requests(QStringLiteral("company")).last().header("authorization"),
             QByteArrayLiteral("Bearer sk-import-company-e2e-0001"));
    QCOMPARE(chatThrough(QStringLiteral("corp-login")), 200);
    const QList<MockRequest> logins = m_fx->mock->requests(QStringLiteral("corplogin"));
    QCOMPARE(logins.size(), 1);
    QCOMPARE(logins.first().json().value(QLatin1String("password")).toString(),
             QStringLiteral("sk-import-corp-password-0001"));
    QCOMPARE(m_fx->mock->requests(QStringLiteral("corp")).last().header("authorization"),
             QByteArrayLiteral("Bearer tok-import-login-1"));
    QCOMPARE(chatThrough(QStringLiteral("corp-static")), 200);
    const MockRequest fixed = m_fx->mock->requests(QStringLiteral("llm")).last();
    QCOMPARE(fixed.path, QByteArrayLiteral("/llm/chat"));
    QCOMPARE(fixed.header("authorization"),
             QByteArrayLiteral("Bearer sk-import-static-token-0001"));
    QVERIFY(serve.stop());
}

QTEST_GUILESS_MAIN(TestImportKeychain)
#include "tst_importkeychain.moc"
