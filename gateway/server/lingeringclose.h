// Closes a connection without losing the answer just written to it. A client that is still
// uploading when it is refused (401, 413, 503...) has bytes in flight; closing the socket with
// unread bytes makes the kernel send a reset, and the client may never read the answer. Like
// nginx's lingering close: wait until the answer is handed to the kernel, shut down the write
// side (the client sees the end of the response), then read and discard what still arrives,
// until the client closes or a bounded time has passed.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace clawgate {

class LingeringClose : public QObject
{
    Q_OBJECT
public:
    // Takes over reading `socket` (disconnect its other readyRead receivers first) and lives
    // as its child.
    static void start(QTcpSocket *socket);

    static constexpr int kQuietMs = 2000; // no byte from the client for this long: close
    static constexpr int kMaxMs = 10000; // never linger longer than this
    static constexpr qint64 kReadBufferBytes = 64 * 1024;

private:
    explicit LingeringClose(QTcpSocket *socket);
    void discardIncoming();
    void halfCloseWhenFlushed();
    void onTimer();

    QPointer<QTcpSocket> m_socket;
    QTimer m_timer;
    QElapsedTimer m_since;
    QElapsedTimer m_sinceInput;
    bool m_halfClosed = false;
};

} // namespace clawgate
