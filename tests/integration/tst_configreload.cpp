// Live configuration changes: an edit of the file reaches the running gateway within a moment,
// without a restart; an invalid edit is refused with the field and line named and the old
// configuration keeps serving; requests in flight finish with the configuration they started
// with; a provider whose ${ENV} reference is unset is shown unavailable and skipped; the
// cooldown state is written outside the watched configuration directory.
#include "gatewayfixture.h"
#include "store/statelocation.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <chrono>
#include <functional>
#include <future>

namespace {

using ConfigEdit = std::function<void(GatewayFixture &)>;

QJsonArray modelsOf(GatewayFixture &fx)
{
    return fx.config().value(QLatin1String("models")).toArray();
}

void setBackendsOf(GatewayFixture &fx, int modelIndex, const QJsonArray &backends)
{
    QJsonArray models = modelsOf(fx);
    QJsonObject model = models.at(modelIndex).toObject();
    model.insert(QStringLiteral("backends"), backends);
    models.replace(modelIndex, model);
    fx.config().insert(QStringLiteral("models"), models);
}

void removeAlias(GatewayFixture &fx, const QString &alias)
{
    QJsonArray models = modelsOf(fx);
    for (int i = 0; i < models.size(); ++i) {
        if (models.at(i).toObject().value(QLatin1String("alias")).toString() == alias) {
            models.removeAt(i);
            break;
        }
    }
    fx.config().insert(QStringLiteral("models"), models);
}

void writeRaw(const QString &path, const QByteArray &text)
{
    QSaveFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    QVERIFY(file.commit());
}

QByteArray servedBy(GatewayFixture &fx, const QString &alias)
{
    const TestResponse r = fx.chat(GatewayFixture::chatBody(alias));
    return r.status == 200 ? r.header("x-clawgate-backend") : QByteArray::number(r.status);
}

const char kSecret[] = "sk-reload-test-SECRET-value-0123456789";

// The gateway emits on its own thread. A QSignalSpy connected to it directly would append there
// while the test reads it here; this object re-emits each signal in the test's thread (queued),
// so the spies on it are written and read by one thread.
} // namespace

Q_DECLARE_METATYPE(ConfigEdit)

class TestConfigReload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void editsApplyWithoutRestart_data();
    void editsApplyWithoutRestart();
    void invalidEditIsRefused_data();
    void invalidEditIsRefused();
    void streamInFlightKeepsItsConfiguration();
    void unsetEnvMakesProviderUnavailable_data();
    void unsetEnvMakesProviderUnavailable();
    void lineBreakInEnvMakesProviderUnavailable();
    void cooldownSaveStaysOutOfTheConfigDirectory();

private:
    void setUpTwoBackends();
    std::unique_ptr<GatewayFixture> m_fx;
};

void TestConfigReload::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("CLAWGATE_RELOAD_UNSET_KEY");
    qputenv("CLAWGATE_RELOAD_SECRET", kSecret);
    qputenv("CLAWGATE_RELOAD_CRLF_TEAM", "team-7\r\nX-Injected: 1"); // a .env with CRLF endings
}

void TestConfigReload::init()
{
    m_fx = std::make_unique<GatewayFixture>();
}

void TestConfigReload::cleanup()
{
    m_fx.reset();
}

void TestConfigReload::setUpTwoBackends()
{
    m_fx->addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx->addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    QVERIFY(m_fx->start());
    QCOMPARE(servedBy(*m_fx, QStringLiteral("chat")), QByteArrayLiteral("a:ma"));
}

