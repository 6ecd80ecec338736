// A client that stops reading its stream over HTTP/1.1: the gateway pauses that one upstream
// transfer instead of buffering what the upstream sends, other clients of the same provider
// stream on at full speed meanwhile, and the paused stream resumes intact once its client reads.
// (The same over a multiplexed HTTP/2 upstream is tests/h2/h2_slowreader.test.mjs.)
#include "gatewayfixture.h"

#include <QElapsedTimer>
#include <QTest>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr qint64 kMiB = 1024 * 1024;

// A raw socket with a tiny receive buffer that sends one request and reads nothing until told:
// the kernel's buffers on the way fill up and stay full, as with a stalled real client.
class StalledReader
{
public:
    StalledReader(quint16 port, const QByteArray &request)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int receiveBuffer = 4096; // before connect(), so the window starts small
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
            && ::send(m_fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL)
                == request.size();
    }
    ~StalledReader() { ::close(m_fd); }
    Q_DISABLE_COPY_MOVE(StalledReader)

    bool isConnected() const { return m_connected; }

    // Reads and counts until the bytes received end with `end`, the peer closes or `timeoutMs`
    // pass. Keeps only the tail: the stream may be far larger than the test should hold.
    qint64 drainUntil(const QByteArray &end, int timeoutMs, QByteArray *tail)
    {
        qint64 total = 0;
        QByteArray buffer(256 * 1024, Qt::Uninitialized);
        QElapsedTimer clock;
        clock.start();
        while (!tail->endsWith(end) && clock.elapsed() < timeoutMs) {
            pollfd readable {m_fd, POLLIN, 0};
            if (::poll(&readable, 1, 100) <= 0)
                continue;
            const ssize_t n = ::recv(m_fd, buffer.data(), size_t(buffer.size()), 0);
            if (n <= 0)
                break;
            total += n;
            tail->append(buffer.constData(), n);
            tail->remove(0, std::max<qsizetype>(0, tail->size() - 4096));
        }
        return total;
    }

private:
    int m_fd = -1;
    bool m_connected = false;
};

} // namespace

class TestSlowReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void slowClientDoesNotStallOthersAndPausesItsUpstream();

private:
    // Waits until the flood to the slow client stops growing; its size then.
    qint64 settledSlowFlood() const;
    QByteArray rawStreamRequest() const;
    void fastClientsComplete(qint64 streamBytes) const;

    GatewayFixture m_fx;
    const QString m_route = QStringLiteral("a");
};

void TestSlowReader::initTestCase()
{
    m_fx.addProvider(QStringLiteral("a"), m_route);
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    QVERIFY(m_fx.start());
}

QByteArray TestSlowReader::rawStreamRequest() const
{
    const QByteArray body = GatewayFixture::chatBody(QStringLiteral("chat"), true);
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + m_fx.key + "\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

qint64 TestSlowReader::settledSlowFlood() const
{
    constexpr int kSteadyPolls = 20; // unchanged for 20 polls, 50 ms apart
    qint64 last = -1;
    int steady = 0;
    for (int poll = 0; poll < 1200 && steady < kSteadyPolls; ++poll) {
        QTest::qWait(50);
        const qint64 now = m_fx.mock->floodBytesSent(m_route, 0);
        steady = now == last ? steady + 1 : 0;
        last = now;
    }
    return steady >= kSteadyPolls ? last : -1;
}

// Four clients of the same provider, each reading a whole stream of its own.
void TestSlowReader::fastClientsComplete(qint64 streamBytes) const
{
    const QList<TestResponse> fast = TestClient::postConcurrently(
        4, m_fx.url(QStringLiteral("/v1/chat/completions")),
        GatewayFixture::chatBody(QStringLiteral("chat"), true), m_fx.auth(), 60000);
    for (const TestResponse &r : fast) {
        QVERIFY2(r.ok(), qPrintable(r.curlError));
        QVERIFY(r.body.size() >= streamBytes);
        QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    }
}

void TestSlowReader::slowClientDoesNotStallOthersAndPausesItsUpstream()
{
    // Far more than every buffer between the mock and the slow client can hold (socket buffers
    // autotune up to a few tens of MiB on Linux loopback), so a gateway that buffered instead
    // of pausing would let the whole flood out.
    const qint64 slowFlood = 128 * kMiB;
    const qint64 fastFlood = 4 * kMiB;
    m_fx.mock->enqueue(m_route, MockBehavior::flood(slowFlood));
    m_fx.mock->setBehavior(m_route, MockBehavior::flood(fastFlood));

    StalledReader slow(m_fx.port(), rawStreamRequest());
    QVERIFY(slow.isConnected());
    QTRY_VERIFY_WITH_TIMEOUT(m_fx.mock->floodBytesSent(m_route, 0) > 0, 10000);
    // Others stream while the gateway is pausing the slow client's upstream, and again once it
    // has; meanwhile the slow client has read nothing.
    fastClientsComplete(fastFlood);
    if (QTest::currentTestFailed())
        return;
    const qint64 stalledAt = settledSlowFlood();
    QVERIFY2(stalledAt > 0, "the flood to the slow client never stopped growing");
    QVERIFY2(stalledAt < 64 * kMiB, qPrintable(QString::number(stalledAt)));
    fastClientsComplete(fastFlood);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_fx.mock->floodBytesSent(m_route, 0) < 64 * kMiB); // still paused

    // Once the client reads, the paused stream resumes and arrives complete.
    QByteArray tail;
    const qint64 received = slow.drainUntil("data: [DONE]\n\n\r\n0\r\n\r\n", 120000, &tail);
    QVERIFY2(tail.endsWith("0\r\n\r\n"), qPrintable(QString::number(received)));
    QVERIFY(received >= slowFlood);
}

QTEST_GUILESS_MAIN(TestSlowReader)
#include "tst_slowreader.moc"
