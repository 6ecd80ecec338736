#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>

using TestHeaders = QList<QPair<QByteArray, QByteArray>>;

struct TestResponse
{
    int status = 0; // 0: no response
    TestHeaders headers;
    QByteArray body;
    QList<QByteArray> pieces; // body pieces as the write callback received them
    QList<qint64> pieceArrivalMs; // per piece, ms since the request started
    qint64 firstByteMs = -1; // first response byte (status line), ms since start
    qint64 totalMs = 0;
    QString curlError; // empty when the transfer completed
    int curlCode = 0; // CURLcode; e.g. 18 partial body, 28 timeout, 52 empty reply, 56 reset
    QByteArray raw; // raw(): every byte received

    QByteArray header(const QByteArray &name) const; // case-insensitive, first match
    bool ok() const { return curlError.isEmpty() && status >= 200 && status < 300; }
    QJsonObject json() const;
    QList<QByteArray> sseDataLines() const; // payloads of "data: " lines, in order
};

// Blocking HTTP client for tests, built on libcurl. It only talks to 127.0.0.1/localhost,
// ignores proxy settings and never sends "Expect: 100-continue".
class TestClient
{
public:
    static TestResponse get(const QString &url, const TestHeaders &headers = {},
                            int timeoutMs = 30000);
    // Sets Content-Type: application/json unless the headers name one.
    static TestResponse post(const QString &url, const QByteArray &body,
                             const TestHeaders &headers = {}, int timeoutMs = 30000);
    static TestResponse request(const QByteArray &method, const QString &url,
                                const QByteArray &body, const TestHeaders &headers = {},
                                int timeoutMs = 30000);
    // Reads until the first body piece, then closes the connection: a client that vanishes
    // mid-stream. curlError reports the deliberate abort.
    static TestResponse postAbortAfterFirstPiece(const QString &url, const QByteArray &body,
                                                 const TestHeaders &headers = {},
                                                 int timeoutMs = 30000);
    // n requests at once, one fresh HTTP/1.1 connection each, no per-host cap. Results are in
    // start order; times are measured from the common start.
    static QList<TestResponse> postConcurrently(int n, const QString &url, const QByteArray &body,
                                                const TestHeaders &headers = {},
                                                int timeoutMs = 30000);
    // Sends raw bytes and reads until a complete response, the server's close or the
    // timeout. status/headers/body are parsed (a chunked body is decoded); raw has every byte.
    static TestResponse raw(quint16 port, const QByteArray &rawRequest, int timeoutMs = 10000);
    // Like most HTTP client libraries: sends the whole request first (blocking), and reads the
    // response only after that. A server that closes while the request is still arriving makes
    // the send fail with a reset, and the client never sees the answer: curlError says so.
    // n uploads at once over plain sockets, as a crowd of clients would send them: each sends
    // `head`, then up to `bodyBytes` of body, writing more only as the kernel takes it, and
    // stops sending once a complete response arrived (curlError says when none did).
    // `keepGoing` is asked between rounds and can end the run early.
    static QList<TestResponse> uploadConcurrently(quint16 port, int n, const QByteArray &head,
                                                  qint64 bodyBytes, int timeoutMs,
                                                  const std::function<bool()> &keepGoing = {});
    static TestResponse rawSendAllThenRead(quint16 port, const QByteArray &rawRequest,
                                           int timeoutMs = 10000);
};
