// The `hmac` and `static-token` auth strategies as configured in a file: what each field
// does to the request sent upstream, what a mistake in the file says, and when the provider is
// unavailable instead. Signatures are checked against digests computed with OpenSSL directly.
#include "auth/authstrategy.h"
#include "referencedigests.h"
#include "store/configparser.h"
#include "upstream/upstreamrequest.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QtTest>

using namespace clawgate;

namespace {

using Env = QHash<QString, QString>;
const qint64 kNowMs = 1700000000123;
const QString kSecret = QStringLiteral("sk-upstream-hmac-unit-secret");

QJsonObject json(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

// One provider "p" with `provider` fields, and one alias for it.
ConfigParseResult parseProvider(const QJsonObject &provider, const Env &env)
{
    QJsonObject root
        = json(R"({"models":[{"alias":"a","backends":[{"provider":"p","model":"m"}]}]})");
    root.insert(QStringLiteral("providers"), QJsonObject {{QStringLiteral("p"), provider}});
    return ConfigParser::parse(QJsonDocument(root).toJson(), [env](const QString &name) {
        return env.contains(name) ? std::optional<QString>(env.value(name)) : std::nullopt;
    });
}

ConfigParseResult parseAuth(const QJsonObject &auth, const Env &env = {})
{
    QJsonObject provider = json(R"({"baseUrl":"https://sign.example.test/v1"})");
    provider.insert(QStringLiteral("auth"), auth);
    return parseProvider(provider, env);
}

UpstreamRequest signedRequest(const ProviderConfig &provider,
                              const QByteArray &body = R"({"model":"a","stream":false})")
{
    return upstreamRequestFor(provider, Endpoint::ChatCompletions, QStringLiteral("up-model"), body,
                              {}, SigningContext {kNowMs, {}, {}});
}

QByteArray headerValue(const UpstreamRequest &request, const QByteArray &name)
{
    for (const auto &h : request.headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return "<absent>";
}

// An hmac block with every field set to something recognisable.
QJsonObject hmacAuth(const QString &echo = {})
{
    QJsonObject auth
        = json(R"({"type":"hmac","appId":"app-1","secret":"sk-upstream-hmac-unit-secret",
        "modelId":"mid-7",
        "stringToSign":"{appId}\n{timestamp}\n{nonce}\n{method}\n{path}\n{query}\n{bodySha256}",
        "query":{"tenant":"a b&c"}})");
    QJsonObject headers = json(R"({"Authorization":"Bearer {signature}","X-Nonce":"{nonce}",
                                   "X-Timestamp":"{timestamp}"})");
    if (!echo.isEmpty())
        headers.insert(QStringLiteral("X-Echo"), echo);
    auth.insert(QStringLiteral("headers"), headers);
    return auth;
}

QJsonObject withFields(QJsonObject auth, const QByteArray &fields)
{
    const QJsonObject changes = json(fields);
    for (auto it = changes.begin(); it != changes.end(); ++it)
        auth.insert(it.key(), it.value());
    return auth;
}

const ProviderConfig &providerOf(const ConfigParseResult &r)
{
    return *r.config->providers.constFind(QStringLiteral("p"));
}

} // namespace

class TestHmacAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void placeholderValues_data();
    void placeholderValues();
    void signatureCoversTheRequestAsSent();
    void nonceIsFreshAndShared();
    void timestampUnit_data();
    void timestampUnit();
    void signatureEncodingAndAlgorithm_data();
    void signatureEncodingAndAlgorithm();
    void signatureInBodyAndQuery();
    void configErrors_data();
    void configErrors();
    void unavailableWithReason_data();
    void unavailableWithReason();
    void modelIdEnvWins();
    void secretIsListedAndNeverInReasons();
    void staticToken_data();
    void staticToken();
};

void TestHmacAuth::placeholderValues_data()
{
    QTest::addColumn<QString>("echo");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("appId") << "{appId}" << QByteArray("app-1");
    QTest::newRow("timestamp in seconds by default") << "{timestamp}" << QByteArray("1700000000");
    QTest::newRow("method") << "{method}" << QByteArray("POST");
    QTest::newRow("path without the query") << "{path}" << QByteArray("/v1/chat/completions");
    QTest::newRow("query as sent, encoded") << "{query}" << QByteArray("tenant=a%20b%26c");
    QTest::newRow("modelId") << "{modelId}" << QByteArray("mid-7");
    QTest::newRow("upstreamModel") << "{upstreamModel}" << QByteArray("up-model");
    QTest::newRow("env") << "{env:SIGN_REGION}" << QByteArray("cn-north");
    QTest::newRow("mixed") << "{appId}:{modelId}" << QByteArray("app-1:mid-7");
}

