// The import of existing configurations, without any I/O: `.env` files, the three source formats
// (an aggregator's providers.json, a model registry, a YAML models list) read into a plan, the
// format detection, and the merge of a plan into a configuration that keeps what it does not own.
// Each reader is checked with a table of source snippets and the configuration field they map to,
// and with the example files in tests/data/import.
#include "import/configimport.h"
#include "import/envfile.h"
#include "import/yamlmodelsimport.h"
#include "keys/clientkeys.h"
#include "store/configparser.h"
#include "testfiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace clawgate;

namespace {

QString dataFile(const QString &relative)
{
    return QStringLiteral(CLAWGATE_TEST_DATA "/import/") + relative;
}

// The plan as one JSON document, so that a row can name any part of it by a path.
QJsonObject planJson(const ImportPlan &plan)
{
    QJsonObject o;
    o.insert(QLatin1String("providerDefaults"), plan.providerDefaults);
    o.insert(QLatin1String("providers"), plan.providers);
    o.insert(QLatin1String("models"), plan.models);
    o.insert(QLatin1String("defaultModel"), plan.defaultModel);
    o.insert(QLatin1String("unknownModelFallback"), plan.unknownModelFallback);
    QJsonArray secrets;
    for (const ImportedSecret &s : plan.secrets)
        secrets.append(QJsonObject {{QLatin1String("name"), s.name},
                                    {QLatin1String("value"), s.value},
                                    {QLatin1String("envName"), s.envName}});
    o.insert(QLatin1String("secrets"), secrets);
    QJsonArray keys;
    for (const ImportedClientKey &k : plan.clientKeys)
        keys.append(k.name);
    o.insert(QLatin1String("clientKeys"), keys);
    o.insert(QLatin1String("unmapped"), QJsonArray::fromStringList(plan.unmapped));
    o.insert(QLatin1String("checks"), QJsonArray::fromStringList(plan.checks));
    o.insert(QLatin1String("error"), plan.error);
    return o;
}

// "providers.doubao.apiKey", "models[0].backends[1].model"; a missing step is undefined.
QJsonValue valueAt(QJsonValue value, const QString &path)
{
    static const QRegularExpression step(QStringLiteral("([^.\\[\\]]+)|\\[(\\d+)\\]"));
    QRegularExpressionMatchIterator it = step.globalMatch(path);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        value = m.captured(2).isEmpty() ? value.toObject().value(m.captured(1))
                                        : value.toArray().at(m.captured(2).toInt());
    }
    return value;
}

QJsonValue expectedValue(const QString &text)
{
    // A JSON literal ("\"x\"", "true", "[...]", "{...}"), wrapped so that scalars parse too.
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text.toUtf8() + "]");
    return doc.array().at(0);
}

QString show(const QJsonValue &v)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact));
}

void addFieldColumns()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("env");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected"); // JSON
}

const QByteArray kAggregator = readFile(dataFile(QStringLiteral("aggregator/providers.json")));
const QByteArray kAggregatorEnv = readFile(dataFile(QStringLiteral("aggregator/.env")));
const QByteArray kRegistry = readFile(dataFile(QStringLiteral("registry/model_registry.json")));
const QByteArray kRegistryEnv = readFile(dataFile(QStringLiteral("registry/.env")));
const QByteArray kYaml = readFile(dataFile(QStringLiteral("yaml/models.yaml")));

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestConfigImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void envFile_data();
    void envFile();
    void detect_data();
    void detect();
    void aggregator_data();
    void aggregator() { checkField(); }
    void registry_data();
    void registry() { checkField(); }
    void yaml_data();
    void yaml() { checkField(); }
    void unmappedFieldsAreReportedOneLineEach_data();
    void unmappedFieldsAreReportedOneLineEach();
    void yamlErrorNamesTheLine();
    void unknownFormatIsRefused();
    void mergeKeepsWhatItDoesNotOwn();
    void mergingTwiceChangesNothing_data();
    void mergingTwiceChangesNothing();
    void mergeReplacesDifferingEntriesAndReportsThem();
    void mergeAddsGatewayKeyByHashOnce();
    void mergeKeepsAnExistingDefaultModel();
    void examplesProduceConfigurationsTheParserAccepts_data();
    void examplesProduceConfigurationsTheParserAccepts();

private:
    void checkField();
};

