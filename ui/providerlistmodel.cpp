#include "providerlistmodel.h"

#include <QBrush>
#include <QPalette>

namespace clawgate::ui {

ProviderListModel::ProviderListModel(GatewayService &service, QObject *parent)
    : QAbstractTableModel(parent)
{
    connect(&service, &GatewayService::configChanged, this, &ProviderListModel::setConfig);
    setConfig(service.config());
}

void ProviderListModel::setConfig(ConfigPtr config)
{
    beginResetModel();
    m_providers = config ? config->providers.values() : QList<ProviderConfig>();
    endResetModel();
}

QString ProviderListModel::stateText(const ProviderConfig &provider)
{
    if (provider.isAvailable())
        return tr("Ready");
    if (provider.awaitingKeychain)
        return tr("Waiting for the keychain");
    return tr("Unavailable: %1").arg(provider.unavailableReason);
}

QString ProviderListModel::nameAt(int row) const
{
    return row >= 0 && row < m_providers.size() ? m_providers.at(row).name : QString();
}

int ProviderListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_providers.size());
}

int ProviderListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProviderListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_providers.size())
        return {};
    const ProviderConfig &provider = m_providers.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == StateColumn && !provider.isAvailable())
        return QBrush(provider.awaitingKeychain ? Qt::darkYellow : Qt::darkRed);
    if (role == Qt::ToolTipRole && index.column() == StateColumn)
        return stateText(provider);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn: return provider.name;
    case TypeColumn: return provider.type;
    case BaseUrlColumn: return provider.baseUrl;
    case StateColumn: return stateText(provider);
    default: return {};
    }
}

QVariant ProviderListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case TypeColumn: return tr("Type");
    case BaseUrlColumn: return tr("Base URL");
    case StateColumn: return tr("State");
    default: return {};
    }
}

} // namespace clawgate::ui
