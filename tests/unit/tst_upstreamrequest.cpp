// The request a provider receives, built in one place for relayed traffic and backend tests.
#include "store/configparser.h"
#include "upstream/upstreamrequest.h"

#include <QtTest>

using namespace clawgate;

namespace {

ProviderConfig companyProvider()
{
    ProviderConfig p;
    p.name = QStringLiteral("corp");
    p.baseUrl = QStringLiteral("https://llm.example.test/v1");
    p.headers = {{"Authorization", "Bearer corp-key"}, {"X-Team", "research"}};
    p.proxy = QStringLiteral("http://proxy.example.test:3128");
    p.caFile = QStringLiteral("/etc/corp/ca.pem");
    p.timeouts = {3, 40, 50};
    return p;
}

QByteArray headerValue(const HeaderList &headers, const QByteArray &name)
{
    QByteArray value;
    int count = 0;
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            value = h.second;
            ++count;
        }
    }
    return count == 1 ? value : QByteArray("<%1 headers>").replace("%1", QByteArray::number(count));
}

// A config with one provider "p" made of `fields`, its secret ${AZ_KEY} set to "az-key".
ProviderConfig parsedProvider(const QByteArray &fields)
{
    const QByteArray text = R"({"providers":{"p":{)" + fields
        + R"(}},"models":[{"alias":"a","backends":[{"provider":"p","model":"m"}]}]})";
    const ConfigParseResult r = ConfigParser::parse(text, [](const QString &name) {
        return name == QLatin1String("AZ_KEY") ? std::optional<QString>(QStringLiteral("az-key"))
                                               : std::nullopt;
    });
    if (!r.ok())
        qWarning("%s", qPrintable(r.errorText()));
    return r.ok() ? *r.config->providers.constFind(QStringLiteral("p")) : ProviderConfig();
}

} // namespace

class TestUpstreamRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void urlForEachEndpoint_data();
    void urlForEachEndpoint();
    void modelIsTheUpstreamModel();
    void providerHeadersWinOverClientHeaders_data();
    void providerHeadersWinOverClientHeaders();
    void transportSettingsComeFromTheProvider();
    void azureRequests_data();
    void azureRequests();
    void anthropicRequests_data();
    void anthropicRequests();
    void endpointServingEachClientEndpoint_data();
    void endpointServingEachClientEndpoint();
};

void TestUpstreamRequest::urlForEachEndpoint_data()
{
    QTest::addColumn<Endpoint>("endpoint");
    QTest::addColumn<QByteArray>("url");
    QTest::newRow("chat") << Endpoint::ChatCompletions
                          << QByteArray("https://llm.example.test/v1/chat/completions");
    QTest::newRow("embeddings") << Endpoint::Embeddings
                                << QByteArray("https://llm.example.test/v1/embeddings");
    QTest::newRow("responses") << Endpoint::Responses
                               << QByteArray("https://llm.example.test/v1/responses");
}

void TestUpstreamRequest::urlForEachEndpoint()
{
    QFETCH(Endpoint, endpoint);
    QFETCH(QByteArray, url);
    QCOMPARE(upstreamRequestFor(companyProvider(), endpoint, QStringLiteral("m"), "{}", {}).url,
             url);
}

void TestUpstreamRequest::modelIsTheUpstreamModel()
{
    const UpstreamRequest r
        = upstreamRequestFor(companyProvider(), Endpoint::ChatCompletions,
                             QStringLiteral("gpt-x-2025"), R"({"model":"fast","n":1})", {});
    QCOMPARE(r.body, QByteArray(R"({"model":"gpt-x-2025","n":1})"));
    QCOMPARE(r.method, QByteArray("POST"));

    // A translated body names the upstream model already and goes as it was written.
    const QByteArray translated = R"({"n":1, "model":"gpt-x-2025"})";
    QCOMPARE(upstreamRequestFor(companyProvider(), Endpoint::ChatCompletions,
                                QStringLiteral("gpt-x-2025"), translated, {}, {},
                                BodyModel::Upstream)
                 .body,
             translated);
}

void TestUpstreamRequest::providerHeadersWinOverClientHeaders_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("provider key replaces the client's, any case")
        << QByteArray("authorization") << QByteArray("Bearer corp-key");
    QTest::newRow("provider header replaces the client's")
        << QByteArray("x-team") << QByteArray("research");
    QTest::newRow("other client headers stay")
        << QByteArray("user-agent") << QByteArray("openclaw/1");
}

void TestUpstreamRequest::providerHeadersWinOverClientHeaders()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, expected);
    const HeaderList client = {
        {"AUTHORIZATION", "Bearer client-key"}, {"X-TEAM", "sales"}, {"user-agent", "openclaw/1"}};
    const UpstreamRequest r = upstreamRequestFor(companyProvider(), Endpoint::ChatCompletions,
                                                 QStringLiteral("m"), "{}", client);
    QCOMPARE(headerValue(r.headers, name), expected);
}

