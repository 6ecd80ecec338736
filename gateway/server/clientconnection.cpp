#include "clientconnection.h"

#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcConnection, "clawgate.gateway.connection")

namespace clawgate {

namespace {
const char kConnectionProperty[] = "_clawgate_connection";
}

ClientConnection::ClientConnection(QTcpSocket *socket, const ServerLimits &limits,
                                   Dispatcher dispatcher)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_dispatcher(std::move(dispatcher))
{
    socket->setProperty(kConnectionProperty, QVariant::fromValue<QObject *>(this));
    connect(socket, &QTcpSocket::readyRead, this, &ClientConnection::guardIncoming);
    connect(socket, &QTcpSocket::bytesWritten, this, &ClientConnection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        m_idleTimer.stop();
        if (m_busy)
            Q_EMIT clientGone();
    });
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &ClientConnection::onIdleTimer);
    restartIdleTimer();
}

ClientConnection *ClientConnection::of(QTcpSocket *socket)
{
    return qobject_cast<ClientConnection *>(
        socket->property(kConnectionProperty).value<QObject *>());
}

// Runs before QHttpServer reads the same bytes: tracks where each request's head and body end,
// so an oversized body is refused from its Content-Length before anything is buffered.
void ClientConnection::guardIncoming()
{
    if (!m_socket)
        return;
    if (m_readState == ReadState::Rejected) {
        m_socket->readAll(); // swallow it so QHttpServer never parses it
        return;
    }
    const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
    qsizetype pos = 0;
    while (pos < fresh.size()) {
        if (m_readState == ReadState::Head) {
            if (m_head.isEmpty() && !m_busy)
                restartIdleTimer(); // a new request: it gets a full idle period to arrive
            if (!scanHead(fresh, pos))
                return;
        } else if (m_readState == ReadState::Body) {
            const qint64 take = std::min<qint64>(m_bodyRemaining, fresh.size() - pos);
            m_bodyRemaining -= take;
            pos += take;
            if (m_bodyRemaining == 0)
                m_readState = ReadState::Head;
            restartIdleTimer();
        } else { // ChunkedBody: counted until QHttpServer hands us the request
            m_bodySeen += fresh.size() - pos;
            pos = fresh.size();
            if (m_bodySeen > m_limits.maxBodyBytes)
                return reject(ApiError::bodyTooLarge(m_limits.maxBodyBytes));
            restartIdleTimer();
        }
    }
}

namespace {

struct HeadFacts
{
    qint64 contentLength = 0;
    bool chunked = false;
    bool expectContinue = false;
};

bool startsWithNoCase(QByteArrayView line, QByteArrayView lowerPrefix)
{
    return line.size() >= lowerPrefix.size()
        && qstrnicmp(line.data(), lowerPrefix.data(), size_t(lowerPrefix.size())) == 0;
}

// Reads only the three headers the guard needs, without copying or splitting the head: this
// runs for every request.
HeadFacts readHeadFacts(QByteArrayView head)
{
    HeadFacts facts;
    qsizetype start = head.indexOf('\n') + 1; // skip the request line
    while (start > 0 && start < head.size()) {
        qsizetype end = head.indexOf('\n', start);
        if (end < 0)
            end = head.size();
        const QByteArrayView line = head.sliced(start, end - start);
        switch (line.isEmpty() ? 0 : line.front() | 0x20) {
        case 'c':
            if (startsWithNoCase(line, "content-length:"))
                facts.contentLength = line.sliced(15).trimmed().toLongLong();
            break;
        case 't':
            if (startsWithNoCase(line, "transfer-encoding:"))
                facts.chunked = line.sliced(18).toByteArray().toLower().contains("chunked");
            break;
        case 'e':
            if (startsWithNoCase(line, "expect:"))
                facts.expectContinue
                    = line.sliced(7).toByteArray().toLower().contains("100-continue");
            break;
        default: break;
        }
        start = end + 1;
    }
    return facts;
}

} // namespace

// Consumes head bytes from `fresh` at `pos`; returns false when the connection was rejected.
bool ClientConnection::scanHead(const QByteArray &fresh, qsizetype &pos)
{
    QByteArrayView head;
    qsizetype end = -1;
    if (m_head.isEmpty()) {
        // Usual case: the whole head came in one piece; look at it where it is.
        end = fresh.indexOf("\r\n\r\n", pos);
        if (end >= 0) {
            head = QByteArrayView(fresh).sliced(pos, end - pos);
            pos = end + 4;
        }
    }
    if (end < 0) {
        const qsizetype before = m_head.size();
        m_head.append(fresh.constData() + pos, fresh.size() - pos);
        end = m_head.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeaderBytes) {
                reject(ApiError::headersTooLarge(m_limits.maxHeaderBytes));
                return false;
            }
            pos = fresh.size();
            return true;
        }
        pos += (end + 4) - before;
        head = QByteArrayView(m_head).first(end);
    }
    if (head.size() > m_limits.maxHeaderBytes) {
        reject(ApiError::headersTooLarge(m_limits.maxHeaderBytes));
        return false;
    }
    const HeadFacts facts = readHeadFacts(head);
    m_head.clear();
    if (facts.contentLength > m_limits.maxBodyBytes) {
        reject(ApiError::bodyTooLarge(m_limits.maxBodyBytes));
        return false;
    }
    // QHttpServer 6.4 never answers "Expect: 100-continue"; curl would wait a second for it.
    // Only when nothing else is being answered: pipelined, it would land inside that response.
    if (facts.expectContinue && !m_busy && m_waiting.isEmpty())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_bodySeen = 0;
    m_bodyRemaining = facts.contentLength;
    m_readState = facts.chunked ? ReadState::ChunkedBody
                                : (facts.contentLength > 0 ? ReadState::Body : ReadState::Head);
    return true;
}

