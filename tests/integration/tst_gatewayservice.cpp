// The facade a GUI uses: the gateway runs on a thread of its own; start, stop and restart
// return at once and report their progress by signal; the state of every backend, the
// configuration in force and the result of each command arrive as values on the caller's
// thread; a configuration saved through it routes the very next request.
#include "gatewayfixture.h"
#include "service/gatewayservice.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <future>

using namespace clawgate;

class TestGatewayService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startAndStopReturnAtOnceAndReport();
    void restartServesAgain();
    void failureToListenIsReportedWithTheReason();
    void backendsArriveAsValuesAndFollowCooldownCommands();
    void savedConfigurationRoutesTheVeryNextRequest();
    void refusedConfigurationChangesNothing();
    void commandsWhileStoppedAreAnswered();
    void editWhileStoppedIsKeptForTheNextStart();
    void gatewayLogLinesReachTheCaller();
    void everyRequestIsRecorded();
    void stopWithOpenStreamsEndsEachWithAnErrorEvent();

private:
    static GatewayOptions optionsFor(const QString &configPath);
    static bool waitForState(GatewayService &service, GatewayState state, int timeoutMs = 10000);
    static CommandResult waitForCommand(QSignalSpy &spy, quint64 id);
    static QString portOf(const QString &url) { return url.section(QLatin1Char(':'), -1); }

    GatewayFixture m_fx;
};

void TestGatewayService::initTestCase()
{
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx.addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    m_fx.addModel(QStringLiteral("solo"), {QStringLiteral("b:mb")});
    QJsonObject server = m_fx.config().value(QLatin1String("server")).toObject();
    server.insert(QStringLiteral("shutdownGraceSeconds"), 1);
    m_fx.config().insert(QStringLiteral("server"), server);
    m_fx.writeConfig();
}

GatewayOptions TestGatewayService::optionsFor(const QString &configPath)
{
    GatewayOptions options;
    options.configPath = configPath;
    options.port = 0;
    return options;
}

bool TestGatewayService::waitForState(GatewayService &service, GatewayState state, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (service.status().state != state && !deadline.hasExpired())
        QTest::qWait(10);
    if (service.status().state != state)
        qWarning("state %d, error: %s", int(service.status().state),
                 qPrintable(service.status().error));
    return service.status().state == state;
}

CommandResult TestGatewayService::waitForCommand(QSignalSpy &spy, quint64 id)
{
    for (int waited = 0; waited < 100; ++waited) {
        for (const QList<QVariant> &call : std::as_const(spy)) {
            const auto result = call.at(0).value<CommandResult>();
            if (result.id == id)
                return result;
        }
        spy.wait(100);
    }
    return {id, false, QStringLiteral("no answer")};
}

void TestGatewayService::startAndStopReturnAtOnceAndReport()
{
    GatewayService service(optionsFor(m_fx.configPath()));
    QSignalSpy states(&service, &GatewayService::statusChanged);
    service.start();
    QCOMPARE(service.status().state, GatewayState::Starting); // at once, before it listens
    QVERIFY(waitForState(service, GatewayState::Running));
    const QString url = service.status().url;
    QVERIFY2(url.startsWith(QLatin1String("http://127.0.0.1:")), qPrintable(url));
    QCOMPARE(TestClient::get(url + QLatin1String("/health")).status, 200);

    service.stop();
    QCOMPARE(service.status().state, GatewayState::Stopping);
    QVERIFY(waitForState(service, GatewayState::Stopped));
    // The listener is really gone.
    const TestResponse after = TestClient::get(url + QLatin1String("/health"), {}, 2000);
    QCOMPARE(after.status, 0);
    QVERIFY2(!after.curlError.isEmpty(), "the port still answers after Stopped");

    QList<GatewayState> seen;
    for (const QList<QVariant> &call : std::as_const(states))
        seen.append(call.at(0).value<GatewayStatus>().state);
    QCOMPARE(seen,
             (QList<GatewayState> {GatewayState::Starting, GatewayState::Running,
                                   GatewayState::Stopping, GatewayState::Stopped}));
}

