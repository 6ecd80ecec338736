#include "keyspage.h"

#include "keys/clientkeys.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace clawgate::ui {

ClientKeyModel::ClientKeyModel(GatewayService &service, QObject *parent)
    : QAbstractTableModel(parent)
{
    connect(&service, &GatewayService::configChanged, this, &ClientKeyModel::setConfig);
    setConfig(service.config());
}

void ClientKeyModel::setConfig(ConfigPtr config)
{
    beginResetModel();
    m_keys = config ? config->clientKeys : QList<ClientKey>();
    endResetModel();
}

int ClientKeyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int ClientKeyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClientKeyModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || role != Qt::DisplayRole || index.row() >= m_keys.size())
        return {};
    const ClientKey &key = m_keys.at(index.row());
    switch (index.column()) {
    case NameColumn: return key.name;
    case StatusColumn: return key.active ? tr("Active") : tr("Disabled");
    case ModelsColumn:
        return key.allowedModels.isEmpty() ? tr("All models")
                                           : key.allowedModels.join(QStringLiteral(", "));
    default: return {};
    }
}

QVariant ClientKeyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case StatusColumn: return tr("Status");
    case ModelsColumn: return tr("May use");
    default: return {};
    }
}

KeysPage::KeysPage(GatewayService &service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_model(new ClientKeyModel(service, this))
    , m_table(new QTableView(this))
    , m_newName(new QLineEdit(this))
    , m_newKey(new QLineEdit(this))
    , m_newKeyRow(new QWidget(this))
    , m_result(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("keysTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_newName->setObjectName(QStringLiteral("newKeyNameEdit"));
    m_newName->setPlaceholderText(tr("Name of the new key, e.g. laptop or openclaw"));
    auto *add = new QPushButton(tr("Make key"), this);
    add->setObjectName(QStringLiteral("addKeyButton"));
    auto *disable = new QPushButton(tr("Disable"), this);
    disable->setObjectName(QStringLiteral("disableKeyButton"));
    auto *enable = new QPushButton(tr("Enable"), this);
    enable->setObjectName(QStringLiteral("enableKeyButton"));
    auto *remove = new QPushButton(tr("Remove"), this);
    remove->setObjectName(QStringLiteral("removeKeyButton"));
    connect(add, &QPushButton::clicked, this, &KeysPage::addKey);
    connect(m_newName, &QLineEdit::returnPressed, this, &KeysPage::addKey);
    connect(disable, &QPushButton::clicked, this, [this] {
        edit([name = selectedName()](QJsonObject &root) {
            return ClientKeys::setStatus(root, name, false);
        });
    });
    connect(enable, &QPushButton::clicked, this, [this] {
        edit([name = selectedName()](QJsonObject &root) {
            return ClientKeys::setStatus(root, name, true);
        });
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        edit([name = selectedName()](QJsonObject &root) { return ClientKeys::remove(root, name); });
    });

    m_newKey->setObjectName(QStringLiteral("newKeyEdit"));
    m_newKey->setReadOnly(true);
    auto *copy = new QPushButton(tr("Copy"), m_newKeyRow);
    copy->setObjectName(QStringLiteral("copyNewKeyButton"));
    connect(copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_newKey->text()); });
    auto *newKeyLayout = new QHBoxLayout(m_newKeyRow);
    newKeyLayout->setContentsMargins(0, 0, 0, 0);
    newKeyLayout->addWidget(new QLabel(tr("The new key, shown only now:"), m_newKeyRow));
    newKeyLayout->addWidget(m_newKey, 1);
    newKeyLayout->addWidget(copy);
    m_newKeyRow->hide();

    auto *row = new QHBoxLayout;
    row->addWidget(m_newName, 1);
    row->addWidget(add);
    row->addSpacing(24);
    row->addWidget(disable);
    row->addWidget(enable);
    row->addWidget(remove);
    m_result->setObjectName(QStringLiteral("keysResultLabel"));
    m_result->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(row);
    layout->addWidget(m_newKeyRow);
    layout->addWidget(m_result);
    connect(&service, &GatewayService::commandFinished, this, &KeysPage::onCommandFinished);
}

QString KeysPage::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data().toString();
}

void KeysPage::addKey()
{
    const QString name = m_newName->text().trimmed();
    const QByteArray key = ClientKeys::generate();
    edit([name, key](QJsonObject &root) { return ClientKeys::add(root, name, key); }, key);
}

void KeysPage::edit(const std::function<QString(QJsonObject &)> &change, const QByteArray &newKey)
{
    m_result->clear();
    m_newKeyRow->hide();
    QJsonObject root = m_service.configJson();
    if (const QString error = change(root); !error.isEmpty())
        return m_result->setText(error);
    m_pending.insert(m_service.saveConfig(root), newKey);
}

void KeysPage::onCommandFinished(const CommandResult &result)
{
    if (!m_pending.contains(result.id))
        return;
    const QByteArray newKey = m_pending.take(result.id);
    if (!result.ok)
        return m_result->setText(tr("Not saved: %1").arg(result.message));
    if (!newKey.isEmpty()) {
        m_newKey->setText(QString::fromLatin1(newKey));
        m_newKeyRow->show();
        m_newName->clear();
    }
}

} // namespace clawgate::ui