void TestUpstreamRequest::transportSettingsComeFromTheProvider()
{
    const UpstreamRequest r = upstreamRequestFor(companyProvider(), Endpoint::ChatCompletions,
                                                 QStringLiteral("m"), "{}", {});
    QCOMPARE(r.proxy, QStringLiteral("http://proxy.example.test:3128"));
    QCOMPARE(r.caFile, QByteArray("/etc/corp/ca.pem"));
    QCOMPARE(r.timeouts.connectSeconds, 3);
    QCOMPARE(r.timeouts.firstByteSeconds, 40);
    QCOMPARE(r.timeouts.idleSeconds, 50);
}

void TestUpstreamRequest::azureRequests_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<Endpoint>("endpoint");
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<QByteArray>("apiKeyHeader");
    QTest::addColumn<QByteArray>("authorization");
    const QByteArray azure = R"("type":"azure-openai","apiKey":"${AZ_KEY}",)";
    const QByteArray base = R"("baseUrl":"https://res.openai.azure.com/openai")";
    QTest::newRow("deployment defaults to the upstream model, default version")
        << azure + base << Endpoint::ChatCompletions
        << QByteArray("https://res.openai.azure.com/openai/deployments/gpt-4o/chat/"
                      "completions?api-version=2024-10-21")
        << QByteArray("az-key") << QByteArray("<0 headers>");
    QTest::newRow("named deployment and version")
        << azure + base + R"(,"deployment":"prod-4o","apiVersion":"2025-01-01-preview")"
        << Endpoint::Embeddings
        << QByteArray("https://res.openai.azure.com/openai/deployments/prod-4o/"
                      "embeddings?api-version=2025-01-01-preview")
        << QByteArray("az-key") << QByteArray("<0 headers>");
    QTest::newRow("trailing slash on the base")
        << azure + R"("baseUrl":"https://res.openai.azure.com/openai/")"
        << Endpoint::ChatCompletions
        << QByteArray("https://res.openai.azure.com/openai/deployments/gpt-4o/chat/"
                      "completions?api-version=2024-10-21")
        << QByteArray("az-key") << QByteArray("<0 headers>");
    QTest::newRow("the model list belongs to the resource")
        << azure + base << Endpoint::Models
        << QByteArray("https://res.openai.azure.com/openai/models?api-version=2024-10-21")
        << QByteArray("az-key") << QByteArray("<0 headers>");
    QTest::newRow("a path with its own query keeps it")
        << azure + base + R"(,"chatPath":"/chat/completions?trace=1")" << Endpoint::ChatCompletions
        << QByteArray("https://res.openai.azure.com/openai/deployments/gpt-4o/chat/"
                      "completions?trace=1&api-version=2024-10-21")
        << QByteArray("az-key") << QByteArray("<0 headers>");
    QTest::newRow("an explicit auth type replaces the api-key header")
        << azure + base + R"(,"auth":{"type":"bearer"})" << Endpoint::ChatCompletions
        << QByteArray("https://res.openai.azure.com/openai/deployments/gpt-4o/chat/"
                      "completions?api-version=2024-10-21")
        << QByteArray("<0 headers>") << QByteArray("Bearer az-key");
    QTest::newRow("openai type: no deployment, no version")
        << QByteArray(R"("apiKey":"${AZ_KEY}","baseUrl":"https://api.example.test/v1")")
        << Endpoint::ChatCompletions << QByteArray("https://api.example.test/v1/chat/completions")
        << QByteArray("<0 headers>") << QByteArray("Bearer az-key");
}

void TestUpstreamRequest::azureRequests()
{
    QFETCH(QByteArray, fields);
    QFETCH(Endpoint, endpoint);
    QFETCH(QByteArray, url);
    QFETCH(QByteArray, apiKeyHeader);
    QFETCH(QByteArray, authorization);
    const QByteArray text = R"({"providers":{"az":{)" + fields
        + R"(}},"models":[{"alias":"a","backends":[{"provider":"az","model":"gpt-4o"}]}]})";
    const ConfigParseResult r = ConfigParser::parse(text, [](const QString &name) {
        return name == QLatin1String("AZ_KEY") ? std::optional<QString>(QStringLiteral("az-key"))
                                               : std::nullopt;
    });
    QVERIFY2(r.ok(), qPrintable(r.errorText()));
    const UpstreamRequest request
        = upstreamRequestFor(*r.config->providers.constFind(QStringLiteral("az")), endpoint,
                             QStringLiteral("gpt-4o"), "{}", {{"api-key", "client-value"}});
    QCOMPARE(request.url, url);
    QCOMPARE(headerValue(request.headers, "api-key"),
             apiKeyHeader == "<0 headers>" ? QByteArray("client-value") : apiKeyHeader);
    QCOMPARE(headerValue(request.headers, "Authorization"), authorization);
}

