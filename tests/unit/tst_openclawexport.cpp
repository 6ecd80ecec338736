// The OpenClaw export: the snippet holds exactly the keys OpenClaw accepts, in each of the three
// protocols OpenClaw can speak to the gateway, and the merge into
// openclaw.json (JSON5, written by a person) changes only `models.providers.clawgate`: every
// other byte of the file is compared with what it was. A file that cannot be read safely is
// refused with the line that stopped it.
#include "export/json5scanner.h"
#include "export/openclawmerge.h"
#include "export/openclawsnippet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace clawgate;

Q_DECLARE_METATYPE(clawgate::OpenClawApi)

namespace {

OpenClawProvider sampleProvider()
{
    return {QStringLiteral("http://127.0.0.1:18080/v1"),
            QStringLiteral("sk-cg-test"),
            {{QStringLiteral("chat"), QStringLiteral("Chat"), 128000, 8192, true}}};
}

// The provider as the merge renders it with `indent` before its first line.
QByteArray P(const QByteArray &indent, const QByteArray &newline = "\n",
             const QByteArray &unit = "  ")
{
    return OpenClawSnippet::renderProvider(sampleProvider(), indent, {unit, newline});
}

// The value of models.providers.clawgate in `text`, found with the scanner.
QByteArray clawgateValue(const QByteArray &text)
{
    Json5Scanner scanner(text);
    std::optional<Json5Object> object = scanner.rootObject();
    for (const QString &key :
         {QStringLiteral("models"), QStringLiteral("providers"), QStringLiteral("clawgate")}) {
        if (!object)
            return {};
        const auto member = std::find_if(object->members.cbegin(), object->members.cend(),
                                         [&](const Json5Member &m) { return m.key == key; });
        if (member == object->members.cend())
            return {};
        if (key == QLatin1String("clawgate"))
            return text.mid(member->valueStart, member->valueEnd - member->valueStart);
        object = scanner.objectAt(member->valueStart);
    }
    return {};
}

QStringList strings(std::initializer_list<const char *> texts)
{
    QStringList list;
    for (const char *text : texts)
        list << QString::fromUtf8(text);
    return list;
}

} // namespace

class TestOpenClawExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scannerReadsJson5_data();
    void scannerReadsJson5();
    void snippetHasOnlyTheKeysOpenClawAccepts_data();
    void snippetHasOnlyTheKeysOpenClawAccepts();
    void snippetLeavesOutUnsetLimits();
    void apiNamesAreOpenClaws();
    void apiFromNameRefusesAnythingElse_data();
    void apiFromNameRefusesAnythingElse();
    void addressReachesAWildcardBindOnLoopback_data();
    void addressReachesAWildcardBindOnLoopback();
    void mergeChangesOnlyTheClawgateEntry_data();
    void mergeChangesOnlyTheClawgateEntry();
    void switchingTheApiReplacesOnlyTheClawgateEntry();
    void mergeRefusesWhatItCannotReadSafely_data();
    void mergeRefusesWhatItCannotReadSafely();
    void applyBacksUpThenWrites();
    void applyCreatesAMissingFileForTheOwnerOnly();
    void applyLeavesARefusedFileUntouched();
};

