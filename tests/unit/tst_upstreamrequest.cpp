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

QTEST_GUILESS_MAIN(TestUpstreamRequest)
#include "tst_upstreamrequest.moc"
