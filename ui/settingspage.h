// The Settings page: where the gateway listens (port and bind address; saving restarts it),
// the cooldown defaults, whether ClawGate starts at login, and its language. The address and
// cooldowns are written to the configuration through the gateway service; a bind address other
// machines can reach is refused unless a client key guards it. Start at login and the language
// belong to the tray app and take effect without the gateway.
#pragma once

#include "service/gatewayservice.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace clawgate::ui {

class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsPage(GatewayService &service, QWidget *parent = nullptr);

private:
    QWidget *buildAddressGroup();
    QWidget *buildCooldownGroup();
    QWidget *buildDesktopGroup();
    void showConfig(ConfigPtr config);
    // Checks the fields; returns the first problem, or an empty string. Updates the warnings.
    QString validate();
    void save();
    void onCommandFinished(const CommandResult &result);
    void setStartAtLogin(bool enabled);
    void setLanguage(int index);

    GatewayService &m_service;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLabel *m_hostWarning;
    QSpinBox *m_rateLimit;
    QSpinBox *m_failureBase;
    QSpinBox *m_failureMax;
    QComboBox *m_whenAllCooling;
    QLabel *m_cooldownWarning;
    QPushButton *m_save;
    QCheckBox *m_startAtLogin;
    QComboBox *m_language;
    QLabel *m_result;
    // What the fields were last filled with: a configuration change elsewhere (a key added)
    // leaves what the user is typing alone.
    std::optional<ServerConfig> m_shownServer;
    std::optional<CooldownPolicy> m_shownCooldown;
    quint64 m_pendingSave = 0;
    bool m_restartAfterSave = false;
};

} // namespace clawgate::ui
