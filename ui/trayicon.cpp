#include "trayicon.h"

#include "gateicon.h"
#include "openclawsnippetsource.h"
#include "statetext.h"

#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QPainter>

namespace clawgate::ui {

TrayLook trayLook(const GatewayStatus &status, const QList<BackendStatus> &backends, qint64 nowMs)
{
    switch (status.state) {
    case GatewayState::Failed: return TrayLook::Error;
    case GatewayState::Stopped:
    case GatewayState::Stopping: return TrayLook::Stopped;
    case GatewayState::Starting:
    case GatewayState::Running: break;
    }
    for (const BackendStatus &b : backends) {
        if (b.enabled && b.isCooling(nowMs))
            return TrayLook::Degraded;
    }
    return TrayLook::Running;
}

QIcon trayIconFor(TrayLook look)
{
    QColor colour;
    switch (look) {
    case TrayLook::Running: colour = gateIconColour(); break;
    case TrayLook::Degraded: colour = QColor(0xe0, 0x9b, 0x1a); break;
    case TrayLook::Stopped: colour = QColor(0x8a, 0x8f, 0x96); break;
    case TrayLook::Error: colour = QColor(0xd0, 0x3b, 0x36); break;
    }
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        drawGateIcon(p, size, colour);
        icon.addPixmap(pixmap);
    }
    return icon;
}

TrayIcon::TrayIcon(GatewayService &service, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
    m_startStop = m_menu.addAction(QString(), this, [this] {
        if (isActive(m_service.status().state))
            m_service.stop();
        else
            m_service.start();
    });
    m_startStop->setObjectName(QStringLiteral("trayStartStopAction"));
    m_address = m_menu.addAction(QString(), this, [this] {
        QGuiApplication::clipboard()->setText(m_service.status().url + QStringLiteral("/v1"));
    });
    m_address->setObjectName(QStringLiteral("trayAddressAction"));
    if (secrets)
        addCopyOpenClawAction(*secrets);
    m_menu.addSeparator();
    m_menu.addAction(tr("Open ClawGate"), this, &TrayIcon::openWindowRequested)
        ->setObjectName(QStringLiteral("trayOpenAction"));
    m_menu.addAction(tr("Quit"), this, &TrayIcon::quitRequested)
        ->setObjectName(QStringLiteral("trayQuitAction"));
    m_tray.setContextMenu(&m_menu);
    connect(&m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason r) {
                if (r == QSystemTrayIcon::Trigger || r == QSystemTrayIcon::DoubleClick)
                    Q_EMIT openWindowRequested();
            });
    connect(&service, &GatewayService::statusChanged, this, &TrayIcon::update);
    connect(&service, &GatewayService::backendsChanged, this, &TrayIcon::update);
    update();
}

// Copies the same entry as the OpenClaw page; without the key yet, says why instead.
void TrayIcon::addCopyOpenClawAction(SecretStore &secrets)
{
    m_openClaw = new OpenClawSnippetSource(m_service, secrets, this);
    m_menu
        .addAction(tr("Copy OpenClaw config"), this,
                   [this] {
                       const QByteArray document = m_openClaw->document();
                       if (document.isEmpty())
                           return m_tray.showMessage(tr("ClawGate"), m_openClaw->keyProblem());
                       QGuiApplication::clipboard()->setText(QString::fromUtf8(document));
                   })
        ->setObjectName(QStringLiteral("trayCopyOpenClawAction"));
}

void TrayIcon::update()
{
    const GatewayStatus status = m_service.status();
    m_look = trayLook(status, m_service.backends(), QDateTime::currentMSecsSinceEpoch());
    m_tray.setIcon(trayIconFor(m_look));
    const QString text = statusText(status);
    m_tray.setToolTip(tr("ClawGate: %1").arg(text));
    m_startStop->setText(isActive(status.state) ? tr("Stop gateway") : tr("Start gateway"));
    m_startStop->setEnabled(status.state != GatewayState::Stopping);
    const bool running = status.state == GatewayState::Running;
    m_address->setVisible(running);
    m_address->setText(tr("%1/v1 (click to copy)").arg(status.url));
}

} // namespace clawgate::ui
