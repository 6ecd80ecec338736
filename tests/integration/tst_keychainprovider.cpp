// A provider whose key is in the OS keychain, end to end: `clawgatectl secret set`, a config
// that says "keychain:NAME", the real `clawgatectl serve` reading it from the real gnome-keyring
// (tests/run-all.sh starts it), requests that reach the mock upstream with that key. Then the
// other half of the promise: during the whole scenario (successes, streams, failures, a
// missing entry that appears later, config edits good and bad, management commands) no secret
// value shows up in anything the gateway logged, answered or wrote to disk.
#include "ctlprocess.h"
#include "gatewayfixture.h"
#include "keys/clientkeys.h"
#include "secretwait.h"
#include "store/configstore.h"
#include "store/keychainsecretstore.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

using namespace clawgate;

namespace {

QByteArray randomToken()
{
    return QByteArray::number(QRandomGenerator::global()->generate64(), 36);
}

// Every secret a test uses carries this marker, so that tests/run-all.sh can also scan the
// whole suite's log for it.
QByteArray canary(const char *what)
{
    return QByteArrayLiteral("sk-canary-") + what + '-' + randomToken();
}

} // namespace

class TestKeychainProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void keychainProviderEndToEndLeaksNothing();
    void firstRunKeepsTheClientKeyInTheKeychain();
    void firstRunUnderSystemdKeepsTheKeyOutOfTheJournal();
    void withoutAnySessionBusEnvProvidersStillWork();
    void sigtermWhileWaitingForTheKeychainStops();

private:
    CtlResult ctl(const QStringList &args, const QByteArray &input = {});
    // Records one answer for the leak scan and returns it.
    TestResponse keep(TestResponse response);
    void setSecret(const QString &name, const QByteArray &value);

    std::unique_ptr<GatewayFixture> m_fx;
    QStringList m_secretNames; // removed from the keychain after each test
    QList<QByteArray> m_seen; // everything the gateway and clawgatectl said, for the scan
};

void TestKeychainProvider::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("no D-Bus session: run the suite through tests/run-all.sh (dbus-run-session + "
              "gnome-keyring)");
    QVERIFY2(QFileInfo(ctlPath()).isExecutable(), "set CLAWGATECTL (CTest does this)");
}

void TestKeychainProvider::init()
{
    m_fx = std::make_unique<GatewayFixture>();
    QVERIFY(m_fx->mock.isListening());
    m_seen.clear();
}

void TestKeychainProvider::cleanup()
{
    for (const QString &name : std::as_const(m_secretNames))
        ctl({QStringLiteral("secret"), QStringLiteral("delete"), name});
    m_secretNames.clear();
    m_fx.reset();
}

CtlResult TestKeychainProvider::ctl(const QStringList &args, const QByteArray &input)
{
    const CtlResult r = runCtl(args, m_fx->configPath(), input);
    m_seen << r.out << r.err;
    return r;
}

TestResponse TestKeychainProvider::keep(TestResponse response)
{
    m_seen << response.raw << response.body;
    for (const auto &h : std::as_const(response.headers))
        m_seen << h.first + ": " + h.second;
    return response;
}

void TestKeychainProvider::setSecret(const QString &name, const QByteArray &value)
{
    const CtlResult r = ctl({QStringLiteral("secret"), QStringLiteral("set"), name}, value + '\n');
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    m_secretNames.append(name);
}

