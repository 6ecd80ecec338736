// The Models page: the aliases clients ask for, each with its display name, context window and
// max tokens (for the OpenClaw export), and its backends in failover order, dragged (or moved
// with the buttons) into a new order and switched on and off. Every change is saved through
// the gateway service at once, so the very next request follows it; a change the gateway
// refuses is undone on the page and the reason shown.
#pragma once

#include "service/gatewayservice.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QSpinBox;

namespace clawgate::ui {

class BackendOrderModel;

class ModelsPage : public QWidget
{
    Q_OBJECT
public:
    explicit ModelsPage(GatewayService &service, QWidget *parent = nullptr);

    BackendOrderModel *backendModel() const { return m_backends; }
    void selectAlias(const QString &alias);

private:
    QWidget *buildDetails();
    void showConfig();
    void showAlias(const QString &alias);
    // Applies `edit` to the current alias's entry of the file and saves the result.
    void saveAlias(const std::function<void(QJsonObject &)> &edit);
    void save(const QJsonObject &root);
    void addAlias();
    void removeAlias();
    void moveSelected(int delta);
    void onCommandFinished(const CommandResult &result);

    GatewayService &m_service;
    QString m_alias; // shown now
    QListWidget *m_aliasList;
    QLineEdit *m_newAlias;
    QComboBox *m_newAliasProvider; // its first backend
    QLineEdit *m_newAliasModel;
    QWidget *m_details;
    QLabel *m_title;
    QLineEdit *m_displayName;
    QSpinBox *m_contextWindow;
    QSpinBox *m_maxTokens;
    BackendOrderModel *m_backends;
    QListView *m_backendView;
    QComboBox *m_provider;
    QLineEdit *m_upstreamModel;
    QLabel *m_result;
    QList<quint64> m_pending;
};

} // namespace clawgate::ui
