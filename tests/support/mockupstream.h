#pragma once

#include "mockbehavior.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QThread>

#include <atomic>

class QTcpServer;
struct HttpRequest;

// A hand-written HTTP/1.1 server on 127.0.0.1 that imitates an OpenAI-compatible API (and the
// Anthropic Messages API on /messages) and misbehaves on request. The first path segment is the
// route: /<route>/v1/chat/completions. start()/stop() run on the thread the object lives in;
// everything else is thread-safe.
class MockUpstream : public QObject
{
    Q_OBJECT
public:
    explicit MockUpstream(QObject *parent = nullptr);
    ~MockUpstream() override;

    bool start(quint16 port = 0);
    void stop();
    quint16 port() const { return m_port.load(); }
    QString baseUrl(const QString &route) const; // http://127.0.0.1:PORT/<route>/v1

    void setRecording(bool on) { m_recording.store(on); }
    void setBehavior(const QString &route, const MockBehavior &behavior);
    void enqueue(const QString &route, const MockBehavior &behavior);
    void reset(); // behaviours, queues, recorded requests and counters

    // Requests to `route` are logins (see MockLogin); a queued behaviour still comes first.
    void setLogin(const QString &route, const MockLogin &login);
    // Requests to `route` without a token a login route issued, in any header ("Bearer "
    // before it or not), get 401.
    void requireLoginToken(const QString &route);
    // Every token issued so far stops working, as when a platform revokes them early.
    void revokeLoginTokens();

    QList<MockRequest> requests(const QString &route = {}) const; // empty route: all
    int requestCount(const QString &route = {}) const;
    int abortedByClient(const QString &route = {}) const;
    int openConnections() const { return m_openConnections.load(); }
    int activeRequests() const { return m_activeRequests.load(); }
    int peakConcurrentRequests() const { return m_peakRequests.load(); }
    // Bytes of the index-th flood response on the route (in the order they started) that the
    // kernel accepted so far; -1 if it has not started. See MockBehavior::floodBytes.
    qint64 floodBytesSent(const QString &route, int index) const;

Q_SIGNALS:
    // Emitted on the mock's thread when a client closed before its response was complete.
    void clientAborted(const QString &route);

private:
    friend class MockConnection;

    struct RouteState
    {
        MockBehavior standing;
        QList<MockBehavior> queue;
        int requests = 0;
        int aborted = 0;
        QList<qint64> floodSent; // per flood response, in start order
        std::optional<MockLogin> login;
        bool requireToken = false;
    };

    void onNewConnection();
    MockBehavior beginRequest(MockRequest &&request);
    void endRequest(const QString &route, bool abortedByClient);
    int beginFlood(const QString &route);
    void addFloodBytes(const QString &route, int index, qint64 bytes);
    void connectionOpened() { ++m_openConnections; }
    void connectionClosed() { --m_openConnections; }
    void handleControl(const HttpRequest &request, int *status, QByteArray *body);
    MockBehavior answerLogin(const MockLogin &login, const MockRequest &request); // locked

    QTcpServer *m_server = nullptr;
    mutable QMutex m_mutex;
    QHash<QString, RouteState> m_routes;
    QList<MockRequest> m_requests;
    int m_totalRequests = 0;
    int m_totalAborted = 0;
    int m_tokensIssued = 0;
    QSet<QByteArray> m_validTokens;
    std::atomic<bool> m_recording {true};
    std::atomic<quint16> m_port {0};
    std::atomic<int> m_openConnections {0};
    std::atomic<int> m_activeRequests {0};
    std::atomic<int> m_peakRequests {0};
};

// Runs a MockUpstream on its own thread, so a test can block its main thread (e.g. in a
// TestClient call) while the mock keeps answering:
//     MockUpstreamThread mock;
//     mock->setBehavior(QStringLiteral("a"), MockBehavior::error(429));
//     const QString url = mock.baseUrl(QStringLiteral("a")) + QLatin1String("/chat/completions");
//     TestClient::post(url, body);
class MockUpstreamThread
{
public:
    explicit MockUpstreamThread(quint16 port = 0);
    ~MockUpstreamThread();
    Q_DISABLE_COPY_MOVE(MockUpstreamThread)

    MockUpstream *operator->() const { return m_mock; }
    MockUpstream *get() const { return m_mock; }
    bool isListening() const { return m_listening; }
    quint16 port() const { return m_mock->port(); }
    QString baseUrl(const QString &route) const { return m_mock->baseUrl(route); }

private:
    QThread m_thread;
    MockUpstream *m_mock = nullptr;
    bool m_listening = false;
};