void TestHmacAuth::placeholderValues()
{
    QFETCH(QString, echo);
    QFETCH(QByteArray, expected);
    const ConfigParseResult r
        = parseAuth(hmacAuth(echo), {{QStringLiteral("SIGN_REGION"), QStringLiteral("cn-north")}});
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QVERIFY2(providerOf(r).isAvailable(), qPrintable(providerOf(r).unavailableReason));
    QCOMPARE(headerValue(signedRequest(providerOf(r)), "X-Echo"), expected);
}

void TestHmacAuth::signatureCoversTheRequestAsSent()
{
    const ConfigParseResult r = parseAuth(
        withFields(hmacAuth(QStringLiteral("{bodySha256}")), R"({"body":{"app_id":"{appId}"}})"));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const UpstreamRequest sent = signedRequest(providerOf(r));
    QCOMPARE(sent.url,
             QByteArray("https://sign.example.test/v1/chat/completions?tenant=a%20b%26c"));
    QVERIFY2(sent.body.contains(R"("app_id":"app-1")"), sent.body.constData());
    QVERIFY(sent.body.contains(R"("model":"up-model")"));
    const QByteArray bodySha = reference::sha256(sent.body).toHex();
    QCOMPARE(headerValue(sent, "X-Echo"), bodySha);
    const QByteArray toSign = "app-1\n1700000000\n" + headerValue(sent, "X-Nonce")
        + "\nPOST\n/v1/chat/completions\ntenant=a%20b%26c\n" + bodySha;
    QCOMPARE(headerValue(sent, "Authorization"),
             "Bearer " + reference::hmacSha256(kSecret.toUtf8(), toSign).toHex());
}

void TestHmacAuth::nonceIsFreshAndShared()
{
    const ConfigParseResult r = parseAuth(withFields(hmacAuth(), R"({"stringToSign":"{nonce}"})"));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const UpstreamRequest first = signedRequest(providerOf(r));
    const UpstreamRequest second = signedRequest(providerOf(r));
    static const QRegularExpression hex32(QStringLiteral("^[0-9a-f]{32}$"));
    QVERIFY(hex32.match(QString::fromLatin1(headerValue(first, "X-Nonce"))).hasMatch());
    QVERIFY(headerValue(first, "X-Nonce") != headerValue(second, "X-Nonce"));
    // The nonce signed is the nonce sent.
    QCOMPARE(headerValue(first, "Authorization"),
             "Bearer "
                 + reference::hmacSha256(kSecret.toUtf8(), headerValue(first, "X-Nonce")).toHex());
}

void TestHmacAuth::timestampUnit_data()
{
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("seconds") << "seconds" << QByteArray("1700000000");
    QTest::newRow("milliseconds") << "milliseconds" << QByteArray("1700000000123");
}

void TestHmacAuth::timestampUnit()
{
    QFETCH(QString, unit);
    QFETCH(QByteArray, expected);
    QJsonObject auth = hmacAuth();
    auth.insert(QStringLiteral("timestampUnit"), unit);
    auth.insert(QStringLiteral("stringToSign"), QStringLiteral("{timestamp}"));
    const ConfigParseResult r = parseAuth(auth);
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const UpstreamRequest sent = signedRequest(providerOf(r));
    QCOMPARE(headerValue(sent, "X-Timestamp"), expected);
    QCOMPARE(headerValue(sent, "Authorization"),
             "Bearer " + reference::hmacSha256(kSecret.toUtf8(), expected).toHex());
}

void TestHmacAuth::signatureEncodingAndAlgorithm_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray toSign = "app-1" + kSecret.toUtf8() + "1700000000";
    QTest::newRow("hmac-sha256 hex")
        << "hmac-sha256"
        << "hex" << reference::hmacSha256(kSecret.toUtf8(), toSign).toHex();
    QTest::newRow("hmac-sha256 base64")
        << "hmac-sha256"
        << "base64" << reference::hmacSha256(kSecret.toUtf8(), toSign).toBase64();
    QTest::newRow("sha256 HEX") << "sha256"
                                << "HEX" << reference::sha256(toSign).toHex().toUpper();
    QTest::newRow("md5 hex") << "md5"
                             << "hex" << reference::md5(toSign).toHex();
    QTest::newRow("md5 base64") << "md5"
                                << "base64" << reference::md5(toSign).toBase64();
}