void TestKeychainProvider::keychainProviderEndToEndLeaksNothing()
{
    const QString prefix = QStringLiteral("e2e-") + QString::fromLatin1(randomToken());
    const QString upName = prefix + QStringLiteral("-up");
    const QString lateName = prefix + QStringLiteral("-late");
    const QByteArray upKey = canary("keychain");
    const QByteArray lateKey = canary("late");
    const QByteArray envKey = canary("env");

    // Providers: one keychain key, one keychain key that is not there yet, one ${ENV} key, one
    // upstream that refuses the key (so errors are part of the scenario).
    m_fx->addProvider(QStringLiteral("kc"), QStringLiteral("kc"),
                      {{QStringLiteral("apiKey"), QStringLiteral("keychain:") + upName}});
    m_fx->addProvider(QStringLiteral("late"), QStringLiteral("late"),
                      {{QStringLiteral("apiKey"), QStringLiteral("keychain:") + lateName}});
    m_fx->addProvider(QStringLiteral("env"), QStringLiteral("env"),
                      {{QStringLiteral("apiKey"), QStringLiteral("${CG_TEST_ENV_KEY}")}});
    m_fx->addProvider(QStringLiteral("refusing"), QStringLiteral("refusing"),
                      {{QStringLiteral("apiKey"), QStringLiteral("keychain:") + upName}});
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("late:m1"), QStringLiteral("kc:m2")});
    m_fx->addModel(QStringLiteral("envchat"), {QStringLiteral("env:m3")});
    m_fx->addModel(QStringLiteral("broken"), {QStringLiteral("refusing:m4")});
    m_fx->mock->setBehavior(QStringLiteral("refusing"), MockBehavior::error(401));
    m_fx->writeConfig();
    setSecret(upName, upKey);

    QProcessEnvironment env = childEnvironment();
    env.insert(QStringLiteral("CG_TEST_ENV_KEY"), QString::fromLatin1(envKey));
    ServeProcess serve(env);
    QVERIFY2(
        serve.start(m_fx->configPath(),
                    {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--verbose")}),
        serve.diagnostics().constData());

    // Ready means the keychain has answered: the key is there, the missing entry is explained.
    QCOMPARE(serve.backendState(QStringLiteral("kc:m2")), QStringLiteral("ok"));
    const QJsonObject late = serve.backendHealth(QStringLiteral("late:m1"));
    QCOMPARE(late.value(QLatin1String("state")).toString(), QStringLiteral("unavailable"));
    QVERIFY2(late.value(QLatin1String("reason"))
                 .toString()
                 .startsWith(QStringLiteral("keychain locked or entry missing: ") + lateName),
             qPrintable(late.value(QLatin1String("reason")).toString()));
    m_seen << QJsonDocument(serve.health()).toJson();

    const TestHeaders auth = bearer(m_fx->key);
    const QString chatUrl = serve.url(QStringLiteral("/v1/chat/completions"));
    TestResponse r
        = keep(TestClient::post(chatUrl, GatewayFixture::chatBody(QStringLiteral("chat")), auth));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("kc:m2"));
    QCOMPARE(m_fx->mock->requests(QStringLiteral("kc")).last().header("authorization"),
             "Bearer " + upKey);
    r = keep(
        TestClient::post(chatUrl, GatewayFixture::chatBody(QStringLiteral("chat"), true), auth));
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains("[DONE]"));
    r = keep(TestClient::post(chatUrl, GatewayFixture::chatBody(QStringLiteral("envchat")), auth));
    QCOMPARE(r.status, 200);
    QCOMPARE(m_fx->mock->requests(QStringLiteral("env")).last().header("authorization"),
             "Bearer " + envKey);
    r = keep(TestClient::post(chatUrl, GatewayFixture::chatBody(QStringLiteral("broken")), auth));
    QVERIFY2(r.status >= 400, r.body.constData());
    QVERIFY(m_fx->mock->requests(QStringLiteral("refusing")).last().header("authorization")
            == "Bearer " + upKey); // the key went upstream, and the refusal came back
    keep(TestClient::post(chatUrl, "{not json", auth));
    keep(TestClient::post(chatUrl, GatewayFixture::chatBody(QStringLiteral("chat")),
                          bearer("sk-cg-wrong")));
    keep(TestClient::get(serve.url(QStringLiteral("/v1/models")), auth));

    // The missing entry is stored while the gateway runs: it joins without a restart.
    setSecret(lateName, lateKey);
    QTRY_COMPARE_WITH_TIMEOUT(serve.backendState(QStringLiteral("late:m1")), QStringLiteral("ok"),
                              10000);
    r = keep(TestClient::post(chatUrl, GatewayFixture::chatBody(QStringLiteral("chat")), auth));
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("late:m1"));
    QCOMPARE(m_fx->mock->requests(QStringLiteral("late")).last().header("authorization"),
             "Bearer " + lateKey);

    // A provider edit (as the GUI makes it) and a broken edit; the file only ever holds the
    // reference, and the gateway keeps its keys across both.
    // Through ConfigStore, as the GUI saves (atomic, with a .bak of the previous file).
    ConfigStore store(m_fx->configPath());
    QVERIFY2(store.load().ok(), "the test's configuration must load");
    QJsonObject raw = store.raw();
    QJsonObject providers = raw.value(QLatin1String("providers")).toObject();
    QJsonObject kc = providers.value(QLatin1String("kc")).toObject();
    kc.insert(QLatin1String("headers"),
              QJsonObject {{QStringLiteral("X-Team"), QStringLiteral("llm")}});
    providers.insert(QStringLiteral("kc"), kc);
    raw.insert(QLatin1String("providers"), providers);
    QVERIFY(store.save(raw).ok());
    QVERIFY(QFile::exists(m_fx->configPath() + QStringLiteral(".bak")));
    QTRY_VERIFY_WITH_TIMEOUT(serve.output().contains("configuration reloaded"), 10000);
    QFile broken(m_fx->configPath());
    QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
    broken.write("{ \"providers\": ");
    broken.close();
    QTRY_VERIFY_WITH_TIMEOUT(serve.output().contains("configuration change refused"), 10000);
    r = keep(TestClient::post(chatUrl, GatewayFixture::chatBody(QStringLiteral("chat")), auth));
    QCOMPARE(r.status, 200);
    QVERIFY(store.save(raw).ok()); // and a good save after the broken edit
    QTRY_COMPARE_WITH_TIMEOUT(serve.output().count("configuration reloaded"), 2, 10000);
    for (const QByteArray &key : {upKey, lateKey})
        QVERIFY2(!readFile(m_fx->configPath()).contains(key), "a keychain value reached the file");
    // `models` asks the keychain too, so it shows what the gateway sees.
    const CtlResult models = ctl({QStringLiteral("models")});
    QVERIFY2(models.out.contains("kc:m2\tready") && models.out.contains("late:m1\tready"),
             models.describe().replace(upKey, "<SECRET>").constData());
    ctl({QStringLiteral("cooldown"), QStringLiteral("list")});
    ctl({QStringLiteral("secret"), QStringLiteral("list")});
    QVERIFY2(serve.stop(), serve.diagnostics().constData());
    m_seen << serve.output();

    // The scan. The secrets were really used (checked above), so their absence means something.
    QDirIterator files(QFileInfo(m_fx->configPath()).absolutePath(), QDir::Files,
                       QDirIterator::Subdirectories);
    QStringList scanned;
    while (files.hasNext()) {
        const QString path = files.next();
        scanned << QFileInfo(path).fileName();
        m_seen << readFile(path);
    }
    QVERIFY2(scanned.contains(QStringLiteral("secrets.json")), qPrintable(scanned.join(u' ')));
    const QByteArray everything = m_seen.join('\n');
    QVERIFY(everything.contains(upName.toUtf8())); // the names may appear, and do
    for (const QByteArray &secret : {upKey, lateKey, envKey}) {
        const qsizetype at = everything.indexOf(secret);
        QVERIFY2(at < 0,
                 ("a secret leaked here: ..."
                  + everything.mid(qMax<qsizetype>(0, at - 200), 200).replace(secret, "<SECRET>"))
                     .constData());
    }
}

