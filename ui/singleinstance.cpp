#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocalSocket>

namespace clawgate::ui {

namespace {
const QByteArray kRaise = QByteArrayLiteral("raise\n");
}

SingleInstance::SingleInstance(const QString &configPath, QObject *parent)
    : QObject(parent)
{
    // Per user (the socket lives in the user's runtime directory) and per configuration.
    const QByteArray path = QFileInfo(configPath).absoluteFilePath().toUtf8();
    m_name = QStringLiteral("clawgate-")
        + QString::fromLatin1(
                 QCryptographicHash::hash(path, QCryptographicHash::Sha256).toHex().left(16));
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                if (socket->readAll().contains(kRaise))
                    Q_EMIT raiseRequested();
                socket->disconnectFromServer();
            });
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

bool SingleInstance::raiseRunningInstance()
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(1000))
        return false;
    socket.write(kRaise);
    socket.waitForBytesWritten(1000);
    socket.waitForDisconnected(1000);
    return true;
}

bool SingleInstance::listen()
{
    // A socket file left by an instance that crashed would block the name.
    QLocalServer::removeServer(m_name);
    return m_server.listen(m_name);
}

} // namespace clawgate::ui
