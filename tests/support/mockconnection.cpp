#include "mockconnection.h"

#include "mockupstream.h"

#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

MockConnection::MockConnection(QTcpSocket *socket, MockUpstream *server)
    : QObject(server)
    , m_socket(socket)
    , m_server(server)
{
    m_socket->setParent(this);
    // Stream events must leave at once, not wait for Nagle to batch them.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &MockConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &MockConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            onDisconnected();
    });
    m_server->connectionOpened();
}

MockConnection::~MockConnection()
{
    if (m_busy)
        m_server->endRequest(m_route, false);
    m_server->connectionClosed();
}

void MockConnection::shutdown()
{
    m_closing = true;
    m_socket->disconnect(this);
    m_socket->abort();
}

void MockConnection::onReadyRead()
{
    m_parser.append(m_socket->readAll());
    processBuffer();
}

void MockConnection::onDisconnected()
{
    if (m_gone)
        return;
    m_gone = true;
    if (m_busy) {
        m_busy = false;
        m_server->endRequest(m_route, !m_closing);
    }
    deleteLater();
}

void MockConnection::processBuffer()
{
    if (m_processing)
        return;
    m_processing = true;
    while (!m_busy && !m_closing && !m_gone) {
        const HttpRequestParser::Result r = m_parser.parse();
        if (r == HttpRequestParser::Result::NeedMore) {
            if (m_parser.takeContinueRequest())
                m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
            break;
        }
        if (r == HttpRequestParser::Result::Error) {
            const int status = m_parser.errorStatus();
            writeSimple(status, MockResponses::errorBody(status, "malformed request"), true);
            break;
        }
        const HttpRequest request = m_parser.takeRequest();
        m_keepAlive = request.keepAlive;
        if (request.path.startsWith("/_mock/"))
            handleControl(request);
        else
            handleRequest(request);
    }
    m_processing = false;
}

void MockConnection::handleControl(const HttpRequest &request)
{
    int status = 200;
    QByteArray body;
    m_server->handleControl(request, &status, &body);
    writeSimple(status, body, !m_keepAlive);
}

void MockConnection::handleRequest(const HttpRequest &request)
{
    // Path: /<route>/<endpoint...>[?query]. A request in absolute form
    // ("POST http://host/<route>/...") is one sent to the mock as an HTTP proxy: it answers it
    // as the upstream would, and the recorded path shows that a proxy was used.
    QByteArray path = request.path;
    if (path.startsWith("http://")) {
        const qsizetype pathStart = path.indexOf('/', 7);
        path = pathStart < 0 ? QByteArrayLiteral("/") : path.mid(pathStart);
    }
    const qsizetype query = path.indexOf('?');
    if (query >= 0)
        path.truncate(query);
    const qsizetype slash = path.indexOf('/', 1);
    const QByteArray routeBytes = slash < 0 ? path.mid(1) : path.mid(1, slash - 1);
    const QByteArray endpoint = slash < 0 ? QByteArray() : path.mid(slash);
    m_route = QString::fromUtf8(routeBytes);

    MockRequest record {m_route, request.method, request.path, request.headers, request.body};
    const MockBehavior behavior = m_server->beginRequest(std::move(record));
    m_busy = true;
    m_plan = MockResponses::resolve(m_route, endpoint, request, behavior);
    m_nextChunk = 0;
    m_chunkDelayDone = false;

    const MockBehavior &b = m_plan.behavior;
    if (b.resetBeforeHeaders) {
        resetConnection();
    } else if (b.stallBeforeHeaders) {
        // Answer nothing; the request stays open until the client gives up.
    } else if (b.headerDelayMs > 0) {
        QTimer::singleShot(b.headerDelayMs, this, &MockConnection::sendHead);
    } else {
        sendHead();
    }
}

QByteArray MockConnection::responseHead(int status, const MockHeaders &extra, bool stream,
                                        qsizetype contentLength, bool close) const
{
    QByteArray head = QByteArrayLiteral("HTTP/1.1 ") + QByteArray::number(status) + ' '
        + MockResponses::reasonPhrase(status) + QByteArrayLiteral("\r\n");
    bool hasContentType = false;
    for (const auto &h : extra) {
        head += h.first + QByteArrayLiteral(": ") + h.second + QByteArrayLiteral("\r\n");
        hasContentType
            = hasContentType || h.first.compare("content-type", Qt::CaseInsensitive) == 0;
    }
    if (!hasContentType) {
        head += stream ? QByteArrayLiteral("Content-Type: text/event-stream\r\n"
                                           "Cache-Control: no-cache\r\n")
                       : QByteArrayLiteral("Content-Type: application/json\r\n");
    }
    if (stream)
        head += QByteArrayLiteral("Transfer-Encoding: chunked\r\n");
    else
        head += QByteArrayLiteral("Content-Length: ") + QByteArray::number(contentLength) + "\r\n";
    if (close)
        head += QByteArrayLiteral("Connection: close\r\n");
    return head + QByteArrayLiteral("\r\n");
}

