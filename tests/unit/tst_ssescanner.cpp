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
    void completeBytesEndAtTheLastBlankLine_data();
    void completeBytesEndAtTheLastBlankLine();
    void relayedBytesAreTheSameHoweverSplit_data();
    void relayedBytesAreTheSameHoweverSplit();
    void blockWithoutEndOverflows_data();
    void blockWithoutEndOverflows();
    void manyShortEventsNeverOverflow();
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

void TestSseScanner::completeBytesEndAtTheLastBlankLine_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("complete");
    QTest::newRow("one event") << QByteArrayLiteral("data: a\n\n") << 9;
    QTest::newRow("event, then the start of the next")
        << QByteArrayLiteral("data: a\n\ndata: b") << 9;
    QTest::newRow("no blank line yet") << QByteArrayLiteral("data: a\n") << 0;
    QTest::newRow("a keep-alive comment is a block too")
        << QByteArrayLiteral(": keep-alive\n\n") << 14;
    QTest::newRow("CRLF") << QByteArrayLiteral("data: a\r\n\r\ndata") << 11;
    QTest::newRow("CR") << QByteArrayLiteral("data: a\r\r") << 9;
    QTest::newRow("two events") << QByteArrayLiteral("data: a\n\ndata: b\n\n") << 18;
}

void TestSseScanner::completeBytesEndAtTheLastBlankLine()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, complete);
    SseScanner scanner;
    QCOMPARE(scanner.feed(stream, [](const SseEvent &) {}), qsizetype(complete));
    QCOMPARE(scanner.pendingBytes(), stream.size() - complete);
}

void TestSseScanner::relayedBytesAreTheSameHoweverSplit_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("complete"); // bytes through the last blank line of the whole stream
    QTest::newRow("LF events and a partial one")
        << QByteArrayLiteral("data: a\n\n: ping\n\ndata: b\ndata: c\n\ndata: d") << 34;
    QTest::newRow("CRLF events") << QByteArrayLiteral("data: a\r\n\r\ndata: b\r\n\r\n") << 22;
    QTest::newRow("CR events") << QByteArrayLiteral("data: a\r\rdata: b\r\r") << 18;
    QTest::newRow("mixed") << QByteArrayLiteral("data: a\r\n\ndata: b\r\r\ndata: c\n\r") << 29;
}

// What the gateway forwards after each piece (the bytes through the last complete block) adds
// up to the same bytes wherever the pieces were cut.
void TestSseScanner::relayedBytesAreTheSameHoweverSplit()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, complete);
    const auto relay = [](const QList<QByteArray> &pieces) {
        SseScanner scanner;
        QByteArray relayed;
        QByteArray pending;
        for (const QByteArray &piece : pieces) {
            const qsizetype end = scanner.feed(piece, [](const SseEvent &) {});
            pending += piece;
            if (end > 0) {
                const qsizetype keep = piece.size() - end;
                relayed += pending.left(pending.size() - keep);
                pending = pending.right(keep);
            }
        }
        return relayed;
    };
    const QByteArray expected = stream.left(complete);
    QCOMPARE(relay({stream}), expected);
    for (int i = 1; i < stream.size(); ++i)
        QCOMPARE(relay({stream.left(i), stream.mid(i)}), expected);
    QList<QByteArray> bytes;
    for (char c : stream)
        bytes.append(QByteArray(1, c));
    QCOMPARE(relay(bytes), expected);
}

void TestSseScanner::blockWithoutEndOverflows_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::newRow("one endless line") << QByteArray("data: ") + QByteArray(64, 'x');
    QTest::newRow("endless data lines, no blank line")
        << QByteArray("data: xxxxxxxx\n").repeated(8);
    QTest::newRow("after a good event")
        << QByteArray("data: ok\n\n") + QByteArray("data: ") + QByteArray(64, 'x');
}

void TestSseScanner::blockWithoutEndOverflows()
{
    QFETCH(QByteArray, stream);
    SseScanner scanner(32);
    QStringList events;
    const auto handler = [&events](const SseEvent &e) { events.append(describe(e)); };
    for (char c : stream)
        scanner.feed(QByteArray(1, c), handler);
    QVERIFY(scanner.overflowed());
    // Nothing more is taken in once it overflowed.
    QCOMPARE(scanner.feed(QByteArrayLiteral("\n\ndata: late\n\n"), handler), qsizetype(0));
    QVERIFY(!events.contains(QStringLiteral("|late")));
}

void TestSseScanner::manyShortEventsNeverOverflow()
{
    SseScanner scanner(32);
    int events = 0;
    for (int i = 0; i < 1000; ++i)
        scanner.feed(QByteArrayLiteral("data: {\"n\":1}\n\n"),
                     [&events](const SseEvent &) { ++events; });
    QVERIFY(!scanner.overflowed());
    QCOMPARE(events, 1000);
}

QTEST_GUILESS_MAIN(TestSseScanner)
#include "tst_ssescanner.moc"
