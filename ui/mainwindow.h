// The main window: a list of pages on the left, the chosen page on the right, and a status
// line with the gateway's address and state. Closing it only hides it; the gateway keeps
// running in the tray.
#pragma once

#include "service/gatewayservice.h"
#include "store/secretstore.h"

#include <QMainWindow>

class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace clawgate {
class SecretStore;
}

namespace clawgate::ui {

class RequestLogModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `secrets`: the keychain (the gateway's own store). The Providers page stores API keys
    // there and the OpenClaw page reads the default client key from it; without one the window
    // has neither page. `requestHistory`: the live log's requests, fed by the caller from
    // before the window exists (it must outlive the window); without one the live log starts
    // with the window.
    explicit MainWindow(GatewayService &service, SecretStore *secrets = nullptr,
                        RequestLogModel *requestHistory = nullptr, QWidget *parent = nullptr);

    // Shows the page whose objectName is `pageName` ("cooldownsPage", ...).
    void showPage(const QString &pageName);

private:
    void addPage(QWidget *page, const QString &title);
    void showStatus(const GatewayStatus &status);

    GatewayService &m_service;
    QListWidget *m_pages;
    QStackedWidget *m_stack;
    QLabel *m_status;
    QPushButton *m_startStop;
};

} // namespace clawgate::ui