void TestGatewayService::restartServesAgain()
{
    GatewayService service(optionsFor(m_fx.configPath()));
    service.start();
    QVERIFY(waitForState(service, GatewayState::Running));
    QSignalSpy states(&service, &GatewayService::statusChanged);
    service.restart();
    QTRY_VERIFY_WITH_TIMEOUT(states.size() >= 4, 10000);
    QCOMPARE(service.status().state, GatewayState::Running);
    const TestResponse r
        = TestClient::post(service.status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(QStringLiteral("chat")), m_fx.auth());
    QVERIFY2(r.ok(), r.body.constData());
}

void TestGatewayService::failureToListenIsReportedWithTheReason()
{
    QTcpServer occupied;
    QVERIFY(occupied.listen(QHostAddress::LocalHost));
    GatewayOptions options = optionsFor(m_fx.configPath());
    options.port = occupied.serverPort();
    GatewayService service(options);
    service.start();
    QVERIFY(waitForState(service, GatewayState::Failed));
    QVERIFY2(service.status().error.contains(QLatin1String("cannot listen")),
             qPrintable(service.status().error));
    QVERIFY(service.status().error.contains(QString::number(occupied.serverPort())));
    // It can be started again once the port is free.
    occupied.close();
    service.start();
    QVERIFY(waitForState(service, GatewayState::Running));
}

void TestGatewayService::backendsArriveAsValuesAndFollowCooldownCommands()
{
    GatewayService service(optionsFor(m_fx.configPath()));
    QSignalSpy backends(&service, &GatewayService::backendsChanged);
    QSignalSpy results(&service, &GatewayService::commandFinished);
    service.start();
    QVERIFY(waitForState(service, GatewayState::Running));
    QTRY_VERIFY(!backends.isEmpty());
    // Every backend of every alias, not only the cooling ones.
    QList<BackendStatus> all = service.backends();
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).backendId, QStringLiteral("a:ma"));
    QCOMPARE(all.at(1).position, 1);
    QCOMPARE(all.at(2).alias, QStringLiteral("solo"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const BackendStatus &b : all)
        QVERIFY(b.isReady(now));

    backends.clear();
    const quint64 set = service.setCooldown(QStringLiteral("b:mb"), 3600);
    QVERIFY(waitForCommand(results, set).ok);
    QTRY_VERIFY(!backends.isEmpty());
    all = service.backends();
    for (const BackendStatus &b : all) {
        const bool shouldCool = b.backendId == QLatin1String("b:mb");
        QCOMPARE(b.isCooling(QDateTime::currentMSecsSinceEpoch()), shouldCool);
        if (shouldCool) {
            QCOMPARE(b.cooldownReason, QStringLiteral("manual"));
            QVERIFY(b.coolingUntilMs > now + 3500 * 1000);
            QVERIFY(b.coolingUntilMs <= QDateTime::currentMSecsSinceEpoch() + 3600 * 1000);
        }
    }
    const quint64 forever = service.setCooldown(QStringLiteral("a:ma"), std::nullopt);
    QVERIFY(waitForCommand(results, forever).ok);
    QTRY_COMPARE(service.backends().at(0).coolingUntilMs, BackendStatus::kCoolingForever);

    const quint64 unknown = service.setCooldown(QStringLiteral("nope:x"), 60);
    const CommandResult refused = waitForCommand(results, unknown);
    QVERIFY(!refused.ok);
    QVERIFY2(refused.message.contains(QLatin1String("nope:x")), qPrintable(refused.message));

    for (const QString &id : {QStringLiteral("a:ma"), QStringLiteral("b:mb")})
        QVERIFY(waitForCommand(results, service.clearCooldown(id)).ok);
    QTRY_VERIFY(service.backends().at(0).isReady(QDateTime::currentMSecsSinceEpoch())
                && service.backends().at(1).isReady(QDateTime::currentMSecsSinceEpoch()));
}

