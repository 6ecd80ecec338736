// The request head as the connection guard reads it: the facts it routes and bounds a request
// by, and the framing it refuses because another parser could read it differently.
#include "server/requesthead.h"

#include <QTest>

using clawgate::readRequestHead;
using clawgate::RequestHead;

class TestRequestHead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsWhatTheGuardNeeds();
    void contentLength_data();
    void contentLength();
    void refusesUnclearFraming_data();
    void refusesUnclearFraming();
    void path_data();
    void path();
};

void TestRequestHead::readsWhatTheGuardNeeds()
{
    const RequestHead head = readRequestHead(
        "\r\nPOST /v1/chat/completions?x=1 HTTP/1.1\r\nHOST: 127.0.0.1:8080\r\n"
        "authorization: Bearer sk-a\r\nX-Api-Key: sk-b\r\nx-clawgate-admin-token: t\r\n"
        "Expect: 100-Continue\r\nConnection: keep-alive, Close\r\nContent-Length:  12 \r\n"
        "Host: second.example");
    QVERIFY2(!head.problem, head.problem);
    QCOMPARE(head.method, QByteArrayView("POST"));
    QCOMPARE(head.target, QByteArrayView("/v1/chat/completions?x=1"));
    QCOMPARE(head.host, QByteArrayView("127.0.0.1:8080")); // the first, as QHttpServer reads it
    QCOMPARE(head.authorization, QByteArrayView("Bearer sk-a"));
    QCOMPARE(head.apiKey, QByteArrayView("sk-b"));
    QCOMPARE(head.adminToken, QByteArrayView("t"));
    QVERIFY(head.expectContinue);
    QVERIFY(head.closeConnection);
    QCOMPARE(head.contentLength, 12);
    QVERIFY(!head.chunked);
}

void TestRequestHead::contentLength_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<qint64>("length");
    QTest::addColumn<bool>("chunked");
    QTest::newRow("none") << QByteArray() << qint64(0) << false;
    QTest::newRow("zero") << QByteArrayLiteral("Content-Length: 0") << qint64(0) << false;
    QTest::newRow("largest accepted") << QByteArrayLiteral("Content-Length: 999999999999999999")
                                      << qint64(999999999999999999) << false;
    QTest::newRow("chunked") << QByteArrayLiteral("Transfer-Encoding: Chunked") << qint64(0)
                             << true;
}

void TestRequestHead::contentLength()
{
    QFETCH(QByteArray, headers);
    QFETCH(qint64, length);
    QFETCH(bool, chunked);
    const QByteArray bytes = "POST / HTTP/1.1\r\nHost: h\r\n" + headers;
    const RequestHead head = readRequestHead(bytes);
    QVERIFY2(!head.problem, head.problem);
    QCOMPARE(head.contentLength, length);
    QCOMPARE(head.chunked, chunked);
}

void TestRequestHead::refusesUnclearFraming_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const QByteArray post = "POST / HTTP/1.1\r\n";
    QTest::newRow("length overflows") << post + "Content-Length: 18446744073709551616";
    QTest::newRow("length past 18 digits") << post + "Content-Length: 0000000000000000001";
    QTest::newRow("negative length") << post + "Content-Length: -5";
    QTest::newRow("length with sign") << post + "Content-Length: +5";
    QTest::newRow("length in hex") << post + "Content-Length: 0x10";
    QTest::newRow("length empty") << post + "Content-Length: ";
    QTest::newRow("length as a list") << post + "Content-Length: 5, 5";
    QTest::newRow("length repeated, same") << post + "Content-Length: 5\r\nContent-Length: 5";
    QTest::newRow("length repeated, different") << post + "Content-Length: 5\r\ncontent-length: 6";
    QTest::newRow("length and chunked") << post + "Transfer-Encoding: chunked\r\nContent-Length: 5";
    QTest::newRow("chunked twice")
        << post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked";
    QTest::newRow("other transfer coding") << post + "Transfer-Encoding: gzip";
    QTest::newRow("space before colon") << post + "Content-Length : 5";
    QTest::newRow("folded line") << post + "X-A: b\r\n c";
    QTest::newRow("line without colon") << post + "Content-Length 5";
    QTest::newRow("head ended by a bare newline")
        << post + "Host: h\n\nAuthorization: Bearer sk-smuggled";
    QTest::newRow("head ended by LF CR LF") << post + "Host: h\n\r\nX-A: b";
    QTest::newRow("no target") << QByteArrayLiteral("POST HTTP/1.1");
    QTest::newRow("no protocol") << QByteArrayLiteral("GET /health");
}

void TestRequestHead::refusesUnclearFraming()
{
    QFETCH(QByteArray, bytes);
    QVERIFY(readRequestHead(bytes).problem);
}

void TestRequestHead::path_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("path");
    QTest::newRow("plain") << QByteArrayLiteral("/v1/models") << QStringLiteral("/v1/models");
    QTest::newRow("query and fragment dropped")
        << QByteArrayLiteral("/health?verbose=1#x") << QStringLiteral("/health");
    QTest::newRow("percent-decoded")
        << QByteArrayLiteral("/v1/models/a%20b%2Fc") << QStringLiteral("/v1/models/a b/c");
    QTest::newRow("absolute form")
        << QByteArrayLiteral("http://127.0.0.1:8080/v1/models?x") << QStringLiteral("/v1/models");
    QTest::newRow("absolute form without path")
        << QByteArrayLiteral("http://127.0.0.1:8080") << QStringLiteral("/");
    QTest::newRow("asterisk") << QByteArrayLiteral("*") << QStringLiteral("*");
}

void TestRequestHead::path()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, path);
    const QByteArray bytes = "GET " + target + " HTTP/1.1\r\nHost: h";
    QCOMPARE(readRequestHead(bytes).path(), path);
}

QTEST_GUILESS_MAIN(TestRequestHead)
#include "tst_requesthead.moc"
