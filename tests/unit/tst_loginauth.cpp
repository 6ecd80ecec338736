// LoginAuth, the `login` strategy's pure parts: its fields as the parser reads them (defaults,
// ${ENV}, the errors), the login request (body template with JSON-escaped values, the
// provider's transport settings), reading the reply (token and lifetime from the usual places
// or the configured paths, failures in a few safe words) and the header it signs with.
#include "auth/loginauth.h"
#include "store/configparser.h"
#include "upstream/upstreamrequest.h"

#include <QJsonDocument>
#include <QtTest>

using namespace clawgate;

namespace {

const QString kPassword = QStringLiteral("sk-login-pass-unit\"\\");

ConfigParseResult parseWithAuth(const QByteArray &authFields)
{
    const QByteArray text
        = R"({"version":1,"providers":{"corp":{"baseUrl":"https://llm.example.test/v1",)"
          R"("auth":{"type":"login",)"
        + authFields
        + R"(}}},"models":[{"alias":"m","backends":[{"provider":"corp","model":"x"}]}]})";
    return ConfigParser::parse(text, [](const QString &name) -> std::optional<QString> {
        if (name == QLatin1String("CORP_USER"))
            return QStringLiteral("alice");
        if (name == QLatin1String("CORP_PASSWORD"))
            return kPassword;
        return std::nullopt;
    });
}

const LoginAuth *loginOf(const ConfigParseResult &r)
{
    return r.ok() ? LoginAuth::of(r.config->providers.value(QStringLiteral("corp"))) : nullptr;
}

LoginAuth withPaths(const QString &tokenPath = {}, const QString &expiresInPath = {})
{
    LoginAuth::Settings s;
    s.password = kPassword;
    s.tokenPath = tokenPath;
    s.expiresInPath = expiresInPath;
    s.tokenTtlSeconds = 8 * 3600;
    return LoginAuth(s);
}

} // namespace

class TestLoginAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsItsFieldsWithDefaults();
    void configErrorsNameTheField_data();
    void configErrorsNameTheField();
    void loginRequestEscapesTheValues();
    void readsTheReply_data();
    void readsTheReply();
    void signsWithTheTokenInTheHeader();
    void sameAccountSameKey();
};