void TestConfigImport::initTestCase()
{
    for (const QByteArray *text :
         {&kAggregator, &kAggregatorEnv, &kRegistry, &kRegistryEnv, &kYaml})
        QVERIFY2(!text->isEmpty(), "an example file in tests/data/import is missing");
}

void TestConfigImport::envFile_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << QByteArray("A=1\n") << "A"
                           << "1";
    QTest::newRow("export prefix") << QByteArray("export B=two\n") << "B"
                                   << "two";
    QTest::newRow("double quotes") << QByteArray("C=\"x y # z\"\n") << "C"
                                   << "x y # z";
    QTest::newRow("single quotes") << QByteArray("D='q'\n") << "D"
                                   << "q";
    QTest::newRow("inline comment") << QByteArray("E=v # note\n") << "E"
                                    << "v";
    QTest::newRow("spaces around") << QByteArray("  F = w  \r\n") << "F"
                                   << "w";
    QTest::newRow("value with equals") << QByteArray("G=a=b\n") << "G"
                                       << "a=b";
    QTest::newRow("comment line ignored") << QByteArray("# H=1\nH=2\n") << "H"
                                          << "2";
}

void TestConfigImport::envFile()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, name);
    QFETCH(QString, value);
    const EnvValues values = EnvFile::parse(text);
    QCOMPARE(values.value(name), value);
    QCOMPARE(values.size(), 1);
}

void TestConfigImport::detect_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("format");
    using F = ConfigImport::Format;
    QTest::newRow("yaml by extension") << "models.yaml" << kYaml << int(F::Yaml);
    QTest::newRow("yml by extension") << "m.yml" << QByteArray("models: []") << int(F::Yaml);
    QTest::newRow("registry by provider_defaults") << "x.json" << kRegistry << int(F::Registry);
    QTest::newRow("registry by provider_type")
        << "x.json" << QByteArray(R"({"providers":{"a":{"provider_type":"panzhi"}}})")
        << int(F::Registry);
    QTest::newRow("registry by upstream_model")
        << "x.json" << QByteArray(R"({"providers":{},"models":[{"upstream_model":"m"}]})")
        << int(F::Registry);
    QTest::newRow("aggregator by providers")
        << "providers.json" << kAggregator << int(F::Aggregator);
    QTest::newRow("anything else") << "x.json" << QByteArray(R"({"a":1})") << int(F::Unknown);
}

void TestConfigImport::detect()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, text);
    QFETCH(int, format);
    QCOMPARE(int(ConfigImport::detect(fileName, text)), format);
}

void TestConfigImport::checkField()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, env);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const ImportPlan plan = ConfigImport::read(fileName, source, EnvFile::parse(env));
    const QJsonValue actual = valueAt(planJson(plan), path);
    QVERIFY2(actual == expectedValue(expected),
             qPrintable(QStringLiteral("%1 is %2, expected %3").arg(path, show(actual), expected)));
}

