// clawgatectl as a user runs it: the real binary in a QProcess, each test with its own
// configuration in a temporary directory. `serve` runs the gateway headless against the
// in-process mock upstream; the management commands (key, cooldown, models) edit the files a
// running `serve` picks up by itself, or talk to it directly.
#include "ctlprocess.h"
#include "gatewayfixture.h"
#include "keys/clientkeys.h"
#include "store/adminclient.h"
#include "store/instancelock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <future>

#include <sys/stat.h>

namespace {

// Line 3 lacks the comma between "host" and "port".
const QByteArray kSyntaxErrorOnLine3
    = QByteArrayLiteral("{\n"
                        "    \"version\": 1,\n"
                        "    \"server\": { \"host\": \"127.0.0.1\" \"port\": 0 },\n"
                        "    \"providers\": {},\n"
                        "    \"models\": []\n"
                        "}\n");

} // namespace

class TestClawgatectl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void versionAndHelp_data();
    void versionAndHelp();
    void failuresExitNonZeroWithOneLine_data();
    void failuresExitNonZeroWithOneLine();

    void firstServeCreatesConfigAndKey();
    void sigtermLetsAStreamInFlightFinish();
    void sigtermRightAfterTheReadyLineStopsGracefully();
    void serveRefusesAnInvalidConfig_data();
    void serveRefusesAnInvalidConfig();
    void secondServeOnTheSameConfigurationNamesTheFirst();

    void keyLifecycleAgainstARunningGateway();
    void keyEditsKeepUnknownFieldsAndABackup();

    void cooldownOnARunningGateway();
    void cooldownRejectsBadInput_data();
    void cooldownRejectsBadInput();
    void adminApiRefusesACooldownOverTenYears();
    void cooldownSetOfflineIsHonouredAtStart();

    void modelsShowsBackendStates_data();
    void modelsShowsBackendStates();

    void statusOfARunningGateway();
    void statusWhenNotRunning();
    void exportOpenClawPrintsTheProviderEntry();
    void exportOpenClawApplyChangesOnlyTheClawgateEntry();
    void exportOpenClawSpeaksTheChosenApi_data();
    void exportOpenClawSpeaksTheChosenApi();
    void exportOpenClawRefusesAnUnknownApi();
    void exportOpenClawLeavesABrokenFileUntouched();
    void exportOpenClawWithoutKeychainOrKeySaysSo();
    void testSendsARequestThroughEachBackend();
    void testFailsWhenNoBackendAnswers_data();
    void testFailsWhenNoBackendAnswers();

private:
    // Two providers on the mock ("a", "b"), alias "chat" = a:ma then b:mb, plus a slow alias.
    void writeTwoBackendConfig();
    std::unique_ptr<GatewayFixture> m_fx;
};

void TestClawgatectl::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFileInfo(ctlPath()).isExecutable(),
             "set CLAWGATECTL to the clawgatectl binary (CTest does this)");
    TestClient::get(
        QStringLiteral("http://127.0.0.1:1/")); // initialises libcurl once, before any thread
}

void TestClawgatectl::init()
{
    m_fx = std::make_unique<GatewayFixture>();
    QVERIFY(m_fx->mock.isListening());
}

void TestClawgatectl::cleanup()
{
    m_fx.reset();
}

void TestClawgatectl::writeTwoBackendConfig()
{
    m_fx->addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx->addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx->addProvider(QStringLiteral("slow"), QStringLiteral("slow"));
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    m_fx->addModel(QStringLiteral("slowchat"), {QStringLiteral("slow:ms")});
    m_fx->writeConfig();
}

// --- global options and failures -----------------------------------------------------------

void TestClawgatectl::versionAndHelp_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("--version prints 0.1.0")
        << QStringList {QStringLiteral("--version")} << QStringList {QStringLiteral("0.1.0")};
    QTest::newRow("--help lists the commands")
        << QStringList {QStringLiteral("--help")}
        << QStringList {QStringLiteral("serve"), QStringLiteral("key"), QStringLiteral("cooldown"),
                        QStringLiteral("models"), QStringLiteral("--config")};
}

void TestClawgatectl::versionAndHelp()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, expected);
    const CtlResult r = runCtl(args);
    QVERIFY2(r.exitStatus == QProcess::NormalExit && r.exitCode == 0, r.describe().constData());
    for (const QString &word : expected)
        QVERIFY2(r.out.contains(word.toUtf8()),
                 qPrintable(word + QLatin1String(" missing in:\n") + QString::fromUtf8(r.out)));
}

void TestClawgatectl::failuresExitNonZeroWithOneLine_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("withConfig"); // a valid configuration exists at --config
    QTest::addColumn<QString>("mentions"); // the stderr line names this

    QTest::newRow("unknown command")
        << QStringList {QStringLiteral("frobnicate")} << false << QStringLiteral("frobnicate");
    QTest::newRow("no command") << QStringList {} << false << QStringLiteral("command");
    QTest::newRow("unknown option")
        << QStringList {QStringLiteral("models"), QStringLiteral("--bogus")} << true
        << QStringLiteral("bogus");
    QTest::newRow("port out of range")
        << QStringList {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("70000")}
        << true << QStringLiteral("--port");
    QTest::newRow("key without a verb")
        << QStringList {QStringLiteral("key")} << true << QStringLiteral("usage");
    QTest::newRow("key add without a configuration")
        << QStringList {QStringLiteral("key"), QStringLiteral("add"), QStringLiteral("x")} << false
        << QStringLiteral("serve");
    QTest::newRow("remove an unknown key")
        << QStringList {QStringLiteral("key"), QStringLiteral("remove"), QStringLiteral("nobody")}
        << true << QStringLiteral("nobody");
    QTest::newRow("models with an argument")
        << QStringList {QStringLiteral("models"), QStringLiteral("extra")} << true
        << QStringLiteral("models");
}

