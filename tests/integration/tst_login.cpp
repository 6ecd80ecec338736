// Providers that log in for a token (`"auth": {"type": "login"}`), through a real gateway and
// the mock's login route: the token is kept across requests and renewed ahead of its expiry
// (time moved by hand), twenty requests at once share one login, a refused token means one
// login more and the request sent again, a failed login is a clear error that cools the backend
// down and moves on, the usual reply shapes work, and the password and tokens never reach a
// log line or an answer.
#include "gatewayfixture.h"
#include "routing/clock.h"
#include "service/gatewayservice.h"
#include "service/logsink.h"

#include <QSignalSpy>
#include <QTest>

#include <atomic>

using namespace clawgate;

namespace {

const QString kAuthRoute = QStringLiteral("corp-auth");
const QString kModelRoute = QStringLiteral("corp");
const QByteArray kUser = QByteArrayLiteral("alice");
// Quotes and a backslash: the login body must escape them to be valid JSON.
const QByteArray kPassword = QByteArrayLiteral("sk-login-pass-a\"b\\c");
const QByteArray kWrongPassword = QByteArrayLiteral("sk-login-pass-wrong");

class ManualClock final : public Clock
{
public:
    qint64 nowMs() const override { return m_nowMs.load(); }
    void advanceSeconds(qint64 seconds) { m_nowMs += seconds * 1000; }

private:
    std::atomic<qint64> m_nowMs {1767225600000LL}; // 2026-01-01T00:00:00Z
};

} // namespace

class TestLogin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void tokenIsKeptAcrossRequests();
    void tokenIsRenewedAheadOfExpiry_data();
    void tokenIsRenewedAheadOfExpiry();
    void twentyConcurrentRequestsShareOneLogin();
    void refusedTokenLogsInAgainAndSendsAgain();
    void secondRefusalFailsOverWithoutAnotherLogin();
    void wrongPasswordIsAClearErrorAndCoolsTheBackendDown();
    void commonReplyShapes_data();
    void commonReplyShapes();
    void reloadKeepsTheTokenUnlessThePasswordChanged();
    void backendTestLogsInAndHidesTheToken();
    void passwordAndTokensNeverReachALogOrAnAnswer();

private:
    // A provider "corp" that logs in at the mock's login route; `auth` fields override.
    void addLoginProvider(const QJsonObject &auth = {});
    QString loginUrl() const { return m_fx->mock.baseUrl(kAuthRoute) + QLatin1String("/token"); }
    int logins() const { return m_fx->mock->requestCount(kAuthRoute); }
    TestResponse chat(const QString &alias = QStringLiteral("m")) const
    {
        return m_fx->chat(GatewayFixture::chatBody(alias));
    }
    void reload();

    std::unique_ptr<GatewayFixture> m_fx;
    ManualClock m_clock;
};

void TestLogin::init()
{
    m_fx = std::make_unique<GatewayFixture>();
    m_fx->clock = &m_clock;
    m_fx->mock->setLogin(kAuthRoute, MockLogin {kUser, kPassword});
    m_fx->mock->requireLoginToken(kModelRoute);
}

void TestLogin::cleanup()
{
    m_fx.reset();
}

void TestLogin::addLoginProvider(const QJsonObject &auth)
{
    QJsonObject login {{QStringLiteral("type"), QStringLiteral("login")},
                       {QStringLiteral("url"), loginUrl()},
                       {QStringLiteral("username"), QString::fromUtf8(kUser)},
                       {QStringLiteral("password"), QString::fromUtf8(kPassword)}};
    for (auto it = auth.begin(); it != auth.end(); ++it)
        login.insert(it.key(), it.value());
    m_fx->addProvider(QStringLiteral("corp"), kModelRoute, {{QStringLiteral("auth"), login}});
}

void TestLogin::reload()
{
    QSignalSpy reloaded(m_fx->service(), &GatewayService::configChanged);
    m_fx->writeConfig();
    QVERIFY(reloaded.wait(5000));
}

void TestLogin::tokenIsKeptAcrossRequests()
{
    addLoginProvider();
    m_fx->addModel(QStringLiteral("m"), {QStringLiteral("corp:m1")});
    QVERIFY(m_fx->start());
    for (int i = 0; i < 5; ++i)
        QCOMPARE(chat().status, 200);
    QCOMPARE(logins(), 1);
    const QList<MockRequest> login = m_fx->mock->requests(kAuthRoute);
    QCOMPARE(login.first().method, QByteArrayLiteral("POST"));
    QCOMPARE(login.first().json().value(QLatin1String("password")).toString().toUtf8(), kPassword);
    for (const MockRequest &r : m_fx->mock->requests(kModelRoute))
        QCOMPARE(r.header("authorization"), QByteArrayLiteral("Bearer sk-login-token-1"));
}

