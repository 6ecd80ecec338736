// replaceTopLevelString: the gateway rewrites only the top-level "model" of a client's body and
// must leave every other byte exactly as the client sent it.
#include "formats/jsonsplice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace clawgate;

class TestJsonSplice : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replacesExactBytes_data();
    void replacesExactBytes();
    void valueIsEscaped_data();
    void valueIsEscaped();
    void otherKeys();
    void arrayElements();
    void compactKeepsEverythingButSpace();
    void escapedKeyIsRecognised();
};

void TestJsonSplice::replacesExactBytes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("expected");

    const QString b = QStringLiteral("up-1");

    QTest::newRow("simple replace") << QByteArrayLiteral(R"({"model":"chat","stream":true})") << b
                                    << QByteArrayLiteral(R"({"model":"up-1","stream":true})");
    QTest::newRow("model last") << QByteArrayLiteral(R"({"stream":false,"model":"chat"})") << b
                                << QByteArrayLiteral(R"({"stream":false,"model":"up-1"})");
    QTest::newRow("nested model in messages untouched")
        << QByteArrayLiteral(
               R"({"messages":[{"role":"user","content":"hi","model":"inner"}],"model":"chat"})")
        << b
        << QByteArrayLiteral(
               R"({"messages":[{"role":"user","content":"hi","model":"inner"}],"model":"up-1"})");
    QTest::newRow("nested model in tools untouched")
        << QByteArrayLiteral(
               R"({"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"model":{"type":"string"}}}}}],"model":"chat"})")
        << b
        << QByteArrayLiteral(
               R"({"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"model":{"type":"string"}}}}}],"model":"up-1"})");
    QTest::newRow("model inside a string value untouched")
        << QByteArrayLiteral(R"({"prompt":"say \"model\":\"x\" {","model":"chat"})") << b
        << QByteArrayLiteral(R"({"prompt":"say \"model\":\"x\" {","model":"up-1"})");
    QTest::newRow("string with braces and escaped backslash before model")
        << QByteArrayLiteral(R"({"s":"}]{[\\","model":"chat"})") << b
        << QByteArrayLiteral(R"({"s":"}]{[\\","model":"up-1"})");
    QTest::newRow("key ending in model is another key")
        << QByteArrayLiteral(R"({"a\"model":"x","xmodel":"y","model":"chat"})") << b
        << QByteArrayLiteral(R"({"a\"model":"x","xmodel":"y","model":"up-1"})");
    QTest::newRow("big integers, floats and exponents kept byte for byte")
        << QByteArrayLiteral(
               R"({"seed":12345678901234567890,"temperature":1.0,"model":"chat","top_p":-0.50e+1,"n":1E2})")
        << b
        << QByteArrayLiteral(
               R"({"seed":12345678901234567890,"temperature":1.0,"model":"up-1","top_p":-0.50e+1,"n":1E2})");
    QTest::newRow("whitespace and key order kept")
        << QByteArray("{\n  \"z\" : 1 ,\n  \"model\" :\t\"chat\" ,\r\n  \"a\": [ 1 , 2 ]\n}\n") << b
        << QByteArray("{\n  \"z\" : 1 ,\n  \"model\" :\t\"up-1\" ,\r\n  \"a\": [ 1 , 2 ]\n}\n");
    QTest::newRow("unicode escapes elsewhere kept")
        << QByteArrayLiteral(R"({"content":"\u4f60\u597d \ud83d\ude00","model":"chat"})") << b
        << QByteArrayLiteral(R"({"content":"\u4f60\u597d \ud83d\ude00","model":"up-1"})");
    QTest::newRow("literals before model")
        << QByteArrayLiteral(R"({"a":true,"b":false,"c":null,"model":"chat"})") << b
        << QByteArrayLiteral(R"({"a":true,"b":false,"c":null,"model":"up-1"})");
    QTest::newRow("non-string model replaced by a string")
        << QByteArrayLiteral(R"({"model":null,"x":1})") << b
        << QByteArrayLiteral(R"({"model":"up-1","x":1})");
    QTest::newRow("object model replaced whole")
        << QByteArrayLiteral(R"({"model":{"id":"x","model":"y"},"x":1})") << b
        << QByteArrayLiteral(R"({"model":"up-1","x":1})");
    QTest::newRow("inserted into empty object")
        << QByteArrayLiteral("{}") << b << QByteArrayLiteral(R"({"model":"up-1"})");
    QTest::newRow("inserted into empty object with space")
        << QByteArrayLiteral("{ }") << b << QByteArrayLiteral(R"({"model":"up-1" })");
    QTest::newRow("inserted first into non-empty object")
        << QByteArrayLiteral(R"({"messages":[{"model":"inner"}],"stream":true})") << b
        << QByteArrayLiteral(R"({"model":"up-1","messages":[{"model":"inner"}],"stream":true})");
    QTest::newRow("inserted when model only nested")
        << QByteArray("{\n  \"input\": {\"model\": \"x\"}\n}") << b
        << QByteArray("{\"model\":\"up-1\",\n  \"input\": {\"model\": \"x\"}\n}");
}