void TestLoginAuth::readsItsFieldsWithDefaults()
{
    const ConfigParseResult r = parseWithAuth(
        R"("url":"https://auth.example.test/token","username":"${CORP_USER}","password":"${CORP_PASSWORD}")");
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const LoginAuth *auth = loginOf(r);
    QVERIFY(auth);
    QVERIFY(auth->needsToken());
    const LoginAuth::Settings &s = auth->settings();
    QCOMPARE(s.url, QStringLiteral("https://auth.example.test/token"));
    QCOMPARE(s.username, QStringLiteral("alice"));
    QCOMPARE(s.password, kPassword);
    QCOMPARE(s.bodyTemplate, LoginAuth::kDefaultBody);
    QCOMPARE(s.tokenTtlSeconds, 8 * 3600);
    QCOMPARE(s.refreshAheadSeconds, 300);
    QCOMPARE(s.header, QByteArrayLiteral("Authorization"));
    QCOMPARE(s.prefix, QStringLiteral("Bearer "));
    QCOMPARE(auth->secrets(), QStringList {kPassword});
}

void TestLoginAuth::configErrorsNameTheField_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QString>("error");
    QTest::newRow("no url") << QByteArray(R"("username":"u","password":"${CORP_PASSWORD}")")
                            << QStringLiteral("providers.corp.auth.url");
    QTest::newRow("url not http") << QByteArray(
        R"("url":"ftp://auth.example.test","password":"${CORP_PASSWORD}")")
                                  << QStringLiteral("must be an http:// or https:// URL");
    QTest::newRow("ttl of zero hours") << QByteArray(
        R"("url":"https://a.example.test","password":"${CORP_PASSWORD}","tokenTtlHours":0)")
                                       << QStringLiteral("providers.corp.auth.tokenTtlHours");
    QTest::newRow("header not a token") << QByteArray(
        R"("url":"https://a.example.test","password":"${CORP_PASSWORD}","header":"X Token")")
                                        << QStringLiteral("providers.corp.auth.header");
}

void TestLoginAuth::configErrorsNameTheField()
{
    QFETCH(QByteArray, fields);
    QFETCH(QString, error);
    const ConfigParseResult r = parseWithAuth(fields);
    QVERIFY(!r.ok());
    QVERIFY2(r.errorText().contains(error), qPrintable(r.errorText()));
}

void TestLoginAuth::loginRequestEscapesTheValues()
{
    const ConfigParseResult r = parseWithAuth(
        R"("url":"https://auth.example.test/token","username":"al\"ice","password":"${CORP_PASSWORD}")");
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    ProviderConfig provider = r.config->providers.value(QStringLiteral("corp"));
    provider.proxy = QStringLiteral("http://proxy.example.test:3128");
    provider.timeouts = {3, 40, 50};
    const UpstreamRequest request = loginOf(r)->loginRequest(provider);
    QCOMPARE(request.url, QByteArrayLiteral("https://auth.example.test/token"));
    QCOMPARE(request.method, QByteArrayLiteral("POST"));
    QJsonParseError error;
    const QJsonObject body = QJsonDocument::fromJson(request.body, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, request.body.constData());
    QCOMPARE(body.value(QLatin1String("username")).toString(), QStringLiteral("al\"ice"));
    QCOMPARE(body.value(QLatin1String("password")).toString(), kPassword);
    QCOMPARE(request.proxy, provider.proxy);
    QCOMPARE(request.timeouts.firstByteSeconds, 40);
}

void TestLoginAuth::readsTheReply_data()
{
    QTest::addColumn<QStringList>("paths"); // tokenPath, expiresInPath; none: the defaults
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<qint64>("lifetime");
    QTest::addColumn<QString>("error");

    const QStringList plain;
    QTest::newRow("token and expires_in")
        << plain << 200 << QByteArray(R"({"token":"t1","expires_in":600})") << QByteArray("t1")
        << 600LL << QString();
    QTest::newRow("access_token, no expiry: tokenTtlHours")
        << plain << 200 << QByteArray(R"({"access_token":"t2"})") << QByteArray("t2") << 8 * 3600LL
        << QString();
    QTest::newRow("data.token, data.expires_in as text")
        << plain << 201 << QByteArray(R"({"data":{"token":"t3","expires_in":"90"}})")
        << QByteArray("t3") << 90LL << QString();
    QTest::newRow("configured paths")
        << QStringList {QStringLiteral("result.jwt"), QStringLiteral("result.ttl")} << 200
        << QByteArray(R"({"token":"not this","result":{"jwt":"t4","ttl":30}})") << QByteArray("t4")
        << 30LL << QString();
    QTest::newRow("refused: the service's message, password hidden")
        << plain << 401
        << QByteArray(R"({"error":{"message":"bad password sk-login-pass-unit\"\\"}})")
        << QByteArray() << 0LL << QStringLiteral("HTTP 401: bad password ***");
    QTest::newRow("refused without a body")
        << plain << 403 << QByteArray() << QByteArray() << 0LL << QStringLiteral("HTTP 403");
    QTest::newRow("no token: names the fields, never their values")
        << plain << 200 << QByteArray(R"({"jwt":"secret-looking","code":0})") << QByteArray() << 0LL
        << QStringLiteral("HTTP 200 without a token at token, access_token, data.token, "
                          "data.access_token (the reply has: code, jwt)");
    QTest::newRow("not JSON") << plain << 200 << QByteArray("<html>") << QByteArray() << 0LL
                              << QStringLiteral("HTTP 200, but the reply is not a JSON object");
    QTest::newRow("a token with a line break is refused")
        << plain << 200 << QByteArray(R"({"token":"a\r\nX-Evil: 1"})") << QByteArray() << 0LL
        << QStringLiteral("HTTP 200, but the token contains a line break");
}

void TestLoginAuth::readsTheReply()
{
    QFETCH(QStringList, paths);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, token);
    QFETCH(qint64, lifetime);
    QFETCH(QString, error);
    const LoginReply reply = withPaths(paths.value(0), paths.value(1)).readReply(status, body);
    QCOMPARE(reply.error, error);
    QCOMPARE(reply.token, token);
    if (reply.ok())
        QCOMPARE(reply.lifetimeSeconds, lifetime);
}

void TestLoginAuth::signsWithTheTokenInTheHeader()
{
    LoginAuth::Settings s;
    s.header = QByteArrayLiteral("X-Auth-Token");
    s.prefix = QString();
    UpstreamRequest request;
    request.headers = {{"x-auth-token", "from the client"}};
    SigningContext context;
    context.token = QByteArrayLiteral("tok");
    LoginAuth(s).sign(request, context);
    QCOMPARE(request.headers, (HeaderList {{"X-Auth-Token", "tok"}}));
}

void TestLoginAuth::sameAccountSameKey()
{
    LoginAuth::Settings a;
    a.url = QStringLiteral("https://auth.example.test/token");
    a.username = QStringLiteral("alice");
    a.password = kPassword;
    LoginAuth::Settings otherFields = a;
    otherFields.tokenPath = QStringLiteral("data.jwt");
    otherFields.prefix = QStringLiteral("Token ");
    LoginAuth::Settings otherPassword = a;
    otherPassword.password = QStringLiteral("sk-login-pass-other");
    QCOMPARE(LoginAuth(otherFields).accountKey(), LoginAuth(a).accountKey());
    QVERIFY(LoginAuth(otherPassword).accountKey() != LoginAuth(a).accountKey());
    QVERIFY(!LoginAuth(a).accountKey().contains(kPassword.toUtf8()));
}

QTEST_GUILESS_MAIN(TestLoginAuth)
#include "tst_loginauth.moc"
