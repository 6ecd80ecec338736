#include "clientconnection.h"

#include "lingeringclose.h"
#include "requesthead.h"

#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcConnection, "clawgate.gateway.connection")

namespace clawgate {

namespace {
const char kConnectionProperty[] = "_clawgate_connection";
}

ClientConnection::ClientConnection(QTcpSocket *socket, const ServerLimits &limits,
                                   const RequestHooks &hooks, BodyBudget &budget)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_hooks(hooks)
    , m_budget(budget)
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

ClientConnection::~ClientConnection()
{
    releaseBody();
}

ClientConnection *ClientConnection::of(QTcpSocket *socket)
{
    return qobject_cast<ClientConnection *>(
        socket->property(kConnectionProperty).value<QObject *>());
}

// Runs before QHttpServer reads the same bytes (it is connected first). It sees exactly the
// bytes QHttpServer is about to read, decides on each request from its head, counts its body,
// and stops at the request's end: what follows belongs to the next request, which is looked at
// only after this one has been handed over.
void ClientConnection::guardIncoming()
{
    if (!m_socket || m_readState == ReadState::Closing || m_readState == ReadState::Complete)
        return;
    if (m_busy)
        return holdIncoming();
    const qint64 available = m_socket->bytesAvailable();
    qint64 pos = 0;
    if (m_readState == ReadState::Head) {
        if (m_head.isEmpty())
            restartIdleTimer(); // a new request: it gets a full idle period to arrive
        if (!scanHead(available, pos))
            return;
    }
    if (m_readState == ReadState::Body) {
        const qint64 take = std::min(m_bodyRemaining, available - pos);
        m_bodyRemaining -= take;
        if (m_bodyRemaining == 0)
            m_readState = ReadState::Complete;
        restartIdleTimer();
    } else if (m_readState == ReadState::ChunkedBody && available > pos) {
        countChunkedBody(available - pos); // until QHttpServer hands the request over
        restartIdleTimer();
    }
}

// Reads the head from the socket without consuming it; returns false while it is incomplete
// or when the request was refused. Only the head is copied, never the body after it.
bool ClientConnection::scanHead(qint64 available, qint64 &pos)
{
    // Never look further than a head may reach.
    const qint64 want
        = std::clamp<qint64>(m_limits.maxHeaderBytes + 4 - m_head.size(), 0, available);
    char small[4096];
    QByteArray large;
    const qint64 peeked = m_socket->peek(small, std::min<qint64>(want, sizeof small));
    QByteArrayView fresh(small, std::max<qint64>(peeked, 0));
    const QByteArrayView blankLine("\r\n\r\n");
    qsizetype end = m_head.isEmpty() ? fresh.indexOf(blankLine) : -1;
    if (end < 0 && want > fresh.size()) { // a long head (rare)
        large = m_socket->peek(want);
        fresh = large;
        end = m_head.isEmpty() ? fresh.indexOf(blankLine) : -1;
    }
    QByteArrayView head;
    if (end >= 0) { // usual case: the whole head came in one piece; look at it where it is
        head = fresh.first(end);
        pos = end + 4;
    } else {
        const qsizetype before = m_head.size();
        m_head.append(fresh.data(), fresh.size());
        end = m_head.indexOf(blankLine, std::max<qsizetype>(0, before - 3));
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeaderBytes)
                reject(ApiError::headersTooLarge(m_limits.maxHeaderBytes));
            pos = available; // QHttpServer reads these bytes of the head too
            return false;
        }
        pos = (end + 4) - before;
        head = QByteArrayView(m_head).first(end);
    }
    if (head.size() > m_limits.maxHeaderBytes) {
        reject(ApiError::headersTooLarge(m_limits.maxHeaderBytes));
        return false;
    }
    const bool admitted = admit(readRequestHead(head));
    m_head.clear();
    return admitted;
}

