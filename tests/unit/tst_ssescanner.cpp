// SseScanner: event boundaries in a stream that arrives in arbitrary pieces. Every stream is fed
// whole, byte by byte, split at every position into two pieces and into three pieces, and must
// give the same events each time.
#include "upstream/ssescanner.h"

#include <QtTest>

using namespace clawgate;

namespace {

// One event as "event|data" so a whole stream compares as a QStringList.
QString describe(const SseEvent &e)
{
    return QString::fromUtf8(e.event) + QLatin1Char('|') + QString::fromUtf8(e.data);
}

QStringList feedPieces(const QList<QByteArray> &pieces, bool *partial = nullptr,
                       qint64 *count = nullptr)
{
    SseScanner scanner;
    QStringList events;
    for (const QByteArray &piece : pieces)
        scanner.feed(piece, [&events](const SseEvent &e) { events.append(describe(e)); });
    if (partial)
        *partial = scanner.hasPartialEvent();
    if (count)
        *count = scanner.eventCount();
    return events;
}

} // namespace

class TestSseScanner : public QObject
{
    Q_OBJECT

private:
    static void addStreamRows();

private Q_SLOTS:
    void wholeStream();
    void wholeStream_data() { addStreamRows(); }
    void byteByByte();
    void byteByByte_data() { addStreamRows(); }
    void splitAtEveryPosition();
    void splitAtEveryPosition_data() { addStreamRows(); }
    void splitIntoThreePieces();
    void splitIntoThreePieces_data() { addStreamRows(); }

    void crAtEndOfPieceThenLf();
    void emptyPieceBetweenCrAndLf();
    void partialEvent_data();
    void partialEvent();
    void bytesAfterEventAreNotLost();
};

void TestSseScanner::addStreamRows()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("single LF event")
        << QByteArrayLiteral("data: hello\n\n") << QStringList {QStringLiteral("|hello")};
    QTest::newRow("OpenAI chunks and [DONE]")
        << QByteArrayLiteral("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                             "data: {\"choices\":[{\"delta\":{\"content\":\"!\"}}]}\n\n"
                             "data: [DONE]\n\n")
        << QStringList {QStringLiteral("|{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}"),
                        QStringLiteral("|{\"choices\":[{\"delta\":{\"content\":\"!\"}}]}"),
                        QStringLiteral("|[DONE]")};
    QTest::newRow("CRLF line endings") << QByteArrayLiteral("data: a\r\n\r\ndata: b\r\n\r\n")
                                       << QStringList {QStringLiteral("|a"), QStringLiteral("|b")};
    QTest::newRow("CR line endings") << QByteArrayLiteral("data: a\r\rdata: b\r\r")
                                     << QStringList {QStringLiteral("|a"), QStringLiteral("|b")};
    QTest::newRow("mixed line endings")
        << QByteArrayLiteral("data: a\r\n\ndata: b\r\r\ndata: c\n\r")
        << QStringList {QStringLiteral("|a"), QStringLiteral("|b"), QStringLiteral("|c")};
    QTest::newRow("multi-line data joined with LF")
        << QByteArrayLiteral("data: line1\ndata: line2\r\ndata: line3\r\n\n")
        << QStringList {QStringLiteral("|line1\nline2\nline3")};
    QTest::newRow("event field (Anthropic)")
        << QByteArrayLiteral("event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
                             "event: content_block_delta\r\ndata: {\"d\":1}\r\n\r\n"
                             "event: message_stop\ndata: {}\n\n")
        << QStringList {QStringLiteral("message_start|{\"type\":\"message_start\"}"),
                        QStringLiteral("content_block_delta|{\"d\":1}"),
                        QStringLiteral("message_stop|{}")};
    QTest::newRow("event field does not leak into the next event")
        << QByteArrayLiteral("event: ping\ndata: 1\n\ndata: 2\n\n")
        << QStringList {QStringLiteral("ping|1"), QStringLiteral("|2")};
    QTest::newRow("comments ignored")
        << QByteArrayLiteral(": keep-alive\n\n:another\r\ndata: x\n: inside an event\ndata: y\n\n")
        << QStringList {QStringLiteral("|x\ny")};
    QTest::newRow("data without space after colon")
        << QByteArrayLiteral("data:no-space\n\n") << QStringList {QStringLiteral("|no-space")};
    QTest::newRow("only one leading space removed")
        << QByteArrayLiteral("data:  two\n\n") << QStringList {QStringLiteral("| two")};
    QTest::newRow("data field without colon is empty data")
        << QByteArrayLiteral("data\n\n") << QStringList {QStringLiteral("|")};
    QTest::newRow("empty data line")
        << QByteArrayLiteral("data:\ndata: b\n\n") << QStringList {QStringLiteral("|\nb")};
    QTest::newRow("colon inside the value kept")
        << QByteArrayLiteral("data: {\"a\":\"b:c\"}\n\n")
        << QStringList {QStringLiteral("|{\"a\":\"b:c\"}")};
    QTest::newRow("id and retry fields ignored")
        << QByteArrayLiteral("id: 7\nretry: 1000\ndata: z\n\n")
        << QStringList {QStringLiteral("|z")};
    QTest::newRow("blank lines between events dispatch nothing")
        << QByteArrayLiteral("\n\n\r\n\rdata: a\n\n\n\n") << QStringList {QStringLiteral("|a")};
    QTest::newRow("unfinished last event is not dispatched")
        << QByteArrayLiteral("data: a\n\ndata: b\n") << QStringList {QStringLiteral("|a")};
    QTest::newRow("UTF-8 payload")
        << QByteArray("data: \xe4\xbd\xa0\xe5\xa5\xbd\n\n")
        << QStringList {QStringLiteral("|") + QString::fromUtf8("\xe4\xbd\xa0\xe5\xa5\xbd")};
}

