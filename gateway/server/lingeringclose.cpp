#include "lingeringclose.h"

#include <QTcpSocket>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace clawgate {

void LingeringClose::start(QTcpSocket *socket)
{
    if (socket && socket->state() == QAbstractSocket::ConnectedState)
        new LingeringClose(socket);
}

LingeringClose::LingeringClose(QTcpSocket *socket)
    : QObject(socket)
    , m_socket(socket)
{
    m_since.start();
    m_sinceInput.start();
    // Discarded bytes pass through a small buffer: lingering costs no memory.
    socket->setReadBufferSize(kReadBufferBytes);
    connect(socket, &QIODevice::readyRead, this, &LingeringClose::discardIncoming);
    connect(socket, &QIODevice::bytesWritten, this, &LingeringClose::halfCloseWhenFlushed);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LingeringClose::onTimer);
    m_timer.start(kQuietMs);
    discardIncoming();
    halfCloseWhenFlushed();
}

void LingeringClose::discardIncoming()
{
    if (!m_socket || m_socket->bytesAvailable() == 0)
        return;
    m_socket->skip(m_socket->bytesAvailable());
    m_sinceInput.start();
}

void LingeringClose::halfCloseWhenFlushed()
{
    if (m_halfClosed || !m_socket || m_socket->bytesToWrite() > 0
        || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_halfClosed = true;
#ifdef Q_OS_WIN
    ::shutdown(SOCKET(m_socket->socketDescriptor()), SD_SEND);
#else
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
#endif
}

void LingeringClose::onTimer()
{
    if (!m_socket)
        return;
    const qint64 quietLeft = kQuietMs - m_sinceInput.elapsed();
    const qint64 totalLeft = kMaxMs - m_since.elapsed();
    if (quietLeft > 0 && totalLeft > 0) {
        m_timer.start(int(std::min(quietLeft, totalLeft)));
        return;
    }
    m_socket->abort();
}

} // namespace clawgate
