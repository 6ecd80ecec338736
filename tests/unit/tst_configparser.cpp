// ConfigParser: the configuration file (SPEC §3) into a validated Config. Defaults, inheritance,
// ${ENV} references from an injected environment, auth headers, and an error for every broken
// field that names its path and its line.
#include "store/config.h"
#include "store/configparser.h"
#include "testfiles.h"
#include "upstream/upstreamrequest.h"

#include <QtTest>

using namespace clawgate;

namespace {

using Env = QHash<QString, QString>;

EnvLookup envFrom(const Env &vars)
{
    return [vars](const QString &name) -> std::optional<QString> {
        const auto it = vars.constFind(name);
        if (it == vars.constEnd())
            return std::nullopt;
        return *it;
    };
}

// The headers a request to `provider` carries: its own plus what its auth strategy adds.
HeaderList sentHeaders(const ProviderConfig &provider)
{
    return upstreamRequestFor(provider, Endpoint::ChatCompletions, QStringLiteral("m"), "{}", {})
        .headers;
}

QByteArray headerValue(const HeaderList &headers, const QByteArray &name)
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool hasHeader(const HeaderList &headers, const QByteArray &name)
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// The shape of SPEC §3, with what this build supports.
// URLs are written with JSON's "\/" escape: moc mistakes "//" in a raw string for a comment.
const QByteArray kFull = QByteArray(R"json({
  "version": 1,
  "server": { "host": "127.0.0.1", "port": 18081, "maxBodyBytes": 1048576, "maxBufferedBodyBytes": 4194305, "maxConnections": 64 },
  "clientKeys": [
    { "name": "default", "sha256": "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", "status": "active" },
    { "name": "ci", "sha256": "0000000000000000000000000000000000000000000000000000000000000001", "status": "disabled",
      "allowedModels": ["chat"] }
  ],
  "cooldown": { "rateLimitSeconds": 1800, "failureBaseSeconds": 10, "failureMaxSeconds": 600, "whenAllCooling": "tryEarliest" },
  "providerDefaults": {
    "juzhi": { "type": "openai", "baseUrl": "${OPENAI_API_BASE}", "apiKey": "${JUZHI_KEY}",
               "headers": { "X-Team": "llm" },
               "timeouts": { "connectSeconds": 5, "idleSeconds": 60 } }
  },
  "providers": {
    "doubao": { "type": "openai", "baseUrl": "https:\/\/ark.cn-beijing.volces.com/api/v3",
                "apiKey": "${DOUBAO_API_KEY}" },
    "juzhi_kimi": { "inherits": "juzhi", "timeouts": { "idleSeconds": 90 }, "headers": { "X-Model": "kimi" } },
    "ollama": { "baseUrl": "http:\/\/127.0.0.1:11434/v1", "auth": { "type": "none" },
                "streamUsage": false }
  },
  "models": [
    { "alias": "chat", "displayName": "Chat", "contextWindow": 128000, "maxTokens": 8192, "reasoning": true,
      "backends": [ { "provider": "doubao", "model": "doubao-seed-1-8-251228" },
                    { "provider": "juzhi_kimi", "model": "kimi-k2", "upstreamModelEnv": "KIMI25_MODEL_ID",
                      "enabled": false, "weight": 3 } ] },
    { "alias": "local", "backends": [ { "provider": "ollama", "model": "qwen2.5:7b" } ] }
  ],
  "defaultModel": "chat",
  "unknownModelFallback": true,
  "someFutureField": { "kept": true }
}
)json");

Env fullEnv()
{
    return Env {{QStringLiteral("OPENAI_API_BASE"), QStringLiteral("https://llm.corp.example/v1/")},
                {QStringLiteral("JUZHI_KEY"), QStringLiteral("jz-secret")},
                {QStringLiteral("DOUBAO_API_KEY"), QStringLiteral("db-secret")},
                {QStringLiteral("KIMI25_MODEL_ID"), QStringLiteral("kimi-2.5-0711")}};
}

// Each field on a known line; the error rows edit it without changing the line count.
const QByteArray kBase = QByteArray(R"json({
  "version": 1,
  "server": { "host": "127.0.0.1", "port": 18080 },
  "cooldown": { "rateLimitSeconds": 3600 },
  "clientKeys": [ { "name": "default", "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "active" } ],
  "providers": {
    "p": { "type": "openai", "baseUrl": "https:\/\/api.example.com/v1", "apiKey": "${P_KEY}" }
  },
  "models": [
    { "alias": "chat",
      "backends": [ { "provider": "p", "model": "m1" } ] }
  ]
}
)json");

const Env kBaseEnv {{QStringLiteral("P_KEY"), QStringLiteral("secret-p")}};

QByteArray edited(const QByteArray &from, const QByteArray &to)
{
    QByteArray text = kBase;
    if (!text.contains(from))
        qFatal("test row edits text that is not in kBase: %s", from.constData());
    return text.replace(from, to);
}

QByteArray minimal(const QByteArray &providerFields)
{
    return QByteArray(R"({"providers":{"p":{)") + providerFields
        + QByteArray(R"(}},"models":[{"alias":"a","backends":[{"provider":"p","model":"m"}]}]})");
}

} // namespace

class TestConfigParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void baseIsValid();
    void fullConfig();
    void defaultsApplied();
    void inheritsMergesFieldByField();
    void inheritingOnlyModelIdEnv_data();
    void inheritingOnlyModelIdEnv();
    void azureProvider();
    void anthropicProvider();
    void responsesApi_data();
    void responsesApi();
    void examplesAreAccepted_data();
    void examplesAreAccepted();
    void unsetEnvMakesProviderUnavailable();
    void upstreamModelEnv_data();
    void upstreamModelEnv();
    void errors_data();
    void errors();
    void multipleErrorsAllReported();
    void literalApiKeyWarns();
    void noWarningForEnvReference();
    void keychainReferenceResolved();
    void keychainProblemMakesProviderUnavailable();
    void keychainNamesListedOnce();
    void awaitingKeychain_data();
    void awaitingKeychain();
    void validityDoesNotDependOnSecretValues();
    void unusableSecretValuesMakeProviderUnavailable_data();
    void unusableSecretValuesMakeProviderUnavailable();
    void headerValueFromEnvWithLineBreakMakesProviderUnavailable();
    void urlFor_data();
    void urlFor();
    void pathsReadFromFile();
    void authHeaders_data();
    void authHeaders();
    void processEnvironmentLookup();
};

void TestConfigParser::baseIsValid()
{
    // The error rows below edit this text; it must be valid as it is.
    const ConfigParseResult r = ConfigParser::parse(kBase, envFrom(kBaseEnv));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QVERIFY(r.warnings.isEmpty());
}

