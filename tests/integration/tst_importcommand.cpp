// `clawgatectl import` as a user runs it, against a real gateway that watches the same
// configuration: an aggregator's providers.json + .env becomes providers, an alias whose
// backends fail over from a 429 to the next, and a client key; importing again changes nothing;
// a dry run writes nothing; without a keychain the import stops before writing and names the
// environment variables to set instead. No test here needs a keychain: provider keys stay
// ${ENV} references the gateway reads from this process's environment.
#include "ctlprocess.h"
#include "gatewayfixture.h"
#include "importsources.h"
#include "keys/clientkeys.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QByteArray kGatewayKey = QByteArrayLiteral("sk-import-gateway-e2e-0001");

} // namespace

class TestImportCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aggregatorImportServesAnAliasThatFailsOver();
    void importingTwiceChangesNothing();
    void dryRunWritesNothing();
    void withoutKeychainStopsAndNamesTheVariables();
    void unreadableSourceIsOneClearLine_data();
    void unreadableSourceIsOneClearLine();

private:
    // The example providers.json on the mock (see importsources.h), and by default a .env with
    // a gateway key and no provider keys.
    void writeMockedAggregator(const QByteArray &env
                               = "PORT=8787\nGATEWAY_API_KEY=" + kGatewayKey + "\n");
    CtlResult import(const QStringList &extra = {},
                     const QProcessEnvironment &env = childEnvironment());

    std::unique_ptr<GatewayFixture> m_fx;
    QTemporaryDir m_sources;
    QString m_providersJson;
    QString m_env;
};

void TestImportCommand::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_sources.isValid());
    // The imported providers keep their ${ENV} keys; the gateway in this process reads them.
    for (const char *name : {"DOUBAO_API_KEY", "DEEPSEEK_API_KEY", "SILICONFLOW_API_KEY"})
        qputenv(name, QByteArray("sk-import-env-") + QByteArray(name).toLower());
}

void TestImportCommand::init()
{
    m_fx = std::make_unique<GatewayFixture>();
    // What the user had before: the import must leave it alone.
    m_fx->addProvider(QStringLiteral("own"), QStringLiteral("own"));
    m_fx->addModel(QStringLiteral("mine"), {QStringLiteral("own:m")});
    m_fx->config().insert(QStringLiteral("x-unknown"), QJsonObject {{QStringLiteral("keep"), 1}});
    m_fx->writeConfig();
    writeMockedAggregator();
}

void TestImportCommand::cleanup()
{
    m_fx.reset();
}

void TestImportCommand::writeMockedAggregator(const QByteArray &env)
{
    m_providersJson = ::writeMockedAggregator(m_sources.path(), m_fx->mock, env);
    QVERIFY(!m_providersJson.isEmpty());
    m_env = m_sources.filePath(QStringLiteral(".env"));
}

CtlResult TestImportCommand::import(const QStringList &extra, const QProcessEnvironment &env)
{
    return runCtl(
        QStringList {QStringLiteral("import"), m_providersJson, QStringLiteral("--env"), m_env}
            + extra,
        m_fx->configPath(), {}, env);
}

void TestImportCommand::aggregatorImportServesAnAliasThatFailsOver()
{
    QVERIFY(m_fx->start());
    m_fx->mock->setRecording(true);
    m_fx->mock->setBehavior(QStringLiteral("volces"), MockBehavior::error(429));

    const CtlResult r = import();
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QList<QByteArray> lines = r.outLines();
    for (const QByteArray &expected :
         {QByteArrayLiteral("Created provider doubao"), QByteArrayLiteral("Created model chat"),
          QByteArrayLiteral("Added client key aggregator (the source's gateway key)"),
          QByteArrayLiteral("Not mapped: PORT=8787 (.env): ClawGate keeps its own port "
                            "(server.port)")})
        QVERIFY2(lines.contains(expected), r.describe().constData());

    // The running gateway picked the change up by itself.
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->service()->config()->findAlias(QStringLiteral("chat")), 10000);
    const TestResponse answer
        = TestClient::post(m_fx->url(QStringLiteral("/v1/chat/completions")),
                           GatewayFixture::chatBody(QStringLiteral("chat")), bearer(kGatewayKey));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("x-clawgate-backend"), QByteArrayLiteral("deepseek:deepseek-chat"));
    QCOMPARE(answer.header("x-clawgate-attempts"), QByteArrayLiteral("2"));
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("volces")), 1);
    const QList<MockRequest> served = m_fx->mock->requests(QStringLiteral("deepseek"));
    QCOMPARE(served.size(), 1);
    QCOMPARE(served.first().header("authorization"),
             QByteArrayLiteral("Bearer sk-import-env-deepseek_api_key"));
    // An unknown model name goes to the aggregator's one model, as it did there.
    const TestResponse other = TestClient::post(
        m_fx->url(QStringLiteral("/v1/chat/completions")),
        GatewayFixture::chatBody(QStringLiteral("whatever-the-client-says")), bearer(kGatewayKey));
    QCOMPARE(other.status, 200);

    // What the user had is still there.
    const QJsonObject saved = readJson(m_fx->configPath());
    QCOMPARE(saved.value(QLatin1String("x-unknown")).toObject().value(QLatin1String("keep")), 1);
    QVERIFY(saved.value(QLatin1String("providers")).toObject().contains(QLatin1String("own")));
    QCOMPARE(saved.value(QLatin1String("models"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QLatin1String("alias")),
             QStringLiteral("mine"));
    QVERIFY(!readFile(m_fx->configPath()).contains(kGatewayKey));
    QVERIFY(QFile::exists(m_fx->configPath() + QStringLiteral(".bak")));
}