void TestClawgatectl::failuresExitNonZeroWithOneLine()
{
    QFETCH(QStringList, args);
    QFETCH(bool, withConfig);
    QFETCH(QString, mentions);
    if (withConfig)
        writeTwoBackendConfig();
    const CtlResult r = runCtl(args, m_fx->configPath());
    QCOMPARE(r.exitStatus, QProcess::NormalExit);
    QVERIFY2(r.exitCode != 0, r.describe().constData());
    QVERIFY2(r.errLines().size() == 1, r.describe().constData());
    QVERIFY2(r.err.contains(mentions.toUtf8()), r.describe().constData());
}

// --- serve ---------------------------------------------------------------------------------

void TestClawgatectl::firstServeCreatesConfigAndKey()
{
    const QString path = m_fx->configPath(); // nothing written there yet
    QVERIFY(!QFile::exists(path));
    ServeProcess serve;
    QVERIFY2(serve.start(path), serve.diagnostics().constData());

    // The key is printed alone on the line just before "listening on ...".
    const QList<QByteArray> before = serve.linesBeforeListening();
    QVERIFY2(!before.isEmpty(), serve.diagnostics().constData());
    const QByteArray key = before.last().trimmed();
    QVERIFY2(QRegularExpression(QStringLiteral("^sk-[A-Za-z0-9_-]{20,}$"))
                 .match(QString::fromLatin1(key))
                 .hasMatch(),
             key.constData());

    QVERIFY(QFile::exists(path));
    QCOMPARE(fileMode(path), 0600);
    const QByteArray text = readFile(path);
    QVERIFY2(!text.contains(key), "the plaintext key must not be stored");
    QVERIFY(text.contains(clawgate::ClientKeys::sha256Hex(key)));
    const QJsonArray keys
        = QJsonDocument::fromJson(text).object().value(QLatin1String("clientKeys")).toArray();
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.at(0).toObject().value(QLatin1String("sha256")).toString().toLatin1(),
             clawgate::ClientKeys::sha256Hex(key));

    QCOMPARE(serve.modelsStatus(key), 200);
    QCOMPARE(serve.modelsStatus(QByteArrayLiteral("sk-cg-not-the-right-key")), 401);
    QCOMPARE(TestClient::get(serve.url(QStringLiteral("/v1/models"))).status, 401); // no key at all

    serve.process().terminate(); // SIGTERM
    QVERIFY2(serve.process().waitForFinished(5000), serve.diagnostics().constData());
    QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.process().exitCode(), 0);
}

void TestClawgatectl::secondServeOnTheSameConfigurationNamesTheFirst()
{
    writeTwoBackendConfig();
    ServeProcess first;
    QVERIFY2(first.start(m_fx->configPath()), first.diagnostics().constData());

    // A second gateway on the same configuration would fight over the cooldown state and the
    // admin token: it refuses with one line that names the running process.
    const CtlResult second
        = runCtl({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")},
                 m_fx->configPath());
    QCOMPARE(second.exitCode, 1);
    QCOMPARE(second.errLines().size(), 1);
    const QByteArray line = second.errLines().first();
    QVERIFY2(line.contains("already running"), second.describe().constData());
    QVERIFY2(line.contains("pid " + QByteArray::number(first.process().processId())),
             second.describe().constData());
    QVERIFY2(line.contains("clawgatectl"), second.describe().constData());
    QCOMPARE(first.modelsStatus(m_fx->key), 200); // the first one is unharmed

    // Once the first has stopped (or died), the configuration is free again.
    QVERIFY(first.stop());
    ServeProcess third;
    QVERIFY2(third.start(m_fx->configPath()), third.diagnostics().constData());
    third.process().kill(); // leaves its lock file behind, naming a process that is gone
    QVERIFY(third.process().waitForFinished(5000));
    ServeProcess fourth;
    QVERIFY2(fourth.start(m_fx->configPath()), fourth.diagnostics().constData());
}

void TestClawgatectl::sigtermLetsAStreamInFlightFinish()
{
    writeTwoBackendConfig();
    m_fx->mock->setBehavior(QStringLiteral("slow"), MockBehavior::slowStream(10, 100));
    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    QCOMPARE(serve.modelsStatus(m_fx->key), 200); // up, and its signal handling is installed

    const QString url = serve.url(QStringLiteral("/v1/chat/completions"));
    const TestHeaders headers = bearer(m_fx->key);
    std::future<TestResponse> stream = std::async(std::launch::async, [url, headers] {
        return TestClient::post(url, GatewayFixture::chatBody(QStringLiteral("slowchat"), true),
                                headers, 20000);
    });
    QTRY_COMPARE_WITH_TIMEOUT(m_fx->mock->activeRequests(), 1,
                              5000); // the stream is running upstream

    serve.process().terminate(); // SIGTERM while the stream is in flight
    QVERIFY2(serve.process().waitForFinished(10000), serve.diagnostics().constData());
    QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.process().exitCode(), 0);

    QCOMPARE(stream.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    const TestResponse r = stream.get();
    QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError));
    QCOMPARE(r.status, 200);
    const QList<QByteArray> events = r.sseDataLines();
    QVERIFY2(!events.isEmpty() && events.last() == "[DONE]", r.body.constData());
    QCOMPARE(events.size(), 11); // all 10 content events, then [DONE]
    QVERIFY(!r.body.contains("\"error\""));
}