void TestGatewayService::savedConfigurationRoutesTheVeryNextRequest()
{
    GatewayService service(optionsFor(m_fx.configPath()));
    QSignalSpy results(&service, &GatewayService::commandFinished);
    QSignalSpy configs(&service, &GatewayService::configChanged);
    service.start();
    QVERIFY(waitForState(service, GatewayState::Running));
    QTRY_VERIFY(!configs.isEmpty());
    const QString chatUrl = service.status().url + QLatin1String("/v1/chat/completions");
    const QByteArray body = GatewayFixture::chatBody(QStringLiteral("chat"));
    QCOMPARE(TestClient::post(chatUrl, body, m_fx.auth()).header("x-clawgate-backend"),
             QByteArrayLiteral("a:ma"));

    // The user drags b above a: the edit goes through the service, and the request right
    // after the answer already takes the new order (no window in which the old one applies).
    QJsonObject root = service.configJson();
    QVERIFY(root.contains(QLatin1String("models")));
    QJsonArray models = root.value(QLatin1String("models")).toArray();
    QJsonObject chat = models.at(0).toObject();
    QJsonArray order = chat.value(QLatin1String("backends")).toArray();
    const QJsonValue first = order.at(0);
    order.removeAt(0);
    order.append(first);
    chat.insert(QLatin1String("backends"), order);
    models.replace(0, chat);
    root.insert(QLatin1String("models"), models);
    root.insert(QLatin1String("someFutureField"), 42); // unknown fields are kept
    configs.clear();
    const CommandResult saved = waitForCommand(results, service.saveConfig(root));
    QVERIFY2(saved.ok, qPrintable(saved.message));
    QCOMPARE(TestClient::post(chatUrl, body, m_fx.auth()).header("x-clawgate-backend"),
             QByteArrayLiteral("b:mb"));
    QTRY_VERIFY(!configs.isEmpty());
    QCOMPARE(service.config()->findAlias(QStringLiteral("chat"))->backends.at(0).id(),
             QStringLiteral("b:mb"));
    QCOMPARE(service.configJson().value(QLatin1String("someFutureField")).toInt(), 42);
    m_fx.writeConfig(); // the original order for the other cases
}

void TestGatewayService::refusedConfigurationChangesNothing()
{
    GatewayService service(optionsFor(m_fx.configPath()));
    QSignalSpy results(&service, &GatewayService::commandFinished);
    service.start();
    QVERIFY(waitForState(service, GatewayState::Running));
    QTRY_VERIFY(service.config());
    QFile file(m_fx.configPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    QJsonObject root = service.configJson();
    QJsonArray models = root.value(QLatin1String("models")).toArray();
    QJsonObject chat = models.at(0).toObject();
    QJsonArray order = chat.value(QLatin1String("backends")).toArray();
    QJsonObject broken = order.at(0).toObject();
    broken.insert(QLatin1String("provider"), QStringLiteral("missing"));
    order.replace(0, broken);
    chat.insert(QLatin1String("backends"), order);
    models.replace(0, chat);
    root.insert(QLatin1String("models"), models);
    const CommandResult refused = waitForCommand(results, service.saveConfig(root));
    QVERIFY(!refused.ok);
    QVERIFY2(refused.message.contains(QLatin1String("models[0].backends[0].provider")),
             qPrintable(refused.message));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    const TestResponse r
        = TestClient::post(service.status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(QStringLiteral("chat")), m_fx.auth());
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("a:ma"));
}

void TestGatewayService::commandsWhileStoppedAreAnswered()
{
    GatewayService service(optionsFor(m_fx.configPath()));
    QSignalSpy results(&service, &GatewayService::commandFinished);
    const CommandResult r = waitForCommand(results, service.clearCooldown(QStringLiteral("a:ma")));
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(QLatin1String("not running")), qPrintable(r.message));
}