void TestConfigParser::fullConfig()
{
    const ConfigParseResult r = ConfigParser::parse(kFull, envFrom(fullEnv()));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(QLatin1Char('\n'))));
    const Config &c = *r.config;

    QCOMPARE(c.version, 1);
    QCOMPARE(c.server.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(c.server.port, quint16(18081));
    QCOMPARE(c.server.maxBodyBytes, qint64(1048576));
    QCOMPARE(c.server.maxBufferedBodyBytes, qint64(4194305));
    QCOMPARE(c.server.maxConnections, 64);

    QCOMPARE(c.clientKeys.size(), 2);
    QCOMPARE(c.clientKeys.at(0).name, QStringLiteral("default"));
    // Upper-case hex in the file is normalised to lower case.
    QCOMPARE(c.clientKeys.at(0).sha256Hex,
             QByteArrayLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QVERIFY(c.clientKeys.at(0).active);
    QVERIFY(c.clientKeys.at(0).allows(QStringLiteral("local")));
    QVERIFY(!c.clientKeys.at(1).active);
    QCOMPARE(c.clientKeys.at(1).allowedModels, QStringList {QStringLiteral("chat")});
    QVERIFY(!c.clientKeys.at(1).allows(QStringLiteral("local")));
    QVERIFY(c.findKeyByHash(
        QByteArrayLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")));

    QCOMPARE(c.cooldown.rateLimitSeconds, 1800);
    QCOMPARE(c.cooldown.failureBaseSeconds, 10);
    QCOMPARE(c.cooldown.failureMaxSeconds, 600);
    QVERIFY(c.cooldown.tryEarliestWhenAllCooling);

    QCOMPARE(c.providers.size(), 3);
    const ProviderConfig &doubao = c.providers.value(QStringLiteral("doubao"));
    QCOMPARE(doubao.name, QStringLiteral("doubao"));
    QCOMPARE(doubao.type, QStringLiteral("openai"));
    QCOMPARE(doubao.baseUrl, QStringLiteral("https://ark.cn-beijing.volces.com/api/v3"));
    QCOMPARE(doubao.apiKey, QStringLiteral("db-secret"));
    QVERIFY(doubao.isAvailable());
    QCOMPARE(headerValue(sentHeaders(doubao), "Authorization"),
             QByteArrayLiteral("Bearer db-secret"));
    QCOMPARE(doubao.urlFor(Endpoint::ChatCompletions, QStringLiteral("m")),
             QStringLiteral("https://ark.cn-beijing.volces.com/api/v3/chat/completions"));

    const ProviderConfig &kimi = c.providers.value(QStringLiteral("juzhi_kimi"));
    QCOMPARE(kimi.baseUrl, QStringLiteral("https://llm.corp.example/v1/"));
    QCOMPARE(kimi.urlFor(Endpoint::Embeddings, QStringLiteral("m")),
             QStringLiteral("https://llm.corp.example/v1/embeddings"));
    QCOMPARE(kimi.apiKey, QStringLiteral("jz-secret"));

    const ProviderConfig &ollama = c.providers.value(QStringLiteral("ollama"));
    QVERIFY(ollama.apiKey.isEmpty());
    QVERIFY(!hasHeader(ollama.headers, "Authorization"));
    QVERIFY(ollama.isAvailable());
    QVERIFY(!ollama.streamUsage);
    QVERIFY(doubao.streamUsage);

    QCOMPARE(c.models.size(), 2);
    const ModelAlias *chat = c.findAlias(QStringLiteral("chat"));
    QVERIFY(chat);
    QCOMPARE(chat->displayName, QStringLiteral("Chat"));
    QCOMPARE(chat->contextWindow, 128000);
    QCOMPARE(chat->maxTokens, 8192);
    QVERIFY(chat->reasoning);
    QCOMPARE(chat->backends.size(), 2);
    QCOMPARE(chat->backends.at(0).provider, QStringLiteral("doubao"));
    QCOMPARE(chat->backends.at(0).upstreamModel, QStringLiteral("doubao-seed-1-8-251228"));
    QCOMPARE(chat->backends.at(0).id(), QStringLiteral("doubao:doubao-seed-1-8-251228"));
    QVERIFY(chat->backends.at(0).enabled);
    QCOMPARE(chat->backends.at(0).weight, 1);
    QCOMPARE(chat->backends.at(1).model, QStringLiteral("kimi-k2"));
    QCOMPARE(chat->backends.at(1).modelEnv, QStringLiteral("KIMI25_MODEL_ID"));
    QCOMPARE(chat->backends.at(1).upstreamModel, QStringLiteral("kimi-2.5-0711"));
    QVERIFY(!chat->backends.at(1).enabled);
    QCOMPARE(chat->backends.at(1).weight, 3);
    const ModelAlias *local = c.findAlias(QStringLiteral("local"));
    QVERIFY(local);
    QCOMPARE(local->displayName, QStringLiteral("local"));
    QVERIFY(!c.findAlias(QStringLiteral("Chat")));

    QCOMPARE(c.defaultModel, QStringLiteral("chat"));
    QVERIFY(c.unknownModelFallback);
}

void TestConfigParser::defaultsApplied()
{
    const ConfigParseResult r
        = ConfigParser::parse(minimal(R"("baseUrl":"http:\/\/localhost:8000/v1")"), envFrom({}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const Config &c = *r.config;
    QCOMPARE(c.version, 1);
    QCOMPARE(c.server.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(c.server.port, quint16(18080));
    QCOMPARE(c.server.maxBodyBytes, qint64(33554432));
    QCOMPARE(c.server.maxBufferedBodyBytes, qint64(0)); // four times maxBodyBytes
    QCOMPARE(c.server.maxConnections, 1024);
    QCOMPARE(c.cooldown.rateLimitSeconds, 3600);
    QCOMPARE(c.cooldown.failureBaseSeconds, 30);
    QCOMPARE(c.cooldown.failureMaxSeconds, 3600);
    QVERIFY(!c.cooldown.tryEarliestWhenAllCooling);
    QVERIFY(c.clientKeys.isEmpty());
    QVERIFY(c.defaultModel.isEmpty());
    QVERIFY(!c.unknownModelFallback);

    const ProviderConfig &p = c.providers.value(QStringLiteral("p"));
    QCOMPARE(p.type, QStringLiteral("openai"));
    QCOMPARE(p.timeouts.connectSeconds, 10);
    QCOMPARE(p.timeouts.firstByteSeconds, 300);
    QCOMPARE(p.timeouts.idleSeconds, 300);
    QVERIFY(p.headers.isEmpty()); // no key: no Authorization header
    QVERIFY(p.proxy.isEmpty());
    QVERIFY(p.streamUsage); // usage is asked for on every stream unless turned off

    const BackendConfig &b = c.models.at(0).backends.at(0);
    QVERIFY(b.enabled);
    QCOMPARE(b.weight, 1);
    QCOMPARE(b.upstreamModel, QStringLiteral("m"));
}

void TestConfigParser::inheritingOnlyModelIdEnv_data()
{
    QTest::addColumn<QByteArray>("auth");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("kimiValue");
    QTest::addColumn<QByteArray>("glmValue");
    QTest::newRow("bearer") << QByteArray(R"({"type":"bearer"})") << QByteArray("Authorization")
                            << QByteArray("Bearer jz-secret") << QByteArray("Bearer jz-secret");
    QTest::newRow("header") << QByteArray(R"({"type":"header","header":"X-Api-Key"})")
                            << QByteArray("X-Api-Key") << QByteArray("jz-secret")
                            << QByteArray("jz-secret");
    QTest::newRow("static-token") << QByteArray(
        R"({"type":"static-token","token":"${JZ_TOKEN}","prefix":"Token "})")
                                  << QByteArray("Authorization") << QByteArray("Token jz-token")
                                  << QByteArray("Token jz-token");
    QTest::newRow("hmac: the model id of each provider")
        << QByteArray(R"({"type":"hmac","appId":"${JZ_APP}","secret":"${JZ_SECRET}",)"
                      R"("stringToSign":"{modelId}","headers":{"X-Model-Id":"{modelId}"}})")
        << QByteArray("X-Model-Id") << QByteArray("kimi-id-42") << QByteArray("glm-id-7");
}

// Models of one company platform share a providerDefaults block; each provider names only the
// variable holding its model id, and inherits everything else, whatever the auth type.
void TestConfigParser::inheritingOnlyModelIdEnv()
{
    QFETCH(QByteArray, auth);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, kimiValue);
    QFETCH(QByteArray, glmValue);
    const QByteArray text
        = R"({"providerDefaults":{"juzhi":{"baseUrl":"https://llm.corp.example/v1",)"
          R"("apiKey":"${JZ_KEY}","upstreamModelEnv":"JZ_DEFAULT_MODEL","auth":)"
        + auth + R"(}},
        "providers":{"juzhi_kimi":{"inherits":"juzhi","auth":{"modelIdEnv":"KIMI25_MODEL_ID"}},
                     "juzhi_glm":{"inherits":"juzhi","auth":{"modelIdEnv":"GLM5_MODEL_ID"}}},
        "models":[{"alias":"kimi","backends":[{"provider":"juzhi_kimi"}]},
                  {"alias":"glm","backends":[{"provider":"juzhi_glm","upstreamModelEnv":"GLM5_UPSTREAM"}]}]})";
    const ConfigParseResult r = ConfigParser::parse(
        text,
        envFrom({{QStringLiteral("JZ_KEY"), QStringLiteral("jz-secret")},
                 {QStringLiteral("JZ_TOKEN"), QStringLiteral("jz-token")},
                 {QStringLiteral("JZ_APP"), QStringLiteral("app-9")},
                 {QStringLiteral("JZ_SECRET"), QStringLiteral("jz-hmac")},
                 {QStringLiteral("JZ_DEFAULT_MODEL"), QStringLiteral("kimi-k2")},
                 {QStringLiteral("GLM5_UPSTREAM"), QStringLiteral("glm-5")},
                 {QStringLiteral("KIMI25_MODEL_ID"), QStringLiteral("kimi-id-42")},
                 {QStringLiteral("GLM5_MODEL_ID"), QStringLiteral("glm-id-7")}}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const ProviderConfig &kimi = r.config->providers.value(QStringLiteral("juzhi_kimi"));
    const ProviderConfig &glm = r.config->providers.value(QStringLiteral("juzhi_glm"));
    QVERIFY2(kimi.isAvailable(), qPrintable(kimi.unavailableReason));
    QCOMPARE(kimi.baseUrl, QStringLiteral("https://llm.corp.example/v1"));
    QCOMPARE(headerValue(sentHeaders(kimi), header), kimiValue);
    QCOMPARE(headerValue(sentHeaders(glm), header), glmValue);
    // The provider's upstreamModelEnv is the default of its backends; a backend's own wins.
    QCOMPARE(r.config->findAlias(QStringLiteral("kimi"))->backends.at(0).upstreamModel,
             QStringLiteral("kimi-k2"));
    QCOMPARE(r.config->findAlias(QStringLiteral("glm"))->backends.at(0).upstreamModel,
             QStringLiteral("glm-5"));
}

void TestConfigParser::azureProvider()
{
    const ConfigParseResult r = ConfigParser::parse(
        minimal(R"("type":"azure-openai","baseUrl":"https:\/\/res.openai.azure.com/openai",)"
                R"("deployment":"${AZ_DEPLOYMENT}","apiKey":"${AZ_KEY}")"),
        envFrom({{QStringLiteral("AZ_DEPLOYMENT"), QStringLiteral("prod-4o")},
                 {QStringLiteral("AZ_KEY"), QStringLiteral("az-key")}}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const ProviderConfig &p = r.config->providers.value(QStringLiteral("p"));
    QCOMPARE(p.type, QStringLiteral("azure-openai"));
    QCOMPARE(p.deployment, QStringLiteral("prod-4o"));
    QCOMPARE(p.apiVersion, QStringLiteral("2024-10-21"));
    QCOMPARE(headerValue(sentHeaders(p), "api-key"), QByteArray("az-key"));
    QVERIFY(!hasHeader(sentHeaders(p), "Authorization"));
    // Any other type is still refused, naming the supported ones.
    const ConfigParseResult bad = ConfigParser::parse(
        minimal(R"("type":"azure","baseUrl":"https:\/\/x.example")"), envFrom({}));
    QVERIFY(bad.errorText().contains(QLatin1String("supported: openai, azure-openai, anthropic")));
}

void TestConfigParser::anthropicProvider()
{
    const ConfigParseResult r = ConfigParser::parse(
        minimal(R"("type":"anthropic","baseUrl":"https:\/\/api.anthropic.test/v1",)"
                R"("apiKey":"${AZ_KEY}")"),
        envFrom({{QStringLiteral("AZ_KEY"), QStringLiteral("an-key")}}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const ProviderConfig &p = r.config->providers.value(QStringLiteral("p"));
    QVERIFY(p.speaksAnthropic());
    // Anthropic's key header, not a bearer token.
    QCOMPARE(headerValue(sentHeaders(p), "x-api-key"), QByteArray("an-key"));
    QVERIFY(!hasHeader(sentHeaders(p), "Authorization"));
}

void TestConfigParser::responsesApi_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<bool>("viaChat");
    QTest::newRow("absent: relayed") << QByteArray() << false;
    QTest::newRow("native") << QByteArray(R"(,"responsesApi":"native")") << false;
    QTest::newRow("chat") << QByteArray(R"(,"responsesApi":"chat")") << true;
}

void TestConfigParser::responsesApi()
{
    QFETCH(QByteArray, field);
    QFETCH(bool, viaChat);
    const ConfigParseResult r
        = ConfigParser::parse(minimal(R"("baseUrl":"https:\/\/x.example")" + field), envFrom({}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QCOMPARE(r.config->providers.value(QStringLiteral("p")).responsesViaChat, viaChat);
}

void TestConfigParser::examplesAreAccepted_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("general") << QStringLiteral("config.example.json");
    QTest::newRow("juzhi-like signing") << "juzhi-like.json";
    QTest::newRow("panzhi-like signing") << "panzhi-like.json";
}

// The shipped examples load as they are, before any variable is set: only references, no
// values written in them.
void TestConfigParser::examplesAreAccepted()
{
    QFETCH(QString, file);
    const QByteArray text = readFile(QStringLiteral(EXAMPLES_DIR "/") + file);
    QVERIFY(!text.isEmpty());
    const ConfigParseResult r = ConfigParser::parse(text, envFrom({}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    for (const QString &warning : r.warnings)
        QVERIFY2(!warning.contains(QLatin1String("plain text")), qPrintable(warning));
}

void TestConfigParser::inheritsMergesFieldByField()
{
    const ConfigParseResult r = ConfigParser::parse(kFull, envFrom(fullEnv()));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const ProviderConfig &kimi = r.config->providers.value(QStringLiteral("juzhi_kimi"));
    // From providerDefaults.juzhi:
    QCOMPARE(kimi.type, QStringLiteral("openai"));
    QCOMPARE(kimi.baseUrl, QStringLiteral("https://llm.corp.example/v1/"));
    QCOMPARE(kimi.timeouts.connectSeconds, 5);
    // Overridden in the provider, inside the nested object:
    QCOMPARE(kimi.timeouts.idleSeconds, 90);
    // Neither: the built-in default.
    QCOMPARE(kimi.timeouts.firstByteSeconds, 300);
    // headers merge too: one from the defaults, one from the provider, plus the auth header.
    QCOMPARE(headerValue(kimi.headers, "X-Team"), QByteArrayLiteral("llm"));
    QCOMPARE(headerValue(kimi.headers, "X-Model"), QByteArrayLiteral("kimi"));
    QCOMPARE(headerValue(sentHeaders(kimi), "Authorization"),
             QByteArrayLiteral("Bearer jz-secret"));

    // A field set in the provider replaces the inherited one.
    const QByteArray text = R"({
  "providerDefaults": { "base": { "baseUrl": "https:\/\/a.example/v1", "timeouts": { "connectSeconds": 7 } } },
  "providers": { "p": { "inherits": "base", "baseUrl": "https:\/\/b.example/v2" },
                 "q": { "inherits": "base" } },
  "models": [ { "alias": "x", "backends": [ { "provider": "p", "model": "m" }, { "provider": "q", "model": "m" } ] } ]
})";
    const ConfigParseResult r2 = ConfigParser::parse(text, envFrom({}));
    QVERIFY2(r2.ok(), qPrintable(r2.errorText()));
    QCOMPARE(r2.config->providers.value(QStringLiteral("p")).baseUrl,
             QStringLiteral("https://b.example/v2"));
    QCOMPARE(r2.config->providers.value(QStringLiteral("p")).timeouts.connectSeconds, 7);
    QCOMPARE(r2.config->providers.value(QStringLiteral("q")).baseUrl,
             QStringLiteral("https://a.example/v1"));
    // The defaults entry itself is not a provider.
    QVERIFY(!r2.config->providers.contains(QStringLiteral("base")));
}

void TestConfigParser::unsetEnvMakesProviderUnavailable()
{
    Env env = fullEnv();
    env.remove(QStringLiteral("DOUBAO_API_KEY"));
    const ConfigParseResult r = ConfigParser::parse(kFull, envFrom(env));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));

    const ProviderConfig &doubao = r.config->providers.value(QStringLiteral("doubao"));
    QVERIFY(!doubao.isAvailable());
    QVERIFY2(doubao.unavailableReason.contains(QLatin1String("doubao")),
             qPrintable(doubao.unavailableReason));
    QVERIFY2(doubao.unavailableReason.contains(QLatin1String("DOUBAO_API_KEY")),
             qPrintable(doubao.unavailableReason));
    QVERIFY(!hasHeader(doubao.headers, "Authorization"));

    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains(QLatin1String("doubao")));
    QVERIFY(r.warnings.first().contains(QLatin1String("DOUBAO_API_KEY")));

    QVERIFY(r.config->providers.value(QStringLiteral("juzhi_kimi")).isAvailable());
    QVERIFY(r.config->providers.value(QStringLiteral("ollama")).isAvailable());

    // An inherited ${ENV} baseUrl names the inheriting provider and is not reported as a bad URL.
    env = fullEnv();
    env.remove(QStringLiteral("OPENAI_API_BASE"));
    const ConfigParseResult r2 = ConfigParser::parse(kFull, envFrom(env));
    QVERIFY2(r2.ok(), qPrintable(r2.errorText()));
    const ProviderConfig &kimi = r2.config->providers.value(QStringLiteral("juzhi_kimi"));
    QVERIFY(!kimi.isAvailable());
    QVERIFY(kimi.unavailableReason.contains(QLatin1String("juzhi_kimi")));
    QVERIFY(kimi.unavailableReason.contains(QLatin1String("OPENAI_API_BASE")));
    QVERIFY(r2.config->providers.value(QStringLiteral("doubao")).isAvailable());
    // The secret never appears in a reason or warning.
    for (const QString &w : r2.warnings)
        QVERIFY(!w.contains(QLatin1String("secret")));
}

void TestConfigParser::upstreamModelEnv_data()
{
    QTest::addColumn<bool>("set");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("env set takes precedence over model")
        << true << QStringLiteral("kimi-2.5-0711") << QStringLiteral("kimi-2.5-0711");
    QTest::newRow("env unset falls back to model")
        << false << QString() << QStringLiteral("kimi-k2");
    QTest::newRow("env set but empty falls back to model")
        << true << QString() << QStringLiteral("kimi-k2");
}

void TestConfigParser::upstreamModelEnv()
{
    QFETCH(bool, set);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    Env env = fullEnv();
    env.remove(QStringLiteral("KIMI25_MODEL_ID"));
    if (set)
        env.insert(QStringLiteral("KIMI25_MODEL_ID"), value);
    const ConfigParseResult r = ConfigParser::parse(kFull, envFrom(env));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const BackendConfig &b = r.config->findAlias(QStringLiteral("chat"))->backends.at(1);
    QCOMPARE(b.upstreamModel, expected);
    QCOMPARE(b.id(), QStringLiteral("juzhi_kimi:") + expected);
}

void TestConfigParser::errors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("syntax error names the line")
        << edited(R"("version": 1,)", R"("version": 1,,)") << QStringLiteral("line 2: ");
    QTest::newRow("unterminated string names its line")
        << edited(R"("baseUrl": "https:\/\/api.example.com/v1",)",
                  R"("baseUrl": "https:\/\/api.example.com/v1,)")
        << QStringLiteral("line 7: ");
    QTest::newRow("not an object")
        << QByteArrayLiteral("[\n  {\"version\": 1}\n]")
        << QStringLiteral("line 1: the configuration must be a JSON object");
    QTest::newRow("version other than 1")
        << edited(R"("version": 1,)", R"("version": 2,)")
        << QStringLiteral("version (line 2): must be between 1 and 1");
    QTest::newRow("server not an object")
        << edited(R"("server": { "host": "127.0.0.1", "port": 18080 },)", R"("server": 8080,)")
        << QStringLiteral("server (line 3): must be an object");
    QTest::newRow("port as string")
        << edited(R"("port": 18080)", R"("port": "18080")")
        << QStringLiteral("server.port (line 3): must be a whole number");
    QTest::newRow("port out of range")
        << edited(R"("port": 18080)", R"("port": 70000)")
        << QStringLiteral("server.port (line 3): must be between 0 and 65535");
    QTest::newRow("port fractional")
        << edited(R"("port": 18080)", R"("port": 80.5)")
        << QStringLiteral("server.port (line 3): must be a whole number");
    QTest::newRow("body budget smaller than one body")
        << edited(R"("port": 18080)",
                  R"("port": 18080, "maxBodyBytes": 2048, "maxBufferedBodyBytes": 2047)")
        << QStringLiteral("server.maxBufferedBodyBytes (line 3): must be at least maxBodyBytes");
    QTest::newRow("maxBodyBytes zero")
        << edited(R"("port": 18080)", R"("port": 18080, "maxBodyBytes": 0)")
        << QStringLiteral("server.maxBodyBytes (line 3): must be between");
    QTest::newRow("maxConnections zero")
        << edited(R"("port": 18080)", R"("port": 18080, "maxConnections": 0)")
        << QStringLiteral("server.maxConnections (line 3): must be between");
    QTest::newRow("host not a string") << edited(R"("host": "127.0.0.1")", R"("host": 127)")
                                       << QStringLiteral("server.host (line 3): must be a string");
    QTest::newRow("enabled as string")
        << edited(R"("model": "m1" })", R"("model": "m1", "enabled": "yes" })")
        << QStringLiteral("models[0].backends[0].enabled (line 11): must be true or false");
    QTest::newRow("weight negative")
        << edited(R"("model": "m1" })", R"("model": "m1", "weight": -1 })")
        << QStringLiteral("models[0].backends[0].weight (line 11): must be between");
    QTest::newRow("timeouts negative")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "timeouts": { "connectSeconds": -1 } })")
        << QStringLiteral("providers.p.timeouts.connectSeconds (line 7): must be between");
    QTest::newRow("timeouts zero idle")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "timeouts": { "idleSeconds": 0 } })")
        << QStringLiteral("providers.p.timeouts.idleSeconds (line 7): must be between");
    QTest::newRow("timeouts not an object")
        << edited(R"("apiKey": "${P_KEY}" })", R"("apiKey": "${P_KEY}", "timeouts": 30 })")
        << QStringLiteral("providers.p.timeouts (line 7): must be an object");
    QTest::newRow("unknown provider in a backend")
        << edited(R"("provider": "p")", R"("provider": "nope")")
        << QStringLiteral("models[0].backends[0].provider (line 11): no provider named \"nope\"");
    QTest::newRow("unknown inherits")
        << edited(R"("p": { "type")", R"("p": { "inherits": "nope", "type")")
        << QStringLiteral(
               "providers.p.inherits (line 7): no providerDefaults entry named \"nope\"");
    QTest::newRow("duplicate alias") << edited(
        R"("backends": [ { "provider": "p", "model": "m1" } ] })",
        R"("backends": [ { "provider": "p", "model": "m1" } ] }, { "alias": "chat", "backends": [ { "provider": "p", "model": "m2" } ] })")
                                     << QStringLiteral(
                                            "models[1].alias (line 11): \"chat\" is defined twice");
    QTest::newRow("missing alias") << edited(R"("alias": "chat",)", R"("displayName": "Chat",)")
                                   << QStringLiteral("models[0].alias (line 10): is required");
    QTest::newRow("alias with no backends")
        << edited(R"([ { "provider": "p", "model": "m1" } ])", "[ ]")
        << QStringLiteral("models[0].backends (line 11): an alias needs at least one backend");
    QTest::newRow("backend not an object")
        << edited(R"([ { "provider": "p", "model": "m1" } ])", R"([ "p:m1" ])")
        << QStringLiteral("models[0].backends[0] (line 11): must be an object");
    QTest::newRow("backend without model")
        << edited(R"(, "model": "m1" })", " }")
        << QStringLiteral("models[0].backends[0].model (line 11): is required");
    QTest::newRow("backend model env unset and no model")
        << edited(R"("model": "m1" })", R"("upstreamModelEnv": "UNSET_MODEL_VAR" })")
        << QStringLiteral("models[0].backends[0].model (line 11): is required: environment "
                          "variable UNSET_MODEL_VAR");
    QTest::newRow("header name with a space")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "headers": { "X Team": "t" } })")
        << QStringLiteral("providers.p.headers.X Team (line 7): \"X Team\" is not a header name");
    QTest::newRow("header name with a colon")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "headers": { "X-Team:": "t" } })")
        << QStringLiteral("providers.p.headers.X-Team: (line 7): \"X-Team:\" is not a header");
    QTest::newRow("header name with CRLF")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "headers": { "X-A\r\nX-Injected": "t" } })")
        << QStringLiteral("is not a header name");
    QTest::newRow("auth header name with a space")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "auth": { "type": "header", "header": "api key" } })")
        << QStringLiteral("providers.p.auth.header (line 7): \"api key\" is not a header name");
    QTest::newRow("header value written with CRLF")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "headers": { "X-Team": "t\r\nX-Injected: 1" } })")
        << QStringLiteral("providers.p.headers.X-Team (line 7): contains a line break");
    QTest::newRow("header value written with a bare CR around a reference")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "headers": { "X-Team": "${P_KEY}\r" } })")
        << QStringLiteral("providers.p.headers.X-Team (line 7): contains a line break");
    QTest::newRow("api key written with a line break")
        << edited(R"("apiKey": "${P_KEY}" })", R"("apiKey": "sk-a\n" })")
        << QStringLiteral("providers.p.apiKey (line 7): contains a line break");
    QTest::newRow("path written with a line break")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "chatPath": "/chat\r\nX: 1" })")
        << QStringLiteral("providers.p.chatPath (line 7): contains a line break");
    QTest::newRow("missing baseUrl") << edited(R"("baseUrl": "https:\/\/api.example.com/v1", )", "")
                                     << QStringLiteral("providers.p.baseUrl (line 7): is required");
    QTest::newRow("non-http baseUrl")
        << edited("https:\\/\\/api.example.com/v1", "ftp:\\/\\/files.example.com/v1")
        << QStringLiteral("providers.p.baseUrl (line 7): must be an http:// or https:// URL");
    QTest::newRow("baseUrl without host")
        << edited("https:\\/\\/api.example.com/v1", "https:\\/\\/\\/v1")
        << QStringLiteral("providers.p.baseUrl (line 7): must be an http");
    QTest::newRow("baseUrl not a URL")
        << edited("https:\\/\\/api.example.com/v1", "api.example.com")
        << QStringLiteral("providers.p.baseUrl (line 7): must be an http");
    QTest::newRow("provider not an object") << edited(
        R"("p": { "type": "openai", "baseUrl": "https:\/\/api.example.com/v1", "apiKey": "${P_KEY}" })",
        R"("p": "openai")") << QStringLiteral("providers.p (line 7): must be an object");
    QTest::newRow("unsupported provider type")
        << edited(R"("type": "openai")", R"("type": "gemini")")
        << QStringLiteral("providers.p.type (line 7): \"gemini\" is not supported");
    QTest::newRow("unsupported auth type")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "auth": { "type": "kerberos" } })")
        << QStringLiteral("providers.p.auth.type (line 7): \"kerberos\" is not supported");
    QTest::newRow("header auth without header name")
        << edited(R"("apiKey": "${P_KEY}" })",
                  R"("apiKey": "${P_KEY}", "auth": { "type": "header" } })")
        << QStringLiteral("providers.p.auth.header (line 7): names the header");
    QTest::newRow("keychain reference without a name")
        << edited("${P_KEY}", "keychain:")
        << QStringLiteral("providers.p.apiKey (line 7): \"keychain:\" must be followed by a "
                          "secret name");
    QTest::newRow("keychain reference with a bad name")
        << edited("${P_KEY}", "keychain:a b")
        << QStringLiteral("providers.p.apiKey (line 7): \"keychain:\" must be followed by a "
                          "secret name");
    QTest::newRow("header value not a string")
        << edited(R"("apiKey": "${P_KEY}" })", R"("apiKey": "${P_KEY}", "headers": { "X-A": 1 } })")
        << QStringLiteral("providers.p.headers.X-A (line 7): must be a string");
    QTest::newRow("bad sha256") << edited(R"("sha256": "aaaa)", R"("sha256": "zzzz)")
                                << QStringLiteral(
                                       "clientKeys[0].sha256 (line 5): must be the 64 hex digits");
    QTest::newRow("short sha256") << edited(
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "abc") << QStringLiteral("clientKeys[0].sha256 (line 5): must be the 64 hex digits");
    QTest::newRow("bad status")
        << edited(R"("status": "active")", R"("status": "paused")")
        << QStringLiteral("clientKeys[0].status (line 5): must be \"active\" or \"disabled\"");
    QTest::newRow("key without name") << edited(R"("name": "default", )", "")
                                      << QStringLiteral("clientKeys[0].name (line 5): is required");
    QTest::newRow("duplicate key name") << edited(
        R"("status": "active" } ],)",
        R"("status": "active" }, { "name": "default", "sha256": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" } ],)")
                                        << QStringLiteral("clientKeys[1].name (line 5): "
                                                          "\"default\" is used by another key");
    QTest::newRow("allowedModels not strings")
        << edited(R"("status": "active" })",
                  R"("status": "active", "allowedModels": [ "chat", 3 ] })")
        << QStringLiteral("clientKeys[0].allowedModels[1] (line 5): must be a string");
    QTest::newRow("bad whenAllCooling")
        << edited(R"("rateLimitSeconds": 3600)",
                  R"("rateLimitSeconds": 3600, "whenAllCooling": "wait")")
        << QStringLiteral(
               "cooldown.whenAllCooling (line 4): must be \"reject\" or \"tryEarliest\"");
    QTest::newRow("failureMaxSeconds below failureBaseSeconds")
        << edited(R"("rateLimitSeconds": 3600)",
                  R"("failureBaseSeconds": 600, "failureMaxSeconds": 60)")
        << QStringLiteral(
               "cooldown.failureMaxSeconds (line 4): must not be smaller than failureBaseSeconds");
    QTest::newRow("rateLimitSeconds zero")
        << edited(R"("rateLimitSeconds": 3600)", R"("rateLimitSeconds": 0)")
        << QStringLiteral("cooldown.rateLimitSeconds (line 4): must be between");
    QTest::newRow("defaultModel naming no alias")
        << edited("  ]\n}", "  ],\n  \"defaultModel\": \"nope\"\n}")
        << QStringLiteral("defaultModel (line 13): no model alias named \"nope\"");
    QTest::newRow("unknownModelFallback without defaultModel")
        << edited("  ]\n}", "  ],\n  \"unknownModelFallback\": true\n}")
        << QStringLiteral("unknownModelFallback (line 13): needs defaultModel");
    QTest::newRow("unknown responsesApi value")
        << edited(R"("apiKey": "${P_KEY}" })", R"("apiKey": "${P_KEY}", "responsesApi": "x" })")
        << QStringLiteral("providers.p.responsesApi (line 7): \"x\" is not one of: native, chat");
    QTest::newRow("models not an array")
        << edited(R"("models": [)", R"("models": { "x":)").replace("  ]\n}", "  }\n}")
        << QStringLiteral("models (line 9): must be an array");
}

