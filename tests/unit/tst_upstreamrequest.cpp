// The request a provider receives, built in one place for relayed traffic and backend tests.
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

QTEST_GUILESS_MAIN(TestUpstreamRequest)
#include "tst_upstreamrequest.moc"