void TestSseScanner::wholeStream()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    qint64 count = -1;
    QCOMPARE(feedPieces({stream}, nullptr, &count), expected);
    QCOMPARE(count, qint64(expected.size()));
}

void TestSseScanner::byteByByte()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    QList<QByteArray> pieces;
    for (char c : stream)
        pieces.append(QByteArray(1, c));
    QCOMPARE(feedPieces(pieces), expected);
}

void TestSseScanner::splitAtEveryPosition()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    for (int i = 1; i < stream.size(); ++i) {
        const QStringList got = feedPieces({stream.left(i), stream.mid(i)});
        if (got != expected)
            QFAIL(qPrintable(
                QStringLiteral("split at %1: got [%2], expected [%3]")
                    .arg(i)
                    .arg(got.join(QStringLiteral("; ")), expected.join(QStringLiteral("; ")))));
    }
}

void TestSseScanner::splitIntoThreePieces()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    for (int i = 1; i < stream.size(); ++i) {
        for (int j = i + 1; j < stream.size(); ++j) {
            const QStringList got
                = feedPieces({stream.left(i), stream.mid(i, j - i), stream.mid(j)});
            if (got != expected)
                QFAIL(qPrintable(QStringLiteral("split at %1 and %2: got [%3]")
                                     .arg(i)
                                     .arg(j)
                                     .arg(got.join(QStringLiteral("; ")))));
        }
    }
}

void TestSseScanner::crAtEndOfPieceThenLf()
{
    // The CR of a CRLF ends one piece and its LF starts the next: one line end, not two (two
    // would dispatch the event after its first line and split it in two).
    SseScanner scanner;
    QStringList events;
    const auto handler = [&events](const SseEvent &e) { events.append(describe(e)); };
    scanner.feed(QByteArrayLiteral("data: a\r"), handler);
    QVERIFY(events.isEmpty());
    scanner.feed(QByteArrayLiteral("\ndata: b\r"), handler);
    QVERIFY(events.isEmpty());
    QVERIFY(scanner.hasPartialEvent());
    scanner.feed(QByteArrayLiteral("\n\r"), handler);
    QCOMPARE(events, QStringList {QStringLiteral("|a\nb")});
    scanner.feed(QByteArrayLiteral("\n"), handler); // the LF of the blank line's CRLF
    QCOMPARE(events.size(), 1);
    QVERIFY(!scanner.hasPartialEvent());
}

void TestSseScanner::emptyPieceBetweenCrAndLf()
{
    // An empty piece (libcurl may call its write callback with zero bytes) between the CR and
    // the LF of one CRLF must not turn that LF into a second line end.
    SseScanner scanner;
    QStringList events;
    const auto handler = [&events](const SseEvent &e) { events.append(describe(e)); };
    scanner.feed(QByteArrayLiteral("data: a\r"), handler);
    scanner.feed(QByteArray(), handler);
    scanner.feed(QByteArrayLiteral("\ndata: b\r\n\r\n"), handler);
    QCOMPARE(events, QStringList {QStringLiteral("|a\nb")});
}

void TestSseScanner::partialEvent_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<bool>("partial");

    QTest::newRow("nothing fed") << QByteArray() << false;
    QTest::newRow("complete event") << QByteArrayLiteral("data: a\n\n") << false;
    QTest::newRow("incomplete line") << QByteArrayLiteral("data: a") << true;
    QTest::newRow("data line without blank line") << QByteArrayLiteral("data: a\n") << true;
    QTest::newRow("event line only") << QByteArrayLiteral("event: ping\n") << true;
    QTest::newRow("complete event then start of next")
        << QByteArrayLiteral("data: a\n\nda") << true;
    QTest::newRow("comment only") << QByteArrayLiteral(": ping\n") << false;
    QTest::newRow("complete event ended by CR") << QByteArrayLiteral("data: a\r\r") << false;
}

void TestSseScanner::partialEvent()
{
    QFETCH(QByteArray, stream);
    QFETCH(bool, partial);
    bool got = !partial;
    feedPieces({stream}, &got);
    QCOMPARE(got, partial);
}

void TestSseScanner::bytesAfterEventAreNotLost()
{
    // The scanner keeps the incomplete tail itself; the next piece completes it.
    SseScanner scanner;
    QStringList events;
    const auto handler = [&events](const SseEvent &e) { events.append(describe(e)); };
    scanner.feed(QByteArrayLiteral("data: first\n\ndata: sec"), handler);
    QCOMPARE(events, QStringList {QStringLiteral("|first")});
    QCOMPARE(scanner.eventCount(), qint64(1));
    scanner.feed(QByteArrayLiteral("ond\n\n"), handler);
    QCOMPARE(events, (QStringList {QStringLiteral("|first"), QStringLiteral("|second")}));
    QCOMPARE(scanner.eventCount(), qint64(2));
}

QTEST_GUILESS_MAIN(TestSseScanner)
#include "tst_ssescanner.moc"
