// The Cooldowns page: every backend with its state, reason and a live countdown; the selected
// backends can be cooled down for an hour, a day, a week, a month, a custom time or until
// cleared, or cleared. Everything goes through the gateway service; its answer shows below.
#pragma once

#include "service/gatewayservice.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace clawgate::ui {

class BackendStateModel;

class CooldownsPage : public QWidget
{
    Q_OBJECT
public:
    explicit CooldownsPage(GatewayService &service, QWidget *parent = nullptr);

    BackendStateModel *model() const { return m_model; }

private:
    QStringList selectedBackends() const;
    void coolSelected(std::optional<qint64> seconds);
    void clearSelected();
    void onCommandFinished(const CommandResult &result);
    void updateEmptyState();
    void updateButtons();

    GatewayService &m_service;
    BackendStateModel *m_model;
    QStackedWidget *m_stack;
    QTableView *m_table;
    QSpinBox *m_customAmount;
    QComboBox *m_customUnit;
    QLabel *m_result;
    QList<QWidget *> m_actions; // enabled only with a selection
    QList<quint64> m_pending; // commands of ours still unanswered
};

} // namespace clawgate::ui
