// JsonLineIndex: the line each value of a JSON text starts on, by path, so configuration errors
// can name the line.
#include "store/jsonlineindex.h"

#include <QtTest>

using namespace clawgate;

namespace {

// Line numbers are in the comments of the rows below.
const QByteArray kText
    = QByteArray("{\n" // 1
                 "  \"a\": 1,\n" // 2
                 "  \"obj\": {\n" // 3
                 "    \"inner\": \"x{\\\"y\\\"}[,\",\n" // 4  braces, brackets, quotes in a string
                 "    \"list\": [\n" // 5
                 "      10,\n" // 6
                 "      { \"deep\": true, \"k\": \"}\" },\n" // 7
                 "      [ \"n0\",\n" // 8
                 "        \"n1\" ]\n" // 9
                 "    ]\n" // 10
                 "  },\n" // 11
                 "  \"after\": null,\n" // 12
                 "  \"s\": \"back\\\\slash\\\\\",\n" // 13 string ending in an escaped backslash
                 "  \"neg\": -1.5e3,\n" // 14
                 "  \"split\":\n" // 15
                 "      \"value on the next line\",\n" // 16
                 "  \"empty\": {}, \"emptyList\": [], \"last\": false\n" // 17
                 "}\n"); // 18

} // namespace

class TestJsonLineIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lineOf_data();
    void lineOf();
    void topLevelArray();
    void escapedKeysAreDecoded_data();
    void escapedKeysAreDecoded();
    void lineOfOffset_data();
    void lineOfOffset();
};

void TestJsonLineIndex::lineOf_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("line");

    QTest::newRow("top-level number") << QStringLiteral("a") << 2;
    QTest::newRow("object value") << QStringLiteral("obj") << 3;
    QTest::newRow("string with braces and quotes") << QStringLiteral("obj.inner") << 4;
    QTest::newRow("array") << QStringLiteral("obj.list") << 5;
    QTest::newRow("array element 0") << QStringLiteral("obj.list[0]") << 6;
    QTest::newRow("object in array") << QStringLiteral("obj.list[1]") << 7;
    QTest::newRow("field of object in array") << QStringLiteral("obj.list[1].deep") << 7;
    QTest::newRow("field after string containing a brace") << QStringLiteral("obj.list[1].k") << 7;
    QTest::newRow("nested array") << QStringLiteral("obj.list[2]") << 8;
    QTest::newRow("nested array element on its own line") << QStringLiteral("obj.list[2][1]") << 9;
    QTest::newRow("null after closed object") << QStringLiteral("after") << 12;
    QTest::newRow("string ending in escaped backslash") << QStringLiteral("s") << 13;
    QTest::newRow("negative exponent number") << QStringLiteral("neg") << 14;
    QTest::newRow("value on the line after its key") << QStringLiteral("split") << 16;
    QTest::newRow("empty object") << QStringLiteral("empty") << 17;
    QTest::newRow("key after empty object") << QStringLiteral("emptyList") << 17;
    QTest::newRow("key after empty array") << QStringLiteral("last") << 17;
    QTest::newRow("unknown child falls back to parent")
        << QStringLiteral("obj.list[1].missing") << 7;
    QTest::newRow("unknown index falls back to array") << QStringLiteral("obj.list[7].x") << 5;
    QTest::newRow("unknown top-level key") << QStringLiteral("nothing") << 0;
    QTest::newRow("empty path") << QString() << 0;
}

void TestJsonLineIndex::lineOf()
{
    QFETCH(QString, path);
    QFETCH(int, line);
    const JsonLineIndex index(kText);
    QCOMPARE(index.lineOf(path), line);
}

void TestJsonLineIndex::topLevelArray()
{
    const JsonLineIndex index(QByteArrayLiteral("[\n 1,\n {\"a\":\n  2}\n]"));
    QCOMPARE(index.lineOf(QStringLiteral("[0]")), 2);
    QCOMPARE(index.lineOf(QStringLiteral("[1]")), 3);
    QCOMPARE(index.lineOf(QStringLiteral("[1].a")), 4);
}

void TestJsonLineIndex::escapedKeysAreDecoded_data()
{
    // Paths are built from QJsonObject keys, which are decoded; the index must decode the keys
    // it reads too, or an error in such an entry loses its line.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("line");

    QTest::newRow("escaped quote in key")
        << QByteArray("{\n\"x\": 1,\n\"a\\\"b\": 2\n}") << QStringLiteral("a\"b") << 3;
    QTest::newRow("unicode escape in provider name")
        << QByteArray("{\"providers\": {\n  \"\\u6a21\\u578b\": {\n    \"baseUrl\": 5\n  }\n}}")
        << QStringLiteral("providers.") + QString::fromUtf8("\xe6\xa8\xa1\xe5\x9e\x8b")
            + QStringLiteral(".baseUrl")
        << 3;
    QTest::newRow("raw UTF-8 key") << QByteArray(
        "{\"providers\": {\n  \"\xe6\xa8\xa1\xe5\x9e\x8b\": {\n    \"baseUrl\": 5\n  }\n}}")
                                   << QStringLiteral("providers.")
            + QString::fromUtf8("\xe6\xa8\xa1\xe5\x9e\x8b") + QStringLiteral(".baseUrl")
                                   << 3;
}

void TestJsonLineIndex::escapedKeysAreDecoded()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, path);
    QFETCH(int, line);
    QCOMPARE(JsonLineIndex(text).lineOf(path), line);
}

void TestJsonLineIndex::lineOfOffset_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("line");

    const QByteArray t = QByteArrayLiteral("ab\ncd\n\nef");
    QTest::newRow("start") << t << 0 << 1;
    QTest::newRow("on first newline") << t << 2 << 1;
    QTest::newRow("start of line 2") << t << 3 << 2;
    QTest::newRow("empty line 3") << t << 6 << 3;
    QTest::newRow("last line") << t << 8 << 4;
    QTest::newRow("end of text") << t << int(t.size()) << 4;
    QTest::newRow("CRLF counts once") << QByteArrayLiteral("a\r\nb\r\nc") << 6 << 3;
}

void TestJsonLineIndex::lineOfOffset()
{
    QFETCH(QByteArray, text);
    QFETCH(int, offset);
    QFETCH(int, line);
    QCOMPARE(JsonLineIndex::lineOfOffset(text, offset), line);
}

QTEST_GUILESS_MAIN(TestJsonLineIndex)
#include "tst_jsonlineindex.moc"
