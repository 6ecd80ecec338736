#include "backendordermodel.h"

#include <QJsonObject>
#include <QMimeData>

namespace clawgate::ui {

namespace {
const QString kMimeType = QStringLiteral("application/x-clawgate-backend-row");
const QLatin1String kProvider("provider");
const QLatin1String kModel("model");
const QLatin1String kEnabled("enabled");
} // namespace

BackendOrderModel::BackendOrderModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void BackendOrderModel::setBackends(const QJsonArray &backends)
{
    beginResetModel();
    m_backends = backends;
    endResetModel();
}

int BackendOrderModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_backends.size());
}

QVariant BackendOrderModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_backends.size())
        return {};
    const QJsonObject b = m_backends.at(index.row()).toObject();
    switch (role) {
    case Qt::DisplayRole: {
        QString model = b.value(kModel).toString();
        if (const QString env = b.value(QLatin1String("upstreamModelEnv")).toString();
            !env.isEmpty())
            model = tr("%1 (or $%2)").arg(model, env);
        return QStringLiteral("%1. %2:%3")
            .arg(index.row() + 1)
            .arg(b.value(kProvider).toString(), model);
    }
    case Qt::CheckStateRole: return b.value(kEnabled).toBool(true) ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole: return tr("Drag to change the order; untick to take it out of routing.");
    default: return {};
    }
}

bool BackendOrderModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::CheckStateRole)
        return false;
    QJsonObject b = m_backends.at(index.row()).toObject();
    const bool enabled = value.toInt() == Qt::Checked;
    if (enabled)
        b.remove(kEnabled); // the default; the file stays as short as it was
    else
        b.insert(kEnabled, false);
    m_backends.replace(index.row(), b);
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT edited(m_backends);
    return true;
}

Qt::ItemFlags BackendOrderModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // between rows
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable
        | Qt::ItemIsDragEnabled;
}

bool BackendOrderModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                                 const QModelIndex &destinationParent, int destinationChild)
{
    if (count != 1 || sourceRow < 0 || sourceRow >= m_backends.size() || destinationChild < 0
        || destinationChild > m_backends.size() || destinationChild == sourceRow
        || destinationChild == sourceRow + 1)
        return false;
    if (!beginMoveRows(sourceParent, sourceRow, sourceRow, destinationParent, destinationChild))
        return false;
    const QJsonValue moved = m_backends.at(sourceRow);
    m_backends.removeAt(sourceRow);
    m_backends.insert(destinationChild > sourceRow ? destinationChild - 1 : destinationChild,
                      moved);
    endMoveRows();
    // The numbers in front of every row changed.
    Q_EMIT dataChanged(index(0), index(rowCount() - 1), {Qt::DisplayRole});
    Q_EMIT edited(m_backends);
    return true;
}

QStringList BackendOrderModel::mimeTypes() const
{
    return {kMimeType};
}

QMimeData *BackendOrderModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(kMimeType, QByteArray::number(indexes.first().row()));
    return data;
}

bool BackendOrderModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                        const QModelIndex &) const
{
    return action == Qt::MoveAction && data && data->hasFormat(kMimeType);
}

bool BackendOrderModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int,
                                     const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, 0, parent))
        return false;
    bool ok = false;
    const int source = data->data(kMimeType).toInt(&ok);
    if (!ok)
        return false;
    // Dropped onto a row: before it; onto empty space: at the end.
    const int target = row >= 0 ? row : (parent.isValid() ? parent.row() : rowCount());
    moveRows({}, source, 1, {}, target);
    // The move is done here: tell the view not to remove the source row itself.
    return false;
}

void BackendOrderModel::removeBackend(int row)
{
    if (row < 0 || row >= m_backends.size())
        return;
    beginRemoveRows({}, row, row);
    m_backends.removeAt(row);
    endRemoveRows();
    Q_EMIT edited(m_backends);
}

void BackendOrderModel::appendBackend(const QString &provider, const QString &model)
{
    QJsonObject b;
    b.insert(kProvider, provider);
    b.insert(kModel, model);
    beginInsertRows({}, rowCount(), rowCount());
    m_backends.append(b);
    endInsertRows();
    Q_EMIT edited(m_backends);
}

} // namespace clawgate::ui
