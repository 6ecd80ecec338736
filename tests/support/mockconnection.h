#pragma once

#include "httprequestparser.h"
#include "mockresponses.h"

#include <QObject>

class MockUpstream;
class QTcpSocket;

// One client connection of the mock: parses requests and plays one response at a time,
// including the deliberate misbehaviour (delays, stalls, cuts, resets, lies).
class MockConnection : public QObject
{
    Q_OBJECT
public:
    MockConnection(QTcpSocket *socket, MockUpstream *server);
    ~MockConnection() override;

    // The server is stopping: drop the connection without counting a client abort.
    void shutdown();

private:
    void onReadyRead();
    void onDisconnected();
    void processBuffer();
    void handleRequest(const HttpRequest &request);
    void handleControl(const HttpRequest &request);
    void sendHead();
    void writeChunks();
    void startFlood();
    void writeFlood();
    void finishResponse();
    void closeAfterFlush();
    void resetConnection();
    void writeSimple(int status, const QByteArray &body, bool close);
    QByteArray responseHead(int status, const MockHeaders &extra, bool stream,
                            qsizetype contentLength, bool close) const;

    QTcpSocket *m_socket;
    MockUpstream *m_server;
    HttpRequestParser m_parser;
    MockPlan m_plan;
    QString m_route;
    qsizetype m_nextChunk = 0;
    bool m_busy = false; // a request is being answered
    bool m_keepAlive = true;
    bool m_processing = false; // inside processBuffer(), to avoid recursion
    bool m_chunkDelayDone = false;
    bool m_closing = false; // we close on purpose; a disconnect is not a client abort
    bool m_gone = false;
    qint64 m_floodLeft = 0;
    int m_floodIndex = -1;
    QMetaObject::Connection m_floodWritten;
};