// A supervisor (systemd, a test, a script) may stop the gateway as soon as it said it is
// ready. Every such stop must be graceful: exit 0, admin token file removed.
void TestClawgatectl::sigtermRightAfterTheReadyLineStopsGracefully()
{
    writeTwoBackendConfig();
    const QString adminToken
        = QFileInfo(m_fx->configPath()).absolutePath() + QStringLiteral("/admin-token");
    int abrupt = 0;
    QByteArray details;
    for (int i = 0; i < 20; ++i) {
        ServeProcess serve;
        QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
        serve.process().terminate();
        QTRY_COMPARE_WITH_TIMEOUT(serve.process().state(), QProcess::NotRunning, 5000);
        if (serve.process().exitStatus() != QProcess::NormalExit || serve.process().exitCode() != 0
            || QFile::exists(adminToken)) {
            ++abrupt;
            details = QByteArrayLiteral("exit status ")
                + QByteArray::number(int(serve.process().exitStatus()))
                + QByteArrayLiteral(", code ") + QByteArray::number(serve.process().exitCode())
                + QByteArrayLiteral(", admin-token left behind: ")
                + (QFile::exists(adminToken) ? "yes" : "no");
            QFile::remove(adminToken);
        }
    }
    QVERIFY2(
        abrupt == 0,
        qPrintable(QStringLiteral("%1 of 20 serve processes died from SIGTERM instead of stopping "
                                  "gracefully; last: %2")
                       .arg(abrupt)
                       .arg(QString::fromLatin1(details))));
}

void TestClawgatectl::serveRefusesAnInvalidConfig_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("syntax error on line 3") << kSyntaxErrorOnLine3 << QStringLiteral("line 3");
    QTest::newRow("wrong-typed field")
        << QByteArrayLiteral("{\n  \"version\": 1,\n  \"server\": { \"host\": \"127.0.0.1\",\n"
                             "    \"maxConnections\": \"many\" },\n  \"models\": []\n}\n")
        << QStringLiteral("server.maxConnections");
}

void TestClawgatectl::serveRefusesAnInvalidConfig()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, mentions);
    QFile file(m_fx->configPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();

    ServeProcess serve;
    QVERIFY(!serve.start(m_fx->configPath()));
    QTRY_COMPARE_WITH_TIMEOUT(serve.process().state(), QProcess::NotRunning, 5000);
    QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
    QVERIFY(serve.process().exitCode() != 0);
    const QByteArray err = serve.errorOutput();
    QVERIFY2(err.contains(mentions.toUtf8()), err.constData());
    QCOMPARE(readFile(m_fx->configPath()), text); // a refused file is left alone
    // SPEC §7: a failure is one clear line on stderr.
    QVERIFY2(CtlResult::nonEmptyLines(err).size() == 1, err.constData());
}

// --- key -----------------------------------------------------------------------------------

void TestClawgatectl::keyLifecycleAgainstARunningGateway()
{
    writeTwoBackendConfig();
    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());

    const CtlResult added
        = runCtl({QStringLiteral("key"), QStringLiteral("add"), QStringLiteral("laptop")},
                 m_fx->configPath());
    QVERIFY2(added.exitCode == 0, added.describe().constData());
    const QByteArray key = added.lastOutLine().trimmed();
    QVERIFY2(QRegularExpression(QStringLiteral("^sk-[A-Za-z0-9_-]{20,}$"))
                 .match(QString::fromLatin1(key))
                 .hasMatch(),
             added.describe().constData());
    QVERIFY(!readFile(m_fx->configPath()).contains(key));

    const CtlResult listed
        = runCtl({QStringLiteral("key"), QStringLiteral("list")}, m_fx->configPath());
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains("laptop\tactive"), listed.out.constData());

    // The running gateway picks the edited file up by itself.
    QTRY_COMPARE_WITH_TIMEOUT(serve.modelsStatus(key), 200, 5000);
    QCOMPARE(serve.modelsStatus(m_fx->key), 200); // the other key still works

    const CtlResult disabled
        = runCtl({QStringLiteral("key"), QStringLiteral("disable"), QStringLiteral("laptop")},
                 m_fx->configPath());
    QVERIFY2(disabled.exitCode == 0, disabled.describe().constData());
    QTRY_COMPARE_WITH_TIMEOUT(serve.modelsStatus(key), 401, 5000);
    QVERIFY(runCtl({QStringLiteral("key"), QStringLiteral("list")}, m_fx->configPath())
                .out.contains("laptop\tdisabled"));

    const CtlResult removed
        = runCtl({QStringLiteral("key"), QStringLiteral("remove"), QStringLiteral("laptop")},
                 m_fx->configPath());
    QVERIFY2(removed.exitCode == 0, removed.describe().constData());
    QVERIFY(!runCtl({QStringLiteral("key"), QStringLiteral("list")}, m_fx->configPath())
                 .out.contains("laptop"));
    QCOMPARE(serve.modelsStatus(key), 401);
    QCOMPARE(serve.modelsStatus(m_fx->key), 200);

    const CtlResult again
        = runCtl({QStringLiteral("key"), QStringLiteral("remove"), QStringLiteral("laptop")},
                 m_fx->configPath());
    QVERIFY2(again.exitCode != 0 && again.errLines().size() == 1, again.describe().constData());
}

