// The local token count for /v1/messages/count_tokens when no Anthropic backend can be asked.
#include "formats/tokenestimate.h"

#include <QJsonDocument>
#include <QtTest>

using namespace clawgate;

namespace {

QJsonObject request(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestTokenEstimate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_data();
    void text();
    void request_data();
    void request();
};

void TestTokenEstimate::text_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("tokens");
    QTest::newRow("empty") << QString() << qint64(0);
    QTest::newRow("English: four characters a token, rounded up")
        << QStringLiteral("Hello, world") << qint64(3);
    QTest::newRow("accented Latin counts as Latin") << QStringLiteral("café") << qint64(1);
    QTest::newRow("CJK: a token a character") << QStringLiteral("你好世界") << qint64(4);
    QTest::newRow("mixed") << QStringLiteral("abcd你好") << qint64(3);
    QTest::newRow("a character beyond the BMP is one") << QStringLiteral("😀") << qint64(1);
}

void TestTokenEstimate::text()
{
    QFETCH(QString, text);
    QFETCH(qint64, tokens);
    QCOMPARE(estimateTextTokens(text), tokens);
}

void TestTokenEstimate::request_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("tokens");
    QTest::newRow("nothing to count is still one token") << QByteArray("{}") << qint64(1);
    QTest::newRow("system and one message: text plus the message's framing") << QByteArray(
        R"({"system":"Be brief.","messages":[{"role":"user","content":"Hello, world"}]})")
                                                                             << qint64(3 + 4 + 3);
    QTest::newRow("system as blocks, content as blocks") << QByteArray(
        R"({"system":[{"type":"text","text":"Be brief."}],)"
        R"("messages":[{"role":"user","content":[{"type":"text","text":"Hello, world"}]}]})")
                                                         << qint64(3 + 4 + 3);
    QTest::newRow("an image has a fixed allowance")
        << QByteArray(R"({"messages":[{"role":"user","content":[{"type":"image","source":)"
                      R"({"type":"base64","media_type":"image/png","data":"AAAA"}}]}]})")
        << qint64(4 + 1600);
    QTest::newRow("tool calls and results count as their JSON")
        << QByteArray(R"({"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t",)"
                      R"("name":"ls","input":{"p":"/"}}]},{"role":"user","content":[{"type":)"
                      R"("tool_result","tool_use_id":"t","content":"a b"}]}]})")
        << qint64(4 + 1 + 3 + 4 + 1);
    QTest::newRow("a tool list adds its preamble and definitions")
        << QByteArray(R"({"tools":[{"name":"ls","input_schema":{"type":"object"}}]})")
        << qint64(300 + 12);
}

void TestTokenEstimate::request()
{
    QFETCH(QByteArray, body);
    QFETCH(qint64, tokens);
    QCOMPARE(estimateInputTokens(::request(body)), tokens);
}

QTEST_GUILESS_MAIN(TestTokenEstimate)
#include "tst_tokenestimate.moc"
