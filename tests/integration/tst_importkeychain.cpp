// `clawgatectl import` with the real keychain (gnome-keyring in the private D-Bus session that
// tests/run-all.sh starts), end to end: the example aggregator's providers.json and .env are
// imported, the provider keys land in the keyring and the file holds only their references, and
// a real `clawgatectl serve` serves the imported alias with them, failing over from a 429.
// Importing again changes nothing, not even in the keyring.
#include "ctlprocess.h"
#include "gatewayfixture.h"
#include "importsources.h"

#include <QtTest>

namespace {

const QStringList kEntries {QStringLiteral("doubao-api-key"), QStringLiteral("deepseek-api-key"),
                            QStringLiteral("siliconflow-api-key")};

} // namespace

class TestImportKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aggregatorKeysGoToTheKeychainAndServe();

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
    for (const QString &name : kEntries)
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
    for (const QString &name : kEntries)
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

QTEST_GUILESS_MAIN(TestImportKeychain)
#include "tst_importkeychain.moc"