void TestImportCommand::importingTwiceChangesNothing()
{
    const QByteArray before = readFile(m_fx->configPath());
    const CtlResult first = import();
    QVERIFY2(first.exitCode == 0, first.describe().constData());
    const QByteArray afterFirst = readFile(m_fx->configPath());
    QVERIFY(afterFirst != before);

    const CtlResult second = import();
    QVERIFY2(second.exitCode == 0, second.describe().constData());
    QCOMPARE(readFile(m_fx->configPath()), afterFirst);
    QCOMPARE(readFile(m_fx->configPath() + QStringLiteral(".bak")), before); // not saved again
    QVERIFY2(second.out.contains("Nothing to change"), second.describe().constData());
    QVERIFY2(!second.out.contains("Created"), second.describe().constData());
}

void TestImportCommand::dryRunWritesNothing()
{
    // Provider keys in the .env would go to the keychain: a dry run must not even try, so it
    // runs where no keychain could answer.
    writeMockedAggregator("GATEWAY_API_KEY=" + kGatewayKey
                          + "\nDOUBAO_API_KEY=sk-import-dry-run-0001\n");
    QTemporaryDir runtime;
    const QByteArray before = readFile(m_fx->configPath());
    const CtlResult r
        = import({QStringLiteral("--dry-run")}, childEnvironmentWithoutSessionBus(runtime.path()));
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QCOMPARE(readFile(m_fx->configPath()), before);
    QVERIFY(!QFile::exists(m_fx->configPath() + QStringLiteral(".bak")));
    QVERIFY(!QFile::exists(
        QFileInfo(m_fx->configPath()).dir().filePath(QStringLiteral("secrets.json"))));
    QVERIFY2(r.out.contains("\"keychain:doubao-api-key\""), r.describe().constData());
    QVERIFY2(r.out.contains("Would store secret doubao-api-key in the keychain"),
             r.describe().constData());
    QVERIFY2(r.out.contains("\"x-unknown\""), r.describe().constData());
    QVERIFY(!r.out.contains("sk-import-dry-run-0001") && !r.out.contains(kGatewayKey));
}

void TestImportCommand::withoutKeychainStopsAndNamesTheVariables()
{
    writeMockedAggregator(readFile(importExample(QStringLiteral("aggregator/.env"))));
    QTemporaryDir runtime;
    const QByteArray before = readFile(m_fx->configPath());
    const CtlResult r = import({}, childEnvironmentWithoutSessionBus(runtime.path()));
    QVERIFY2(r.exitCode != 0, r.describe().constData());
    QCOMPARE(r.errLines().size(), 1);
    for (const char *name : {"DOUBAO_API_KEY", "DEEPSEEK_API_KEY", "SILICONFLOW_API_KEY"})
        QVERIFY2(r.err.contains(name), r.describe().constData());
    QVERIFY2(r.err.contains("nothing was written"), r.describe().constData());
    QVERIFY(!r.err.contains("sk-import-") && !r.out.contains("sk-import-"));
    QCOMPARE(readFile(m_fx->configPath()), before);
    QVERIFY(!QFile::exists(
        QFileInfo(m_fx->configPath()).dir().filePath(QStringLiteral("secrets.json"))));
}

void TestImportCommand::unreadableSourceIsOneClearLine_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("not JSON") << QByteArray("{ nope") << QByteArray("nor valid JSON");
    QTest::newRow("unknown shape")
        << QByteArray(R"({"a": 1})") << QByteArray("not a format the import knows");
}

void TestImportCommand::unreadableSourceIsOneClearLine()
{
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, message);
    QVERIFY(writeFile(m_providersJson, source));
    const QByteArray before = readFile(m_fx->configPath());
    const CtlResult r = import();
    QVERIFY2(r.exitCode != 0, r.describe().constData());
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains(message), r.describe().constData());
    QCOMPARE(readFile(m_fx->configPath()), before);
}

QTEST_GUILESS_MAIN(TestImportCommand)
#include "tst_importcommand.moc"
