// The request path's JSON: what the parser accepts and refuses, and that writing keeps a
// value's members in the client's order.
#include "formats/json.h"

#include <QtTest>

using namespace clawgate;

class TestJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void nestingLimit();
    void readsMembers();
    void writesInOrder();
    void requestBodyOffersQtView();
};

void TestJson::parses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("written");
    QTest::newRow("object") << QByteArray(R"( {"b": 1, "a": [true, null]} )")
                            << QByteArray(R"({"b":1,"a":[true,null]})");
    QTest::newRow("decimals keep their value")
        << QByteArray(R"({"t":0.7,"p":1e-3})") << QByteArray(R"({"t":0.7,"p":0.001})");
    QTest::newRow("integers beyond 2^53 are exact")
        << QByteArray(R"({"seed":9007199254740993})") << QByteArray(R"({"seed":9007199254740993})");
    QTest::newRow("escapes and UTF-8")
        << QByteArray(R"({"s":"a\"b\n\u4f60好"})")
        << QByteArray("{\"s\":\"a\\\"b\\n\xe4\xbd\xa0\xe5\xa5\xbd\"}");
    // Long enough for the 16-byte scans, with escapes and multi-byte characters between them.
    const QByteArray longText = QByteArray(37, 'a') + "\\\"\\n" + QByteArray(20, 'b')
        + QByteArray("\xc3\xa9\xe4\xbd\xa0").repeated(9) + "\\u0001" + QByteArray(33, 'c');
    QTest::newRow("long strings scanned in blocks")
        << QByteArray("[\"" + longText + "\", \"" + longText + "\"]")
        << QByteArray("[\"" + longText + "\",\"" + longText + "\"]");
    QTest::newRow("a bare string is JSON too") << QByteArray(R"("x")") << QByteArray(R"("x")");
}

void TestJson::parses()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, written);
    json::Document document;
    QString error;
    QVERIFY2(json::parse(text, document, &error), qPrintable(error));
    QCOMPARE(json::compact(document), written);
}

void TestJson::refuses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("cut short") << QByteArray(R"({"a":[1,2)") << QStringLiteral("at byte 9");
    QTest::newRow("trailing garbage")
        << QByteArray(R"({"a":1} x)") << QStringLiteral("must not be followed");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"a\":\"\xff\"}") << QStringLiteral("encoding");
    QTest::newRow("a surrogate written in UTF-8")
        << QByteArray("{\"a\":\"\xed\xa0\x80\"}") << QStringLiteral("encoding");
    QTest::newRow("an overlong encoding")
        << QByteArray("{\"a\":\"\xc0\xaf\"}") << QStringLiteral("encoding");
    QTest::newRow("a NUL byte ends nothing")
        << QByteArray("{\"a\":1}\0{", 9) << QStringLiteral("NUL byte at byte 7");
    QTest::newRow("a lone surrogate escape")
        << QByteArray(R"({"a":"\ud800"})") << QStringLiteral("surrogate");
    QTest::newRow("NaN") << QByteArray(R"({"a":NaN})") << QStringLiteral("Invalid value");
    QTest::newRow("single quotes") << QByteArray("{'a':1}") << QStringLiteral("name");
}

void TestJson::refuses()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, says);
    json::Document document;
    QString error;
    QVERIFY(!json::parse(text, document, &error));
    QVERIFY2(error.contains(says, Qt::CaseInsensitive), qPrintable(error));
    QVERIFY(document.IsNull());
}

void TestJson::nestingLimit()
{
    const auto nested = [](int depth) { return QByteArray(depth, '[') + QByteArray(depth, ']'); };
    json::Document document;
    QString error;
    QVERIFY2(json::parse(nested(json::kMaxDepth), document, &error), qPrintable(error));
    // Far deeper than a recursive reader survives: refused, and nothing recursed.
    QVERIFY(!json::parse(nested(1'000'000), document, &error));
    QVERIFY2(error.contains(QStringLiteral("nested deeper than 1024")), qPrintable(error));
}

void TestJson::readsMembers()
{
    json::Document document;
    QVERIFY(json::parse(R"({"model":"fast","n":1,"s":"a\u0000b"})", document, nullptr));
    QVERIFY(json::isString(json::member(document, "model"), "fast"));
    QVERIFY(!json::isString(json::member(document, "model"), "fas"));
    QVERIFY(!json::isString(json::member(document, "n"), "1"));
    QVERIFY(!json::isString(json::member(document, "s"), "a"));
    QCOMPARE(json::member(document, "absent"), nullptr);
    QCOMPARE(json::member(*json::member(document, "n"), "x"), nullptr);
    QCOMPARE(json::toQString(json::member(document, "model")), QStringLiteral("fast"));
    QCOMPARE(json::toQString(json::member(document, "n")), QString());
    QCOMPARE(json::member(nullptr, "model"), nullptr);

    // Of duplicates the last counts, as for Qt's reader and jsonsplice.
    QVERIFY(json::parse(R"({"model":"first","model":"last"})", document, nullptr));
    QVERIFY(json::isString(json::member(document, "model"), "last"));
}

void TestJson::writesInOrder()
{
    rapidjson::StringBuffer buffer;
    json::Writer writer(buffer);
    writer.StartObject();
    json::key(writer, "zeta");
    json::string(writer, QStringLiteral("你好 \"quoted\""));
    json::key(writer, "alpha");
    json::string(writer, QByteArrayLiteral("bytes"));
    writer.EndObject();
    QCOMPARE(
        json::bytesOf(buffer),
        QByteArray("{\"zeta\":\"\xe4\xbd\xa0\xe5\xa5\xbd \\\"quoted\\\"\",\"alpha\":\"bytes\"}"));
}

void TestJson::requestBodyOffersQtView()
{
    QString error;
    const auto body = json::RequestBody::parse(R"({"model":"m","stream":true})", &error);
    QVERIFY2(body, qPrintable(error));
    QVERIFY(json::isString(json::member(body->root(), "model"), "m"));
    QCOMPARE(body->object().value(QLatin1String("stream")).toBool(), true);
    QVERIFY(!json::RequestBody::parse("{", &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