void TestConfigReload::editsApplyWithoutRestart_data()
{
    QTest::addColumn<ConfigEdit>("edit");
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QByteArray>("expected"); // backend id, or the HTTP status when not 200
    QTest::addColumn<bool>("inPlace"); // rewrite the file in place instead of replacing it

    QTest::newRow("reorder backends") << ConfigEdit([](GatewayFixture &fx) {
        const QJsonArray backends
            = modelsOf(fx).at(0).toObject().value(QLatin1String("backends")).toArray();
        setBackendsOf(fx, 0, QJsonArray {backends.at(1), backends.at(0)});
    }) << QStringLiteral("chat") << QByteArrayLiteral("b:mb")
                                      << false;
    QTest::newRow("disable the first backend") << ConfigEdit([](GatewayFixture &fx) {
        fx.setBackendField(0, 0, QStringLiteral("enabled"), false);
    }) << QStringLiteral("chat") << QByteArrayLiteral("b:mb")
                                               << false;
    QTest::newRow("add an alias") << ConfigEdit(
        [](GatewayFixture &fx) { fx.addModel(QStringLiteral("extra"), {QStringLiteral("b:mx")}); })
                                  << QStringLiteral("extra") << QByteArrayLiteral("b:mx") << false;
    QTest::newRow("add a provider and an alias on it") << ConfigEdit([](GatewayFixture &fx) {
        fx.addProvider(QStringLiteral("c"), QStringLiteral("c"));
        fx.addModel(QStringLiteral("third"), {QStringLiteral("c:mc")});
    }) << QStringLiteral("third") << QByteArrayLiteral("c:mc")
                                                       << false;
    QTest::newRow("remove an alias") << ConfigEdit([](GatewayFixture &fx) {
        removeAlias(fx, QStringLiteral("chat"));
        fx.addModel(QStringLiteral("other"), {QStringLiteral("b:mb")});
    }) << QStringLiteral("chat") << QByteArrayLiteral("404")
                                     << false;
    QTest::newRow("reorder backends, file rewritten in place")
        << ConfigEdit([](GatewayFixture &fx) {
               const QJsonArray backends
                   = modelsOf(fx).at(0).toObject().value(QLatin1String("backends")).toArray();
               setBackendsOf(fx, 0, QJsonArray {backends.at(1), backends.at(0)});
           })
        << QStringLiteral("chat") << QByteArrayLiteral("b:mb") << true;
}

void TestConfigReload::editsApplyWithoutRestart()
{
    QFETCH(ConfigEdit, edit);
    QFETCH(QString, alias);
    QFETCH(QByteArray, expected);
    QFETCH(bool, inPlace);
    setUpTwoBackends();
    if (QTest::currentTestFailed())
        return;
    const quint16 port = m_fx->port();
    // The service lives on this thread and its signals arrive here: the spies read them here.
    QSignalSpy reloaded(m_fx->service(), &clawgate::GatewayService::configChanged);
    QSignalSpy rejected(m_fx->service(), &clawgate::GatewayService::configRefused);

    edit(*m_fx);
    if (inPlace) { // as an editor that truncates and rewrites the same inode does
        QFile file(m_fx->configPath());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(m_fx->config()).toJson());
        file.close();
    } else {
        m_fx->writeConfig();
    }
    QTRY_COMPARE_WITH_TIMEOUT(servedBy(*m_fx, alias), expected, 2000);
    QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() >= 1, 2000);
    QCOMPARE(rejected.count(), 0);
    QCOMPARE(m_fx->port(), port); // the same gateway, not a restart
}

