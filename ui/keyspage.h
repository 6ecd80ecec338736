// The Keys page: the client keys that may use the gateway (name, status, the models each may
// use). A new key is made here and its plaintext shown once, with a button to copy it; only its
// hash is written to the configuration. Keys can be disabled, enabled again and removed.
#pragma once

#include "service/gatewayservice.h"

#include <QAbstractTableModel>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace clawgate::ui {

class ClientKeyModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, StatusColumn, ModelsColumn, ColumnCount };
    explicit ClientKeyModel(GatewayService &service, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void setConfig(ConfigPtr config);
    QList<ClientKey> m_keys;
};

class KeysPage : public QWidget
{
    Q_OBJECT
public:
    explicit KeysPage(GatewayService &service, QWidget *parent = nullptr);

private:
    QString selectedName() const;
    void addKey();
    // Applies `edit` (one of ClientKeys' edits) to the configuration and saves it.
    void edit(const std::function<QString(QJsonObject &)> &change, const QByteArray &newKey = {});
    void onCommandFinished(const CommandResult &result);

    GatewayService &m_service;
    ClientKeyModel *m_model;
    QTableView *m_table;
    QLineEdit *m_newName;
    QLineEdit *m_newKey; // the plaintext of a key just made, shown once
    QWidget *m_newKeyRow;
    QLabel *m_result;
    QHash<quint64, QByteArray> m_pending; // command id -> plaintext to show when saved
};

} // namespace clawgate::ui