void TestConfigImport::aggregator_data()
{
    addFieldColumns();
    const QString f = QStringLiteral("providers.json");
    const QByteArray src = kAggregator;
    const QByteArray env = kAggregatorEnv;
    QTest::newRow("provider is openai") << f << src << env << "providers.doubao.type"
                                        << "\"openai\"";
    QTest::newRow("base url kept") << f << src << env << "providers.doubao.baseUrl"
                                   << "\"https://ark.cn-beijing.volces.com/api/v3\"";
    QTest::newRow("key from .env goes to the keychain")
        << f << src << env << "providers.doubao.apiKey"
        << "\"keychain:doubao-api-key\"";
    QTest::newRow("keychain entry holds the .env value")
        << f << src << env << "secrets[1]"
        << R"({"name":"doubao-api-key","value":"sk-import-doubao-0001","envName":"DOUBAO_API_KEY"})";
    QTest::newRow("quoted .env value unquoted") << f << src << env << "secrets[0].value"
                                                << "\"sk-import-deepseek-0001\"";
    QTest::newRow("without .env the reference stays")
        << f << src << QByteArray() << "providers.doubao.apiKey"
        << "\"${DOUBAO_API_KEY}\"";
    QTest::newRow("without .env no secret") << f << src << QByteArray() << "secrets"
                                            << "[]";
    QTest::newRow("chatPath kept") << f << src << env << "providers.deepseek.chatPath"
                                   << "\"/chat/completions\"";
    QTest::newRow("backends keep their order, provider defaultModel fills the model")
        << f << src << env << "models[0]"
        << R"({"alias":"chat","backends":[{"provider":"doubao","model":"doubao-seed-1-6-250615"},
              {"provider":"deepseek","model":"deepseek-chat"},
              {"provider":"siliconflow","model":"Qwen/Qwen3-32B"}]})";
    QTest::newRow("defaultModel names the alias") << f << src << env << "defaultModel"
                                                  << "\"chat\"";
    QTest::newRow("every model name answered") << f << src << env << "unknownModelFallback"
                                               << "true";
    QTest::newRow("gateway key becomes a client key") << f << src << env << "clientKeys"
                                                      << R"(["aggregator"])";
    QTest::newRow("PORT is reported, not mapped")
        << f << src << env << "unmapped"
        << R"j(["PORT=8787 (.env): ClawGate keeps its own port (server.port)"])j";
    QTest::newRow("provider without key needs no auth")
        << f << QByteArray(R"({"providers":{"local":{"baseUrl":"http://127.0.0.1:1/v1"}}})")
        << QByteArray() << "providers.local.auth"
        << R"({"type":"none"})";
    QTest::newRow("literal key goes to the keychain under the provider's name")
        << f << QByteArray(R"({"providers":{"p":{"baseUrl":"http://h/v1","apiKey":"lit"}}})")
        << QByteArray() << "secrets[0]"
        << R"({"name":"p-api-key","value":"lit","envName":"P_API_KEY"})";
    QTest::newRow("providers as an array, models as an object, provider:model backends")
        << f << QByteArray(R"({"providers":[{"name":"a","baseUrl":"http://h/v1"}],
                          "models":{"fast":["a:m1",{"provider":"a","model":"m2","enabled":false}]}})")
        << QByteArray() << "models[0]"
        << R"({"alias":"fast","backends":[{"provider":"a","model":"m1"},
              {"provider":"a","model":"m2","enabled":false}]})";
    QTest::newRow("unused .env entry reported")
        << f << QByteArray(R"({"providers":{"a":{"baseUrl":"http://h/v1"}}})")
        << QByteArray("OTHER=1\n") << "unmapped"
        << R"(["OTHER (.env): no imported field uses it"])";
}

void TestConfigImport::registry_data()
{
    addFieldColumns();
    const QString f = QStringLiteral("model_registry.json");
    const QByteArray src = kRegistry;
    const QByteArray env = kRegistryEnv;
    QTest::newRow("juzhi defaults: base url from .env")
        << f << src << env << "providerDefaults.juzhi.baseUrl"
        << "\"https://juzhi.example.com/v1\"";
    QTest::newRow("juzhi defaults: base url stays a reference without .env")
        << f << src << QByteArray() << "providerDefaults.juzhi.baseUrl"
        << "\"${OPENAI_API_BASE}\"";
    QTest::newRow("juzhi defaults: hmac preset, Bearer signature")
        << f << src << env << "providerDefaults.juzhi.auth.headers.Authorization"
        << "\"Bearer {signature}\"";
    QTest::newRow("juzhi defaults: app id from .env")
        << f << src << env << "providerDefaults.juzhi.auth.appId"
        << "\"app-juzhi-0001\"";
    QTest::newRow("juzhi defaults: secret to the keychain")
        << f << src << env << "providerDefaults.juzhi.auth.secret"
        << "\"keychain:openai-api-secret\"";
    QTest::newRow("juzhi defaults: secret stays a reference without .env")
        << f << src << QByteArray() << "providerDefaults.juzhi.auth.secret"
        << "\"${OPENAI_API_SECRET}\"";
    QTest::newRow("juzhi defaults: headers from .env")
        << f << src << env << "providerDefaults.juzhi.headers"
        << R"({"X-Model-Source":"clawgate","X-Trace-Id":"trace-import-0001"})";
    QTest::newRow("per-model provider names only its model id env")
        << f << src << QByteArray() << "providers.juzhi_kimi"
        << R"({"inherits":"juzhi","auth":{"modelIdEnv":"KIMI25_MODEL_ID"}})";
    QTest::newRow("per-model provider: .env model id as fallback")
        << f << src << env << "providers.juzhi_glm.auth"
        << R"({"modelIdEnv":"GLM5_MODEL_ID","modelId":"mid-glm-5"})";
    QTest::newRow("alias with its upstream model")
        << f << src << env << "models[1]"
        << R"({"alias":"juzhi_kimi2.5","backends":[{"provider":"juzhi_kimi","model":"kimi-k2.5"}]})";
    QTest::newRow("panzhi stands alone with its preset")
        << f << src << env << "providers.panzhi.auth.algorithm"
        << "\"sha256\"";
    QTest::newRow("panzhi: app key to the keychain")
        << f << src << env << "providers.panzhi.auth.secret"
        << "\"keychain:panzhi-appkey\"";
    QTest::newRow("panzhi: base url from its platform variable")
        << f << src << env << "providers.panzhi.baseUrl"
        << "\"https://panzhi.example.com/v1\"";
    QTest::newRow("upstream_model_env kept, .env value as the model")
        << f << src << env << "models[3].backends[0]"
        << R"({"provider":"panzhi","upstreamModelEnv":"PANZHI_MODEL_NAME","model":"panzhi-large"})";
    QTest::newRow("presets are named for a check")
        << f << src << env << "checks[0]"
        << "\"juzhi: the juzhi request signature (auth.stringToSign, auth.headers, auth.algorithm, "
           "auth.encoding, auth.timestampUnit) is a preset; check it against the platform's "
           "documentation and edit it if it differs\"";
    QTest::newRow("two secrets, named for their variables")
        << f << src << env << "secrets"
        << R"([{"name":"openai-api-secret","value":"sk-import-juzhi-secret-0001","envName":"OPENAI_API_SECRET"},
              {"name":"panzhi-appkey","value":"sk-import-panzhi-key-0001","envName":"PANZHI_APPKEY"}])";
    QTest::newRow("models nested in their provider")
        << f << QByteArray(R"({"providers":{"p":{"provider_type":"panzhi","models":[
                           {"alias":"a","upstream_model":"m"}]}}})")
        << QByteArray() << "models[0].backends[0]"
        << R"({"provider":"p","model":"m"})";
}