void MockConnection::sendHead()
{
    if (m_gone)
        return;
    const MockBehavior &b = m_plan.behavior;
    if (m_plan.stream) {
        const bool close = !m_keepAlive || b.end == MockEnd::Cut;
        m_socket->write(responseHead(b.status, b.headers, true, 0, close));
        if (b.floodBytes > 0)
            startFlood();
        else
            writeChunks();
        return;
    }
    if (b.lieContentLength || b.end == MockEnd::Cut) {
        // Announce the full (or an inflated) length, send less, then close.
        const qsizetype announced = b.lieContentLength ? b.body.size() + 100 : b.body.size();
        const QByteArray sent = b.lieContentLength ? b.body : b.body.left(b.body.size() / 2);
        m_socket->write(responseHead(b.status, b.headers, false, announced, true) + sent);
        closeAfterFlush();
        return;
    }
    if (b.end == MockEnd::Stall) {
        m_socket->write(responseHead(b.status, b.headers, false, b.body.size() + 1, false)
                        + b.body.left(b.body.size() / 2));
        return;
    }
    m_socket->write(responseHead(b.status, b.headers, false, b.body.size(), !m_keepAlive) + b.body);
    finishResponse();
}

void MockConnection::writeChunks()
{
    if (m_gone)
        return;
    const QList<MockChunk> &chunks = m_plan.behavior.chunks;
    QByteArray out;
    while (m_nextChunk < chunks.size()) {
        const MockChunk &chunk = chunks.at(m_nextChunk);
        if (chunk.delayMs > 0 && !m_chunkDelayDone) {
            if (!out.isEmpty())
                m_socket->write(out);
            m_chunkDelayDone = true;
            QTimer::singleShot(chunk.delayMs, this, &MockConnection::writeChunks);
            return;
        }
        m_chunkDelayDone = false;
        ++m_nextChunk;
        if (chunk.data.isEmpty())
            continue; // an empty chunk would end the body
        out += QByteArray::number(chunk.data.size(), 16) + QByteArrayLiteral("\r\n") + chunk.data
            + QByteArrayLiteral("\r\n");
    }
    switch (m_plan.behavior.end) {
    case MockEnd::Complete:
    case MockEnd::CloseWithoutDone:
        m_socket->write(out + QByteArrayLiteral("0\r\n\r\n"));
        finishResponse();
        break;
    case MockEnd::Cut:
        m_socket->write(out);
        closeAfterFlush();
        break;
    case MockEnd::Stall: m_socket->write(out); break;
    }
}

void MockConnection::startFlood()
{
    m_floodLeft = m_plan.behavior.floodBytes;
    m_floodIndex = m_server->beginFlood(m_route);
    m_floodWritten = connect(m_socket, &QTcpSocket::bytesWritten, this, [this](qint64 bytes) {
        m_server->addFloodBytes(m_route, m_floodIndex, bytes);
        writeFlood();
    });
    writeFlood();
}

// Keeps no more than a little in the socket's own buffer, so the flood advances only as fast as
// the kernel takes it and the count of accepted bytes measures the client's back-pressure.
void MockConnection::writeFlood()
{
    constexpr qint64 kBuffered = 256 * 1024;
    static const QByteArray event = [] {
        const QByteArray sse
            = MockBehavior::sse(MockBehavior::chatChunkJson("mock-model", QByteArray(16000, 'x')))
                  .data;
        return QByteArray::number(sse.size(), 16) + "\r\n" + sse + "\r\n";
    }();
    while (!m_gone && m_floodLeft > 0 && m_socket->bytesToWrite() < kBuffered) {
        m_socket->write(event);
        m_floodLeft -= event.size();
    }
    if (m_gone || m_floodLeft > 0)
        return;
    disconnect(m_floodWritten); // the bytes still buffered count no more: the flood is over
    const QByteArray done = MockBehavior::done().data;
    m_socket->write(QByteArray::number(done.size(), 16) + "\r\n" + done + "\r\n0\r\n\r\n");
    finishResponse();
}

void MockConnection::finishResponse()
{
    m_busy = false;
    m_server->endRequest(m_route, false);
    if (!m_keepAlive) {
        closeAfterFlush();
        return;
    }
    // Continue with a request the client may have pipelined; queued so a deep pipeline
    // does not recurse through timers and writes.
    if (m_parser.hasBufferedData() && !m_processing)
        QMetaObject::invokeMethod(this, &MockConnection::processBuffer, Qt::QueuedConnection);
}

void MockConnection::closeAfterFlush()
{
    if (m_busy) {
        m_busy = false;
        m_server->endRequest(m_route, false);
    }
    m_closing = true;
    // Writes what is buffered, then sends FIN: the client sees a body cut short.
    m_socket->disconnectFromHost();
}

void MockConnection::resetConnection()
{
    if (m_busy) {
        m_busy = false;
        m_server->endRequest(m_route, false);
    }
    m_closing = true;
    // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
    const struct linger lin = {1, 0};
    ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &lin, sizeof lin);
    m_socket->abort();
}

void MockConnection::writeSimple(int status, const QByteArray &body, bool close)
{
    m_socket->write(responseHead(status, {}, false, body.size(), close) + body);
    if (close)
        closeAfterFlush();
}