void TestUpstreamRequest::anthropicRequests_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<Endpoint>("endpoint");
    QTest::addColumn<QByteArray>("clientVersion");
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<QByteArray>("apiKey");
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<QByteArray>("authorization");
    const QByteArray anthropic
        = R"("type":"anthropic","apiKey":"${AZ_KEY}","baseUrl":"https://api.anthropic.test/v1")";
    QTest::newRow("messages: x-api-key and the default version")
        << anthropic << Endpoint::Messages << QByteArray()
        << QByteArray("https://api.anthropic.test/v1/messages") << QByteArray("az-key")
        << QByteArray("2023-06-01") << QByteArray("<0 headers>");
    QTest::newRow("token count") << anthropic << Endpoint::CountTokens << QByteArray()
                                 << QByteArray(
                                        "https://api.anthropic.test/v1/messages/count_tokens")
                                 << QByteArray("az-key") << QByteArray("2023-06-01")
                                 << QByteArray("<0 headers>");
    QTest::newRow("the client's version is relayed")
        << anthropic << Endpoint::Messages << QByteArray("2024-01-01")
        << QByteArray("https://api.anthropic.test/v1/messages") << QByteArray("az-key")
        << QByteArray("2024-01-01") << QByteArray("<0 headers>");
    QTest::newRow("the provider's version wins")
        << anthropic + R"(,"headers":{"anthropic-version":"2025-02-02"})" << Endpoint::Messages
        << QByteArray("2024-01-01") << QByteArray("https://api.anthropic.test/v1/messages")
        << QByteArray("az-key") << QByteArray("2025-02-02") << QByteArray("<0 headers>");
    QTest::newRow("a bearer proxy in front of Anthropic")
        << anthropic + R"(,"auth":{"type":"bearer"})" << Endpoint::Messages << QByteArray()
        << QByteArray("https://api.anthropic.test/v1/messages") << QByteArray("<0 headers>")
        << QByteArray("2023-06-01") << QByteArray("Bearer az-key");
    QTest::newRow("an OpenAI provider gets no version")
        << QByteArray(R"("apiKey":"${AZ_KEY}","baseUrl":"https://api.example.test/v1")")
        << Endpoint::ChatCompletions << QByteArray()
        << QByteArray("https://api.example.test/v1/chat/completions") << QByteArray("<0 headers>")
        << QByteArray("<0 headers>") << QByteArray("Bearer az-key");
}

void TestUpstreamRequest::anthropicRequests()
{
    QFETCH(QByteArray, fields);
    QFETCH(Endpoint, endpoint);
    QFETCH(QByteArray, clientVersion);
    QFETCH(QByteArray, url);
    QFETCH(QByteArray, apiKey);
    QFETCH(QByteArray, version);
    QFETCH(QByteArray, authorization);
    HeaderList clientHeaders;
    if (!clientVersion.isEmpty())
        clientHeaders.append({"anthropic-version", clientVersion});
    const UpstreamRequest request = upstreamRequestFor(parsedProvider(fields), endpoint,
                                                       QStringLiteral("m"), "{}", clientHeaders);
    QCOMPARE(request.url, url);
    QCOMPARE(headerValue(request.headers, "x-api-key"), apiKey);
    QCOMPARE(headerValue(request.headers, "anthropic-version"), version);
    QCOMPARE(headerValue(request.headers, "Authorization"), authorization);
}

// Which of its endpoints a provider is asked for, by the endpoint the client called; -1: none.
void TestUpstreamRequest::endpointServingEachClientEndpoint_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<Endpoint>("client");
    QTest::addColumn<int>("served");
    const QByteArray openai = R"("baseUrl":"https://api.example.test/v1")";
    const QByteArray chatOnly = openai + R"(,"responsesApi":"chat")";
    const QByteArray anthropic = R"("type":"anthropic","baseUrl":"https://api.anthropic.test/v1")";
    const auto row = [](const char *name, const QByteArray &fields, Endpoint client, int served) {
        QTest::newRow(name) << fields << client << served;
    };
    row("openai: chat", openai, Endpoint::ChatCompletions, int(Endpoint::ChatCompletions));
    row("openai: messages through chat", openai, Endpoint::Messages,
        int(Endpoint::ChatCompletions));
    row("openai: responses relayed", openai, Endpoint::Responses, int(Endpoint::Responses));
    row("chat-only: responses through chat", chatOnly, Endpoint::Responses,
        int(Endpoint::ChatCompletions));
    row("openai: no token count", openai, Endpoint::CountTokens, -1);
    row("anthropic: messages", anthropic, Endpoint::Messages, int(Endpoint::Messages));
    row("anthropic: chat through messages", anthropic, Endpoint::ChatCompletions,
        int(Endpoint::Messages));
    row("anthropic: responses through messages", anthropic, Endpoint::Responses,
        int(Endpoint::Messages));
    row("anthropic: token count", anthropic, Endpoint::CountTokens, int(Endpoint::CountTokens));
    row("anthropic: no embeddings", anthropic, Endpoint::Embeddings, -1);
    row("anthropic: no completions", anthropic, Endpoint::Completions, -1);
}

void TestUpstreamRequest::endpointServingEachClientEndpoint()
{
    QFETCH(QByteArray, fields);
    QFETCH(Endpoint, client);
    QFETCH(int, served);
    const std::optional<Endpoint> endpoint = parsedProvider(fields).endpointFor(client);
    QCOMPARE(endpoint ? int(*endpoint) : -1, served);
}

QTEST_GUILESS_MAIN(TestUpstreamRequest)
#include "tst_upstreamrequest.moc"