void TestKeychainProvider::firstRunKeepsTheClientKeyInTheKeychain()
{
    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    const QByteArray key = serve.linesBeforeListening().last().trimmed();
    QVERIFY2(serve.linesBeforeListening().join('\n').contains("kept in the keychain"),
             serve.diagnostics().constData());
    QVERIFY(serve.stop());
    KeychainSecretStore store;
    const SecretResult kept
        = awaitSecret([&](auto done) { store.read(ClientKeys::defaultKeyKeychainName(), done); });
    QVERIFY2(kept.ok(), qPrintable(kept.error));
    QCOMPARE(kept.value.toLatin1(), key);
    QVERIFY(!readFile(m_fx->configPath()).contains(key));
    QVERIFY(awaitSecret([&](auto done) {
                store.remove(ClientKeys::defaultKeyKeychainName(), done);
            }).ok());
}

// systemd connects stdout to the journal and sets JOURNAL_STREAM: the key goes to the keychain
// only, never into that log.
void TestKeychainProvider::firstRunUnderSystemdKeepsTheKeyOutOfTheJournal()
{
    QProcessEnvironment env = childEnvironment();
    env.insert(QStringLiteral("JOURNAL_STREAM"), QStringLiteral("8:12345"));
    ServeProcess serve(env);
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    QVERIFY(serve.stop());
    KeychainSecretStore store;
    const SecretResult kept
        = awaitSecret([&](auto done) { store.read(ClientKeys::defaultKeyKeychainName(), done); });
    QVERIFY2(kept.ok(), qPrintable(kept.error));
    QVERIFY(kept.value.startsWith(QLatin1String("sk-cg-")));
    QVERIFY2(!serve.output().contains(kept.value.toLatin1()), "the key reached the journal");
    QVERIFY2(serve.output().contains("not written to this log"), serve.diagnostics().constData());
    QVERIFY(awaitSecret([&](auto done) {
                store.remove(ClientKeys::defaultKeyKeychainName(), done);
            }).ok());
}

