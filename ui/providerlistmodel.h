// The providers of the configuration in force, one row each: name, type, base URL and whether
// it can be used now (ready, waiting for the keychain, or unavailable with the reason).
#pragma once

#include "service/gatewayservice.h"

#include <QAbstractTableModel>

namespace clawgate::ui {

class ProviderListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, TypeColumn, BaseUrlColumn, StateColumn, ColumnCount };
    explicit ProviderListModel(GatewayService &service, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QString nameAt(int row) const;
    // The state as a user reads it.
    static QString stateText(const ProviderConfig &provider);

private:
    void setConfig(ConfigPtr config);
    QList<ProviderConfig> m_providers;
};

} // namespace clawgate::ui