void TestConfigImport::yaml_data()
{
    addFieldColumns();
    const QString f = QStringLiteral("models.yaml");
    const QByteArray src = kYaml;
    QTest::newRow("openai model: provider")
        << f << src << QByteArray() << "providers.company-openai"
        << R"({"type":"openai","baseUrl":"https://llm.example.com/v1","apiKey":"${COMPANY_API_KEY}"})";
    QTest::newRow("openai model: alias with maxTokens")
        << f << src << QByteArray() << "models[0]"
        << R"({"alias":"company-openai","maxTokens":8192,
              "backends":[{"provider":"company-openai","model":"qwen-max"}]})";
    QTest::newRow("request with auth_url becomes login")
        << f << src << QByteArray() << "providers.corp-login.auth"
        << R"({"type":"login","url":"https://corp.example.com/api/login","username":"clawgate-user",
              "password":"keychain:corp-login-password","tokenTtlHours":12,
              "header":"Authorization","prefix":"Bearer "})";
    QTest::newRow("request: chat url split into base url")
        << f << src << QByteArray() << "providers.corp-login.baseUrl"
        << "\"https://corp.example.com/api/v1\"";
    QTest::newRow("request: password to the keychain")
        << f << src << QByteArray() << "secrets[0]"
        << R"({"name":"corp-login-password","value":"sk-import-corp-password-0001",
              "envName":"CORP_LOGIN_PASSWORD"})";
    QTest::newRow("request with token becomes static-token")
        << f << src << QByteArray() << "providers.corp-static.auth"
        << R"({"type":"static-token","token":"keychain:corp-static-token",
              "header":"Authorization","prefix":"Bearer "})";
    QTest::newRow("request: other chat path kept")
        << f << src << QByteArray() << "providers.corp-static"
        << R"({"type":"openai","baseUrl":"https://static.example.com","chatPath":"/llm/chat",
              "auth":{"type":"static-token","token":"keychain:corp-static-token",
                      "header":"Authorization","prefix":"Bearer "}})";
    QTest::newRow("enabled false disables the backend")
        << f << src << QByteArray() << "models[3].backends[0].enabled"
        << "false";
    QTest::newRow("api_keys become client keys") << f << src << QByteArray() << "clientKeys"
                                                 << R"(["imported"])";
    QTest::newRow("key from .env to the keychain")
        << f << src << QByteArray("COMPANY_API_KEY=sk-import-company-0001\n")
        << "providers.company-openai.apiKey"
        << "\"keychain:company-api-key\"";
    QTest::newRow("models as a map")
        << f
        << QByteArray("models:\n  m1:\n    type: openai\n    base_url: http://h/v1\n"
                      "    model_name: x\n")
        << QByteArray() << "models[0].alias"
        << "\"m1\"";
    QTest::newRow("quoted number stays text")
        << f
        << QByteArray("models:\n  - name: a\n    type: openai\n    base_url: http://h/v1\n"
                      "    model_name: \"123\"\n")
        << QByteArray() << "models[0].backends[0].model"
        << "\"123\"";
}