void TestLogin::tokenIsRenewedAheadOfExpiry_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QJsonObject>("auth");
    QTest::addColumn<qint64>("usableSeconds"); // lifetime less the refresh lead

    QTest::newRow("expires_in of the reply, 300 s ahead")
        << QByteArray(R"({"token":"%TOKEN%","expires_in":3600})") << QJsonObject() << 3300LL;
    QTest::newRow("data.expires_in as a string")
        << QByteArray(R"({"data":{"token":"%TOKEN%","expires_in":"7200"}})") << QJsonObject()
        << 6900LL;
    QTest::newRow("tokenTtlHours when the reply says nothing")
        << QByteArray(R"({"token":"%TOKEN%"})")
        << QJsonObject {{QStringLiteral("tokenTtlHours"), 2},
                        {QStringLiteral("refreshAheadSeconds"), 60}}
        << 7140LL;
    QTest::newRow("a short-lived token is used for half its life")
        << QByteArray(R"({"token":"%TOKEN%","expires_in":120})") << QJsonObject() << 60LL;
}

void TestLogin::tokenIsRenewedAheadOfExpiry()
{
    QFETCH(QByteArray, reply);
    QFETCH(QJsonObject, auth);
    QFETCH(qint64, usableSeconds);
    m_fx->mock->setLogin(kAuthRoute, MockLogin {kUser, kPassword, reply});
    addLoginProvider(auth);
    m_fx->addModel(QStringLiteral("m"), {QStringLiteral("corp:m1")});
    QVERIFY(m_fx->start());
    QCOMPARE(chat().status, 200);
    m_clock.advanceSeconds(usableSeconds - 1);
    QCOMPARE(chat().status, 200);
    QCOMPARE(logins(), 1);
    m_clock.advanceSeconds(1);
    QCOMPARE(chat().status, 200);
    QCOMPARE(logins(), 2);
    const QList<MockRequest> sent = m_fx->mock->requests(kModelRoute);
    QCOMPARE(sent.last().header("authorization"), QByteArrayLiteral("Bearer sk-login-token-2"));
}

void TestLogin::twentyConcurrentRequestsShareOneLogin()
{
    // A slow login: every request arrives while it is still running.
    m_fx->mock->setLogin(kAuthRoute, MockLogin {kUser, kPassword, MockLogin().reply, 500});
    addLoginProvider();
    m_fx->addModel(QStringLiteral("m"), {QStringLiteral("corp:m1")});
    QVERIFY(m_fx->start());
    const QList<TestResponse> answers
        = TestClient::postConcurrently(20, m_fx->url(QStringLiteral("/v1/chat/completions")),
                                       GatewayFixture::chatBody(QStringLiteral("m")), m_fx->auth());
    for (const TestResponse &r : answers)
        QCOMPARE(r.status, 200);
    QCOMPARE(logins(), 1);
    QCOMPARE(m_fx->mock->requestCount(kModelRoute), 20);
}

void TestLogin::refusedTokenLogsInAgainAndSendsAgain()
{
    addLoginProvider();
    m_fx->addModel(QStringLiteral("m"), {QStringLiteral("corp:m1")});
    QVERIFY(m_fx->start());
    QCOMPARE(chat().status, 200);
    m_fx->mock->revokeLoginTokens(); // the platform ends the session early
    const TestResponse r = chat();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("corp:m1"));
    QCOMPARE(logins(), 2);
    const QList<MockRequest> sent = m_fx->mock->requests(kModelRoute);
    QCOMPARE(sent.size(), 3); // the first request, the refused one, the one sent again
    QCOMPARE(sent.at(1).header("authorization"), QByteArrayLiteral("Bearer sk-login-token-1"));
    QCOMPARE(sent.at(2).header("authorization"), QByteArrayLiteral("Bearer sk-login-token-2"));
    QCOMPARE(m_fx->backendHealth(QStringLiteral("corp:m1")).value(QLatin1String("state")),
             QStringLiteral("ok"));
}

