#include "settingspage.h"

#include "desktopintegration.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace clawgate::ui {

namespace {

constexpr int kLongestCooldownSeconds = 366 * 86400; // what the configuration accepts

bool isLoopbackHost(const QString &host)
{
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

bool hasActiveKey(const ConfigPtr &config)
{
    if (!config)
        return false;
    for (const ClientKey &key : config->clientKeys) {
        if (key.active)
            return true;
    }
    return false;
}

QSpinBox *secondsBox(const QString &objectName, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(1, kLongestCooldownSeconds);
    box->setSuffix(SettingsPage::tr(" s"));
    box->setMinimumWidth(120);
    return box;
}

QLabel *hintLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setEnabled(false); // greyed: an explanation, not a value
    return label;
}

} // namespace

SettingsPage::SettingsPage(GatewayService &service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildAddressGroup());
    layout->addWidget(buildCooldownGroup());
    m_save = new QPushButton(tr("Save"), this);
    m_save->setObjectName(QStringLiteral("saveSettingsButton"));
    auto *saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    saveRow->addWidget(m_save);
    layout->addLayout(saveRow);
    m_result->setObjectName(QStringLiteral("settingsResultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);
    layout->addWidget(buildDesktopGroup());
    layout->addStretch(1);

    connect(m_save, &QPushButton::clicked, this, &SettingsPage::save);
    connect(m_host, &QLineEdit::returnPressed, this, &SettingsPage::save);
    connect(&service, &GatewayService::configChanged, this, &SettingsPage::showConfig);
    connect(&service, &GatewayService::commandFinished, this, &SettingsPage::onCommandFinished);
    showConfig(service.config());
}

QWidget *SettingsPage::buildAddressGroup()
{
    auto *group = new QGroupBox(tr("Address"), this);
    m_host = new QLineEdit(group);
    m_host->setObjectName(QStringLiteral("bindAddressEdit"));
    m_host->setPlaceholderText(QStringLiteral("127.0.0.1"));
    m_port = new QSpinBox(group);
    m_port->setObjectName(QStringLiteral("portSpinBox"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port")); // 0, as the configuration allows
    m_port->setMinimumWidth(120);
    m_hostWarning = new QLabel(group);
    m_hostWarning->setObjectName(QStringLiteral("bindAddressWarningLabel"));
    m_hostWarning->setWordWrap(true);
    m_hostWarning->hide();
    m_host->setMinimumWidth(240);
    auto *form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint); // short values, short fields
    form->addRow(tr("Bind address:"), m_host);
    form->addRow(tr("Port:"), m_port);
    form->addRow(m_hostWarning);
    form->addRow(hintLabel(tr("127.0.0.1 is reachable from this computer only. Saving a new "
                              "address or port restarts the gateway; requests in flight "
                              "finish first."),
                           group));
    connect(m_host, &QLineEdit::textChanged, this, &SettingsPage::validate);
    connect(m_port, &QSpinBox::valueChanged, this, &SettingsPage::validate);
    return group;
}

QWidget *SettingsPage::buildCooldownGroup()
{
    auto *group = new QGroupBox(tr("Cooldown defaults"), this);
    m_rateLimit = secondsBox(QStringLiteral("rateLimitSecondsSpinBox"), group);
    m_failureBase = secondsBox(QStringLiteral("failureBaseSecondsSpinBox"), group);
    m_failureMax = secondsBox(QStringLiteral("failureMaxSecondsSpinBox"), group);
    m_whenAllCooling = new QComboBox(group);
    m_whenAllCooling->setObjectName(QStringLiteral("whenAllCoolingComboBox"));
    m_whenAllCooling->addItem(tr("Refuse the request (503 with Retry-After)"),
                              QStringLiteral("reject"));
    m_whenAllCooling->addItem(tr("Try the backend whose cooldown ends first"),
                              QStringLiteral("tryEarliest"));
    m_cooldownWarning = new QLabel(group);
    m_cooldownWarning->setObjectName(QStringLiteral("cooldownWarningLabel"));
    m_cooldownWarning->setStyleSheet(QStringLiteral("color: #c62828"));
    m_cooldownWarning->hide();
    auto *form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->addRow(tr("After a 429 without Retry-After:"), m_rateLimit);
    form->addRow(tr("After a first failure:"), m_failureBase);
    form->addRow(tr("Longest after repeated failures:"), m_failureMax);
    form->addRow(tr("When every backend is cooling:"), m_whenAllCooling);
    form->addRow(m_cooldownWarning);
    form->addRow(hintLabel(tr("Failures other than 429 double the cooldown each time, from the "
                              "first value up to the longest. Cooldowns set by the gateway "
                              "never last more than 7 days."),
                           group));
    connect(m_failureBase, &QSpinBox::valueChanged, this, &SettingsPage::validate);
    connect(m_failureMax, &QSpinBox::valueChanged, this, &SettingsPage::validate);
    return group;
}

QWidget *SettingsPage::buildDesktopGroup()
{
    auto *group = new QGroupBox(tr("Desktop"), this);
    m_startAtLogin = new QCheckBox(tr("Start ClawGate when I log in"), group);
    m_startAtLogin->setObjectName(QStringLiteral("startAtLoginCheckBox"));
    m_startAtLogin->setChecked(AutostartEntry::isEnabled());
    m_language = new QComboBox(group);
    m_language->setObjectName(QStringLiteral("languageComboBox"));
    m_language->addItem(tr("System default"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(LanguageSetting::stored())));
    auto *form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->addRow(m_startAtLogin);
    form->addRow(tr("Language:"), m_language);
    form->addRow(hintLabel(tr("A new language applies the next time ClawGate starts."), group));
    connect(m_startAtLogin, &QCheckBox::toggled, this, &SettingsPage::setStartAtLogin);
    connect(m_language, &QComboBox::currentIndexChanged, this, &SettingsPage::setLanguage);
    return group;
}

void SettingsPage::showConfig(ConfigPtr config)
{
    if (!config)
        return;
    const ServerConfig &server = config->server;
    if (!m_shownServer || m_shownServer->host != server.host
        || m_shownServer->port != server.port) {
        m_host->setText(server.host);
        m_port->setValue(server.port);
        m_shownServer = server;
    }
    const CooldownPolicy &c = config->cooldown;
    if (!m_shownCooldown || m_shownCooldown->rateLimitSeconds != c.rateLimitSeconds
        || m_shownCooldown->failureBaseSeconds != c.failureBaseSeconds
        || m_shownCooldown->failureMaxSeconds != c.failureMaxSeconds
        || m_shownCooldown->tryEarliestWhenAllCooling != c.tryEarliestWhenAllCooling) {
        m_rateLimit->setValue(c.rateLimitSeconds);
        m_failureBase->setValue(c.failureBaseSeconds);
        m_failureMax->setValue(c.failureMaxSeconds);
        m_whenAllCooling->setCurrentIndex(c.tryEarliestWhenAllCooling ? 1 : 0);
        m_shownCooldown = c;
    }
    validate(); // whether a client key is active may have changed
}

QString SettingsPage::validate()
{
    const QString host = m_host->text().trimmed();
    QString problem;
    QString warning;
    if (host.isEmpty())
        problem = tr("The bind address is empty: use 127.0.0.1 for this computer only.");
    else if (host != QLatin1String("localhost") && QHostAddress(host).isNull())
        problem = tr("\"%1\" is not an IP address: use e.g. 127.0.0.1, or 0.0.0.0 for every "
                     "network")
                      .arg(host);
    else if (!isLoopbackHost(host) && !hasActiveKey(m_service.config()))
        problem = tr("Listening on %1 needs an active client key first (Keys page): without "
                     "one, anyone on your network could use your providers.")
                      .arg(host);
    else if (!isLoopbackHost(host))
        warning = tr("Other computers can reach ClawGate at %1. Only requests with an active "
                     "client key are answered.")
                      .arg(host);
    m_hostWarning->setText(problem.isEmpty() ? warning : problem);
    m_hostWarning->setStyleSheet(problem.isEmpty() ? QStringLiteral("color: #b26a00")
                                                   : QStringLiteral("color: #c62828"));
    m_hostWarning->setVisible(!m_hostWarning->text().isEmpty());
    const bool backoffOk = m_failureMax->value() >= m_failureBase->value();
    m_cooldownWarning->setText(
        backoffOk ? QString() : tr("The longest cooldown must not be shorter than the first."));
    m_cooldownWarning->setVisible(!backoffOk);
    m_save->setEnabled(problem.isEmpty() && backoffOk);
    return problem.isEmpty() ? m_cooldownWarning->text() : problem;
}

void SettingsPage::save()
{
    if (const QString problem = validate(); !problem.isEmpty())
        return m_result->setText(problem);
    const QString host = m_host->text().trimmed();
    const ConfigPtr config = m_service.config();
    m_restartAfterSave
        = !config || config->server.host != host || config->server.port != m_port->value();
    QJsonObject root = m_service.configJson();
    QJsonObject server = root.value(QLatin1String("server")).toObject();
    server.insert(QLatin1String("host"), host);
    server.insert(QLatin1String("port"), m_port->value());
    root.insert(QLatin1String("server"), server);
    QJsonObject cooldown = root.value(QLatin1String("cooldown")).toObject();
    cooldown.insert(QLatin1String("rateLimitSeconds"), m_rateLimit->value());
    cooldown.insert(QLatin1String("failureBaseSeconds"), m_failureBase->value());
    cooldown.insert(QLatin1String("failureMaxSeconds"), m_failureMax->value());
    cooldown.insert(QLatin1String("whenAllCooling"), m_whenAllCooling->currentData().toString());
    root.insert(QLatin1String("cooldown"), cooldown);
    m_result->setText(tr("Saving…"));
    m_pendingSave = m_service.saveConfig(root);
}

void SettingsPage::onCommandFinished(const CommandResult &result)
{
    if (result.id != m_pendingSave || m_pendingSave == 0)
        return;
    m_pendingSave = 0;
    if (!result.ok)
        return m_result->setText(tr("Not saved: %1").arg(result.message));
    if (!m_restartAfterSave)
        return m_result->setText(tr("Saved. New cooldowns follow these values."));
    m_result->setText(tr("Saved. The gateway restarts to listen on %1, port %2.")
                          .arg(m_host->text().trimmed())
                          .arg(m_port->value()));
    m_service.restart();
}

void SettingsPage::setStartAtLogin(bool enabled)
{
    QString error;
    if (!AutostartEntry::setEnabled(enabled, AutostartEntry::defaultProgram(), &error)) {
        const QSignalBlocker blocker(m_startAtLogin);
        m_startAtLogin->setChecked(!enabled);
        return m_result->setText(tr("Could not change the start at login: %1").arg(error));
    }
    m_result->setText(enabled ? tr("ClawGate starts when you log in.")
                              : tr("ClawGate no longer starts when you log in."));
}

void SettingsPage::setLanguage(int index)
{
    LanguageSetting::store(m_language->itemData(index).toString());
    m_result->setText(
        tr("Language saved: %1 from the next start of ClawGate.").arg(m_language->itemText(index)));
}

} // namespace clawgate::ui