void TestConfigImport::unmappedFieldsAreReportedOneLineEach_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("unmapped");
    QTest::newRow("aggregator provider field")
        << "providers.json"
        << QByteArray(R"({"providers":{"a":{"baseUrl":"http://h/v1","rpm":5}},"logLevel":"x"})")
        << QStringList {QStringLiteral("providers.a.rpm: not a field the import knows"),
                        QStringLiteral("providers.json.logLevel: not a field the import knows")};
    QTest::newRow("yaml model of another type")
        << "m.yaml"
        << QByteArray("models:\n  - name: g\n    type: grpc\n  - name: o\n    type: openai\n"
                      "    base_url: http://h/v1\n    model_name: m\n")
        << QStringList {QStringLiteral("models.g: type \"grpc\" is not one the import knows "
                                       "(openai, request)")};
    QTest::newRow("registry model of an unknown provider")
        << "r.json" << QByteArray(R"({"providers":{"p":{"provider_type":"panzhi"}},
                          "models":[{"alias":"a","provider":"nope","upstream_model":"m"}]})")
        << QStringList {QStringLiteral("registry.models[0]: needs an alias and a known provider")};
}

void TestConfigImport::unmappedFieldsAreReportedOneLineEach()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, source);
    QFETCH(QStringList, unmapped);
    const ImportPlan plan = ConfigImport::read(fileName, source, {});
    QVERIFY2(plan.ok(), qPrintable(plan.error));
    QCOMPARE(plan.unmapped, unmapped);
}

void TestConfigImport::yamlErrorNamesTheLine()
{
    const ImportPlan plan
        = ConfigImport::read(QStringLiteral("m.yaml"), "models:\n  - name: a\n   bad: [\n", {});
    QVERIFY(!plan.ok());
    QVERIFY2(plan.error.startsWith(QLatin1String("models.yaml: line ")), qPrintable(plan.error));
}

void TestConfigImport::unknownFormatIsRefused()
{
    const ImportPlan plan = ConfigImport::read(QStringLiteral("x.json"), R"({"a":1})", {});
    QVERIFY(!plan.ok());
    QVERIFY2(plan.error.contains(QLatin1String("not a format the import knows")),
             qPrintable(plan.error));
}

void TestConfigImport::mergeKeepsWhatItDoesNotOwn()
{
    const QJsonObject existing = object(R"({
        "version": 1, "x-mine": {"keep": true},
        "providers": {"own": {"type": "openai", "baseUrl": "http://own/v1", "note": "n"}},
        "models": [{"alias": "mine", "backends": [{"provider": "own", "model": "m"}]}]})");
    const ImportPlan plan = ConfigImport::read(QStringLiteral("providers.json"), kAggregator, {});
    const MergeResult merged = ConfigMerge::merge(existing, plan);
    QCOMPARE(merged.root.value(QLatin1String("x-mine")), existing.value(QLatin1String("x-mine")));
    QCOMPARE(merged.root.value(QLatin1String("providers")).toObject().value(QLatin1String("own")),
             existing.value(QLatin1String("providers")).toObject().value(QLatin1String("own")));
    const QJsonArray models = merged.root.value(QLatin1String("models")).toArray();
    QCOMPARE(models.size(), 2);
    QCOMPARE(models.at(0), existing.value(QLatin1String("models")).toArray().at(0));
    QStringList created;
    for (const ImportChange &c : merged.changes)
        created.append(c.what + QLatin1Char(' ') + c.name);
    QCOMPARE(created,
             (QStringList {QStringLiteral("provider deepseek"), QStringLiteral("provider doubao"),
                           QStringLiteral("provider siliconflow"), QStringLiteral("model chat"),
                           QStringLiteral("defaultModel chat")}));
}

void TestConfigImport::mergingTwiceChangesNothing_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("env");
    QTest::newRow("aggregator") << "providers.json" << kAggregator << kAggregatorEnv;
    QTest::newRow("registry") << "model_registry.json" << kRegistry << kRegistryEnv;
    QTest::newRow("yaml") << "models.yaml" << kYaml << QByteArray();
}

