// What a failed backend test shows: the upstream's own message when its body has one, cut to a
// readable length, and never a secret of the provider, even when the upstream echoes it.
#include "upstream/upstreamerrortext.h"

#include <QtTest>

using namespace clawgate;

class TestUpstreamErrorText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorText_data();
    void errorText();
    void longTextIsCutToALine();
    void secretsOfAProvider();
};

void TestUpstreamErrorText::errorText_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");

    QTest::newRow("openai error message")
        << 401 << QByteArray(R"({"error":{"message":"Invalid API key","type":"auth"}})")
        << QStringLiteral("Invalid API key");
    QTest::newRow("error as a plain string") << 500 << QByteArray(R"({"error":"model overloaded"})")
                                             << QStringLiteral("model overloaded");
    QTest::newRow("top-level message")
        << 404 << QByteArray(R"({"message":"no such model"})") << QStringLiteral("no such model");
    QTest::newRow("text body") << 502 << QByteArray("Bad Gateway\r\n")
                               << QStringLiteral("Bad Gateway");
    QTest::newRow("json without a message is shown as text")
        << 400 << QByteArray(R"({"detail":1})") << QStringLiteral(R"({"detail":1})");
    QTest::newRow("empty body names the status")
        << 503 << QByteArray() << QStringLiteral("HTTP 503");
    QTest::newRow("echoed key is redacted")
        << 401
        << QByteArray(R"({"error":{"message":"Incorrect API key provided: sk-upstream-live-123"}})")
        << QStringLiteral("Incorrect API key provided: ***");
    QTest::newRow("echoed authorization header is redacted whole")
        << 401 << QByteArray("rejected: Bearer sk-upstream-live-123")
        << QStringLiteral("rejected: ***");
    QTest::newRow("echoed extra header value is redacted")
        << 403 << QByteArray("tenant org-private-42 is suspended")
        << QStringLiteral("tenant *** is suspended");
}

void TestUpstreamErrorText::errorText()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    ProviderConfig provider;
    provider.apiKey = QStringLiteral("sk-upstream-live-123");
    provider.headers
        = {{"Authorization", "Bearer sk-upstream-live-123"}, {"X-Tenant", "org-private-42"}};
    QCOMPARE(upstreamErrorText(status, body, secretValuesOf(provider)), expected);
}

void TestUpstreamErrorText::longTextIsCutToALine()
{
    // The secret sits across the cut: redaction comes first, so no part of it survives.
    const QString secret = QStringLiteral("sk-upstream-0123456789");
    const QByteArray body
        = QByteArray(kMaxErrorTextChars - 5, 'x') + secret.toUtf8() + "\n" + QByteArray(500, 'y');
    const QString text = upstreamErrorText(400, body, {secret});
    QCOMPARE(text.size(), kMaxErrorTextChars);
    QVERIFY(!text.contains(QLatin1Char('\n')));
    QVERIFY(!text.contains(QStringLiteral("sk-up")));
    QVERIFY(text.contains(QStringLiteral("***")));
}

void TestUpstreamErrorText::secretsOfAProvider()
{
    ProviderConfig provider;
    QVERIFY(secretValuesOf(provider).isEmpty()); // a provider without a key redacts nothing
    provider.apiKey = QStringLiteral("k1-abcdef");
    provider.headers = {{"Authorization", "Bearer k1-abcdef"}};
    QCOMPARE(secretValuesOf(provider),
             (QStringList {QStringLiteral("Bearer k1-abcdef"), QStringLiteral("k1-abcdef")}));
}

QTEST_GUILESS_MAIN(TestUpstreamErrorText)
#include "tst_upstreamerrortext.moc"
