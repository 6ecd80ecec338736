#include "httpserver.h"

#include <QHttpServerRequest>

namespace clawgate {

GuardedTcpServer::GuardedTcpServer(const ServerLimits &limits, int maxConnections,
                                   int &openConnections, BodyBudget &budget, RequestHooks hooks,
                                   QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_maxConnections(maxConnections)
    , m_hooks(std::move(hooks))
    , m_open(openConnections)
    , m_budget(budget)
{
    setListenBacklogSize(1024); // bursts of clients connecting at once
    setMaxPendingConnections(1024);
}

void GuardedTcpServer::setLimits(const ServerLimits &limits, int maxConnections)
{
    m_limits = limits;
    m_maxConnections = maxConnections;
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (m_open >= m_maxConnections) {
        const ApiError error = ApiError::tooManyConnections();
        socket->write(
            formatResponseHead(
                error.status,
                {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
                 {QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")}},
                error.body().size(), true)
            + error.body());
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    ++m_open;
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    new ClientConnection(socket, m_limits, m_hooks, m_budget);
    addPendingConnection(socket);
}

namespace {

// Method and path come from the head the connection admitted, not from here: the request is
// routed exactly as it was checked.
HttpRequest copyRequest(const QHttpServerRequest &request)
{
    HttpRequest out;
    const auto headers = request.headers();
    out.headers.reserve(headers.size());
    for (const auto &h : headers)
        out.headers.append({h.first.toLower(), h.second});
    out.body = request.body();
    out.remoteAddress = request.remoteAddress();
    return out;
}

} // namespace

bool GatewayHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (ClientConnection *connection = ClientConnection::of(socket))
        connection->enqueue(copyRequest(request));
    return true;
}

void GatewayHttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // handleRequest() takes every request; nothing is ever missing.
}

} // namespace clawgate
