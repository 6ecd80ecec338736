#include "mainwindow.h"

#include "cooldownspage.h"
#include "keyspage.h"
#include "modelspage.h"
#include "openclawpage.h"
#include "providerspage.h"
#include "requestlogpage.h"
#include "settingspage.h"
#include "statetext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>

namespace clawgate::ui {

MainWindow::MainWindow(GatewayService &service, SecretStore *secrets,
                       RequestLogModel *requestHistory, QWidget *parent)
    : QMainWindow(parent)
    , m_service(service)
    , m_pages(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_status(new QLabel(this))
    , m_startStop(new QPushButton(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("ClawGate"));
    m_pages->setObjectName(QStringLiteral("pageList"));
    m_pages->setFixedWidth(130);
    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->addWidget(m_pages);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    if (secrets)
        addPage(new ProvidersPage(service, *secrets, this), tr("Providers"));
    auto *models = new ModelsPage(service, this);
    models->setObjectName(QStringLiteral("modelsPage"));
    addPage(models, tr("Models"));
    auto *cooldowns = new CooldownsPage(service, this);
    cooldowns->setObjectName(QStringLiteral("cooldownsPage"));
    addPage(cooldowns, tr("Cooldowns"));
    auto *keys = new KeysPage(service, this);
    keys->setObjectName(QStringLiteral("keysPage"));
    addPage(keys, tr("Keys"));
    auto *log = requestHistory ? new RequestLogPage(service, requestHistory, this)
                               : new RequestLogPage(service, this);
    log->setObjectName(QStringLiteral("liveLogPage"));
    addPage(log, tr("Live log"));
    if (secrets)
        addPage(new OpenClawPage(service, *secrets, this), tr("OpenClaw"));
    addPage(new SettingsPage(service, this), tr("Settings"));
    connect(m_pages, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    m_pages->setCurrentRow(0);

    m_status->setObjectName(QStringLiteral("gatewayStatusLabel"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_startStop->setObjectName(QStringLiteral("startStopGatewayButton"));
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_startStop);
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (isActive(m_service.status().state))
            m_service.stop();
        else
            m_service.start();
    });
    connect(&service, &GatewayService::statusChanged, this, &MainWindow::showStatus);
    showStatus(service.status());
    resize(900, 560);
}

void MainWindow::showPage(const QString &pageName)
{
    for (int i = 0; i < m_stack->count(); ++i) {
        if (m_stack->widget(i)->objectName() == pageName)
            m_pages->setCurrentRow(i);
    }
}

void MainWindow::addPage(QWidget *page, const QString &title)
{
    m_stack->addWidget(page);
    m_pages->addItem(title);
}

void MainWindow::showStatus(const GatewayStatus &status)
{
    m_status->setText(statusText(status));
    m_startStop->setText(isActive(status.state) ? tr("Stop gateway") : tr("Start gateway"));
    m_startStop->setEnabled(status.state != GatewayState::Stopping);
}

} // namespace clawgate::ui