// Every check that needs no body, in the order a client can fix them. Nothing of the body has
// been read when a request is refused here, and "100 Continue" is sent only once it passed.
bool ClientConnection::admit(const RequestHead &head)
{
    QString path = head.path();
    if (head.problem) {
        reject(ApiError::badRequest(QString::fromLatin1(head.problem)).forPath(path));
        return false;
    }
    if (head.contentLength > m_limits.maxBodyBytes) {
        reject(ApiError::bodyTooLarge(m_limits.maxBodyBytes).forPath(path));
        return false;
    }
    auto verdict = m_hooks.admit(head, path);
    if (const ApiError *error = std::get_if<ApiError>(&verdict)) {
        reject(*error);
        return false;
    }
    if (!m_budget.tryReserve(head.contentLength)) {
        reject(ApiError::bodyBudgetSpent().forPath(path));
        return false;
    }
    m_reserved = head.contentLength;
    if (head.method == "POST")
        m_admitted.method = QByteArrayLiteral("POST");
    else if (head.method == "GET")
        m_admitted.method = QByteArrayLiteral("GET");
    else
        m_admitted.method = head.method.toByteArray();
    m_admitted.path = std::move(path);
    m_admitted.admission = std::move(std::get<Admission>(verdict));
    m_admitted.closeConnection = head.closeConnection;
    // QHttpServer 6.4 never answers "Expect: 100-continue"; curl would wait a second for it.
    if (head.expectContinue)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_bodySeen = 0;
    m_bodyRemaining = head.contentLength;
    m_readState = head.chunked ? ReadState::ChunkedBody
                               : (head.contentLength > 0 ? ReadState::Body : ReadState::Complete);
    return true;
}

void ClientConnection::countChunkedBody(qint64 bytes)
{
    m_bodySeen += bytes;
    if (m_bodySeen > m_limits.maxBodyBytes)
        return reject(ApiError::bodyTooLarge(m_limits.maxBodyBytes).forPath(m_admitted.path));
    if (!m_budget.tryReserve(bytes))
        return reject(ApiError::bodyBudgetSpent().forPath(m_admitted.path));
    m_reserved += bytes;
}

// While a request is being answered the next one stays unread: QHttpServer must neither parse
// nor buffer it (nothing would bound how many it queues). Its bytes are hidden in a read
// transaction of our own, and the socket reads at most kHeldBytes of them from the kernel;
// the client's further sending then waits in TCP flow control. resumeReading() rolls the
// transaction back once the response is done.
void ClientConnection::holdIncoming()
{
    if (!m_holding) {
        m_holding = true;
        if (!m_socket->isTransactionStarted())
            m_socket->startTransaction();
        m_socket->setReadBufferSize(kHeldBytes);
    }
    m_socket->skip(m_socket->bytesAvailable());
}

void ClientConnection::resumeReading()
{
    if (!m_holding || !m_socket)
        return;
    m_holding = false;
    m_socket->rollbackTransaction();
    m_socket->setReadBufferSize(0);
    // Queued, as QHttpServer does: the next request starts from the event loop, not from
    // inside the code that finished this response.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(m_socket, &QAbstractSocket::readyRead, Qt::QueuedConnection);
}

// Refuses the request being received, answers at once and closes (lingering, so the answer
// reaches a client that is still sending).
void ClientConnection::reject(const ApiError &error)
{
    releaseBody();
    m_closeAfterResponse = true;
    if (m_busy) {
        m_socket->abort(); // mid-response: there is no clean way to say it
        return;
    }
    m_busy = true;
    respondError(error);
    if (m_readState != ReadState::Closing)
        closeGracefully(); // the answer could not be written; the socket is gone already
}

void ClientConnection::enqueue(HttpRequest request)
{
    if (m_readState == ReadState::Closing)
        return;
    if (m_busy || (m_readState != ReadState::Complete && m_readState != ReadState::ChunkedBody)) {
        // QHttpServer read a request this guard did not admit (a head it ends differently):
        // it is never answered as if it had been checked.
        reject(ApiError::badRequest(QStringLiteral("The request could not be read.")));
        return;
    }
    request.method = std::move(m_admitted.method);
    request.path = std::move(m_admitted.path);
    request.admission = std::move(m_admitted.admission);
    m_closeAfterResponse = m_admitted.closeConnection;
    m_readState = ReadState::Head;
    if (!isOpen())
        return;
    m_busy = true; // the idle timer keeps running but ignores a connection that is answering
    m_hooks.dispatch(request, *this);
    if (m_busy && m_socket && m_socket->bytesAvailable() > 0)
        holdIncoming(); // the client pipelined: the next request waits unread
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
    releaseBody();
    if (m_closeAfterResponse)
        return closeGracefully();
    restartIdleTimer();
    resumeReading();
}

void ClientConnection::releaseBody()
{
    m_budget.release(m_reserved);
    m_reserved = 0;
}

// Nothing more is read as a request: QHttpServer stops seeing the socket, and what the client
// still sends is drained and discarded until it closes.
void ClientConnection::closeGracefully()
{
    m_readState = ReadState::Closing;
    m_idleTimer.stop();
    if (!m_socket)
        return;
    QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction(); // QHttpServer's partial request, or our held one
    m_holding = false;
    LingeringClose::start(m_socket);
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