void TestClawgatectl::keyEditsKeepUnknownFieldsAndABackup()
{
    writeTwoBackendConfig();
    QJsonObject &root = m_fx->config();
    root.insert(QStringLiteral("x-note"), QStringLiteral("keep me"));
    QJsonObject server = root.value(QLatin1String("server")).toObject();
    server.insert(QStringLiteral("futureOption"), 7);
    root.insert(QStringLiteral("server"), server);
    QJsonObject providers = root.value(QLatin1String("providers")).toObject();
    QJsonObject a = providers.value(QLatin1String("a")).toObject();
    a.insert(QStringLiteral("comment"), QStringLiteral("company account"));
    providers.insert(QStringLiteral("a"), a);
    root.insert(QStringLiteral("providers"), providers);
    m_fx->writeConfig();

    auto unknownFieldsKept = [this] {
        const QJsonObject now = readJson(m_fx->configPath());
        return now.value(QLatin1String("x-note")).toString() == QLatin1String("keep me")
            && now.value(QLatin1String("server"))
                   .toObject()
                   .value(QLatin1String("futureOption"))
                   .toInt()
            == 7
            && now.value(QLatin1String("providers"))
                   .toObject()
                   .value(QLatin1String("a"))
                   .toObject()
                   .value(QLatin1String("comment"))
                   .toString()
            == QLatin1String("company account");
    };
    const QList<QStringList> edits = {
        {QStringLiteral("key"), QStringLiteral("add"), QStringLiteral("laptop")},
        {QStringLiteral("key"), QStringLiteral("disable"), QStringLiteral("laptop")},
        {QStringLiteral("key"), QStringLiteral("enable"), QStringLiteral("laptop")},
        {QStringLiteral("key"), QStringLiteral("remove"), QStringLiteral("laptop")},
    };
    for (const QStringList &edit : edits) {
        const QByteArray previous = readFile(m_fx->configPath());
        const CtlResult r = runCtl(edit, m_fx->configPath());
        QVERIFY2(r.exitCode == 0, r.describe().constData());
        QVERIFY2(unknownFieldsKept(), readFile(m_fx->configPath()).constData());
        QVERIFY2(readFile(m_fx->configPath()) != previous, qPrintable(edit.join(QLatin1Char(' '))));
        QCOMPARE(readFile(m_fx->configPath() + QStringLiteral(".bak")), previous);
        QCOMPARE(fileMode(m_fx->configPath()), 0600);
    }

    // A refused edit (duplicate name) changes nothing.
    QCOMPARE(runCtl({QStringLiteral("key"), QStringLiteral("add"), QStringLiteral("twice")},
                    m_fx->configPath())
                 .exitCode,
             0);
    const QByteArray before = readFile(m_fx->configPath());
    const QByteArray backupBefore = readFile(m_fx->configPath() + QStringLiteral(".bak"));
    const CtlResult dup
        = runCtl({QStringLiteral("key"), QStringLiteral("add"), QStringLiteral("twice")},
                 m_fx->configPath());
    QVERIFY2(dup.exitCode != 0 && dup.errLines().size() == 1, dup.describe().constData());
    QVERIFY(dup.out.isEmpty()); // no key printed for a key that was not added
    QCOMPARE(readFile(m_fx->configPath()), before);
    QCOMPARE(readFile(m_fx->configPath() + QStringLiteral(".bak")), backupBefore);
}

// --- cooldown ------------------------------------------------------------------------------

void TestClawgatectl::cooldownOnARunningGateway()
{
    writeTwoBackendConfig();
    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    const QString a = QStringLiteral("a:ma");
    QCOMPARE(serve.backendState(a), QStringLiteral("ok"));

    const CtlResult set
        = runCtl({QStringLiteral("cooldown"), QStringLiteral("set"), a, QStringLiteral("1h")},
                 m_fx->configPath());
    QVERIFY2(set.exitCode == 0, set.describe().constData());
    // Applied to the running gateway at once, not at its next start.
    const QJsonObject health = serve.backendHealth(a);
    QCOMPARE(health.value(QLatin1String("state")).toString(), QStringLiteral("cooling"));
    const QJsonObject cooldown = health.value(QLatin1String("cooldown")).toObject();
    QCOMPARE(cooldown.value(QLatin1String("reason")).toString(), QStringLiteral("manual"));
    const double left = cooldown.value(QLatin1String("secondsLeft")).toDouble();
    QVERIFY2(left > 3590 && left <= 3600, qPrintable(QString::number(left)));
    const TestResponse routed
        = TestClient::post(serve.url(QStringLiteral("/v1/chat/completions")),
                           GatewayFixture::chatBody(QStringLiteral("chat")), bearer(m_fx->key));
    QCOMPARE(routed.status, 200);
    QCOMPARE(routed.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), 0);

    const CtlResult list
        = runCtl({QStringLiteral("cooldown"), QStringLiteral("list")}, m_fx->configPath());
    QVERIFY2(list.exitCode == 0, list.describe().constData());
    QCOMPARE(list.outLines().size(), 1);
    QVERIFY2(list.out.contains("a:ma") && list.out.contains("manual"), list.out.constData());

    const CtlResult clear
        = runCtl({QStringLiteral("cooldown"), QStringLiteral("clear"), a}, m_fx->configPath());
    QVERIFY2(clear.exitCode == 0, clear.describe().constData());
    QCOMPARE(serve.backendState(a), QStringLiteral("ok"));
    QCOMPARE(runCtl({QStringLiteral("cooldown"), QStringLiteral("list")}, m_fx->configPath())
                 .outLines()
                 .size(),
             0);

    const CtlResult forever
        = runCtl({QStringLiteral("cooldown"), QStringLiteral("set"), a, QStringLiteral("forever")},
                 m_fx->configPath());
    QVERIFY2(forever.exitCode == 0, forever.describe().constData());
    const QJsonObject foreverHealth = serve.backendHealth(a);
    QCOMPARE(foreverHealth.value(QLatin1String("state")).toString(), QStringLiteral("cooling"));
    QCOMPARE(foreverHealth.value(QLatin1String("cooldown"))
                 .toObject()
                 .value(QLatin1String("forever"))
                 .toBool(),
             true);
    QCOMPARE(foreverHealth.value(QLatin1String("cooldown"))
                 .toObject()
                 .value(QLatin1String("reason"))
                 .toString(),
             QStringLiteral("manual"));

    // Bad input leaves the running gateway's cooldowns alone.
    QVERIFY(runCtl({QStringLiteral("cooldown"), QStringLiteral("set"), a, QStringLiteral("1y")},
                   m_fx->configPath())
                .exitCode
            != 0);
    QVERIFY(
        runCtl({QStringLiteral("cooldown"), QStringLiteral("clear"), QStringLiteral("nope:none")},
               m_fx->configPath())
            .exitCode
        != 0);
    QCOMPARE(serve.backendHealth(a)
                 .value(QLatin1String("cooldown"))
                 .toObject()
                 .value(QLatin1String("forever"))
                 .toBool(),
             true);
    QCOMPARE(serve.backendState(QStringLiteral("b:mb")), QStringLiteral("ok"));
}