// A gateway that could not start (a port taken, say) is fixed by an edit: saving must work while
// it is stopped, and the next start uses it.
void TestGatewayService::editWhileStoppedIsKeptForTheNextStart()
{
    GatewayService service(optionsFor(m_fx.configPath()));
    QSignalSpy results(&service, &GatewayService::commandFinished);
    QJsonObject root = m_fx.config();
    QJsonArray models = root.value(QLatin1String("models")).toArray();
    QJsonObject chat = models.at(0).toObject();
    QJsonArray order = chat.value(QLatin1String("backends")).toArray();
    order.append(order.takeAt(0));
    chat.insert(QLatin1String("backends"), order);
    models.replace(0, chat);
    root.insert(QLatin1String("models"), models);
    const CommandResult saved = waitForCommand(results, service.saveConfig(root));
    QVERIFY2(saved.ok, qPrintable(saved.message));
    service.start();
    QVERIFY(waitForState(service, GatewayState::Running));
    const TestResponse r
        = TestClient::post(service.status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(QStringLiteral("chat")), m_fx.auth());
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
    // A broken edit is refused while stopped too, and the file stays as it was.
    service.stop();
    QVERIFY(waitForState(service, GatewayState::Stopped));
    root.insert(QLatin1String("version"), 7);
    const CommandResult refused = waitForCommand(results, service.saveConfig(root));
    QVERIFY(!refused.ok);
    QVERIFY2(refused.message.contains(QLatin1String("version")), qPrintable(refused.message));
    m_fx.writeConfig(); // the original order for the other cases
}

