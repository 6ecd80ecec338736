// `clawgatectl chat ALIAS MESSAGE` against a real `clawgatectl serve` and the mock: the answer
// streamed to stdout, the backend that gave it (after a failover) and the time on stderr, and
// every failure as one clear line on stderr with a non-zero exit.
#include "ctlprocess.h"
#include "gatewayfixture.h"

#include <QStandardPaths>
#include <QTest>

class TestCtlChat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void streamsTheAnswerAndNamesTheBackend();
    void withoutARunningGatewaySaysToStartIt();
    void gatewayErrorsAreOneLine_data();
    void gatewayErrorsAreOneLine();
    void aBrokenStreamIsOneLine();

private:
    // Alias "chat": a 429 on "a", then "b" answers; "broken": a stream that breaks.
    bool startServe();
    CtlResult chat(const QStringList &extra,
                   const QString &key = QStringLiteral("sk-test-client-key")) const;

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<ServeProcess> m_serve;
};

void TestCtlChat::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFileInfo(ctlPath()).isExecutable(),
             "set CLAWGATECTL to the clawgatectl binary (CTest does this)");
}

void TestCtlChat::init()
{
    m_fx = std::make_unique<GatewayFixture>();
    m_fx->addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx->addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx->addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    m_fx->addModel(QStringLiteral("broken"), {QStringLiteral("b:mx")});
    m_fx->writeConfig();
    m_fx->mock->setBehavior(QStringLiteral("a"), MockBehavior::error(429));
}

void TestCtlChat::cleanup()
{
    m_serve.reset();
    m_fx.reset();
}

bool TestCtlChat::startServe()
{
    m_serve = std::make_unique<ServeProcess>();
    return m_serve->start(m_fx->configPath());
}

CtlResult TestCtlChat::chat(const QStringList &extra, const QString &key) const
{
    QStringList args {QStringLiteral("chat")};
    args << extra;
    if (!key.isEmpty())
        args << QStringLiteral("--api-key") << key;
    return runCtl(args, m_fx->configPath());
}

void TestCtlChat::streamsTheAnswerAndNamesTheBackend()
{
    QVERIFY2(startServe(), m_serve->diagnostics().constData());
    const CtlResult r = chat({QStringLiteral("chat"), QStringLiteral("Say \"hi\"")});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QCOMPARE(r.out, QByteArrayLiteral("Hello from b\n"));
    QCOMPARE(r.errLines().size(), 1);
    const QByteArray summary = r.errLines().first();
    QVERIFY2(summary.startsWith("answered by b:mb in ") && summary.endsWith(" ms"),
             summary.constData());
    const QList<MockRequest> sent = m_fx->mock->requests(QStringLiteral("b"));
    QCOMPARE(sent.size(), 1);
    const QJsonObject body = sent.first().json();
    QCOMPARE(body.value(QLatin1String("stream")).toBool(), true);
    QCOMPARE(body.value(QLatin1String("messages"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("content"))
                 .toString(),
             QStringLiteral("Say \"hi\""));
}

void TestCtlChat::withoutARunningGatewaySaysToStartIt()
{
    const CtlResult r = chat({QStringLiteral("chat"), QStringLiteral("hi")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("no gateway is running") && r.err.contains("clawgatectl serve"),
             r.describe().constData());
}

void TestCtlChat::gatewayErrorsAreOneLine_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("says");

    QTest::newRow("unknown alias")
        << QStringList {QStringLiteral("nosuch"), QStringLiteral("hi")}
        << QStringLiteral("sk-test-client-key") << QByteArray("HTTP 404: ");
    QTest::newRow("wrong client key")
        << QStringList {QStringLiteral("chat"), QStringLiteral("hi")}
        << QStringLiteral("sk-cg-not-a-client-key") << QByteArray("HTTP 401: ");
    QTest::newRow("missing message")
        << QStringList {QStringLiteral("chat")} << QStringLiteral("sk-test-client-key")
        << QByteArray("usage: clawgatectl chat ALIAS MESSAGE");
}

void TestCtlChat::gatewayErrorsAreOneLine()
{
    QFETCH(QStringList, args);
    QFETCH(QString, key);
    QFETCH(QByteArray, says);
    QVERIFY2(startServe(), m_serve->diagnostics().constData());
    const CtlResult r = chat(args, key);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains(says), r.describe().constData());
}

void TestCtlChat::aBrokenStreamIsOneLine()
{
    MockBehavior cut;
    cut.end = MockEnd::Cut; // the stream breaks after its content, before it ends
    m_fx->mock->setBehavior(QStringLiteral("b"), cut);
    QVERIFY2(startServe(), m_serve->diagnostics().constData());
    const CtlResult r = chat({QStringLiteral("broken"), QStringLiteral("hi")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QByteArrayLiteral("Hello from b\n")); // what came before the break
    QCOMPARE(r.errLines().size(), 1);
    QVERIFY2(r.err.contains("the answer broke off: "), r.describe().constData());
}

QTEST_GUILESS_MAIN(TestCtlChat)
#include "tst_ctlchat.moc"
