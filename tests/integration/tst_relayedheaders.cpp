// Response headers an upstream sends reach the client one header per line: an obs-fold or a
// bare CR in an upstream header cannot end the line early and start a header of its own.
#include "gatewayfixture.h"

#include <QTest>

#include <algorithm>

class TestRelayedHeaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void upstreamHeaderCannotStartAnotherLine_data();
    void upstreamHeaderCannotStartAnotherLine();

private:
    GatewayFixture m_fx;
};

void TestRelayedHeaders::initTestCase()
{
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    QVERIFY(m_fx.start());
}

void TestRelayedHeaders::upstreamHeaderCannotStartAnotherLine_data()
{
    QTest::addColumn<QByteArray>("value"); // as the upstream writes it after "X-Note: "
    QTest::newRow("bare CR") << QByteArrayLiteral("first\rX-Injected: 1");
    QTest::newRow("obs-fold") << QByteArrayLiteral("first\r\n X-Injected: 1");
    QTest::newRow("obs-fold with a tab") << QByteArrayLiteral("first\r\n\tsecond");
}

void TestRelayedHeaders::upstreamHeaderCannotStartAnotherLine()
{
    QFETCH(QByteArray, value);
    MockBehavior behavior;
    behavior.headers = {{"X-Note", value}, {"X-After", "intact"}};
    m_fx.mock->setBehavior(QStringLiteral("a"), behavior);
    const QByteArray body = GatewayFixture::chatBody(QStringLiteral("chat"));
    const TestResponse r = TestClient::raw(
        m_fx.port(),
        "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_fx.key
            + "\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QCOMPARE(r.status, 200);
    const QByteArray head = r.raw.left(r.raw.indexOf("\r\n\r\n") + 4);
    QVERIFY2(!head.isEmpty(), r.raw.constData());
    // Every CR and LF in the head is part of a CRLF line ending, and none ends inside X-Note.
    QCOMPARE(head.count('\r'), head.count("\r\n"));
    QCOMPARE(head.count('\n'), head.count("\r\n"));
    const QList<QByteArray> lines = head.split('\n');
    const bool startsAnotherLine = std::any_of(lines.begin(), lines.end(), [](const QByteArray &l) {
        return l.toLower().startsWith("x-injected") || l.startsWith(' ') || l.startsWith('\t');
    });
    QVERIFY2(!startsAnotherLine, head.constData());
    QCOMPARE(r.header("x-after"), QByteArrayLiteral("intact"));
}

QTEST_GUILESS_MAIN(TestRelayedHeaders)
#include "tst_relayedheaders.moc"