void TestLogin::secondRefusalFailsOverWithoutAnotherLogin()
{
    addLoginProvider();
    m_fx->addProvider(QStringLiteral("backup"), QStringLiteral("backup"));
    m_fx->addModel(QStringLiteral("m"), {QStringLiteral("corp:m1"), QStringLiteral("backup:m2")});
    m_fx->mock->setBehavior(kModelRoute, MockBehavior::error(401)); // refuses every token
    QVERIFY(m_fx->start());
    const TestResponse r = chat();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("backup:m2"));
    QCOMPARE(logins(), 2); // the first token and one more, not a third
    QCOMPARE(m_fx->mock->requestCount(kModelRoute), 2);
    const QJsonObject cooldown = m_fx->backendHealth(QStringLiteral("corp:m1"))
                                     .value(QLatin1String("cooldown"))
                                     .toObject();
    QCOMPARE(cooldown.value(QLatin1String("reason")).toString(), QStringLiteral("auth"));
}

void TestLogin::wrongPasswordIsAClearErrorAndCoolsTheBackendDown()
{
    addLoginProvider({{QStringLiteral("password"), QString::fromUtf8(kWrongPassword)}});
    m_fx->addProvider(QStringLiteral("backup"), QStringLiteral("backup"));
    m_fx->addModel(QStringLiteral("alone"), {QStringLiteral("corp:m1")});
    m_fx->addModel(QStringLiteral("m"), {QStringLiteral("corp:m1"), QStringLiteral("backup:m2")});
    QVERIFY(m_fx->start());

    const TestResponse failed = chat(QStringLiteral("alone"));
    QCOMPARE(failed.status, 502);
    const QString message = failed.json()
                                .value(QLatin1String("error"))
                                .toObject()
                                .value(QLatin1String("message"))
                                .toString();
    // The auth URL's own answer, with the password it echoed hidden.
    QVERIFY2(message.contains(QStringLiteral("login at %1 failed: HTTP 401: invalid password "
                                             "'***' for alice")
                                  .arg(loginUrl())),
             qPrintable(message));
    QCOMPARE(m_fx->mock->requestCount(kModelRoute), 0);
    const QJsonObject cooldown = m_fx->backendHealth(QStringLiteral("corp:m1"))
                                     .value(QLatin1String("cooldown"))
                                     .toObject();
    QCOMPARE(cooldown.value(QLatin1String("reason")).toString(), QStringLiteral("auth"));
    QVERIFY(cooldown.value(QLatin1String("detail")).toString().contains(QLatin1String("HTTP 401")));

    // While it cools down, the alias with a second backend is served by that one.
    const TestResponse served = chat();
    QCOMPARE(served.status, 200);
    QCOMPARE(served.header("x-clawgate-backend"), QByteArrayLiteral("backup:m2"));
}

void TestLogin::commonReplyShapes_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QJsonObject>("auth");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");

    const QByteArray bearer = QByteArrayLiteral("Bearer sk-login-token-1");
    QTest::newRow("token") << QByteArray(R"({"token":"%TOKEN%"})") << QJsonObject()
                           << QByteArray("authorization") << bearer;
    QTest::newRow("access_token") << QByteArray(
        R"({"access_token":"%TOKEN%","token_type":"bearer"})")
                                  << QJsonObject() << QByteArray("authorization") << bearer;
    QTest::newRow("data.token") << QByteArray(R"({"code":0,"data":{"token":"%TOKEN%"}})")
                                << QJsonObject() << QByteArray("authorization") << bearer;
    QTest::newRow("data.access_token") << QByteArray(R"({"data":{"access_token":"%TOKEN%"}})")
                                       << QJsonObject() << QByteArray("authorization") << bearer;
    QTest::newRow("tokenPath, own header, no prefix")
        << QByteArray(R"({"result":{"jwt":"%TOKEN%"}})")
        << QJsonObject {{QStringLiteral("tokenPath"), QStringLiteral("result.jwt")},
                        {QStringLiteral("header"), QStringLiteral("X-Auth-Token")},
                        {QStringLiteral("prefix"), QString()}}
        << QByteArray("x-auth-token") << QByteArray("sk-login-token-1");
}

void TestLogin::commonReplyShapes()
{
    QFETCH(QByteArray, reply);
    QFETCH(QJsonObject, auth);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    m_fx->mock->setLogin(kAuthRoute, MockLogin {kUser, kPassword, reply});
    addLoginProvider(auth);
    m_fx->addModel(QStringLiteral("m"), {QStringLiteral("corp:m1")});
    QVERIFY(m_fx->start());
    QCOMPARE(chat().status, 200);
    QCOMPARE(m_fx->mock->requests(kModelRoute).first().header(header), value);
}