void TestOpenClawExport::scannerReadsJson5_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QStringList>("values");

    QTest::newRow("strict JSON") << QByteArray(R"({"a": 1, "b": [true, null]})")
                                 << strings({"a", "b"}) << strings({"1", "[true, null]"});
    QTest::newRow("unquoted, single-quoted and escaped keys")
        << QByteArray(R"({ plain: 1, 'single': 2, "claw\u0067ate": 3, $_x9: 4 })")
        << strings({"plain", "single", "clawgate", "$_x9"}) << strings({"1", "2", "3", "4"});
    QTest::newRow("JSON5 numbers")
        << QByteArray("{h: 0xFF, p: +1, n: -.5, t: 5., e: 1e-3, i: -Infinity, q: NaN}")
        << strings({"h", "p", "n", "t", "e", "i", "q"})
        << strings({"0xFF", "+1", "-.5", "5.", "1e-3", "-Infinity", "NaN"});
    QTest::newRow("comments and trailing commas everywhere")
        << QByteArray("/* head */ { // line\n a /* k */ : /* v */ [1, 2, /* x */], // after\n"
                      " b: {c: 'd',}, } // tail\n")
        << strings({"a", "b"}) << strings({"[1, 2, /* x */]", "{c: 'd',}"});
    QTest::newRow("strings holding braces, quotes and comment markers")
        << QByteArray(R"({s: "} { // /* \" '", t: '" } \' */', u: "a\
b"})") << strings({"s", "t", "u"})
        << strings({R"("} { // /* \" '")", R"('" } \' */')", "\"a\\\nb\""});
    QTest::newRow("BOM, CRLF and a non-breaking space") << QByteArray("\xEF\xBB\xBF{\r\n\xC2\xA0"
                                                                      "a: 1,\r\n}\r\n")
                                                        << strings({"a"}) << strings({"1"});
}

void TestOpenClawExport::scannerReadsJson5()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, keys);
    QFETCH(QStringList, values);
    Json5Scanner scanner(text);
    const std::optional<Json5Object> root = scanner.rootObject();
    QVERIFY2(root, qPrintable(scanner.error()));
    QStringList foundKeys, foundValues;
    for (const Json5Member &m : root->members) {
        foundKeys << m.key;
        foundValues << QString::fromUtf8(text.mid(m.valueStart, m.valueEnd - m.valueStart));
    }
    QCOMPARE(foundKeys, keys);
    QCOMPARE(foundValues, values);
}

void TestOpenClawExport::snippetHasOnlyTheKeysOpenClawAccepts_data()
{
    QTest::addColumn<OpenClawApi>("api");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("baseUrl");
    // The OpenAI SDK appends /chat/completions or /responses to a base that ends in /v1; the
    // Anthropic one appends /v1/messages itself.
    QTest::newRow("openai-completions: the base ends in /v1")
        << OpenClawApi::OpenAICompletions << QStringLiteral("openai-completions")
        << QStringLiteral("http://127.0.0.1:18080/v1");
    QTest::newRow("anthropic-messages: the base has no /v1")
        << OpenClawApi::AnthropicMessages << QStringLiteral("anthropic-messages")
        << QStringLiteral("http://127.0.0.1:18080");
    QTest::newRow("openai-responses: the base ends in /v1")
        << OpenClawApi::OpenAIResponses << QStringLiteral("openai-responses")
        << QStringLiteral("http://127.0.0.1:18080/v1");
}