void TestConfigReload::invalidEditIsRefused_data()
{
    QTest::addColumn<QByteArray>("text"); // empty: the edit below, written as JSON
    QTest::addColumn<ConfigEdit>("edit");
    QTest::addColumn<QStringList>("mentions");

    QTest::newRow("syntax error on line 3")
        << QByteArrayLiteral(
               "{\n    \"version\": 1,\n    \"server\": { \"host\": \"127.0.0.1\" \"port\": 0 },\n"
               "    \"providers\": {},\n    \"models\": []\n}\n")
        << ConfigEdit() << QStringList {QStringLiteral("line 3")};
    QTest::newRow("backend names an unknown provider")
        << QByteArray() << ConfigEdit([](GatewayFixture &fx) {
               fx.setBackendField(0, 0, QStringLiteral("provider"),
                                  QStringLiteral("nosuchprovider"));
           })
        << QStringList {QStringLiteral("models[0].backends[0].provider"), QStringLiteral("(line "),
                        QStringLiteral("nosuchprovider")};
    QTest::newRow("wrong-typed field") << QByteArray() << ConfigEdit([](GatewayFixture &fx) {
        QJsonObject server = fx.config().value(QLatin1String("server")).toObject();
        server.insert(QStringLiteral("maxConnections"), QStringLiteral("many"));
        fx.config().insert(QStringLiteral("server"), server);
    }) << QStringList {QStringLiteral("server.maxConnections"), QStringLiteral("(line ")};
    QTest::newRow("duplicate alias") << QByteArray() << ConfigEdit([](GatewayFixture &fx) {
        fx.addModel(QStringLiteral("chat"), {QStringLiteral("b:mb")});
    }) << QStringList {QStringLiteral("models[1].alias"), QStringLiteral("(line ")};
}

void TestConfigReload::invalidEditIsRefused()
{
    QFETCH(QByteArray, text);
    QFETCH(ConfigEdit, edit);
    QFETCH(QStringList, mentions);
    setUpTwoBackends();
    if (QTest::currentTestFailed())
        return;
    // The service lives on this thread and its signals arrive here: the spies read them here.
    QSignalSpy reloaded(m_fx->service(), &clawgate::GatewayService::configChanged);
    QSignalSpy rejected(m_fx->service(), &clawgate::GatewayService::configRefused);

    const QJsonObject good = m_fx->config();
    if (edit) {
        edit(*m_fx);
        m_fx->writeConfig();
    } else {
        writeRaw(m_fx->configPath(), text);
    }
    QVERIFY(rejected.wait(3000));
    QCOMPARE(rejected.count(), 1);
    const QString message = rejected.at(0).at(0).toString();
    for (const QString &m : mentions)
        QVERIFY2(message.contains(m), qPrintable(message));
    QCOMPARE(reloaded.count(), 0);

    // The configuration in force stays as it was.
    QCOMPARE(servedBy(*m_fx, QStringLiteral("chat")), QByteArrayLiteral("a:ma"));
    QCOMPARE(m_fx->get(QStringLiteral("/v1/models")).status, 200);
    QCOMPARE(m_fx->health().value(QLatin1String("backends")).toArray().size(), 2);

    // A later valid edit is taken again.
    m_fx->config() = good;
    m_fx->addModel(QStringLiteral("fixed"), {QStringLiteral("b:mf")});
    m_fx->writeConfig();
    QVERIFY(reloaded.wait(3000));
    QCOMPARE(servedBy(*m_fx, QStringLiteral("fixed")), QByteArrayLiteral("b:mf"));
}

void TestConfigReload::streamInFlightKeepsItsConfiguration()
{
    m_fx->addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx->addProvider(QStringLiteral("slow"), QStringLiteral("slow"));
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    m_fx->addModel(QStringLiteral("slowchat"), {QStringLiteral("slow:ms")});
    QVERIFY(m_fx->start());
    m_fx->mock->setBehavior(QStringLiteral("slow"), MockBehavior::slowStream(20, 100));
    QSignalSpy reloaded(m_fx->service(), &clawgate::GatewayService::configChanged);

    const QString url = m_fx->url(QStringLiteral("/v1/chat/completions"));
    const TestHeaders headers = m_fx->auth();
    std::future<TestResponse> stream = std::async(std::launch::async, [url, headers] {
        return TestClient::post(url, GatewayFixture::chatBody(QStringLiteral("slowchat"), true),
                                headers, 20000);
    });
    QTRY_COMPARE_WITH_TIMEOUT(m_fx->mock->activeRequests(), 1, 5000);

    // Remove the alias (and its provider) while the stream runs.
    removeAlias(*m_fx, QStringLiteral("slowchat"));
    QJsonObject providers = m_fx->config().value(QLatin1String("providers")).toObject();
    providers.remove(QStringLiteral("slow"));
    m_fx->config().insert(QStringLiteral("providers"), providers);
    m_fx->writeConfig();
    QVERIFY(reloaded.wait(3000));
    QCOMPARE(m_fx->chat(GatewayFixture::chatBody(QStringLiteral("slowchat"))).status, 404);
    QCOMPARE(stream.wait_for(std::chrono::seconds(0)),
             std::future_status::timeout); // still streaming

    QCOMPARE(stream.wait_for(std::chrono::seconds(15)), std::future_status::ready);
    const TestResponse r = stream.get();
    QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("slow:ms"));
    const QList<QByteArray> events = r.sseDataLines();
    QCOMPARE(events.size(), 21);
    QCOMPARE(events.last(), QByteArrayLiteral("[DONE]"));
    QVERIFY(!r.body.contains("\"error\""));
}