void TestConfigParser::errors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);

    const ConfigParseResult r = ConfigParser::parse(text, envFrom(kBaseEnv));
    QVERIFY2(!r.ok(), "a broken configuration was accepted");
    QVERIFY(r.config == nullptr);
    QVERIFY(!r.errors.isEmpty());
    QVERIFY2(r.errorText().contains(expected),
             qPrintable(QStringLiteral("expected \"%1\" in:\n%2").arg(expected, r.errorText())));
    // The secret of the provider never appears in an error.
    QVERIFY(!r.errorText().contains(QLatin1String("secret-p")));
}

void TestConfigParser::multipleErrorsAllReported()
{
    QByteArray text = kBase;
    text.replace(R"("port": 18080)", R"("port": "x")");
    text.replace(R"("status": "active")", R"("status": "paused")");
    text.replace(R"("provider": "p")", R"("provider": "nope")");
    text.replace(R"("rateLimitSeconds": 3600)", R"("rateLimitSeconds": -5)");
    const ConfigParseResult r = ConfigParser::parse(text, envFrom(kBaseEnv));
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), 4);
    const QString all = r.errorText();
    QVERIFY2(all.contains(QLatin1String("server.port (line 3)")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("clientKeys[0].status (line 5)")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("models[0].backends[0].provider (line 11)")),
             qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("cooldown.rateLimitSeconds (line 4)")), qPrintable(all));
    QCOMPARE(all.count(QLatin1Char('\n')), 3); // one line per error
}

