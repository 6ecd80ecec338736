// The main window, built the first time it is opened. A tray app mostly stays in the tray, and
// building the pages (their widgets, fonts and text layout) only when someone looks keeps its
// idle memory down (bench/RESULTS.md, "Tray idle RSS"). What the pages must show from the start
// is kept meanwhile: the live log's requests here, the gateway's messages in the log ring; every
// other page reads the service's latest state when it is built.
#pragma once

#include "requestlogmodel.h"
#include "service/gatewayservice.h"

#include <QObject>

#include <memory>

namespace clawgate {
class SecretStore;
}

namespace clawgate::ui {

class MainWindow;

class WindowOnDemand : public QObject
{
    Q_OBJECT
public:
    // Both must outlive this object.
    WindowOnDemand(GatewayService &service, SecretStore &secrets, QObject *parent = nullptr);
    ~WindowOnDemand() override;

    bool isBuilt() const { return m_window != nullptr; }
    MainWindow &window(); // builds it on first use
    void show(); // and raises it above other windows

private:
    GatewayService &m_service;
    SecretStore &m_secrets;
    RequestLogModel m_requestHistory;
    std::unique_ptr<MainWindow> m_window; // after the history: it goes first
};

} // namespace clawgate::ui
