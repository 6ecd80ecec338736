// One client's TCP connection: guards it (header size, body size, idle and stalled clients),
// admits or refuses each request from its head before any body byte is read, reads one request
// at a time (the next stays unread in the socket until the current one is answered), and writes
// responses to it, either whole or as a chunked stream with back-pressure. QHttpServer 6.4 does
// none of this itself.
#pragma once

#include "apierror.h"
#include "bodybudget.h"
#include "httpmessage.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <variant>

namespace clawgate {

struct RequestHead;

struct ServerLimits
{
    qint64 maxBodyBytes = 33554432;
    int maxHeaderBytes = 65536;
    int idleSeconds = 120;
};

// What a connection asks of the gateway.
struct RequestHooks
{
    // From the head alone: let the request in (who is calling, which route) or refuse it.
    std::function<std::variant<Admission, ApiError>(const RequestHead &, const QString &path)>
        admit;
    // The whole request, once its body is in.
    std::function<void(const HttpRequest &, class ClientConnection &)> dispatch;
};

class ClientConnection : public QObject
{
    Q_OBJECT
public:
    // Lives as long as `socket` (it is the socket's child). Must be created before QHttpServer
    // sees the socket, so its guard reads each piece of a request first. `budget` is shared by
    // every connection and must outlive them.
    ClientConnection(QTcpSocket *socket, const ServerLimits &limits, const RequestHooks &hooks,
                     BodyBudget &budget);
    ~ClientConnection() override;

    static ClientConnection *of(QTcpSocket *socket);

    // A complete request parsed by QHttpServer; method, path and admission come from the head
    // this connection admitted.
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
    // Bytes of a next request the socket reads ahead while one is being answered.
    static constexpr qint64 kHeldBytes = 64 * 1024;

    void setLimits(const ServerLimits &limits) { m_limits = limits; }

Q_SIGNALS:
    void clientGone(); // the client disconnected before its response was complete
    void drained(); // the write buffer fell below kHighWater again

private:
    void guardIncoming();
    bool scanHead(qint64 available, qint64 &pos);
    bool admit(const RequestHead &head);
    void countChunkedBody(qint64 bytes);
    void holdIncoming();
    void resumeReading();
    void reject(const ApiError &error);
    void responseFinished();
    void releaseBody();
    void closeGracefully();
    void onBytesWritten();
    void restartIdleTimer();
    void onIdleTimer();

    // Head: reading a head; Body/ChunkedBody: its body; Complete: every byte of the request is
    // in and QHttpServer hands it over next; Closing: nothing more is read as a request.
    enum class ReadState { Head, Body, ChunkedBody, Complete, Closing };

    // The request being received, as admitted from its head.
    struct Admitted
    {
        QByteArray method;
        QString path;
        Admission admission;
        bool closeConnection = false;
    };

    QPointer<QTcpSocket> m_socket;
    ServerLimits m_limits;
    RequestHooks m_hooks;
    BodyBudget &m_budget;
    QTimer m_idleTimer;
    QElapsedTimer m_sinceActivity;
    ReadState m_readState = ReadState::Head;
    QByteArray m_head; // a head that arrives in pieces
    Admitted m_admitted;
    qint64 m_bodyRemaining = 0;
    qint64 m_bodySeen = 0;
    qint64 m_reserved = 0; // bytes of m_budget this connection's request holds
    bool m_busy = false;
    bool m_holding = false;
    bool m_closeAfterResponse = false;
    bool m_wasAboveHighWater = false;
};

} // namespace clawgate