void TestHmacAuth::signatureEncodingAndAlgorithm()
{
    QFETCH(QString, algorithm);
    QFETCH(QString, encoding);
    QFETCH(QByteArray, expected);
    QJsonObject auth = withFields(
        hmacAuth(),
        R"({"stringToSign":"{appId}{secret}{timestamp}","headers":{"X-Sign":"{signature}"}})");
    auth.insert(QStringLiteral("algorithm"), algorithm);
    auth.insert(QStringLiteral("encoding"), encoding);
    const ConfigParseResult r = parseAuth(auth);
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QCOMPARE(headerValue(signedRequest(providerOf(r)), "X-Sign"), expected);
}

void TestHmacAuth::signatureInBodyAndQuery()
{
    const ConfigParseResult r = parseAuth(withFields(hmacAuth(), R"({
        "stringToSign":"{path}|{timestamp}",
        "query":{"ts":"{timestamp}","sign":"{signature}"},
        "body":{"sign":"{signature}"}})"));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const UpstreamRequest sent = signedRequest(providerOf(r));
    const QByteArray signature
        = reference::hmacSha256(kSecret.toUtf8(), "/v1/chat/completions|1700000000").toHex();
    QCOMPARE(sent.url,
             "https://sign.example.test/v1/chat/completions?ts=1700000000&sign=" + signature);
    QCOMPARE(QJsonDocument::fromJson(sent.body).object().value(QLatin1String("sign")).toString(),
             QString::fromLatin1(signature));
}

void TestHmacAuth::configErrors_data()
{
    QTest::addColumn<QByteArray>("changes");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown placeholder in the string to sign")
        << QByteArray(R"({"stringToSign":"{appId}\n{timestmp}"})") << "stringToSign"
        << "unknown placeholder {timestmp}";
    QTest::newRow("signature cannot sign itself")
        << QByteArray(R"({"stringToSign":"{signature}"})") << "stringToSign"
        << "unknown placeholder {signature}";
    QTest::newRow("the secret never goes into a header")
        << QByteArray(R"({"headers":{"X-Key":"{secret}"}})") << "headers.X-Key"
        << "unknown placeholder {secret}";
    QTest::newRow("the body digest is not known to a query item")
        << QByteArray(R"({"query":{"q":"{bodySha256}"}})") << "query.q"
        << "unknown placeholder {bodySha256}";
    QTest::newRow("header name") << QByteArray(R"({"headers":{"X Bad":"{appId}"}})")
                                 << "headers.X Bad"
                                 << "is not a header name";
    QTest::newRow("algorithm") << QByteArray(R"({"algorithm":"sha1"})") << "algorithm"
                               << "is not one of";
    QTest::newRow("encoding") << QByteArray(R"({"encoding":"hexadecimal"})") << "encoding"
                              << "is not one of";
    QTest::newRow("timestamp unit") << QByteArray(R"({"timestampUnit":"ns"})") << "timestampUnit"
                                    << "is not one of";
    QTest::newRow("a body digest cannot cover a signature in the body")
        << QByteArray(R"({"stringToSign":"{bodySha256}","body":{"sign":"{signature}"}})")
        << "body.sign"
        << "would have to cover";
    QTest::newRow("a query signature cannot be in the signed query")
        << QByteArray(R"({"stringToSign":"{query}","query":{"sign":"{signature}"}})")
        << "query.sign"
        << "would have to cover";
    QTest::newRow("a modelId placeholder needs a model id")
        << QByteArray(R"({"stringToSign":"{modelId}","modelId":""})") << "modelId"
        << "a template uses {modelId}";
    QTest::newRow("hmac needs its key") << QByteArray(R"({"secret":null})") << "secret"
                                        << "is required";
}

void TestHmacAuth::configErrors()
{
    QFETCH(QByteArray, changes);
    QFETCH(QString, field);
    QFETCH(QString, message);
    QJsonObject auth = withFields(hmacAuth(), changes);
    if (changes.contains("null"))
        auth.remove(QStringLiteral("secret"));
    const ConfigParseResult r = parseAuth(auth);
    QVERIFY(!r.ok());
    QVERIFY2(r.errorText().contains(QLatin1String("providers.p.auth.") + field),
             qPrintable(r.errorText()));
    QVERIFY2(r.errorText().contains(message), qPrintable(r.errorText()));
    QVERIFY(!r.errorText().contains(kSecret));
}