void TestConfigReload::unsetEnvMakesProviderUnavailable_data()
{
    QTest::addColumn<bool>("viaReload");
    QTest::newRow("at start") << false;
    QTest::newRow("after a reload") << true;
}

void TestConfigReload::unsetEnvMakesProviderUnavailable()
{
    QFETCH(bool, viaReload);
    // "primary" carries a real secret in one field and an unset variable in another.
    QJsonObject headers;
    headers.insert(QStringLiteral("x-team-token"), QStringLiteral("${CLAWGATE_RELOAD_SECRET}"));
    QJsonObject broken;
    broken.insert(QStringLiteral("headers"), headers);
    broken.insert(QStringLiteral("apiKey"),
                  QStringLiteral("${CLAWGATE_RELOAD_SECRET}-${CLAWGATE_RELOAD_UNSET_KEY}"));
    QJsonObject working;
    working.insert(QStringLiteral("headers"), headers);
    working.insert(QStringLiteral("apiKey"), QStringLiteral("${CLAWGATE_RELOAD_SECRET}"));
    m_fx->addProvider(QStringLiteral("primary"), QStringLiteral("a"), viaReload ? working : broken);
    m_fx->addProvider(QStringLiteral("secondary"), QStringLiteral("b"), working);
    m_fx->addModel(QStringLiteral("chat"),
                   {QStringLiteral("primary:ma"), QStringLiteral("secondary:mb")});
    QVERIFY(m_fx->start());
    if (viaReload) {
        QCOMPARE(servedBy(*m_fx, QStringLiteral("chat")), QByteArrayLiteral("primary:ma"));
        QCOMPARE(m_fx->mock->requests(QStringLiteral("a")).last().header("authorization"),
                 QByteArrayLiteral("Bearer ")
                     + kSecret); // the secret itself does reach the upstream
        QSignalSpy reloaded(m_fx->service(), &clawgate::GatewayService::configChanged);
        m_fx->addProvider(QStringLiteral("primary"), QStringLiteral("a"), broken);
        m_fx->writeConfig();
        QVERIFY(reloaded.wait(3000));
    }
    const int requestsToA = m_fx->mock->requestCount(QStringLiteral("a"));

    const TestResponse healthResponse = TestClient::get(m_fx->url(QStringLiteral("/health")));
    QCOMPARE(healthResponse.status, 200);
    QVERIFY2(!healthResponse.body.contains(kSecret), healthResponse.body.constData());
    const QJsonObject primary = m_fx->backendHealth(QStringLiteral("primary:ma"));
    QCOMPARE(primary.value(QLatin1String("state")).toString(), QStringLiteral("unavailable"));
    const QString reason = primary.value(QLatin1String("reason")).toString();
    QVERIFY2(reason.contains(QLatin1String("CLAWGATE_RELOAD_UNSET_KEY")), qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("primary")), qPrintable(reason));
    QVERIFY2(!reason.contains(QLatin1String(kSecret))
                 && !reason.contains(QLatin1String("SECRET-value")),
             qPrintable(reason));
    QCOMPARE(m_fx->backendHealth(QStringLiteral("secondary:mb"))
                 .value(QLatin1String("state"))
                 .toString(),
             QStringLiteral("ok"));
    QCOMPARE(m_fx->health().value(QLatin1String("status")).toString(), QStringLiteral("ok"));

    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("secondary:mb"));
    QCOMPARE(r.header("x-clawgate-attempts"), QByteArrayLiteral("1"));
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), requestsToA); // never tried

    // With only the unavailable provider left, the error names why, without the secret.
    m_fx->config().insert(QStringLiteral("models"), QJsonArray());
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("primary:ma")});
    QSignalSpy reloaded(m_fx->service(), &clawgate::GatewayService::configChanged);
    m_fx->writeConfig();
    QVERIFY(reloaded.wait(3000));
    const TestResponse none = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QVERIFY2(none.status >= 500, none.body.constData());
    QVERIFY2(none.body.contains("CLAWGATE_RELOAD_UNSET_KEY"), none.body.constData());
    QVERIFY2(!none.body.contains(kSecret), none.body.constData());
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), requestsToA);
}

