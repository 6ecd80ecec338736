// One alias's backends in failover order, as the configuration file lists them: rows can be
// dragged to a new place (or moved with the keyboard) and switched on and off. Every change
// is announced with the alias's new `backends` array, ready to be saved; the model shows
// what the file says until the next configuration arrives.
#pragma once

#include <QAbstractListModel>
#include <QJsonArray>

namespace clawgate::ui {

class BackendOrderModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit BackendOrderModel(QObject *parent = nullptr);

    void setBackends(const QJsonArray &backends);
    QJsonArray backends() const { return m_backends; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;

    // Drag and drop inside the list: a row travels as its number.
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    void removeBackend(int row);
    void appendBackend(const QString &provider, const QString &model);

Q_SIGNALS:
    void edited(const QJsonArray &backends);

private:
    QJsonArray m_backends;
};

} // namespace clawgate::ui