void TestConfigParser::literalApiKeyWarns()
{
    const ConfigParseResult r
        = ConfigParser::parse(edited("${P_KEY}", "sk-literal-123"), envFrom({}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY2(r.warnings.first().contains(QLatin1String("providers.p.apiKey")),
             qPrintable(r.warnings.first()));
    QVERIFY(r.warnings.first().contains(QLatin1String("plain text")));
    QVERIFY(!r.warnings.first().contains(QLatin1String("sk-literal-123")));
    const ProviderConfig &p = r.config->providers.value(QStringLiteral("p"));
    QVERIFY(p.isAvailable());
    QCOMPARE(headerValue(sentHeaders(p), "Authorization"),
             QByteArrayLiteral("Bearer sk-literal-123"));
}

void TestConfigParser::noWarningForEnvReference()
{
    const ConfigParseResult r
        = ConfigParser::parse(edited("${P_KEY}", "sk-${P_KEY}-suffix"), envFrom(kBaseEnv));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QVERIFY(r.warnings.isEmpty());
    QCOMPARE(r.config->providers.value(QStringLiteral("p")).apiKey,
             QStringLiteral("sk-secret-p-suffix"));
}

namespace {

KeychainLookup keychainFrom(const QHash<QString, KeychainEntry> &entries)
{
    return [entries](const QString &name) { return entries.value(name); };
}

} // namespace

void TestConfigParser::keychainReferenceResolved()
{
    const QString value = QStringLiteral("sk-from-keychain-密钥");
    const ConfigParseResult r
        = ConfigParser::parse(edited("${P_KEY}", "keychain:p-key"), envFrom({}),
                              keychainFrom({{QStringLiteral("p-key"), KeychainEntry {value, {}}}}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(QLatin1Char('\n'))));
    const ProviderConfig &p = r.config->providers.value(QStringLiteral("p"));
    QVERIFY(p.isAvailable());
    QCOMPARE(p.apiKey, value);
    QCOMPARE(headerValue(sentHeaders(p), "Authorization"), "Bearer " + value.toUtf8());
    QCOMPARE(r.config->keychainNames, QStringList {QStringLiteral("p-key")});
}

void TestConfigParser::keychainProblemMakesProviderUnavailable()
{
    // The keychain could not give the entry: the provider waits with the keychain's reason.
    const QString problem = QStringLiteral("keychain locked or entry missing: p-key");
    ConfigParseResult r = ConfigParser::parse(
        edited("${P_KEY}", "keychain:p-key"), envFrom({}),
        keychainFrom({{QStringLiteral("p-key"), KeychainEntry {std::nullopt, problem}}}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    ProviderConfig p = r.config->providers.value(QStringLiteral("p"));
    QVERIFY(!p.isAvailable());
    QVERIFY2(p.unavailableReason.startsWith(problem), qPrintable(p.unavailableReason));
    QVERIFY2(p.unavailableReason.contains(QLatin1String("provider p")),
             qPrintable(p.unavailableReason));
    QVERIFY(!hasHeader(p.headers, "Authorization"));
    QCOMPARE(r.warnings.size(), 1);

    // Not looked up yet (no keychain lookup at all): unavailable, and says so.
    r = ConfigParser::parse(edited("${P_KEY}", "keychain:p-key"), envFrom({}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    p = r.config->providers.value(QStringLiteral("p"));
    QVERIFY(!p.isAvailable());
    QVERIFY2(p.unavailableReason.contains(QLatin1String("keychain entry p-key has not been read")),
             qPrintable(p.unavailableReason));
}

void TestConfigParser::keychainNamesListedOnce()
{
    const QByteArray text = R"({"providers":{
        "a":{"baseUrl":"http:\/\/a.example/v1","apiKey":"keychain:shared"},
        "b":{"baseUrl":"http:\/\/b.example/v1","apiKey":"keychain:shared"},
        "c":{"baseUrl":"http:\/\/c.example/v1","apiKey":"keychain:own"},
        "d":{"baseUrl":"http:\/\/d.example/v1","apiKey":"${D_KEY}"}},
      "models":[{"alias":"m","backends":[{"provider":"a","model":"x"}]}]})";
    const ConfigParseResult r = ConfigParser::parse(
        text, envFrom({{QStringLiteral("D_KEY"), QStringLiteral("d")}}),
        keychainFrom({{QStringLiteral("shared"), KeychainEntry {QStringLiteral("s"), {}}}}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    QCOMPARE(r.config->keychainNames,
             QStringList({QStringLiteral("shared"), QStringLiteral("own")}));
    QVERIFY(r.config->providers.value(QStringLiteral("a")).isAvailable());
    QVERIFY(r.config->providers.value(QStringLiteral("b")).isAvailable());
    QVERIFY(!r.config->providers.value(QStringLiteral("c")).isAvailable());
    QVERIFY(r.config->providers.value(QStringLiteral("d")).isAvailable());
}

void TestConfigParser::awaitingKeychain_data()
{
    QTest::addColumn<QByteArray>("providerFields");
    QTest::addColumn<QString>("keychainValue"); // null: the keychain has no value for "k"
    QTest::addColumn<QString>("keychainProblem");
    QTest::addColumn<bool>("awaiting");
    const QByteArray keychainKey = R"("baseUrl":"http:\/\/a.example/v1","apiKey":"keychain:k")";
    QTest::newRow("keychain not answered yet") << keychainKey << QString() << QString() << true;
    QTest::newRow("keychain answered with a problem")
        << keychainKey << QString() << QStringLiteral("keychain locked or entry missing: k")
        << false;
    QTest::newRow("keychain answered with the value")
        << keychainKey << QStringLiteral("sk-upstream-awaiting") << QString() << false;
    QTest::newRow("environment variable unset")
        << QByteArray(R"("baseUrl":"http:\/\/a.example/v1","apiKey":"${NO_SUCH_KEY}")") << QString()
        << QString() << false;
    // Unavailable already for a reason the keychain's answer cannot change.
    QTest::newRow("unset base URL before the unanswered key")
        << QByteArray(R"("baseUrl":"${NO_SUCH_BASE}","apiKey":"keychain:k")") << QString()
        << QString() << false;
}

void TestConfigParser::awaitingKeychain()
{
    QFETCH(QByteArray, providerFields);
    QFETCH(QString, keychainValue);
    QFETCH(QString, keychainProblem);
    QFETCH(bool, awaiting);
    const KeychainEntry entry {keychainValue.isNull() ? std::nullopt
                                                      : std::optional<QString>(keychainValue),
                               keychainProblem};
    const ConfigParseResult r = ConfigParser::parse(minimal(providerFields), envFrom({}),
                                                    keychainFrom({{QStringLiteral("k"), entry}}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const ProviderConfig &p = r.config->providers.value(QStringLiteral("p"));
    QCOMPARE(p.awaitingKeychain, awaiting);
    if (awaiting)
        QVERIFY(!p.isAvailable()); // a reason all the same, for whoever only reads that
}

// A file that loads before the keychain answers must still load after: a provider with
// `auth.type: header` and no header name is an error either way.
void TestConfigParser::validityDoesNotDependOnSecretValues()
{
    const QByteArray text = edited(R"("apiKey": "${P_KEY}" })",
                                   R"("apiKey": "keychain:k", "auth": { "type": "header" } })");
    const ConfigParseResult before = ConfigParser::parse(text, envFrom({}));
    const ConfigParseResult after = ConfigParser::parse(
        text, envFrom({}),
        keychainFrom({{QStringLiteral("k"), KeychainEntry {QStringLiteral("v"), {}}}}));
    QVERIFY(!before.ok());
    QCOMPARE(after.errors, before.errors);

    const QByteArray good
        = edited(R"("apiKey": "${P_KEY}" })",
                 R"("apiKey": "keychain:k", "auth": { "type": "header", "header": "api-key" } })");
    const ConfigParseResult resolved = ConfigParser::parse(
        good, envFrom({}),
        keychainFrom({{QStringLiteral("k"), KeychainEntry {QStringLiteral("v"), {}}}}));
    QVERIFY2(resolved.ok(), qPrintable(resolved.errorText()));
    QCOMPARE(
        headerValue(sentHeaders(resolved.config->providers.value(QStringLiteral("p"))), "api-key"),
        QByteArrayLiteral("v"));
}

void TestConfigParser::unusableSecretValuesMakeProviderUnavailable_data()
{
    QTest::addColumn<QByteArray>("reference");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty keychain entry") << QByteArrayLiteral("keychain:k") << QString()
                                          << QStringLiteral("keychain entry k is empty");
    QTest::newRow("keychain entry with a line break")
        << QByteArrayLiteral("keychain:k") << QStringLiteral("sk-a\r\nX-Injected: 1")
        << QStringLiteral("keychain entry k contains a line break");
    QTest::newRow("environment value with a line break")
        << QByteArrayLiteral("${P_KEY}") << QStringLiteral("sk-a\nX-Injected: 1")
        << QStringLiteral("environment variable P_KEY contains a line break");
    QTest::newRow("environment value with CRLF, as from a Windows .env file")
        << QByteArrayLiteral("${P_KEY}") << QStringLiteral("sk-a\r\n")
        << QStringLiteral("environment variable P_KEY contains a line break");
    QTest::newRow("environment value with a bare CR")
        << QByteArrayLiteral("${P_KEY}") << QStringLiteral("sk-a\rX-Injected: 1")
        << QStringLiteral("environment variable P_KEY contains a line break");
    QTest::newRow("environment value with a NUL")
        << QByteArrayLiteral("${P_KEY}") << QStringLiteral("sk-a").append(QChar(0))
        << QStringLiteral("environment variable P_KEY contains a line break");
}

void TestConfigParser::unusableSecretValuesMakeProviderUnavailable()
{
    QFETCH(QByteArray, reference);
    QFETCH(QString, value);
    QFETCH(QString, reason);
    const ConfigParseResult r = ConfigParser::parse(
        edited("${P_KEY}", reference), envFrom({{QStringLiteral("P_KEY"), value}}),
        keychainFrom({{QStringLiteral("k"), KeychainEntry {value, {}}}}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const ProviderConfig &p = r.config->providers.value(QStringLiteral("p"));
    QVERIFY(!p.isAvailable());
    QVERIFY2(p.unavailableReason.startsWith(reason), qPrintable(p.unavailableReason));
    QVERIFY(!hasHeader(p.headers, "Authorization"));
    if (!value.isEmpty())
        QVERIFY(!p.unavailableReason.contains(value));
}

void TestConfigParser::headerValueFromEnvWithLineBreakMakesProviderUnavailable()
{
    const QString value = QStringLiteral("team-7\r\nX-Injected: 1");
    const ConfigParseResult r = ConfigParser::parse(
        edited(R"("apiKey": "${P_KEY}" })",
               R"("apiKey": "${P_KEY}", "headers": { "X-Team": "${TEAM}" } })"),
        envFrom({{QStringLiteral("P_KEY"), QStringLiteral("secret-p")},
                 {QStringLiteral("TEAM"), value}}));
    QVERIFY2(r.ok(), qPrintable(r.errorText())); // the rest of the configuration still loads
    const ProviderConfig &p = r.config->providers.value(QStringLiteral("p"));
    QVERIFY(!p.isAvailable());
    QCOMPARE(p.unavailableReason,
             QStringLiteral("environment variable TEAM contains a line break, which cannot be "
                            "sent upstream (provider p, field headers.X-Team)"));
    QVERIFY(r.warnings.contains(p.unavailableReason));
    for (const auto &h : p.headers)
        QVERIFY2(!h.second.contains('\r') && !h.second.contains('\n'), h.second.constData());
}

void TestConfigParser::urlFor_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("pathKey");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("endpoint");
    QTest::addColumn<QString>("expected");

    const QString base = QStringLiteral("https://api.example.com/v1");
    QTest::newRow("chat default") << base << QString() << QString()
                                  << int(Endpoint::ChatCompletions)
                                  << QStringLiteral("https://api.example.com/v1/chat/completions");
    QTest::newRow("completions default")
        << base << QString() << QString() << int(Endpoint::Completions)
        << QStringLiteral("https://api.example.com/v1/completions");
    QTest::newRow("embeddings default")
        << base << QString() << QString() << int(Endpoint::Embeddings)
        << QStringLiteral("https://api.example.com/v1/embeddings");
    QTest::newRow("responses default") << base << QString() << QString() << int(Endpoint::Responses)
                                       << QStringLiteral("https://api.example.com/v1/responses");
    QTest::newRow("models default") << base << QString() << QString() << int(Endpoint::Models)
                                    << QStringLiteral("https://api.example.com/v1/models");
    QTest::newRow("trailing slash on base")
        << base + QLatin1Char('/') << QString() << QString() << int(Endpoint::ChatCompletions)
        << QStringLiteral("https://api.example.com/v1/chat/completions");
    QTest::newRow("several trailing slashes")
        << base + QStringLiteral("//") << QString() << QString() << int(Endpoint::ChatCompletions)
        << QStringLiteral("https://api.example.com/v1/chat/completions");
    QTest::newRow("overridden path")
        << base << QStringLiteral("chatPath") << QStringLiteral("/text/chat")
        << int(Endpoint::ChatCompletions) << QStringLiteral("https://api.example.com/v1/text/chat");
    QTest::newRow("overridden path without leading slash")
        << base + QLatin1Char('/') << QStringLiteral("chatPath") << QStringLiteral("chat")
        << int(Endpoint::ChatCompletions) << QStringLiteral("https://api.example.com/v1/chat");
    QTest::newRow("overridden path with query")
        << QStringLiteral("https://res.openai.azure.com/openai/deployments/gpt4o")
        << QStringLiteral("chatPath") << QStringLiteral("/chat/completions?api-version=2024-06-01")
        << int(Endpoint::ChatCompletions)
        << QStringLiteral("https://res.openai.azure.com/openai/deployments/gpt4o/chat/"
                          "completions?api-version=2024-06-01");
    QTest::newRow("absolute override replaces base")
        << base << QStringLiteral("embeddingsPath")
        << QStringLiteral("https://emb.example.com/embed") << int(Endpoint::Embeddings)
        << QStringLiteral("https://emb.example.com/embed");
    QTest::newRow("override of one endpoint leaves others")
        << base << QStringLiteral("chatPath") << QStringLiteral("/x") << int(Endpoint::Embeddings)
        << QStringLiteral("https://api.example.com/v1/embeddings");
}

void TestConfigParser::urlFor()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, pathKey);
    QFETCH(QString, path);
    QFETCH(int, endpoint);
    QFETCH(QString, expected);
    ProviderConfig p;
    p.baseUrl = baseUrl;
    if (!pathKey.isEmpty())
        p.paths.insert(pathKey, path);
    QCOMPARE(p.urlFor(Endpoint(endpoint), QStringLiteral("m")), expected);
}

void TestConfigParser::pathsReadFromFile()
{
    const ConfigParseResult r = ConfigParser::parse(
        minimal(
            R"("baseUrl":"https:\/\/x.example/api/","chatPath":"/v2/chat","embeddingsPath":"emb","modelsPath":"/m")"),
        envFrom({}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const ProviderConfig &p = r.config->providers.value(QStringLiteral("p"));
    QCOMPARE(p.urlFor(Endpoint::ChatCompletions, QStringLiteral("m")),
             QStringLiteral("https://x.example/api/v2/chat"));
    QCOMPARE(p.urlFor(Endpoint::Embeddings, QStringLiteral("m")),
             QStringLiteral("https://x.example/api/emb"));
    QCOMPARE(p.urlFor(Endpoint::Models, QStringLiteral("m")),
             QStringLiteral("https://x.example/api/m"));
    QCOMPARE(p.urlFor(Endpoint::Completions, QStringLiteral("m")),
             QStringLiteral("https://x.example/api/completions"));
}

void TestConfigParser::authHeaders_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QByteArray>("header"); // expected to carry the key
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("absentHeader"); // expected not to be there

    QTest::newRow("bearer is the default")
        << QByteArrayLiteral(R"("apiKey":"${K}")") << QByteArrayLiteral("Authorization")
        << QByteArrayLiteral("Bearer key-123") << QByteArrayLiteral("api-key");
    QTest::newRow("explicit bearer")
        << QByteArrayLiteral(R"("apiKey":"${K}","auth":{"type":"bearer"})")
        << QByteArrayLiteral("Authorization") << QByteArrayLiteral("Bearer key-123")
        << QByteArrayLiteral("x-api-key");
    QTest::newRow("header auth puts the key in the named header")
        << QByteArrayLiteral(R"("apiKey":"${K}","auth":{"type":"header","header":"api-key"})")
        << QByteArrayLiteral("api-key") << QByteArrayLiteral("key-123")
        << QByteArrayLiteral("Authorization");
    QTest::newRow("header auth with fixed extra headers") << QByteArrayLiteral(
        R"("apiKey":"${K}","auth":{"type":"header","header":"x-api-key"},"headers":{"anthropic-version":"2023-06-01"})")
                                                          << QByteArrayLiteral("x-api-key")
                                                          << QByteArrayLiteral("key-123")
                                                          << QByteArrayLiteral("Authorization");
    QTest::newRow("none sends no key")
        << QByteArrayLiteral(R"("apiKey":"${K}","auth":{"type":"none"})") << QByteArray()
        << QByteArray() << QByteArrayLiteral("Authorization");
    QTest::newRow("no apiKey sends no key")
        << QByteArray() << QByteArray() << QByteArray() << QByteArrayLiteral("Authorization");
}

void TestConfigParser::authHeaders()
{
    QFETCH(QByteArray, fields);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, absentHeader);

    QByteArray provider = QByteArrayLiteral(R"("baseUrl":"https:\/\/api.example.com/v1")");
    if (!fields.isEmpty())
        provider += ',' + fields;
    const ConfigParseResult r = ConfigParser::parse(
        minimal(provider), envFrom({{QStringLiteral("K"), QStringLiteral("key-123")}}));
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const HeaderList sent = sentHeaders(r.config->providers.value(QStringLiteral("p")));
    if (!header.isEmpty()) {
        QVERIFY2(hasHeader(sent, header), header.constData());
        QCOMPARE(headerValue(sent, header), value);
        int carrying = 0; // the key goes out exactly once
        for (const auto &h : sent)
            carrying += h.second.contains("key-123") ? 1 : 0;
        QCOMPARE(carrying, 1);
    } else {
        for (const auto &h : sent)
            QVERIFY2(!h.second.contains("key-123"), h.first.constData());
    }
    QVERIFY(!hasHeader(sent, absentHeader));
    if (fields.contains("anthropic-version"))
        QCOMPARE(headerValue(sent, "anthropic-version"), QByteArrayLiteral("2023-06-01"));
}

void TestConfigParser::processEnvironmentLookup()
{
    const EnvLookup env = processEnvironment();
    qputenv("CLAWGATE_TST_SET", "v1");
    qputenv("CLAWGATE_TST_EMPTY", "");
    qunsetenv("CLAWGATE_TST_UNSET");
    QCOMPARE(env(QStringLiteral("CLAWGATE_TST_SET")), std::optional<QString>(QStringLiteral("v1")));
    QCOMPARE(env(QStringLiteral("CLAWGATE_TST_EMPTY")), std::optional<QString>(QString()));
    QVERIFY(!env(QStringLiteral("CLAWGATE_TST_UNSET")).has_value());
}

QTEST_GUILESS_MAIN(TestConfigParser)
#include "tst_configparser.moc"