void TestHmacAuth::unavailableWithReason_data()
{
    QTest::addColumn<QByteArray>("changes");
    QTest::addColumn<QString>("reason");
    QTest::newRow("model id variable unset")
        << QByteArray(R"({"modelId":"","modelIdEnv":"KIMI25_MODEL_ID","stringToSign":"{modelId}"})")
        << "environment variable KIMI25_MODEL_ID is not set (provider p, field auth.modelIdEnv)";
    QTest::newRow("env placeholder unset")
        << QByteArray(R"({"stringToSign":"{env:TRACE_ID}"})")
        << "environment variable TRACE_ID is not set (provider p, field auth.env:TRACE_ID)";
    QTest::newRow("secret variable unset") << QByteArray(R"({"secret":"${OPENAI_API_SECRET}"})")
                                           << "environment variable OPENAI_API_SECRET is not set";
    QTest::newRow("app id variable unset") << QByteArray(R"({"appId":"${OPENAI_API_ID}"})")
                                           << "environment variable OPENAI_API_ID is not set";
}

void TestHmacAuth::unavailableWithReason()
{
    QFETCH(QByteArray, changes);
    QFETCH(QString, reason);
    const ConfigParseResult r = parseAuth(withFields(hmacAuth(), changes));
    QVERIFY2(r.ok(), qPrintable(r.errorText())); // validity never depends on the environment
    QVERIFY(!providerOf(r).isAvailable());
    QVERIFY2(providerOf(r).unavailableReason.contains(reason),
             qPrintable(providerOf(r).unavailableReason));
}

void TestHmacAuth::modelIdEnvWins()
{
    const QJsonObject auth
        = withFields(hmacAuth(QStringLiteral("{modelId}")), R"({"modelIdEnv":"KIMI25_MODEL_ID"})");
    const ConfigParseResult fromEnv
        = parseAuth(auth, {{QStringLiteral("KIMI25_MODEL_ID"), QStringLiteral("kimi-k2-0905")}});
    QVERIFY2(fromEnv.ok(), qPrintable(fromEnv.errorText()));
    QCOMPARE(headerValue(signedRequest(providerOf(fromEnv)), "X-Echo"), QByteArray("kimi-k2-0905"));
    // Unset: the written modelId is the fallback.
    const ConfigParseResult written = parseAuth(auth);
    QVERIFY(providerOf(written).isAvailable());
    QCOMPARE(headerValue(signedRequest(providerOf(written)), "X-Echo"), QByteArray("mid-7"));
}

void TestHmacAuth::secretIsListedAndNeverInReasons()
{
    const ConfigParseResult r = parseAuth(hmacAuth());
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QVERIFY(providerOf(r).auth->secrets().contains(kSecret));
    QVERIFY(!providerOf(r).auth->secrets().contains(QStringLiteral("app-1"))); // an id, not secret
    for (const QString &warning : r.warnings)
        QVERIFY2(!warning.contains(kSecret),
                 qPrintable(warning)); // the literal warning names no value
}

void TestHmacAuth::staticToken_data()
{
    QTest::addColumn<QByteArray>("auth");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("defaults: Authorization, no prefix")
        << QByteArray(R"({"type":"static-token","token":"${CORP_TOKEN}"})")
        << QByteArray("Authorization") << QByteArray("sk-upstream-static-tok");
    QTest::newRow("header and prefix")
        << QByteArray(R"({"type":"static-token","token":"${CORP_TOKEN}","header":"X-Token",)"
                      R"("prefix":"Token "})")
        << QByteArray("X-Token") << QByteArray("Token sk-upstream-static-tok");
    QTest::newRow("the provider's apiKey when there is no token")
        << QByteArray(R"({"type":"static-token","prefix":"Bearer "})")
        << QByteArray("Authorization") << QByteArray("Bearer sk-upstream-static-key");
}

void TestHmacAuth::staticToken()
{
    QFETCH(QByteArray, auth);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, expected);
    QJsonObject provider
        = json(R"({"baseUrl":"https://sign.example.test/v1","apiKey":"${CORP_KEY}"})");
    provider.insert(QStringLiteral("auth"), json(auth));
    const ConfigParseResult r
        = parseProvider(provider,
                        {{QStringLiteral("CORP_TOKEN"), QStringLiteral("sk-upstream-static-tok")},
                         {QStringLiteral("CORP_KEY"), QStringLiteral("sk-upstream-static-key")}});
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QCOMPARE(headerValue(signedRequest(providerOf(r)), header), expected);
    const QString token = QString::fromUtf8(expected.mid(expected.lastIndexOf(' ') + 1));
    QCOMPARE(providerOf(r).auth->secrets(), QStringList {token});
}

QTEST_GUILESS_MAIN(TestHmacAuth)
#include "tst_hmacauth.moc"
