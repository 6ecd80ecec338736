// The listening side: a QTcpServer that bounds the number of connections and attaches a
// ClientConnection guard to each socket before QHttpServer parses it, and a QAbstractHttpServer
// that hands every parsed request to that connection (which serialises them and calls the
// route table).
#pragma once

#include "clientconnection.h"

#include <QAbstractHttpServer>
#include <QTcpServer>

namespace clawgate {

class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    // `openConnections` is kept up to date for /health. `budget` bounds the request bodies of
    // all connections together; it must outlive them.
    GuardedTcpServer(const ServerLimits &limits, int maxConnections, int &openConnections,
                     BodyBudget &budget, RequestHooks hooks, QObject *parent = nullptr);

    void setLimits(const ServerLimits &limits, int maxConnections);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    ServerLimits m_limits;
    int m_maxConnections;
    RequestHooks m_hooks;
    int &m_open;
    BodyBudget &m_budget;
};

class GatewayHttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using QAbstractHttpServer::QAbstractHttpServer;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
};

} // namespace clawgate
