// TestClient::raw(): bytes curl would refuse to send (hostile Host headers, oversized or
// malformed requests) over a plain blocking socket.
#include "testclient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace {

// Decodes a chunked body; returns false while the terminating chunk is still missing.
bool dechunk(const QByteArray &data, QByteArray *out)
{
    qsizetype pos = 0;
    out->clear();
    for (;;) {
        const qsizetype eol = data.indexOf("\r\n", pos);
        if (eol < 0)
            return false;
        QByteArray sizeText = data.mid(pos, eol - pos);
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText.truncate(semicolon);
        bool ok = false;
        const qsizetype size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok)
            return false;
        pos = eol + 2;
        if (size == 0)
            return data.indexOf("\r\n", pos) >= 0;
        if (data.size() < pos + size + 2)
            return false;
        out->append(data.constData() + pos, size);
        pos += size + 2;
    }
}

// Parses what has arrived so far; returns true once a complete final response is there.
bool parseResponse(const QByteArray &raw, TestResponse *r)
{
    qsizetype start = 0;
    for (;;) {
        const qsizetype headEnd = raw.indexOf("\r\n\r\n", start);
        if (headEnd < 0)
            return false;
        const QList<QByteArray> lines = raw.mid(start, headEnd - start).split('\n');
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        r->status = statusLine.value(1).toInt();
        r->headers.clear();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                r->headers.append(
                    {lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
        }
        start = headEnd + 4;
        if (r->status >= 100 && r->status < 200)
            continue; // interim response, the real one follows
        const QByteArray rest = raw.mid(start);
        if (r->header("transfer-encoding").toLower().contains("chunked"))
            return dechunk(rest, &r->body);
        const QByteArray length = r->header("content-length");
        r->body = rest;
        if (!length.isEmpty())
            return rest.size() >= length.trimmed().toLongLong();
        return r->status == 204 || r->status == 304; // otherwise the body ends at close
    }
}

} // namespace

TestResponse TestClient::raw(quint16 port, const QByteArray &rawRequest, int timeoutMs)
{
    TestResponse r;
    QElapsedTimer clock;
    clock.start();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket.waitForConnected(timeoutMs)) {
        r.curlError = QStringLiteral("connect failed: ") + socket.errorString();
        return r;
    }
    socket.write(rawRequest);
    bool complete = false;
    while (!complete) {
        const int left = timeoutMs - int(clock.elapsed());
        if (left <= 0) {
            r.curlError = QStringLiteral("timeout");
            break;
        }
        // Keep flushing a large request while also reading: the server may answer early.
        socket.waitForBytesWritten(0);
        if (!socket.waitForReadyRead(qMin(left, 50))) {
            if (socket.state() != QAbstractSocket::ConnectedState) {
                r.raw += socket.readAll();
                break;
            }
            continue;
        }
        r.raw += socket.readAll();
        if (r.firstByteMs < 0)
            r.firstByteMs = clock.elapsed();
        complete = parseResponse(r.raw, &r);
    }
    if (!complete && !parseResponse(r.raw, &r) && r.status == 0 && r.curlError.isEmpty())
        r.curlError = QStringLiteral("connection closed without a response");
    r.totalMs = clock.elapsed();
    return r;
}

TestResponse TestClient::rawSendAllThenRead(quint16 port, const QByteArray &rawRequest,
                                            int timeoutMs)
{
    TestResponse r;
    QElapsedTimer clock;
    clock.start();
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const timeval timeout {timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        r.curlError = QStringLiteral("connect failed: ") + QString::fromLocal8Bit(strerror(errno));
        ::close(fd);
        return r;
    }
    for (qsizetype sent = 0; sent < rawRequest.size();) {
        const ssize_t n = ::send(fd, rawRequest.constData() + sent,
                                 size_t(rawRequest.size() - sent), MSG_NOSIGNAL);
        if (n <= 0 || clock.elapsed() > timeoutMs) {
            r.curlError = QStringLiteral("sending the request failed after %1 bytes: %2")
                              .arg(sent)
                              .arg(QString::fromLocal8Bit(strerror(errno)));
            ::close(fd);
            return r;
        }
        sent += n;
    }
    char buffer[65536];
    bool complete = false;
    while (!complete && clock.elapsed() < timeoutMs) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        r.raw.append(buffer, n);
        complete = parseResponse(r.raw, &r);
    }
    ::close(fd);
    if (!complete)
        r.curlError = QStringLiteral("no complete response");
    r.totalMs = clock.elapsed();
    return r;
}

namespace {

struct Upload
{
    std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
    qint64 sent = -1; // body bytes sent; -1 until the head went out
    bool done = false;
    TestResponse response;
};

// One round for one upload: send what the kernel takes, read what came. True once it is done.
bool advance(Upload &u, const QByteArray &head, const QByteArray &piece, qint64 bodyBytes)
{
    QTcpSocket &socket = *u.socket;
    if (socket.state() == QAbstractSocket::ConnectedState) {
        if (u.sent < 0) {
            socket.write(head);
            u.sent = 0;
        }
        while (u.sent < bodyBytes && socket.bytesToWrite() < piece.size()) {
            const qint64 size = std::min<qint64>(piece.size(), bodyBytes - u.sent);
            socket.write(piece.constData(), size);
            u.sent += size;
        }
    }
    u.response.raw += socket.readAll();
    if (parseResponse(u.response.raw, &u.response)) {
        socket.disconnectFromHost();
        return true;
    }
    if (socket.state() == QAbstractSocket::UnconnectedState) {
        u.response.curlError = QStringLiteral("closed without a complete response after %1 "
                                              "body bytes: %2")
                                   .arg(u.sent)
                                   .arg(socket.errorString());
        return true;
    }
    return false;
}

} // namespace

QList<TestResponse> TestClient::uploadConcurrently(quint16 port, int n, const QByteArray &head,
                                                   qint64 bodyBytes, int timeoutMs,
                                                   const std::function<bool()> &keepGoing)
{
    std::vector<Upload> uploads(size_t(std::max(n, 0)));
    for (Upload &u : uploads)
        u.socket->connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    const QByteArray piece(64 * 1024, 'x');
    QElapsedTimer clock;
    clock.start();
    int open = n;
    while (open > 0 && clock.elapsed() < timeoutMs && (!keepGoing || keepGoing())) {
        QEventLoop round; // the sockets' own work (connect, flush, read) happens in here
        QTimer::singleShot(10, &round, &QEventLoop::quit);
        round.exec();
        for (Upload &u : uploads) {
            if (!u.done && advance(u, head, piece, bodyBytes)) {
                u.done = true;
                --open;
            }
        }
    }
    QList<TestResponse> results;
    for (Upload &u : uploads) {
        if (!u.done)
            u.response.curlError = QStringLiteral("stopped after %1 body bytes").arg(u.sent);
        u.response.totalMs = clock.elapsed();
        results.append(u.response);
    }
    return results;
}
