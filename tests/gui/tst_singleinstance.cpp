// One tray app per configuration: a second launch finds the first through a local socket named
// after the configuration, asks it to show its window and leaves; a `clawgatectl serve` on the
// same configuration while the tray app runs refuses with one line naming the tray app; SIGTERM
// stops the tray app gracefully.
#include "ctlprocess.h"
#include "gatewayfixture.h"
#include "singleinstance.h"

#include <QProcess>

#include <QtTest>
#include <future>

using namespace clawgate::ui;

class TestSingleInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondLaunchRaisesTheFirst();
    void otherConfigurationsAreOtherInstances();
    void serveRefusesWhileTheTrayAppRuns();
};

void TestSingleInstance::secondLaunchRaisesTheFirst()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("config.json"));
    SingleInstance first(config);
    QVERIFY(!first.raiseRunningInstance()); // nobody there yet
    QVERIFY(first.listen());
    QSignalSpy raised(&first, &SingleInstance::raiseRequested);
    SingleInstance second(config);
    // The second one blocks on the socket while the first answers from its own loop: run it on
    // a thread of its own, as it would be another process.
    std::future<bool> found
        = std::async(std::launch::async, [&second] { return second.raiseRunningInstance(); });
    QTRY_COMPARE(raised.size(), 1);
    QVERIFY(found.get());
}

void TestSingleInstance::otherConfigurationsAreOtherInstances()
{
    QTemporaryDir dir;
    SingleInstance first(dir.filePath(QStringLiteral("a.json")));
    QVERIFY(first.listen());
    SingleInstance other(dir.filePath(QStringLiteral("b.json")));
    QVERIFY(!other.raiseRunningInstance());
}

void TestSingleInstance::serveRefusesWhileTheTrayAppRuns()
{
    GatewayFixture fx;
    fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    QJsonObject server = fx.config().value(QLatin1String("server")).toObject();
    server.insert(QStringLiteral("port"), 0);
    fx.config().insert(QStringLiteral("server"), server);
    fx.writeConfig();
    QProcess tray;
    tray.setProcessEnvironment(childEnvironment());
    tray.start(qEnvironmentVariable("CLAWGATE"), {QStringLiteral("--config"), fx.configPath()});
    QVERIFY2(tray.waitForStarted(5000), qPrintable(tray.errorString()));
    // The lock file appears once the tray app holds the configuration.
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(fx.configPath() + QStringLiteral(".lock")), 10000);
    const CtlResult serve = runCtl({QStringLiteral("serve")}, fx.configPath());
    QCOMPARE(serve.exitCode, 1);
    QCOMPARE(serve.errLines().size(), 1);
    const QByteArray line = serve.errLines().first();
    QVERIFY2(line.contains("already running"), serve.describe().constData());
    QVERIFY2(line.contains("clawgate (pid " + QByteArray::number(tray.processId())),
             serve.describe().constData());
    // SIGTERM (a logout) stops the tray app gracefully, as Quit does.
    tray.terminate();
    QVERIFY(tray.waitForFinished(15000));
    QCOMPARE(tray.exitStatus(), QProcess::NormalExit);
    QCOMPARE(tray.exitCode(), 0);
}

QTEST_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
