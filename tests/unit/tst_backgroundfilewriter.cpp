// BackgroundFileWriter: writes happen off the caller's thread, one at a time, and the newest
// content handed over is what the file holds once the writer is idle.
#include "store/backgroundfilewriter.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace clawgate;

class TestBackgroundFileWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newestContentWins();
    void destructionWaitsForTheLastWrite();
    void failureIsReportedWithThePath();
};

void TestBackgroundFileWriter::newestContentWins()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("state.json"));
    BackgroundFileWriter writer(path);
    for (int i = 1; i <= 200; ++i)
        writer.write(QByteArray::number(i));
    QCOMPARE(writer.waitForIdle(), QString());
    QCOMPARE(readFile(path), QByteArrayLiteral("200"));
    // Content that arrived while a write ran replaced what was waiting: fewer writes than calls.
    QVERIFY(writer.writesCompleted() >= 1);
    QVERIFY(writer.writesCompleted() <= 200);
    QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
}

void TestBackgroundFileWriter::destructionWaitsForTheLastWrite()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("state.json"));
    {
        BackgroundFileWriter writer(path);
        writer.write("first");
        writer.write("last");
    }
    QCOMPARE(readFile(path), QByteArrayLiteral("last"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {QStringLiteral("state.json")});
}

void TestBackgroundFileWriter::failureIsReportedWithThePath()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing-directory/state.json"));
    BackgroundFileWriter writer(path);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot write .*state")));
    writer.write("x");
    const QString error = writer.waitForIdle();
    QVERIFY2(error.contains(path), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestBackgroundFileWriter)
#include "tst_backgroundfilewriter.moc"
