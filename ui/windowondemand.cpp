#include "windowondemand.h"

#include "mainwindow.h"

namespace clawgate::ui {

WindowOnDemand::WindowOnDemand(GatewayService &service, SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_secrets(secrets)
{
    connect(&service, &GatewayService::requestsFinished, &m_requestHistory,
            &RequestLogModel::append);
}

WindowOnDemand::~WindowOnDemand() = default;

MainWindow &WindowOnDemand::window()
{
    if (!m_window)
        m_window = std::make_unique<MainWindow>(m_service, &m_secrets, &m_requestHistory);
    return *m_window;
}

void WindowOnDemand::show()
{
    MainWindow &shown = window();
    shown.show();
    shown.raise();
    shown.activateWindow();
}

} // namespace clawgate::ui