void TestOpenClawExport::snippetHasOnlyTheKeysOpenClawAccepts()
{
    QFETCH(OpenClawApi, api);
    QFETCH(QString, name);
    QFETCH(QString, baseUrl);
    Config config;
    ModelAlias chat;
    chat.alias = QStringLiteral("chat");
    chat.displayName = QStringLiteral("Chat (GPT)");
    chat.contextWindow = 128000;
    chat.maxTokens = 8192;
    chat.reasoning = true;
    ModelAlias plain;
    plain.alias = QStringLiteral("plain");
    config.models = {chat, plain};
    const OpenClawProvider provider = OpenClawSnippet::provider(
        config, OpenClawSnippet::gatewayAddress(QStringLiteral("127.0.0.1"), 18080),
        QStringLiteral("sk-cg-abc"), api);
    const QByteArray text = OpenClawSnippet::document(provider);
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(text, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject entry
        = root[QStringLiteral("models")][QStringLiteral("providers")][QStringLiteral("clawgate")]
              .toObject();
    QCOMPARE(entry.keys(), (strings({"api", "apiKey", "baseUrl", "models"})));
    QCOMPARE(entry[QStringLiteral("api")].toString(), name);
    QCOMPARE(entry[QStringLiteral("baseUrl")].toString(), baseUrl);
    QCOMPARE(entry[QStringLiteral("apiKey")].toString(), QStringLiteral("sk-cg-abc"));
    const QJsonArray models = entry[QStringLiteral("models")].toArray();
    QCOMPARE(models.size(), 2);
    QCOMPARE(models[0].toObject().keys(),
             (strings({"contextWindow", "id", "maxTokens", "name", "reasoning"})));
    QCOMPARE(models[0][QStringLiteral("name")].toString(), QStringLiteral("Chat (GPT)"));
    QCOMPARE(models[0][QStringLiteral("contextWindow")].toInt(), 128000);
    QCOMPARE(models[0][QStringLiteral("maxTokens")].toInt(), 8192);
    QCOMPARE(models[0][QStringLiteral("reasoning")].toBool(), true);
    QCOMPARE(models[1].toObject().keys(), (strings({"id", "name"})));
    QCOMPARE(models[1][QStringLiteral("name")].toString(), QStringLiteral("plain"));
}

// OpenClaw requires positive limits when they are present, so unset ones are left out.
void TestOpenClawExport::snippetLeavesOutUnsetLimits()
{
    OpenClawProvider provider = sampleProvider();
    provider.models[0].contextWindow = 0;
    provider.models[0].maxTokens = 0;
    provider.models[0].reasoning = false;
    const QByteArray text = OpenClawSnippet::renderProvider(provider, {});
    QVERIFY(!text.contains("contextWindow"));
    QVERIFY(!text.contains("maxTokens"));
    QVERIFY(!text.contains("reasoning"));
}

// The names are OpenClaw's values for a provider's `api`, the default first; each reads back.
void TestOpenClawExport::apiNamesAreOpenClaws()
{
    QStringList names;
    for (const OpenClawApi api : OpenClawSnippet::apis()) {
        names << OpenClawSnippet::apiName(api);
        QCOMPARE(OpenClawSnippet::apiFromName(names.last()), std::optional<OpenClawApi>(api));
    }
    QCOMPARE(names, strings({"openai-completions", "anthropic-messages", "openai-responses"}));
    QCOMPARE(OpenClawSnippet::apiNameList(),
             QStringLiteral("openai-completions, anthropic-messages, openai-responses"));
    QCOMPARE(OpenClawProvider().api, OpenClawApi::OpenAICompletions);
}

void TestOpenClawExport::apiFromNameRefusesAnythingElse_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("another OpenClaw adapter") << QStringLiteral("azure-openai-responses");
    QTest::newRow("a provider type, not an api") << QStringLiteral("anthropic");
    QTest::newRow("wrong case") << QStringLiteral("Anthropic-Messages");
    QTest::newRow("surrounding blanks") << QStringLiteral(" openai-responses");
}

void TestOpenClawExport::apiFromNameRefusesAnythingElse()
{
    QFETCH(QString, name);
    QCOMPARE(OpenClawSnippet::apiFromName(name), std::optional<OpenClawApi>());
}

void TestOpenClawExport::addressReachesAWildcardBindOnLoopback_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("url");
    QTest::newRow("loopback") << QString::fromUtf8("127.0.0.1")
                              << QString::fromUtf8("http://127.0.0.1:9");
    QTest::newRow("any IPv4") << QString::fromUtf8("0.0.0.0")
                              << QString::fromUtf8("http://127.0.0.1:9");
    QTest::newRow("any IPv6") << QString::fromUtf8("::") << QString::fromUtf8("http://127.0.0.1:9");
    QTest::newRow("a LAN address")
        << QString::fromUtf8("192.168.1.5") << QString::fromUtf8("http://192.168.1.5:9");
    QTest::newRow("IPv6 loopback")
        << QString::fromUtf8("::1") << QString::fromUtf8("http://[::1]:9");
}

void TestOpenClawExport::addressReachesAWildcardBindOnLoopback()
{
    QFETCH(QString, host);
    QFETCH(QString, url);
    QCOMPARE(OpenClawSnippet::gatewayAddress(host, 9), url);
    QCOMPARE(OpenClawSnippet::gatewayAddressFromServerUrl(QStringLiteral("http://0.0.0.0:9")),
             QStringLiteral("http://127.0.0.1:9"));
}

