// The ring of the gateway's log lines that GUI views read: lines from any thread, in order,
// only the clawgate.* categories, the newest kCapacity kept, each reader taking what is new.
#include "service/logsink.h"

#include <QLoggingCategory>
#include <QtTest>

#include <thread>

using namespace clawgate;

Q_LOGGING_CATEGORY(lcTest, "clawgate.test")
Q_LOGGING_CATEGORY(lcOther, "someone.else")

class TestLogSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keepsOnlyOurCategories();
    void readersTakeWhatIsNew();
    void keepsTheNewestWhenFull();
    void linesFromOtherThreads();
};

void TestLogSink::initTestCase()
{
    // The sink passes every line on to the handler it found: keep thousands of them out of
    // the test log.
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    LogSink::instance();
}

void TestLogSink::keepsOnlyOurCategories()
{
    LogSink &sink = LogSink::instance();
    const qint64 before = sink.lastSequence();
    qCInfo(lcOther) << "not ours";
    qCWarning(lcTest) << "ours";
    const QList<LogLine> lines = sink.linesAfter(before);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().category, QStringLiteral("clawgate.test"));
    QCOMPARE(lines.first().level, QtWarningMsg);
    QCOMPARE(lines.first().message, QStringLiteral("ours"));
    QVERIFY(lines.first().time.isValid());
}

void TestLogSink::readersTakeWhatIsNew()
{
    LogSink &sink = LogSink::instance();
    const qint64 start = sink.lastSequence();
    qCInfo(lcTest) << "one";
    qCInfo(lcTest) << "two";
    const QList<LogLine> first = sink.linesAfter(start);
    QCOMPARE(first.size(), 2);
    qCInfo(lcTest) << "three";
    const QList<LogLine> next = sink.linesAfter(first.last().sequence);
    QCOMPARE(next.size(), 1);
    QCOMPARE(next.first().message, QStringLiteral("three"));
    QCOMPARE(next.first().sequence, first.last().sequence + 1);
    // Another reader still sees all three.
    QCOMPARE(sink.linesAfter(start).size(), 3);
}

void TestLogSink::keepsTheNewestWhenFull()
{
    LogSink &sink = LogSink::instance();
    const qint64 start = sink.lastSequence();
    const int extra = 37;
    for (int i = 0; i < LogSink::kCapacity + extra; ++i)
        qCDebug(lcTest).noquote() << QString::number(i);
    const QList<LogLine> lines = sink.linesAfter(start);
    QCOMPARE(lines.size(), LogSink::kCapacity);
    QCOMPARE(lines.first().message, QString::number(extra)); // the oldest ones went
    QCOMPARE(lines.last().message, QString::number(LogSink::kCapacity + extra - 1));
    for (qsizetype i = 1; i < lines.size(); ++i)
        QCOMPARE(lines.at(i).sequence, lines.at(i - 1).sequence + 1);
    // A reader that is behind by more than the ring holds gets what is left, in order.
    QCOMPARE(sink.linesAfter(0).first().message, QString::number(extra));
}

void TestLogSink::linesFromOtherThreads()
{
    LogSink &sink = LogSink::instance();
    const qint64 start = sink.lastSequence();
    std::thread a([] {
        for (int i = 0; i < 300; ++i)
            qCInfo(lcTest) << "a";
    });
    std::thread b([] {
        for (int i = 0; i < 300; ++i)
            qCInfo(lcTest) << "b";
    });
    a.join();
    b.join();
    const QList<LogLine> lines = sink.linesAfter(start);
    QCOMPARE(lines.size(), 600);
    QCOMPARE(lines.last().sequence, start + 600);
}

QTEST_GUILESS_MAIN(TestLogSink)
#include "tst_logsink.moc"