void TestClawgatectl::cooldownRejectsBadInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("serving");
    QTest::addColumn<QString>("mentions");
    const QString set = QStringLiteral("set");
    for (const bool serving : {false, true}) {
        const char *where = serving ? "running gateway" : "offline";
        QTest::addRow("duration 1y, %s", where)
            << QStringList {set, QStringLiteral("a:ma"), QStringLiteral("1y")} << serving
            << QStringLiteral("1y");
        QTest::addRow("duration over 10 years, %s", where)
            << QStringList {set, QStringLiteral("a:ma"), QStringLiteral("3651d")} << serving
            << QStringLiteral("10 years");
        QTest::addRow("duration 0s, %s", where)
            << QStringList {set, QStringLiteral("a:ma"), QStringLiteral("0s")} << serving
            << QStringLiteral("0s");
        QTest::addRow("unknown backend, %s", where)
            << QStringList {set, QStringLiteral("x:unknown"), QStringLiteral("1h")} << serving
            << QStringLiteral("x:unknown");
        QTest::addRow("clear unknown backend, %s", where)
            << QStringList {QStringLiteral("clear"), QStringLiteral("x:unknown")} << serving
            << QStringLiteral("x:unknown");
        QTest::addRow("missing duration, %s", where)
            << QStringList {set, QStringLiteral("a:ma")} << serving << QStringLiteral("usage");
    }
}

void TestClawgatectl::cooldownRejectsBadInput()
{
    QFETCH(QStringList, args);
    QFETCH(bool, serving);
    QFETCH(QString, mentions);
    writeTwoBackendConfig();
    ServeProcess serve;
    if (serving)
        QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    const CtlResult r = runCtl(QStringList {QStringLiteral("cooldown")} + args, m_fx->configPath());
    QVERIFY2(r.exitCode != 0, r.describe().constData());
    QVERIFY2(r.errLines().size() == 1 && r.err.contains(mentions.toUtf8()),
             r.describe().constData());
    const QString cooldowns = childCooldownsPath(m_fx->configPath());
    QVERIFY2(!readFile(cooldowns).contains("x:unknown"), readFile(cooldowns).constData());
    if (serving)
        QCOMPARE(serve.backendState(QStringLiteral("a:ma")), QStringLiteral("ok"));
}

void TestClawgatectl::adminApiRefusesACooldownOverTenYears()
{
    writeTwoBackendConfig();
    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    const std::optional<clawgate::AdminClient> admin = clawgate::AdminClient::connect(
        QFileInfo(m_fx->configPath()).absolutePath() + QStringLiteral("/admin-token"),
        QStringLiteral("127.0.0.1"));
    QVERIFY(admin);
    QJsonObject body;
    body.insert(QStringLiteral("backend"), QStringLiteral("a:ma"));
    body.insert(QStringLiteral("seconds"), 1e15); // `now + seconds * 1000` would overflow
    const clawgate::AdminClient::Reply refused
        = admin->post(QStringLiteral("/admin/cooldowns/set"), body);
    QCOMPARE(refused.status, 400);
    QVERIFY2(QJsonDocument(refused.body).toJson().contains("10 years"),
             QJsonDocument(refused.body).toJson().constData());
    QCOMPARE(serve.backendState(QStringLiteral("a:ma")), QStringLiteral("ok"));

    body.insert(QStringLiteral("seconds"), 3650.0 * 86400); // the longest allowed
    QCOMPARE(admin->post(QStringLiteral("/admin/cooldowns/set"), body).status, 200);
    QCOMPARE(serve.backendState(QStringLiteral("a:ma")), QStringLiteral("cooling"));
}

void TestClawgatectl::cooldownSetOfflineIsHonouredAtStart()
{
    writeTwoBackendConfig();
    const CtlResult set = runCtl({QStringLiteral("cooldown"), QStringLiteral("set"),
                                  QStringLiteral("a:ma"), QStringLiteral("1h")},
                                 m_fx->configPath());
    QVERIFY2(set.exitCode == 0, set.describe().constData());
    // In the state directory, where `serve` looks too; nothing new beside the configuration.
    const QString cooldownsPath = childCooldownsPath(m_fx->configPath());
    QVERIFY(QFile::exists(cooldownsPath));
    QVERIFY(!QFile::exists(QFileInfo(m_fx->configPath()).absolutePath()
                           + QStringLiteral("/cooldowns.json")));
    QVERIFY2(readFile(cooldownsPath).contains("a:ma"), readFile(cooldownsPath).constData());
    const CtlResult list
        = runCtl({QStringLiteral("cooldown"), QStringLiteral("list")}, m_fx->configPath());
    QVERIFY2(list.exitCode == 0 && list.out.contains("a:ma") && list.out.contains("manual"),
             list.describe().constData());

    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    QCOMPARE(serve.backendState(QStringLiteral("a:ma")), QStringLiteral("cooling"));
    const TestResponse r
        = TestClient::post(serve.url(QStringLiteral("/v1/chat/completions")),
                           GatewayFixture::chatBody(QStringLiteral("chat")), bearer(m_fx->key));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
    QCOMPARE(r.header("x-clawgate-attempts"), QByteArrayLiteral("1"));
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), 0);
}

// --- models --------------------------------------------------------------------------------

void TestClawgatectl::modelsShowsBackendStates_data()
{
    QTest::addColumn<QString>("line"); // the backend's line starts with this (after indentation)
    QTest::addColumn<QString>("state"); // and its state contains this
    QTest::newRow("ready") << QStringLiteral("1. a:ma") << QStringLiteral("ready");
    QTest::newRow("unavailable names the variable")
        << QStringLiteral("2. envless:me")
        << QStringLiteral("unavailable: environment variable CLAWGATE_CTL_TEST_UNSET_KEY");
    QTest::newRow("disabled") << QStringLiteral("3. b:mb") << QStringLiteral("disabled");
    QTest::newRow("cooling down") << QStringLiteral("1. b:other")
                                  << QStringLiteral("cooling down for");
    QTest::newRow("cooling down until cleared")
        << QStringLiteral("2. a:other") << QStringLiteral("cooling down until cleared");
}

