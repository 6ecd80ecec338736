// Every backend of every alias as a table for the tray app's views: alias, backend, state,
// reason and a live countdown of its cooldown. Fed by GatewayService::backendsChanged; while
// any backend is cooling it refreshes the countdown once a second, and a cooldown that runs out
// turns into "Ready" without waiting for the gateway.
#pragma once

#include "service/gatewayservice.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace clawgate::ui {

class BackendStateModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        AliasColumn,
        BackendColumn,
        StateColumn,
        ReasonColumn,
        TimeLeftColumn,
        ColumnCount
    };
    enum Role { BackendIdRole = Qt::UserRole + 1, CoolingRole };

    explicit BackendStateModel(GatewayService &service, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "2 d 3 h", "59 min 12 s", "12 s": the time left of a cooldown, in the user's language.
    static QString formatTimeLeft(qint64 milliseconds);

    // For tests: the clock the countdown reads.
    void setNow(std::function<qint64()> now) { m_now = std::move(now); }

private:
    void setBackends(const QList<BackendStatus> &backends);
    void tick();
    QString stateText(const BackendStatus &backend) const;
    QString reasonText(const BackendStatus &backend) const;
    QString timeLeftText(const BackendStatus &backend) const;

    QList<BackendStatus> m_backends;
    QTimer m_countdown;
    std::function<qint64()> m_now;
};

} // namespace clawgate::ui
