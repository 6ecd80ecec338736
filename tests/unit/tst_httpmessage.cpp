// Upstream response headers on their way to a client: obs-folds unfolded, bare CR and LF made
// spaces, headers with a NUL or an invalid name dropped, so one upstream header is always one
// header line for the client.
#include "server/httpmessage.h"

#include <QtTest>

using namespace clawgate;

Q_DECLARE_METATYPE(HeaderList)

class TestHttpMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sanitizedHeaders_data();
    void sanitizedHeaders();
    void sanitizedHeadersNeverBreakTheHead_data();
    void sanitizedHeadersNeverBreakTheHead();
    void appendHeaderLine_data();
    void appendHeaderLine();
};

void TestHttpMessage::sanitizedHeaders_data()
{
    QTest::addColumn<HeaderList>("in");
    QTest::addColumn<HeaderList>("out");

    const HeaderList plain = {{"content-type", "application/json"}, {"x-request-id", "abc 123"}};
    QTest::newRow("plain headers pass unchanged") << plain << plain;
    QTest::newRow("obs-fold becomes one space")
        << HeaderList {{"x-note", "first part\r\n   second part"}}
        << HeaderList {{"x-note", "first part second part"}};
    QTest::newRow("obs-fold with a tab and bare LF")
        << HeaderList {{"x-note", "a\n\tb"}} << HeaderList {{"x-note", "a b"}};
    QTest::newRow("bare CR becomes a space") << HeaderList {{"x-note", "a\rX-Injected: 1"}}
                                             << HeaderList {{"x-note", "a X-Injected: 1"}};
    QTest::newRow("trailing CR is trimmed")
        << HeaderList {{"x-note", "value\r"}} << HeaderList {{"x-note", "value"}};
    QTest::newRow("NUL drops the header")
        << HeaderList {{"x-bad", QByteArray("a\0b", 3)}, {"x-good", "1"}}
        << HeaderList {{"x-good", "1"}};
    QTest::newRow("name with a space drops the header")
        << HeaderList {{"x bad", "1"}, {"x-good", "1"}} << HeaderList {{"x-good", "1"}};
    QTest::newRow("name with a CR drops the header")
        << HeaderList {{"x-bad\r", "1"}, {"x-good", "1"}} << HeaderList {{"x-good", "1"}};
    QTest::newRow("empty name drops the header")
        << HeaderList {{"", "1"}, {"x-good", "1"}} << HeaderList {{"x-good", "1"}};
    QTest::newRow("token punctuation in a name is fine")
        << HeaderList {{"x-a.b_c~d!", "1"}} << HeaderList {{"x-a.b_c~d!", "1"}};
}

void TestHttpMessage::sanitizedHeaders()
{
    QFETCH(HeaderList, in);
    QFETCH(HeaderList, out);
    QCOMPARE(clawgate::sanitizedHeaders(in), out);
}

void TestHttpMessage::sanitizedHeadersNeverBreakTheHead_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("CRLF then a header") << QByteArrayLiteral("a\r\nSet-Cookie: x=1");
    QTest::newRow("CRLF CRLF then a body") << QByteArrayLiteral("a\r\n\r\n<html>");
    QTest::newRow("bare CR then a header") << QByteArrayLiteral("a\rSet-Cookie: x=1");
    QTest::newRow("bare LF then a header") << QByteArrayLiteral("a\nSet-Cookie: x=1");
}

void TestHttpMessage::sanitizedHeadersNeverBreakTheHead()
{
    // Whatever the value, the formatted head has exactly the lines we put in it.
    QFETCH(QByteArray, value);
    const QByteArray head
        = formatResponseHead(200, clawgate::sanitizedHeaders({{"x-note", value}}), 0, false);
    QCOMPARE(head.count('\r'), head.count("\r\n"));
    QCOMPARE(head.count('\n'), head.count("\r\n"));
    QCOMPARE(head.count("\r\n"), 4); // status, x-note, content-length, blank line
}

void TestHttpMessage::appendHeaderLine_data()
{
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::addColumn<HeaderList>("out");
    QTest::newRow("one header per line")
        << QList<QByteArray> {"Content-Type: text/plain", "X-A:  1 "}
        << HeaderList {{"Content-Type", "text/plain"}, {"X-A", "1"}};
    QTest::newRow("continuation joins the previous value")
        << QList<QByteArray> {"X-Note: first", "   second", "\tthird"}
        << HeaderList {{"X-Note", "first second third"}};
    QTest::newRow("continuation with a colon is no header of its own")
        << QList<QByteArray> {"X-Note: first", " X-Injected: 1"}
        << HeaderList {{"X-Note", "first X-Injected: 1"}};
    QTest::newRow("line without a colon is ignored")
        << QList<QByteArray> {"garbage", "X-A: 1"} << HeaderList {{"X-A", "1"}};
}

void TestHttpMessage::appendHeaderLine()
{
    QFETCH(QList<QByteArray>, lines);
    QFETCH(HeaderList, out);
    HeaderList headers;
    for (const QByteArray &line : lines)
        clawgate::appendHeaderLine(headers, line);
    QCOMPARE(headers, out);
}

QTEST_GUILESS_MAIN(TestHttpMessage)
#include "tst_httpmessage.moc"