void TestClawgatectl::modelsShowsBackendStates()
{
    QFETCH(QString, line);
    QFETCH(QString, state);
    m_fx->addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx->addProvider(QStringLiteral("b"), QStringLiteral("b"));
    QJsonObject envless;
    envless.insert(QStringLiteral("apiKey"), QStringLiteral("${CLAWGATE_CTL_TEST_UNSET_KEY}"));
    m_fx->addProvider(QStringLiteral("envless"), QStringLiteral("c"), envless);
    m_fx->addModel(QStringLiteral("chat"),
                   {QStringLiteral("a:ma"), QStringLiteral("envless:me"), QStringLiteral("b:mb")});
    m_fx->addModel(QStringLiteral("second"),
                   {QStringLiteral("b:other"), QStringLiteral("a:other")});
    m_fx->setBackendField(0, 2, QStringLiteral("enabled"), false);
    m_fx->writeConfig();
    QCOMPARE(runCtl({QStringLiteral("cooldown"), QStringLiteral("set"), QStringLiteral("b:other"),
                     QStringLiteral("1d")},
                    m_fx->configPath())
                 .exitCode,
             0);
    QCOMPARE(runCtl({QStringLiteral("cooldown"), QStringLiteral("set"), QStringLiteral("a:other"),
                     QStringLiteral("forever")},
                    m_fx->configPath())
                 .exitCode,
             0);

    const CtlResult r = runCtl({QStringLiteral("models")}, m_fx->configPath());
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QList<QByteArray> lines = r.outLines();
    // Aliases on their own lines, each followed by its numbered backends.
    QVERIFY2(lines.size() == 7, r.out.constData());
    QCOMPARE(lines.at(0).trimmed(), QByteArrayLiteral("chat"));
    QCOMPARE(lines.at(4).trimmed(), QByteArrayLiteral("second"));
    QByteArray found;
    for (const QByteArray &l : lines) {
        if (l.trimmed().startsWith(line.toUtf8()))
            found = l.trimmed();
    }
    QVERIFY2(!found.isEmpty(), r.out.constData());
    QVERIFY2(found.contains(state.toUtf8()), found.constData());
}

// --- status --------------------------------------------------------------------------------

void TestClawgatectl::statusOfARunningGateway()
{
    writeTwoBackendConfig();
    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    QCOMPARE(runCtl({QStringLiteral("cooldown"), QStringLiteral("set"), QStringLiteral("b:mb"),
                     QStringLiteral("1h")},
                    m_fx->configPath())
                 .exitCode,
             0);

    const CtlResult r = runCtl({QStringLiteral("status")}, m_fx->configPath());
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QList<QByteArray> lines = r.outLines();
    QVERIFY2(lines.size() >= 7, r.out.constData());
    // Where it answers, and which process it is.
    QCOMPARE(lines.at(0), "Running at " + serve.url(QStringLiteral("/v1")).toUtf8());
    QCOMPARE(lines.at(1),
             "Process: clawgatectl (pid " + QByteArray::number(serve.process().processId()) + ")");
    // Each backend under its alias with its state, a cooldown with its time left.
    static const QRegularExpression backends(
        QStringLiteral("\nchat\n  a:ma\tready\n  b:mb\tcooling down for (1h|59m \\d+s) "));
    QVERIFY2(QString::fromUtf8(r.out).contains(backends), r.out.constData());
    QVERIFY2(r.out.contains("(manual)"), r.out.constData());
    QVERIFY2(r.out.contains("slowchat\n  slow:ms\tready"), r.out.constData());
}

void TestClawgatectl::statusWhenNotRunning()
{
    writeTwoBackendConfig();
    const CtlResult never = runCtl({QStringLiteral("status")}, m_fx->configPath());
    QCOMPARE(never.exitCode, 3);
    QVERIFY2(never.out.startsWith("Not running"), never.describe().constData());

    // A gateway that was killed leaves its admin token and lock behind: still not running.
    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    serve.process().kill();
    QVERIFY(serve.process().waitForFinished(5000));
    const CtlResult killed = runCtl({QStringLiteral("status")}, m_fx->configPath());
    QCOMPARE(killed.exitCode, 3);
    QVERIFY2(killed.out.startsWith("Not running"), killed.describe().constData());

    // A live process holds the configuration (the tray app with its gateway stopped): named.
    clawgate::InstanceLock lock(m_fx->configPath());
    QVERIFY(lock.tryLock());
    const CtlResult held = runCtl({QStringLiteral("status")}, m_fx->configPath());
    QCOMPARE(held.exitCode, 3);
    QVERIFY2(
        held.out.startsWith("Not serving")
            && held.out.contains("pid " + QByteArray::number(QCoreApplication::applicationPid())),
        held.describe().constData());

    QTemporaryDir empty;
    const CtlResult none
        = runCtl({QStringLiteral("status")}, empty.filePath(QStringLiteral("config.json")));
    QCOMPARE(none.exitCode, 3);
    QVERIFY2(none.out.contains("no configuration"), none.describe().constData());

    QFile file(m_fx->configPath());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(kSyntaxErrorOnLine3);
    file.close();
    const CtlResult broken = runCtl({QStringLiteral("status")}, m_fx->configPath());
    QCOMPARE(broken.exitCode, 1);
    QCOMPARE(broken.errLines().size(), 1);
    QVERIFY2(broken.err.contains("line 3"), broken.describe().constData());
}

// --- export openclaw ------------------------------------------------------------------------