void TestLogin::reloadKeepsTheTokenUnlessThePasswordChanged()
{
    addLoginProvider();
    m_fx->addModel(QStringLiteral("m"), {QStringLiteral("corp:m1")});
    QVERIFY(m_fx->start());
    QCOMPARE(chat().status, 200);

    m_fx->config().insert(QStringLiteral("defaultModel"), QStringLiteral("m")); // unrelated
    reload();
    QCOMPARE(chat().status, 200);
    QCOMPARE(logins(), 1);

    const QByteArray newPassword = QByteArrayLiteral("sk-login-pass-rotated");
    m_fx->mock->setLogin(kAuthRoute, MockLogin {kUser, newPassword});
    addLoginProvider({{QStringLiteral("password"), QString::fromUtf8(newPassword)}});
    reload();
    QCOMPARE(chat().status, 200);
    QCOMPARE(logins(), 2);
    QCOMPARE(m_fx->mock->requests(kAuthRoute).last().json().value(QLatin1String("password")),
             QString::fromUtf8(newPassword));
}

void TestLogin::backendTestLogsInAndHidesTheToken()
{
    addLoginProvider();
    m_fx->addModel(QStringLiteral("m"), {QStringLiteral("corp:m1")});
    QVERIFY(m_fx->start());
    TestResponse r = m_fx->post(QStringLiteral("/v1/models/m/test"), {});
    QJsonObject result = r.json().value(QLatin1String("backends")).toArray().first().toObject();
    QCOMPARE(result.value(QLatin1String("ok")).toBool(), true);

    // A refused token: one login more and the test sent again, as for traffic.
    m_fx->mock->revokeLoginTokens();
    r = m_fx->post(QStringLiteral("/v1/models/m/test"), {});
    result = r.json().value(QLatin1String("backends")).toArray().first().toObject();
    QCOMPARE(result.value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(logins(), 2);

    // An upstream that quotes the token it got: the test's error shows it hidden.
    MockBehavior quoting = MockBehavior::error(500);
    quoting.body = R"({"error":{"message":"backend down for token sk-login-token-2"}})";
    m_fx->mock->setBehavior(kModelRoute, quoting);
    r = m_fx->post(QStringLiteral("/v1/models/m/test"), {});
    result = r.json().value(QLatin1String("backends")).toArray().first().toObject();
    QCOMPARE(result.value(QLatin1String("error")).toString(),
             QStringLiteral("backend down for token ***"));
}

void TestLogin::passwordAndTokensNeverReachALogOrAnAnswer()
{
    const qint64 logsBefore = LogSink::instance().lastSequence();
    addLoginProvider({{QStringLiteral("password"), QString::fromUtf8(kWrongPassword)}});
    m_fx->addModel(QStringLiteral("m"), {QStringLiteral("corp:m1")});
    m_fx->addProvider(QStringLiteral("right"), kModelRoute,
                      {{QStringLiteral("auth"),
                        QJsonObject {{QStringLiteral("type"), QStringLiteral("login")},
                                     {QStringLiteral("url"), loginUrl()},
                                     {QStringLiteral("username"), QString::fromUtf8(kUser)},
                                     {QStringLiteral("password"), QString::fromUtf8(kPassword)}}}});
    m_fx->addModel(QStringLiteral("good"), {QStringLiteral("right:m2")});
    QVERIFY(m_fx->start());
    QList<TestResponse> answers {chat(), chat(QStringLiteral("good"))};
    m_fx->mock->revokeLoginTokens();
    answers.append(chat(QStringLiteral("good")));
    answers.append(m_fx->post(QStringLiteral("/v1/models/m/test"), {}));
    QCOMPARE(answers.at(0).status, 502);
    QCOMPARE(answers.at(2).status, 200);
    m_fx->stop(); // every log line of the gateway is out
    const QStringList secrets
        = {QString::fromUtf8(kPassword), QString::fromUtf8(kWrongPassword),
           QStringLiteral("sk-login-token-1"), QStringLiteral("sk-login-token-2")};
    for (const TestResponse &answer : std::as_const(answers)) {
        for (const QString &secret : secrets)
            QVERIFY2(!answer.body.contains(secret.toUtf8()), answer.body.constData());
    }
    const QList<LogLine> lines = LogSink::instance().linesAfter(logsBefore);
    QVERIFY(!lines.isEmpty());
    for (const LogLine &line : lines) {
        for (const QString &secret : secrets)
            QVERIFY2(!line.message.contains(secret), qPrintable(line.category));
    }
}

QTEST_GUILESS_MAIN(TestLogin)
#include "tst_login.moc"
