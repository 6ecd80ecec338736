// Memory under a crowd of unauthenticated uploads, measured on a real `clawgatectl serve`
// process (its peak resident set, VmHWM): refusing them must not cost their bodies.
#include "ctlprocess.h"
#include "gatewayfixture.h"

#include <QFile>
#include <QTest>

class TestUploadMemory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unauthenticatedUploadsAreRefusedFromTheirHead();
};

namespace {

// A "VmRSS:" or "VmHWM:" line of /proc/PID/status, in bytes; -1 when it cannot be read.
qint64 memoryOf(qint64 pid, const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

} // namespace

void TestUploadMemory::unauthenticatedUploadsAreRefusedFromTheirHead()
{
    GatewayFixture fx; // builds the configuration: it has a client key, so one is required
    fx.writeConfig();
    ServeProcess serve;
    QVERIFY2(serve.start(fx.configPath()), serve.diagnostics().constData());
    const qint64 pid = serve.process().processId();
    const qint64 limit = 100 << 20;
    qDebug() << "peak RSS before the uploads:" << memoryOf(pid, "VmHWM:") / 1024 << "KiB";

    const qint64 bodyBytes = 30 << 20;
    const QByteArray head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Content-Type: application/json\r\nContent-Length: "
        + QByteArray::number(bodyBytes) + "\r\n\r\n";
    // Stop sending as soon as the gateway grows past the limit: the test has failed then, and
    // going on would only take memory from the machine.
    const QList<TestResponse> results
        = TestClient::uploadConcurrently(serve.port(), 200, head, bodyBytes, 120000,
                                         [pid, limit] { return memoryOf(pid, "VmRSS:") < limit; });
    const qint64 peak = memoryOf(pid, "VmHWM:");
    qDebug() << "peak RSS after 200 refused uploads of 30 MB:" << peak / 1024 << "KiB";
    QVERIFY2(peak > 0 && peak < limit,
             qPrintable(QStringLiteral("peak RSS %1 KiB").arg(peak / 1024)));
    for (const TestResponse &r : results) {
        QVERIFY2(r.curlError.isEmpty(), qPrintable(r.curlError));
        QCOMPARE(r.status, 401);
    }
    QCOMPARE(serve.modelsStatus(fx.key), 200); // and it still serves
}

QTEST_GUILESS_MAIN(TestUploadMemory)
#include "tst_uploadmemory.moc"