namespace {

// The fixture's configuration says port 0 ("any free port"): without a running gateway the
// export needs to be told the port.
QStringList exportArgs(const QStringList &extra)
{
    return QStringList {QStringLiteral("export"), QStringLiteral("openclaw"),
                        QStringLiteral("--port"), QStringLiteral("18081")}
    + extra;
}

// OpenClaw's file as a person keeps it: comments, trailing commas, unquoted keys, other
// providers around ClawGate's old entry.
const QByteArray kOpenClawBefore
    = "// my OpenClaw\n"
      "{\n"
      "  agents: { defaults: { model: 'clawgate/chat' } },\n"
      "  models: {\n"
      "    providers: {\n"
      "      local: { baseUrl: 'http://127.0.0.1:1/v1', models: [], },\n"
      "      clawgate: ";
const QByteArray kOldEntry = "{ baseUrl: \"old\", /* } */ models: [], }";
const QByteArray kOpenClawAfter = ", // ours\n"
                                  "      other: { baseUrl: \"http://x/v1\", models: [] },\n"
                                  "    },\n"
                                  "  },\n"
                                  "}\n";

} // namespace

void TestClawgatectl::exportOpenClawPrintsTheProviderEntry()
{
    writeTwoBackendConfig();
    const QStringList args = {QStringLiteral("export"), QStringLiteral("openclaw"),
                              QStringLiteral("--api-key"), QStringLiteral("sk-cg-given")};
    // port 0 in the configuration and no gateway running: the port is unknown, and it says so.
    const CtlResult unknown = runCtl(args, m_fx->configPath());
    QCOMPARE(unknown.exitCode, 1);
    QCOMPARE(unknown.errLines().size(), 1);
    QVERIFY2(unknown.err.contains("--port"), unknown.describe().constData());

    // With the gateway running, the entry names the port it really listens on.
    ServeProcess serve;
    QVERIFY2(serve.start(m_fx->configPath()), serve.diagnostics().constData());
    const CtlResult r = runCtl(args, m_fx->configPath());
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QJsonParseError error;
    const QJsonObject entry = QJsonDocument::fromJson(r.out, &error)
                                  .object()[QStringLiteral("models")][QStringLiteral("providers")]
                                           [QStringLiteral("clawgate")]
                                  .toObject();
    QVERIFY2(error.error == QJsonParseError::NoError, r.out.constData());
    QCOMPARE(entry[QStringLiteral("apiKey")].toString(), QStringLiteral("sk-cg-given"));
    QCOMPARE(entry[QStringLiteral("api")].toString(), QStringLiteral("openai-completions"));
    QCOMPARE(entry[QStringLiteral("baseUrl")].toString(),
             QStringLiteral("http://127.0.0.1:%1/v1").arg(serve.port()));
    QStringList ids;
    for (const QJsonValue &model : entry[QStringLiteral("models")].toArray())
        ids << model[QStringLiteral("id")].toString();
    QCOMPARE(ids, (QStringList {QStringLiteral("chat"), QStringLiteral("slowchat")}));
}

void TestClawgatectl::exportOpenClawApplyChangesOnlyTheClawgateEntry()
{
    writeTwoBackendConfig();
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("openclaw.json"));
    const QByteArray original = kOpenClawBefore + kOldEntry + kOpenClawAfter;
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(original);
    }
    const CtlResult r
        = runCtl(exportArgs({QStringLiteral("--apply"), QStringLiteral("--openclaw-config"), path,
                             QStringLiteral("--api-key"), QStringLiteral("sk-cg-given")}),
                 m_fx->configPath());
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QByteArray now = readFile(path);
    QVERIFY2(now.startsWith(kOpenClawBefore) && now.endsWith(kOpenClawAfter), now.constData());
    const QByteArray entry = now.mid(kOpenClawBefore.size(),
                                     now.size() - kOpenClawBefore.size() - kOpenClawAfter.size());
    QCOMPARE(QJsonDocument::fromJson(entry).object()[QStringLiteral("apiKey")].toString(),
             QStringLiteral("sk-cg-given"));
    const QStringList backups
        = QDir(home.path()).entryList({QStringLiteral("openclaw.json.bak-*")}, QDir::Files);
    QCOMPARE(backups.size(), 1);
    QCOMPARE(readFile(home.filePath(backups.first())), original);
    QVERIFY2(r.out.contains(home.filePath(backups.first()).toUtf8()), r.describe().constData());
    QVERIFY2(!r.out.contains("sk-cg-given"), "the key is not printed when applying");
}

void TestClawgatectl::exportOpenClawSpeaksTheChosenApi_data()
{
    QTest::addColumn<QString>("api");
    QTest::addColumn<QString>("baseUrl");
    QTest::newRow("openai-completions")
        << QStringLiteral("openai-completions") << QStringLiteral("http://127.0.0.1:18081/v1");
    QTest::newRow("anthropic-messages, whose clients add /v1 themselves")
        << QStringLiteral("anthropic-messages") << QStringLiteral("http://127.0.0.1:18081");
    QTest::newRow("openai-responses")
        << QStringLiteral("openai-responses") << QStringLiteral("http://127.0.0.1:18081/v1");
}

void TestClawgatectl::exportOpenClawSpeaksTheChosenApi()
{
    QFETCH(QString, api);
    QFETCH(QString, baseUrl);
    writeTwoBackendConfig();
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("openclaw.json"));
    QVERIFY(writeFile(path, kOpenClawBefore + kOldEntry + kOpenClawAfter));
    const QStringList common = {QStringLiteral("--api"), api, QStringLiteral("--api-key"),
                                QStringLiteral("sk-cg-given")};
    const CtlResult printed = runCtl(exportArgs(common), m_fx->configPath());
    QVERIFY2(printed.exitCode == 0, printed.describe().constData());
    const QJsonObject entry = QJsonDocument::fromJson(printed.out)
                                  .object()[QStringLiteral("models")][QStringLiteral("providers")]
                                           [QStringLiteral("clawgate")]
                                  .toObject();
    QCOMPARE(entry[QStringLiteral("api")].toString(), api);
    QCOMPARE(entry[QStringLiteral("baseUrl")].toString(), baseUrl);

    // --apply writes the same entry in place of the old one.
    const CtlResult applied
        = runCtl(exportArgs(common
                            + QStringList {QStringLiteral("--apply"),
                                           QStringLiteral("--openclaw-config"), path}),
                 m_fx->configPath());
    QVERIFY2(applied.exitCode == 0, applied.describe().constData());
    const QByteArray now = readFile(path);
    QVERIFY2(now.startsWith(kOpenClawBefore) && now.endsWith(kOpenClawAfter), now.constData());
    QCOMPARE(QJsonDocument::fromJson(
                 now.mid(kOpenClawBefore.size(),
                         now.size() - kOpenClawBefore.size() - kOpenClawAfter.size()))
                 .object(),
             entry);
}