void TestOpenClawExport::mergeChangesOnlyTheClawgateEntry_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray six = "      ";
    const QByteArray fresh = "{\n  \"models\": {\n    \"providers\": {\n      \"clawgate\": "
        + P(six) + "\n    }\n  }\n}\n";

    const QByteArray before
        = "// OpenClaw settings\n"
          "{\n"
          "  agents: { defaults: { model: { primary: 'clawgate/chat' } } }, "
          "// mine\n"
          "  models: {\n"
          "    mode: 'merge',\n"
          "    providers: {\n"
          "      /* before */ local: { baseUrl: \"http://x/v1\", models: [], },\n"
          "      clawgate: ";
    const QByteArray after
        = ", // old entry\n"
          "      other: { baseUrl: \"http://y/v1\", note: \"} { // no comment\", "
          "models: [], },\n"
          "    },\n"
          "  },\n"
          "  port: 0x1F90,\n"
          "}\n";
    QTest::newRow("replaces the entry between other providers, comments and trailing commas")
        << before + "{ baseUrl: 'old', apiKey: \"old\", models: [ /* } */ ], }" + after
        << before + P(six) + after;

    const QByteArray withComma = "{\n  models: {\n    providers: {\n"
                                 "      local: { baseUrl: \"http://x/v1\", models: [] },\n"
                                 "      other: { baseUrl: \"http://y/v1\", models: [] }, // last";
    const QByteArray withCommaEnd = "\n    },\n  },\n}\n";
    QTest::newRow("inserts after the last provider, keeping the trailing-comma style") << withComma
            + withCommaEnd << withComma + "\n      \"clawgate\": " + P(six) + "," + withCommaEnd;

    QTest::newRow("inserts after a last member without a comma, leaving its comment there")
        << QByteArray(
               "{\n  \"models\": {\n    \"providers\": {\n"
               "      \"local\": {\"baseUrl\": \"http://x/v1\", \"models\": []} // only one\n"
               "    }\n  }\n}\n")
        << "{\n  \"models\": {\n    \"providers\": {\n"
           "      \"local\": {\"baseUrl\": \"http://x/v1\", \"models\": []}, // only one\n"
           "      \"clawgate\": "
            + P(six) + "\n    }\n  }\n}\n";

    QTest::newRow("creates providers inside a one-line models object")
        << QByteArray("{\n  models: { mode: \"merge\" },\n  gateway: {},\n}\n")
        << "{\n  models: { mode: \"merge\", \n    \"providers\": {\n      \"clawgate\": " + P(six)
            + "\n    }\n  },\n  gateway: {},\n}\n";

    QTest::newRow("creates models at the end of the file's object")
        << QByteArray("{\n  gateway: { port: 1 },\n}\n")
        << "{\n  gateway: { port: 1 },\n  \"models\": {\n    \"providers\": {\n      \"clawgate\": "
            + P(six) + "\n    }\n  },\n}\n";

    QTest::newRow("fills an empty object") << QByteArray("{}") << fresh.chopped(1);

    QTest::newRow("keeps CRLF line endings and the BOM")
        << QByteArray(
               "\xEF\xBB\xBF{\r\n  models: {\r\n    providers: {\r\n      clawgate: null,\r\n"
               "    },\r\n  },\r\n}\r\n")
        << "\xEF\xBB\xBF{\r\n  models: {\r\n    providers: {\r\n      clawgate: " + P(six, "\r\n")
            + ",\r\n    },\r\n  },\r\n}\r\n";

    QTest::newRow("follows tab indentation")
        << QByteArray("{\n\tmodels: {\n\t\tproviders: {\n\t\t\ta: {},\n\t\t},\n\t},\n}")
        << "{\n\tmodels: {\n\t\tproviders: {\n\t\t\ta: {},\n\t\t\t\"clawgate\": "
            + P("\t\t\t", "\n", "\t") + ",\n\t\t},\n\t},\n}";

    QTest::newRow("finds a single-quoted, escaped key on one line")
        << QByteArray(R"({models: {providers: {'claw\u0067ate': 1}}})")
        << R"({models: {providers: {'claw\u0067ate': )" + P({}) + "}}}";

    QTest::newRow("writes a new document into an empty file") << QByteArray() << fresh;
    QTest::newRow("writes a new document into a blank file") << QByteArray("\n \n") << fresh;
}

