// One client's TCP connection: guards it (header size, body size, idle and stalled clients),
// lets it have only one response in flight (later pipelined requests wait their turn), and
// writes responses to it, either whole or as a chunked stream with back-pressure. QHttpServer
// 6.4 does none of this itself; see NOTES-qt64.md.
#pragma once

#include "apierror.h"
#include "httpmessage.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTcpSocket>
#include <QTimer>

#include <functional>

namespace clawgate {

struct ServerLimits
{
    qint64 maxBodyBytes = 33554432;
    int maxHeaderBytes = 65536;
    int idleSeconds = 120;
};

class ClientConnection : public QObject
{
    Q_OBJECT
public:
    using Dispatcher = std::function<void(const HttpRequest &, ClientConnection &)>;

    // Lives as long as `socket` (it is the socket's child). Must be created before QHttpServer
    // sees the socket, so its guard reads each piece of a request first.
    ClientConnection(QTcpSocket *socket, const ServerLimits &limits, Dispatcher dispatcher);

    static ClientConnection *of(QTcpSocket *socket);

    // A complete request parsed by QHttpServer.
    void enqueue(HttpRequest request);

    void respond(int status, const HeaderList &headers, const QByteArray &body);
    void respondJson(const QJsonObject &body); // 200, application/json
    void respondError(const ApiError &error, HeaderList headers = {});
    void beginStream(int status, const HeaderList &headers);
    void streamWrite(const QByteArray &data);
    void endStream();

    bool isOpen() const;
    // Bytes written but not yet taken by the kernel; above kHighWater the producer should pause.
    qint64 bufferedBytes() const;
    static constexpr qint64 kHighWater = 1 << 20;

    void setLimits(const ServerLimits &limits) { m_limits = limits; }

Q_SIGNALS:
    void clientGone(); // the client disconnected before its response was complete
    void drained(); // the write buffer fell below kHighWater again

private:
    void guardIncoming();
    bool scanHead(const QByteArray &fresh, qsizetype &pos);
    void reject(const ApiError &error);
    void responseFinished();
    void dispatchNext();
    void onBytesWritten();
    void restartIdleTimer();
    void onIdleTimer();

    enum class ReadState { Head, Body, ChunkedBody, Rejected };

    QPointer<QTcpSocket> m_socket;
    ServerLimits m_limits;
    Dispatcher m_dispatcher;
    QQueue<HttpRequest> m_waiting;
    QTimer m_idleTimer;
    QElapsedTimer m_sinceActivity;
    ReadState m_readState = ReadState::Head;
    QByteArray m_head;
    qint64 m_bodyRemaining = 0;
    qint64 m_bodySeen = 0;
    bool m_busy = false;
    bool m_closeAfterResponse = false;
    bool m_wasAboveHighWater = false;
};

} // namespace clawgate