void TestJsonSplice::replacesExactBytes()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, model);
    QFETCH(QByteArray, expected);

    QJsonParseError err;
    QJsonDocument::fromJson(input, &err);
    QVERIFY2(err.error == QJsonParseError::NoError, "row input must be valid JSON");

    const QByteArray out = replaceTopLevelString(input, QByteArrayLiteral("model"), model);
    QCOMPARE(out, expected);
    const QJsonDocument doc = QJsonDocument::fromJson(out, &err);
    QCOMPARE(err.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(QLatin1String("model")).toString(), model);
}

void TestJsonSplice::valueIsEscaped_data()
{
    QTest::addColumn<QString>("model");

    QTest::newRow("quotes") << QStringLiteral("we\"ird\"");
    QTest::newRow("backslash") << QStringLiteral("a\\b\\");
    QTest::newRow("control characters") << QStringLiteral("line\nbreak\ttab") + QChar(0x01);
    QTest::newRow("chinese") << QString::fromUtf8("\xe6\xa8\xa1\xe5\x9e\x8b-v1");
    QTest::newRow("emoji (surrogate pair)") << QString::fromUtf8("m\xf0\x9f\x98\x80");
    QTest::newRow("json-looking text") << QStringLiteral("\",\"evil\":\"1");
    QTest::newRow("empty") << QString();
}

void TestJsonSplice::valueIsEscaped()
{
    QFETCH(QString, model);
    const QByteArray input
        = QByteArrayLiteral(R"({"model":"chat","messages":[],"n":12345678901234567890})");
    const QByteArray out = replaceTopLevelString(input, QByteArrayLiteral("model"), model);

    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &err);
    QVERIFY2(err.error == QJsonParseError::NoError, out.constData());
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QLatin1String("model")).toString(), model);
    QCOMPARE(o.size(), 3); // nothing injected
    QVERIFY(out.endsWith(QByteArrayLiteral(R"(,"messages":[],"n":12345678901234567890})")));

    // Inserted (absent) values are escaped the same way.
    const QByteArray inserted
        = replaceTopLevelString(QByteArrayLiteral(R"({"a":1})"), QByteArrayLiteral("model"), model);
    const QJsonObject o2 = QJsonDocument::fromJson(inserted, &err).object();
    QCOMPARE(err.error, QJsonParseError::NoError);
    QCOMPARE(o2.value(QLatin1String("model")).toString(), model);
    QCOMPARE(o2.value(QLatin1String("a")).toInt(), 1);
    QCOMPARE(o2.size(), 2);
}

void TestJsonSplice::otherKeys()
{
    // The key is a parameter: any top-level string field can be spliced.
    const QByteArray input
        = QByteArrayLiteral(R"({"model":"m","user":"old","meta":{"user":"keep"}})");
    QCOMPARE(replaceTopLevelString(input, QByteArrayLiteral("user"), QStringLiteral("new")),
             QByteArrayLiteral(R"({"model":"m","user":"new","meta":{"user":"keep"}})"));
}

void TestJsonSplice::escapedKeyIsRecognised()
{
    // "mod\u0065l" is the key "model" to every JSON parser (the gateway's router included). If
    // the splice does not recognise it, it inserts a second "model" in front and most upstream
    // parsers (last key wins) see the client's original value: the client picks the upstream
    // model itself, past alias mapping and allowedModels.
    const QByteArray input = QByteArrayLiteral(R"({"mod\u0065l":"gpt-4-secret","x":1})");
    QCOMPARE(QJsonDocument::fromJson(input).object().value(QLatin1String("model")).toString(),
             QStringLiteral("gpt-4-secret"));
    const QByteArray out
        = replaceTopLevelString(input, QByteArrayLiteral("model"), QStringLiteral("up-1"));
    QVERIFY2(!out.contains("gpt-4-secret"), out.constData());
    QCOMPARE(QJsonDocument::fromJson(out).object().value(QLatin1String("model")).toString(),
             QStringLiteral("up-1"));
}

void TestJsonSplice::arrayElements()
{
    const QByteArray array = "[ {\"a\":[1,2]} , \"x,]\" ,3,[ ]]";
    const QList<QByteArrayView> elements = jsonArrayElements(array);
    QCOMPARE(elements.size(), 4);
    QCOMPARE(elements.at(0).toByteArray(), QByteArray("{\"a\":[1,2]}"));
    QCOMPARE(elements.at(1).toByteArray(), QByteArray("\"x,]\""));
    QCOMPARE(elements.at(2).toByteArray(), QByteArray("3"));
    QCOMPARE(elements.at(3).toByteArray(), QByteArray("[ ]"));
    QVERIFY(jsonArrayElements("[]").isEmpty());
    QVERIFY(jsonArrayElements("{\"a\":1}").isEmpty());
    QVERIFY(jsonArrayElements("[1,2").isEmpty());
}

void TestJsonSplice::compactKeepsEverythingButSpace()
{
    const QByteArray spaced = "{ \"b\" : [ 1.50 ,\n\t2 ],\r\n \"a b\":\"x \\\" y\" }";
    const QByteArray compact = "{\"b\":[1.50,2],\"a b\":\"x \\\" y\"}";
    QCOMPARE(compactJson(spaced), compact);
}

QTEST_GUILESS_MAIN(TestJsonSplice)
#include "tst_jsonsplice.moc"