// A typo in --api is refused before anything is read or written, naming the three it takes.
void TestClawgatectl::exportOpenClawRefusesAnUnknownApi()
{
    writeTwoBackendConfig();
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("openclaw.json"));
    const CtlResult r
        = runCtl(exportArgs({QStringLiteral("--api"), QStringLiteral("anthropic"),
                             QStringLiteral("--apply"), QStringLiteral("--openclaw-config"), path,
                             QStringLiteral("--api-key"), QStringLiteral("k")}),
                 m_fx->configPath());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.isEmpty(), r.describe().constData());
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("--api must be one of openai-completions, anthropic-messages, "
                            "openai-responses, not \"anthropic\""),
             r.describe().constData());
    QVERIFY(!QFileInfo::exists(path));
}

void TestClawgatectl::exportOpenClawLeavesABrokenFileUntouched()
{
    writeTwoBackendConfig();
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("openclaw.json"));
    const QByteArray broken = "{\n  models: {\n    providers: { a: {} b: {} },\n  },\n}\n";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(broken);
    }
    const CtlResult r
        = runCtl(exportArgs({QStringLiteral("--apply"), QStringLiteral("--openclaw-config"), path,
                             QStringLiteral("--api-key"), QStringLiteral("k")}),
                 m_fx->configPath());
    QVERIFY2(r.exitCode != 0, r.describe().constData());
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("untouched") && r.err.contains("line 3"), r.describe().constData());
    QCOMPARE(readFile(path), broken);
    QCOMPARE(QDir(home.path()).entryList(QDir::Files),
             QStringList {QStringLiteral("openclaw.json")});
}

// No session bus at all, so no keychain can answer; and no --api-key.
void TestClawgatectl::exportOpenClawWithoutKeychainOrKeySaysSo()
{
    writeTwoBackendConfig();
    QTemporaryDir runtime;
    const CtlResult r = runCtl(exportArgs({}), m_fx->configPath(), {},
                               childEnvironmentWithoutSessionBus(runtime.path()));
    QVERIFY2(r.exitCode != 0, r.describe().constData());
    QVERIFY2(r.out.isEmpty(), r.describe().constData());
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("--api-key"), r.describe().constData());
}

// --- test ----------------------------------------------------------------------------------

void TestClawgatectl::testSendsARequestThroughEachBackend()
{
    const QString secret = QStringLiteral("sk-upstream-ctl-test-77");
    QJsonObject rejectedKey;
    rejectedKey.insert(QStringLiteral("apiKey"), secret);
    m_fx->addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx->addProvider(QStringLiteral("b"), QStringLiteral("b"), rejectedKey);
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    m_fx->writeConfig();
    MockBehavior rejected = MockBehavior::error(401);
    rejected.body = R"({"error":{"message":"bad key )" + secret.toUtf8() + R"("}})";
    m_fx->mock->setBehavior(QStringLiteral("b"), rejected);

    // No gateway runs: the command sends the requests itself.
    const CtlResult r
        = runCtl({QStringLiteral("test"), QStringLiteral("chat")}, m_fx->configPath());
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QList<QByteArray> lines = r.outLines();
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), QByteArrayLiteral("chat"));
    const QList<QByteArray> ok = lines.at(1).trimmed().split('\t');
    QCOMPARE(ok.mid(0, 3), (QList<QByteArray> {"1. a:ma", "OK", "HTTP 200"}));
    QVERIFY2(ok.at(3).endsWith(" ms"), lines.at(1).constData());
    const QList<QByteArray> failed = lines.at(2).trimmed().split('\t');
    QCOMPARE(failed.mid(0, 3), (QList<QByteArray> {"2. b:mb", "failed", "HTTP 401"}));
    QCOMPARE(failed.value(4), QByteArrayLiteral("bad key ***"));
    QVERIFY(!r.out.contains(secret.toUtf8()) && !r.err.contains(secret.toUtf8()));
    QCOMPARE(m_fx->mock->requestCount(QStringLiteral("a")), 1);
}

void TestClawgatectl::testFailsWhenNoBackendAnswers_data()
{
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QByteArray>("stderrLine"); // empty: results on stdout, no error line
    QTest::newRow("every backend fails") << QStringLiteral("broken") << QByteArray();
    QTest::newRow("unknown alias names it")
        << QStringLiteral("nope") << QByteArrayLiteral("clawgatectl: no model alias \"nope\"");
}

void TestClawgatectl::testFailsWhenNoBackendAnswers()
{
    QFETCH(QString, alias);
    QFETCH(QByteArray, stderrLine);
    m_fx->addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx->addModel(QStringLiteral("broken"), {QStringLiteral("a:ma")});
    m_fx->writeConfig();
    m_fx->mock->setBehavior(QStringLiteral("a"), MockBehavior::error(503));

    const CtlResult r = runCtl({QStringLiteral("test"), alias}, m_fx->configPath());
    QCOMPARE(r.exitCode, 1);
    if (stderrLine.isEmpty()) {
        QVERIFY2(r.outLines().value(1).contains("failed\tHTTP 503"), r.out.constData());
    } else {
        QCOMPARE(r.errLines().size(), 1);
        QVERIFY2(r.errLines().first().startsWith(stderrLine), r.err.constData());
    }
}

QTEST_GUILESS_MAIN(TestClawgatectl)
#include "tst_clawgatectl.moc"