// A headless server: no session bus, so no keychain. `${ENV}` providers work; a keychain
// provider is unavailable and says exactly why and what to do instead.
void TestKeychainProvider::withoutAnySessionBusEnvProvidersStillWork()
{
    const QByteArray envKey = canary("headless");
    m_fx->addProvider(QStringLiteral("kc"), QStringLiteral("kc"),
                      {{QStringLiteral("apiKey"), QStringLiteral("keychain:some-key")}});
    m_fx->addProvider(QStringLiteral("env"), QStringLiteral("env"),
                      {{QStringLiteral("apiKey"), QStringLiteral("${CG_TEST_ENV_KEY}")}});
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("kc:m1"), QStringLiteral("env:m2")});
    m_fx->writeConfig();
    QTemporaryDir runtime;
    QProcessEnvironment env = childEnvironmentWithoutSessionBus(runtime.path());
    env.insert(QStringLiteral("CG_TEST_ENV_KEY"), QString::fromLatin1(envKey));
    ServeProcess serve(env);
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());

    const QString reason
        = serve.backendHealth(QStringLiteral("kc:m1")).value(QLatin1String("reason")).toString();
    QVERIFY2(reason.contains(QLatin1String("no keychain (Secret Service) is running")),
             qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("${ENV_VAR}")), qPrintable(reason));
    const TestResponse r
        = TestClient::post(serve.url(QStringLiteral("/v1/chat/completions")),
                           GatewayFixture::chatBody(QStringLiteral("chat")), bearer(m_fx->key));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("env:m2"));
    QVERIFY(serve.stop());
    QVERIFY(!serve.output().contains(envKey));
}

// Without a session bus the keychain takes ~2 s to give up (one retry). A SIGTERM meanwhile
// must stop serve at once, and it must never claim to be listening afterwards.
void TestKeychainProvider::sigtermWhileWaitingForTheKeychainStops()
{
    m_fx->addProvider(QStringLiteral("kc"), QStringLiteral("kc"),
                      {{QStringLiteral("apiKey"), QStringLiteral("keychain:some-key")}});
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("kc:m1")});
    m_fx->writeConfig();
    QTemporaryDir runtime;
    QProcess serve;
    serve.setProcessEnvironment(childEnvironmentWithoutSessionBus(runtime.path()));
    serve.start(ctlPath(),
                {QStringLiteral("serve"), QStringLiteral("--config"), m_fx->configPath(),
                 QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(serve.waitForStarted(10000));
    // Inside the keychain's retry delay: its first attempt has failed and the retry is pending.
    QByteArray err;
    QTRY_VERIFY2_WITH_TIMEOUT((err += serve.readAllStandardError()).contains("retrying once"),
                              err.constData(), 10000);
    serve.terminate();
    QVERIFY2(serve.waitForFinished(5000), "serve did not stop on SIGTERM");
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);
    const QByteArray out = serve.readAllStandardOutput();
    QVERIFY2(!out.contains("listening on"), out.constData());
}

QTEST_GUILESS_MAIN(TestKeychainProvider)
#include "tst_keychainprovider.moc"