void TestConfigImport::mergingTwiceChangesNothing()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, env);
    const QJsonObject existing = object(R"({"version": 1, "providers": {}, "models": []})");
    const MergeResult first
        = ConfigMerge::merge(existing, ConfigImport::read(fileName, source, EnvFile::parse(env)));
    QVERIFY(first.changed());
    const MergeResult second
        = ConfigMerge::merge(first.root, ConfigImport::read(fileName, source, EnvFile::parse(env)));
    QVERIFY(!second.changed());
    QCOMPARE(second.root, first.root);
}

void TestConfigImport::mergeReplacesDifferingEntriesAndReportsThem()
{
    const QJsonObject existing = object(R"({"providers": {"doubao": {"baseUrl": "http://old/v1"}},
        "models": [{"alias": "chat", "backends": [{"provider": "doubao", "model": "old"}]}]})");
    const ImportPlan plan = ConfigImport::read(QStringLiteral("providers.json"), kAggregator, {});
    const MergeResult merged = ConfigMerge::merge(existing, plan);
    QCOMPARE(
        merged.root.value(QLatin1String("providers")).toObject().value(QLatin1String("doubao")),
        plan.providers.value(QLatin1String("doubao")));
    int updated = 0;
    for (const ImportChange &c : merged.changes)
        updated += c.kind == ImportChange::Kind::Updated ? 1 : 0;
    QCOMPARE(updated, 2); // provider doubao and model chat
}

void TestConfigImport::mergeAddsGatewayKeyByHashOnce()
{
    QJsonObject existing = object(R"({"providers": {}})");
    QVERIFY(ClientKeys::add(existing, QStringLiteral("aggregator"), "sk-cg-other").isEmpty());
    const ImportPlan plan = ConfigImport::read(QStringLiteral("providers.json"), kAggregator,
                                               EnvFile::parse(kAggregatorEnv));
    const MergeResult merged = ConfigMerge::merge(existing, plan);
    const QJsonArray keys = merged.root.value(QLatin1String("clientKeys")).toArray();
    QCOMPARE(keys.size(), 2);
    const QJsonObject added = keys.at(1).toObject();
    QCOMPARE(added.value(QLatin1String("name")).toString(), QStringLiteral("aggregator-2"));
    QCOMPARE(added.value(QLatin1String("sha256")).toString().toLatin1(),
             ClientKeys::sha256Hex("sk-import-gateway-key-0001"));
    QVERIFY(!QJsonDocument(merged.root).toJson().contains("sk-import-gateway-key-0001"));
    QCOMPARE(ConfigMerge::merge(merged.root, plan).root.value(QLatin1String("clientKeys")),
             merged.root.value(QLatin1String("clientKeys")));
}

void TestConfigImport::mergeKeepsAnExistingDefaultModel()
{
    const QJsonObject existing = object(R"({"defaultModel": "mine", "models": [
        {"alias": "mine", "backends": [{"provider": "x", "model": "m"}]}]})");
    const ImportPlan plan = ConfigImport::read(QStringLiteral("providers.json"), kAggregator, {});
    const MergeResult merged = ConfigMerge::merge(existing, plan);
    QCOMPARE(merged.root.value(QLatin1String("defaultModel")).toString(), QStringLiteral("mine"));
    QVERIFY(!merged.root.contains(QLatin1String("unknownModelFallback")));
    QCOMPARE(merged.notes,
             QStringList {QStringLiteral("defaultModel chat: kept the configuration's "
                                         "defaultModel mine")});
}

void TestConfigImport::examplesProduceConfigurationsTheParserAccepts_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("env");
    QTest::newRow("aggregator") << "aggregator/providers.json"
                                << "aggregator/.env";
    QTest::newRow("aggregator without .env") << "aggregator/providers.json"
                                             << "";
    QTest::newRow("registry") << "registry/model_registry.json"
                              << "registry/.env";
    QTest::newRow("yaml") << "yaml/models.yaml"
                          << "";
}

void TestConfigImport::examplesProduceConfigurationsTheParserAccepts()
{
    QFETCH(QString, source);
    QFETCH(QString, env);
    const ImportPreview preview
        = ConfigImport::prepare(dataFile(source), env.isEmpty() ? QString() : dataFile(env),
                                object(R"({"version": 1, "providers": {}, "models": []})"));
    QVERIFY2(preview.ok(),
             qPrintable(preview.error + preview.configErrors.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestConfigImport)
#include "tst_configimport.moc"