void TestGatewayService::gatewayLogLinesReachTheCaller()
{
    GatewayService service(optionsFor(m_fx.configPath()));
    QSignalSpy logs(&service, &GatewayService::logLines);
    service.start();
    QVERIFY(waitForState(service, GatewayState::Running));
    // A failover is logged on the gateway's thread; the line arrives here, with its category.
    m_fx.mock->enqueue(QStringLiteral("a"), MockBehavior::error(503));
    const TestResponse r
        = TestClient::post(service.status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(QStringLiteral("chat")), m_fx.auth());
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
    auto sawFailover = [&logs] {
        for (const QList<QVariant> &batch : std::as_const(logs)) {
            for (const LogLine &line : batch.at(0).value<QList<LogLine>>()) {
                if (line.category == QLatin1String("clawgate.gateway.proxy")
                    && line.message.contains(QLatin1String("a:ma"))
                    && line.message.contains(QLatin1String("503")))
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY(sawFailover());
    // Sequence numbers only grow, so a view can tell what it has already shown.
    qint64 last = 0;
    for (const QList<QVariant> &batch : std::as_const(logs)) {
        for (const LogLine &line : batch.at(0).value<QList<LogLine>>()) {
            QVERIFY(line.sequence > last);
            last = line.sequence;
        }
    }
    QSignalSpy results(&service, &GatewayService::commandFinished);
    QVERIFY(waitForCommand(results, service.clearCooldown(QStringLiteral("a:ma"))).ok);
}

void TestGatewayService::everyRequestIsRecorded()
{
    GatewayService service(optionsFor(m_fx.configPath()));
    QSignalSpy batches(&service, &GatewayService::requestsFinished);
    service.start();
    QVERIFY(waitForState(service, GatewayState::Running));
    const QString chatUrl = service.status().url + QLatin1String("/v1/chat/completions");
    m_fx.mock->enqueue(QStringLiteral("a"), MockBehavior::error(503));
    QVERIFY(TestClient::post(chatUrl, GatewayFixture::chatBody(QStringLiteral("chat")), m_fx.auth())
                .ok());
    QVERIFY(TestClient::post(chatUrl, GatewayFixture::chatBody(QStringLiteral("solo"), true),
                             m_fx.auth())
                .ok());
    QCOMPARE(
        TestClient::post(chatUrl, GatewayFixture::chatBody(QStringLiteral("nope")), m_fx.auth())
            .status,
        404);
    QList<RequestRecord> records;
    QTRY_VERIFY([&] {
        records.clear();
        for (const QList<QVariant> &batch : std::as_const(batches))
            records.append(batch.at(0).value<QList<RequestRecord>>());
        return records.size() >= 3;
    }());
    QCOMPARE(records.size(), 3);
    // A failover: both attempts, each with what happened, and the tokens the upstream reported.
    const RequestRecord &failover = records.at(0);
    QCOMPARE(failover.keyName, QStringLiteral("test"));
    QCOMPARE(failover.alias, QStringLiteral("chat"));
    QCOMPARE(failover.endpoint, QStringLiteral("/v1/chat/completions"));
    QVERIFY(!failover.stream);
    QCOMPARE(failover.status, 200);
    QCOMPARE(failover.backend, QStringLiteral("b:mb"));
    QCOMPARE(failover.attempts.size(), 2);
    QCOMPARE(failover.attempts.at(0).backendId, QStringLiteral("a:ma"));
    QCOMPARE(failover.attempts.at(0).outcome, QStringLiteral("HTTP 503"));
    QCOMPARE(failover.attempts.at(1).outcome, QStringLiteral("ok"));
    QVERIFY(failover.usage.has_value());
    QCOMPARE(failover.usage->totalTokens, 9);
    QVERIFY(failover.firstByteMs >= 0 && failover.firstByteMs <= failover.latencyMs);
    QVERIFY(failover.startedAt.isValid());
    // A stream: its usage came from the usage chunk the gateway asked for.
    const RequestRecord &stream = records.at(1);
    QVERIFY(stream.stream);
    QCOMPARE(stream.backend, QStringLiteral("b:mb"));
    QVERIFY(stream.usage.has_value());
    QCOMPARE(stream.usage->totalTokens, 9);
    // Refused before any backend: no backend, the error said.
    const RequestRecord &unknown = records.at(2);
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.alias, QStringLiteral("nope"));
    QVERIFY(unknown.backend.isEmpty());
    QVERIFY(unknown.error.contains(QLatin1String("nope")));
    QSignalSpy results(&service, &GatewayService::commandFinished);
    QVERIFY(waitForCommand(results, service.clearCooldown(QStringLiteral("a:ma"))).ok);
}

// Quit while streams are running: after the grace time every stream ends with an error event
// the client can read (never a silent cut), and stop() never blocks the caller meanwhile.
void TestGatewayService::stopWithOpenStreamsEndsEachWithAnErrorEvent()
{
    constexpr int kStreams = 200;
    m_fx.mock->setBehavior(QStringLiteral("b"), MockBehavior::slowStream(100, 100)); // 10 s
    GatewayService service(optionsFor(m_fx.configPath()));
    service.start();
    QVERIFY(waitForState(service, GatewayState::Running));
    const QString url = service.status().url + QLatin1String("/v1/chat/completions");
    const TestHeaders headers = m_fx.auth();
    std::future<QList<TestResponse>> streams = std::async(std::launch::async, [url, headers] {
        return TestClient::postConcurrently(
            kStreams, url, GatewayFixture::chatBody(QStringLiteral("solo"), true), headers, 30000);
    });
    QTRY_COMPARE_WITH_TIMEOUT(m_fx.mock->activeRequests(), kStreams, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(service.stats().requestsInFlight, kStreams, 5000);

    service.stop();
    QCOMPARE(service.status().state, GatewayState::Stopping); // at once
    QVERIFY(waitForState(service, GatewayState::Stopped, 15000));
    QCOMPARE(streams.wait_for(std::chrono::seconds(15)), std::future_status::ready);
    const QList<TestResponse> responses = streams.get();
    QCOMPARE(responses.size(), kStreams);
    for (const TestResponse &r : responses) {
        QCOMPARE(r.status, 200);
        QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError)); // a proper end, not a cut
        const QList<QByteArray> events = r.sseDataLines();
        QVERIFY(!events.isEmpty());
        QVERIFY2(events.last().contains("gateway_shutting_down"), events.last().constData());
        QVERIFY(!events.contains("[DONE]"));
    }
    QTRY_COMPARE(m_fx.mock->activeRequests(), 0); // the upstream streams were closed too
    m_fx.mock->reset();
}

QTEST_GUILESS_MAIN(TestGatewayService)
#include "tst_gatewayservice.moc"