void ClientConnection::reject(const ApiError &error)
{
    m_readState = ReadState::Rejected;
    m_socket->readAll();
    m_waiting.clear();
    m_closeAfterResponse = true;
    if (!m_busy) {
        m_busy = true;
        respondError(error);
    } else {
        m_socket->abort(); // mid-response: there is no clean way to say it
    }
}

void ClientConnection::enqueue(HttpRequest request)
{
    if (m_readState == ReadState::ChunkedBody)
        m_readState = ReadState::Head;
    if (m_readState == ReadState::Rejected)
        return;
    if (request.header("connection").toLower().contains("close"))
        request.headers.append({QByteArrayLiteral("x-clawgate-close"), QByteArrayLiteral("1")});
    m_waiting.enqueue(std::move(request));
    if (!m_busy)
        dispatchNext();
}

void ClientConnection::dispatchNext()
{
    if (m_waiting.isEmpty() || m_busy || !isOpen())
        return;
    m_busy = true; // the idle timer keeps running but ignores a connection that is answering
    const HttpRequest request = m_waiting.dequeue();
    m_closeAfterResponse = !request.header("x-clawgate-close").isEmpty();
    m_dispatcher(request, *this);
}

void ClientConnection::respond(int status, const HeaderList &headers, const QByteArray &body)
{
    if (!isOpen())
        return;
    m_socket->write(formatResponseHead(status, headers, body.size(), m_closeAfterResponse) + body);
    m_socket->flush();
    responseFinished();
}

namespace {
const QPair<QByteArray, QByteArray> kJsonContentType {QByteArrayLiteral("Content-Type"),
                                                      QByteArrayLiteral("application/json")};
}

void ClientConnection::respondJson(const QJsonObject &body)
{
    respond(200, {kJsonContentType}, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void ClientConnection::respondError(const ApiError &error, HeaderList headers)
{
    headers.append(kJsonContentType);
    headers.append(error.headers);
    respond(error.status, headers, error.body());
}

void ClientConnection::beginStream(int status, const HeaderList &headers)
{
    if (!isOpen())
        return;
    m_socket->write(formatResponseHead(status, headers, -1, m_closeAfterResponse));
}

void ClientConnection::streamWrite(const QByteArray &data)
{
    if (data.isEmpty() || !isOpen())
        return; // an empty chunk would end the stream
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    m_socket->flush();
    if (bufferedBytes() > kHighWater && !m_wasAboveHighWater) {
        m_wasAboveHighWater = true;
        restartIdleTimer(); // a client that stops reading entirely is dropped after a while
    }
}

void ClientConnection::endStream()
{
    if (!isOpen())
        return;
    m_socket->write("0\r\n\r\n");
    m_socket->flush();
    responseFinished();
}

bool ClientConnection::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 ClientConnection::bufferedBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void ClientConnection::responseFinished()
{
    m_busy = false;
    if (m_closeAfterResponse) {
        m_socket->disconnectFromHost(); // after the buffered response is written
        return;
    }
    restartIdleTimer();
    if (!m_waiting.isEmpty())
        QMetaObject::invokeMethod(this, &ClientConnection::dispatchNext, Qt::QueuedConnection);
}

void ClientConnection::onBytesWritten()
{
    if (!m_wasAboveHighWater)
        return;
    if (bufferedBytes() <= kHighWater / 2) {
        m_wasAboveHighWater = false;
        Q_EMIT drained();
    } else {
        restartIdleTimer(); // progress, however slow
    }
}

// Called for every request and every piece of one: it only notes the time. The timer itself
// runs on and, when it fires, looks at how long the connection has really been quiet.
void ClientConnection::restartIdleTimer()
{
    m_sinceActivity.start();
    if (!m_idleTimer.isActive())
        m_idleTimer.start(m_limits.idleSeconds * 1000);
}

void ClientConnection::onIdleTimer()
{
    const qint64 limitMs = qint64(m_limits.idleSeconds) * 1000;
    // A response in flight is governed by the upstream's timeouts, unless the client has
    // stopped reading it.
    if (m_busy && !m_wasAboveHighWater) {
        m_idleTimer.start(int(limitMs));
        return;
    }
    const qint64 remainingMs = limitMs - m_sinceActivity.elapsed();
    if (remainingMs > 0) {
        m_idleTimer.start(int(remainingMs));
        return;
    }
    qCDebug(lcConnection) << "closing a connection idle or stalled for" << m_limits.idleSeconds
                          << "s";
    if (m_socket)
        m_socket->abort();
}

} // namespace clawgate
