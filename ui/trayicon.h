// The tray icon. Its look says whether the gateway runs, runs with some backend cooling down
// (degraded), is stopped, or could not start; its menu starts and stops the gateway, shows the
// address (a click copies it), copies OpenClaw's provider entry, opens the window and quits.
#pragma once

#include "service/gatewayservice.h"
#include "store/secretstore.h"

#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>

namespace clawgate::ui {

class OpenClawSnippetSource;

enum class TrayLook { Running, Degraded, Stopped, Error };

TrayLook trayLook(const GatewayStatus &status, const QList<BackendStatus> &backends, qint64 nowMs);
// Drawn, not loaded: one shape, the state in its colour, crisp at every tray size.
QIcon trayIconFor(TrayLook look);

class TrayIcon : public QObject
{
    Q_OBJECT
public:
    // With `secrets` (the keychain) the menu also copies OpenClaw's provider entry.
    explicit TrayIcon(GatewayService &service, SecretStore *secrets = nullptr,
                      QObject *parent = nullptr);

    void show() { m_tray.show(); }
    QMenu *menu() { return &m_menu; }
    TrayLook look() const { return m_look; }

Q_SIGNALS:
    void openWindowRequested();
    void quitRequested();

private:
    void update();
    void addCopyOpenClawAction(SecretStore &secrets);

    GatewayService &m_service;
    QSystemTrayIcon m_tray;
    QMenu m_menu;
    QAction *m_startStop;
    QAction *m_address;
    OpenClawSnippetSource *m_openClaw = nullptr;
    TrayLook m_look = TrayLook::Stopped;
};

} // namespace clawgate::ui