void TestConfigReload::lineBreakInEnvMakesProviderUnavailable()
{
    QJsonObject headers;
    headers.insert(QStringLiteral("x-team"), QStringLiteral("${CLAWGATE_RELOAD_CRLF_TEAM}"));
    QJsonObject crlf;
    crlf.insert(QStringLiteral("headers"), headers);
    m_fx->addProvider(QStringLiteral("primary"), QStringLiteral("a"), crlf);
    m_fx->addProvider(QStringLiteral("secondary"), QStringLiteral("b"));
    m_fx->addModel(QStringLiteral("chat"),
                   {QStringLiteral("primary:ma"), QStringLiteral("secondary:mb")});
    QVERIFY(m_fx->start());

    const QJsonObject primary = m_fx->backendHealth(QStringLiteral("primary:ma"));
    QCOMPARE(primary.value(QLatin1String("state")).toString(), QStringLiteral("unavailable"));
    const QString reason = primary.value(QLatin1String("reason")).toString();
    QVERIFY2(reason.contains(QLatin1String("CLAWGATE_RELOAD_CRLF_TEAM"))
                 && reason.contains(QLatin1String("headers.x-team"))
                 && !reason.contains(QLatin1String("team-7")),
             qPrintable(reason));

    const TestResponse r = m_fx->chat(GatewayFixture::chatBody(QStringLiteral("chat")));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("secondary:mb"));
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), 0);
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("b")), 1);
    // Nothing was split into an extra header anywhere upstream.
    QVERIFY(m_fx->mock->requests(QStringLiteral("b")).last().header("x-injected").isEmpty());
}

void TestConfigReload::cooldownSaveStaysOutOfTheConfigDirectory()
{
    setUpTwoBackends();
    if (QTest::currentTestFailed())
        return;
    QSignalSpy reloaded(m_fx->service(), &clawgate::GatewayService::configChanged);
    const QDir configDir = QFileInfo(m_fx->configPath()).absoluteDir();
    const QStringList configFiles = configDir.entryList(QDir::Files);

    m_fx->mock->setBehavior(QStringLiteral("a"), MockBehavior::error(503));
    QCOMPARE(servedBy(*m_fx, QStringLiteral("chat")), QByteArrayLiteral("b:mb")); // a cools down
    const QString state = clawgate::StateLocation::forConfig(m_fx->configPath())
        + QStringLiteral("/cooldowns.json");
    const auto saved = [&state] {
        QFile file(state);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    QTRY_VERIFY_WITH_TIMEOUT(saved().contains("a:ma"), 5000); // within the one-second batching

    // Nothing appeared or changed where the configuration is watched, so nothing was re-read.
    QCOMPARE(configDir.entryList(QDir::Files), configFiles);
    QCOMPARE(reloaded.count(), 0);
}

QTEST_GUILESS_MAIN(TestConfigReload)
#include "tst_configreload.moc"