void TestOpenClawExport::mergeChangesOnlyTheClawgateEntry()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const OpenClawMergeResult result = OpenClawMerge::merge(input, sampleProvider());
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.text, expected);
    // The result is valid JSON5 and its entry is the provider, as JSON.
    const QJsonObject entry = QJsonDocument::fromJson(clawgateValue(result.text)).object();
    QCOMPARE(entry[QStringLiteral("apiKey")].toString(), QStringLiteral("sk-cg-test"));
    QCOMPARE(entry[QStringLiteral("models")][0][QStringLiteral("id")].toString(),
             QStringLiteral("chat"));
    // Merging again changes nothing.
    QCOMPARE(OpenClawMerge::merge(result.text, sampleProvider()).text, result.text);
}

// A file whose clawgate entry speaks one protocol gets the other one in its place, the other
// providers and comments byte for byte as they were, and switching back gives the first file.
void TestOpenClawExport::switchingTheApiReplacesOnlyTheClawgateEntry()
{
    const QByteArray before = "{\n  models: {\n    providers: {\n"
                              "      local: { baseUrl: 'http://x/v1', api: 'openai-responses' },\n"
                              "      clawgate: ";
    const QByteArray after = ", // ClawGate\n"
                             "      claude: { baseUrl: 'http://y', api: 'anthropic-messages' },\n"
                             "    },\n  },\n}\n";
    OpenClawProvider anthropic = sampleProvider();
    anthropic.api = OpenClawApi::AnthropicMessages;
    anthropic.baseUrl = QStringLiteral("http://127.0.0.1:18080");
    OpenClawProvider responses = sampleProvider();
    responses.api = OpenClawApi::OpenAIResponses;
    const QByteArray six = "      ";
    const QByteArray anthropicFile
        = before + OpenClawSnippet::renderProvider(anthropic, six) + after;

    const OpenClawMergeResult switched = OpenClawMerge::merge(anthropicFile, responses);
    QVERIFY2(switched.ok, qPrintable(switched.error));
    QCOMPARE(switched.text, before + OpenClawSnippet::renderProvider(responses, six) + after);
    const QJsonObject entry = QJsonDocument::fromJson(clawgateValue(switched.text)).object();
    QCOMPARE(entry[QStringLiteral("api")].toString(), QStringLiteral("openai-responses"));
    QCOMPARE(entry[QStringLiteral("baseUrl")].toString(),
             QStringLiteral("http://127.0.0.1:18080/v1"));

    const OpenClawMergeResult back = OpenClawMerge::merge(switched.text, anthropic);
    QVERIFY2(back.ok, qPrintable(back.error));
    QCOMPARE(back.text, anthropicFile);
}

void TestOpenClawExport::mergeRefusesWhatItCannotReadSafely_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");
    QTest::newRow("unclosed comment") << QByteArray("{\n  a: 1,\n  /* never closed\n}")
                                      << QString::fromUtf8("line 3: a /* comment is never closed");
    QTest::newRow("missing comma")
        << QByteArray("{\n  a: 1\n  b: 2\n}")
        << QString::fromUtf8("line 3: a ',' or '}' is missing after a value");
    QTest::newRow("top level is an array")
        << QByteArray("[1]")
        << QString::fromUtf8("line 1: the file does not start with an object ('{')");
    QTest::newRow("only comments")
        << QByteArray("// nothing\n")
        << QString::fromUtf8("line 2: the file does not start with an object ('{')");
    QTest::newRow("models twice") << QByteArray("{\n models: {},\n models: {},\n}")
                                  << QString::fromUtf8("line 3: \"models\" appears twice");
    QTest::newRow("models not an object")
        << QByteArray("{\n models: [],\n}")
        << QString::fromUtf8("line 2: \"models\" is not an object");
    QTest::newRow("clawgate twice")
        << QByteArray("{models:{providers:{\nclawgate:{},\nclawgate:{}}}}")
        << QString::fromUtf8("line 3: \"clawgate\" appears twice");
    QTest::newRow("string broken by a newline")
        << QByteArray("{\n a: 'x\n'}")
        << QString::fromUtf8("line 2: a string runs past the end of its line");
    QTest::newRow("text after the object")
        << QByteArray("{}\n{}")
        << QString::fromUtf8("line 2: unexpected text after the top-level object");
    QTest::newRow("unclosed string")
        << QByteArray("{a: \"x}") << QString::fromUtf8("line 1: a string is never closed");
    QTest::newRow("unknown word") << QByteArray("{a: undefined}")
                                  << QString::fromUtf8("line 1: \"undefined\" is not a value");
    QTest::newRow("bad hex") << QByteArray("{a: 0x}")
                             << QString::fromUtf8("line 1: a hex number has no digits");
    QTest::newRow("nesting too deep") << "{a: " + QByteArray(300, '[') + QByteArray(300, ']')
            + "}" << QString::fromUtf8("line 1: objects and arrays are nested too deeply");
}

void TestOpenClawExport::mergeRefusesWhatItCannotReadSafely()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);
    const OpenClawMergeResult result = OpenClawMerge::merge(input, sampleProvider());
    QVERIFY(!result.ok);
    QCOMPARE(result.error, error);
    QVERIFY(result.text.isEmpty());
}

void TestOpenClawExport::applyBacksUpThenWrites()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("openclaw.json"));
    const QByteArray original = "{\n  // keep me\n  gateway: {},\n}\n";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(original);
    }
    const QDateTime now(QDate(2026, 11, 30), QTime(1, 2, 3));
    const OpenClawApplyResult first = OpenClawMerge::apply(path, sampleProvider(), now);
    QCOMPARE(first.outcome, OpenClawApplyResult::Outcome::Updated);
    QCOMPARE(first.backupPath, path + QStringLiteral(".bak-20261130-010203"));
    QFile backup(first.backupPath);
    QVERIFY(backup.open(QIODevice::ReadOnly));
    QCOMPARE(backup.readAll(), original);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), OpenClawMerge::merge(original, sampleProvider()).text);

    QCOMPARE(OpenClawMerge::apply(path, sampleProvider(), now).outcome,
             OpenClawApplyResult::Outcome::Unchanged);
    OpenClawProvider changed = sampleProvider();
    changed.apiKey = QStringLiteral("sk-cg-other");
    // A second backup in the same second does not overwrite the first.
    QCOMPARE(OpenClawMerge::apply(path, changed, now).backupPath,
             path + QStringLiteral(".bak-20261130-010203-2"));
}

void TestOpenClawExport::applyCreatesAMissingFileForTheOwnerOnly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("new/openclaw.json"));
    const OpenClawApplyResult result
        = OpenClawMerge::apply(path, sampleProvider(), QDateTime::currentDateTime());
    QCOMPARE(result.outcome, OpenClawApplyResult::Outcome::Created);
    QVERIFY(result.backupPath.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), OpenClawSnippet::document(sampleProvider()));
    QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
}

void TestOpenClawExport::applyLeavesARefusedFileUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("openclaw.json"));
    const QByteArray broken = "{\n  models: {\n    providers: { a: 1 b: 2 },\n  },\n}\n";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(broken);
    }
    const OpenClawApplyResult result
        = OpenClawMerge::apply(path, sampleProvider(), QDateTime::currentDateTime());
    QCOMPARE(result.outcome, OpenClawApplyResult::Outcome::Refused);
    QVERIFY2(result.error.startsWith(QLatin1String("line 3:")), qPrintable(result.error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), broken);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
             QStringList {QStringLiteral("openclaw.json")});
}

QTEST_GUILESS_MAIN(TestOpenClawExport)
#include "tst_openclawexport.moc"
