#include "modelspage.h"

#include "backendordermodel.h"
#include "namedbutton.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace clawgate::ui {

namespace {

const QLatin1String kModels("models");
const QLatin1String kAlias("alias");

int indexOfAlias(const QJsonArray &models, const QString &alias)
{
    for (int i = 0; i < models.size(); ++i) {
        if (models.at(i).toObject().value(kAlias).toString() == alias)
            return i;
    }
    return -1;
}

QSpinBox *tokenBox(const QString &name, const QString &unsetText, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(0, 100000000);
    box->setSingleStep(1024);
    box->setSpecialValueText(unsetText); // 0: not written to the file
    return box;
}

} // namespace

ModelsPage::ModelsPage(GatewayService &service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_aliasList(new QListWidget(this))
    , m_newAlias(new QLineEdit(this))
    , m_newAliasProvider(new QComboBox(this))
    , m_newAliasModel(new QLineEdit(this))
    , m_backends(new BackendOrderModel(this))
    , m_result(new QLabel(this))
{
    m_aliasList->setObjectName(QStringLiteral("aliasList"));
    m_newAlias->setObjectName(QStringLiteral("newAliasEdit"));
    m_newAlias->setPlaceholderText(tr("New model name, e.g. chat"));
    m_newAliasProvider->setObjectName(QStringLiteral("newAliasProviderComboBox"));
    m_newAliasModel->setObjectName(QStringLiteral("newAliasModelEdit"));
    m_newAliasModel->setPlaceholderText(tr("its first backend's model name"));
    QPushButton *add = namedButton(tr("Add model"), QStringLiteral("addAliasButton"), this);
    QPushButton *remove
        = namedButton(tr("Remove model"), QStringLiteral("removeAliasButton"), this);
    connect(add, &QPushButton::clicked, this, &ModelsPage::addAlias);
    connect(m_newAliasModel, &QLineEdit::returnPressed, this, &ModelsPage::addAlias);
    connect(remove, &QPushButton::clicked, this, &ModelsPage::removeAlias);

    auto *left = new QVBoxLayout;
    left->addWidget(m_aliasList, 1);
    left->addWidget(m_newAlias);
    left->addWidget(m_newAliasProvider);
    left->addWidget(m_newAliasModel);
    auto *aliasButtons = new QHBoxLayout;
    aliasButtons->addWidget(add);
    aliasButtons->addWidget(remove);
    left->addLayout(aliasButtons);

    m_details = buildDetails();
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addWidget(m_details, 3);
    m_result->setObjectName(QStringLiteral("modelsResultLabel"));
    m_result->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_result);

    connect(m_aliasList, &QListWidget::currentTextChanged, this, &ModelsPage::showAlias);
    connect(m_backends, &BackendOrderModel::edited, this, [this](const QJsonArray &backends) {
        saveAlias(
            [&backends](QJsonObject &alias) { alias.insert(QLatin1String("backends"), backends); });
    });
    connect(&service, &GatewayService::configChanged, this, &ModelsPage::showConfig);
    connect(&service, &GatewayService::commandFinished, this, &ModelsPage::onCommandFinished);
    showConfig();
}

QWidget *ModelsPage::buildDetails()
{
    auto *details = new QWidget(this);
    m_title = new QLabel(details);
    m_title->setObjectName(QStringLiteral("aliasTitleLabel"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_displayName = new QLineEdit(details);
    m_displayName->setObjectName(QStringLiteral("displayNameEdit"));
    m_contextWindow = tokenBox(QStringLiteral("contextWindowSpinBox"), tr("not set"), details);
    m_maxTokens = tokenBox(QStringLiteral("maxTokensSpinBox"), tr("not set"), details);
    auto *form = new QFormLayout;
    form->addRow(tr("Display name:"), m_displayName);
    form->addRow(tr("Context window (tokens):"), m_contextWindow);
    form->addRow(tr("Max output tokens:"), m_maxTokens);
    auto saveText = [this](const QString &key, const QString &value) {
        saveAlias([&](QJsonObject &alias) {
            if (value.isEmpty())
                alias.remove(key);
            else
                alias.insert(key, value);
        });
    };
    connect(m_displayName, &QLineEdit::editingFinished, this, [this, saveText] {
        saveText(QStringLiteral("displayName"), m_displayName->text().trimmed());
    });
    for (auto [box, key] : {std::pair {m_contextWindow, QStringLiteral("contextWindow")},
                            std::pair {m_maxTokens, QStringLiteral("maxTokens")}}) {
        connect(box, &QSpinBox::editingFinished, this, [this, box = box, key = key] {
            saveAlias([&](QJsonObject &alias) {
                if (box->value() == 0)
                    alias.remove(key);
                else
                    alias.insert(key, box->value());
            });
        });
    }

    m_backendView = new QListView(details);
    m_backendView->setObjectName(QStringLiteral("backendOrderView"));
    m_backendView->setModel(m_backends);
    m_backendView->setDragDropMode(QAbstractItemView::InternalMove);
    m_backendView->setDefaultDropAction(Qt::MoveAction);
    m_backendView->setDragEnabled(true);
    m_backendView->setAcceptDrops(true);
    m_backendView->setDropIndicatorShown(true);
    QPushButton *up = namedButton(tr("Move up"), QStringLiteral("moveBackendUpButton"), details);
    QPushButton *down
        = namedButton(tr("Move down"), QStringLiteral("moveBackendDownButton"), details);
    QPushButton *remove
        = namedButton(tr("Remove backend"), QStringLiteral("removeBackendButton"), details);
    connect(up, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveSelected(+1); });
    connect(remove, &QPushButton::clicked, this,
            [this] { m_backends->removeBackend(m_backendView->currentIndex().row()); });
    auto *orderButtons = new QHBoxLayout;
    orderButtons->addWidget(up);
    orderButtons->addWidget(down);
    orderButtons->addStretch();
    orderButtons->addWidget(remove);

    m_provider = new QComboBox(details);
    m_provider->setObjectName(QStringLiteral("newBackendProviderComboBox"));
    m_provider->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_upstreamModel = new QLineEdit(details);
    m_upstreamModel->setObjectName(QStringLiteral("newBackendModelEdit"));
    m_upstreamModel->setPlaceholderText(tr("the provider's model name"));
    QPushButton *addBackend
        = namedButton(tr("Add backend"), QStringLiteral("addBackendButton"), details);
    connect(addBackend, &QPushButton::clicked, this, [this] {
        const QString model = m_upstreamModel->text().trimmed();
        if (m_provider->currentText().isEmpty() || model.isEmpty())
            return m_result->setText(tr("Choose a provider and type its model name first."));
        m_backends->appendBackend(m_provider->currentText(), model);
        m_upstreamModel->clear();
    });
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_provider);
    addRow->addWidget(m_upstreamModel, 1);
    addRow->addWidget(addBackend);

    auto *layout = new QVBoxLayout(details);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Backends, tried in this order (drag to reorder; untick to "
                                    "take one out of routing):"),
                                 details));
    layout->addWidget(m_backendView, 1);
    layout->addLayout(orderButtons);
    layout->addLayout(addRow);
    return details;
}

void ModelsPage::selectAlias(const QString &alias)
{
    const QList<QListWidgetItem *> items = m_aliasList->findItems(alias, Qt::MatchExactly);
    if (!items.isEmpty())
        m_aliasList->setCurrentItem(items.first());
}

void ModelsPage::showConfig()
{
    const QJsonObject root = m_service.configJson();
    const QString keep = m_alias;
    const QSignalBlocker blocker(m_aliasList);
    m_aliasList->clear();
    for (const QJsonValue &m : root.value(kModels).toArray())
        m_aliasList->addItem(m.toObject().value(kAlias).toString());
    const QStringList providers = root.value(QLatin1String("providers")).toObject().keys();
    for (QComboBox *box : {m_provider, m_newAliasProvider}) {
        const QString chosen = box->currentText();
        box->clear();
        box->addItems(providers);
        box->setCurrentText(chosen);
    }
    m_alias.clear();
    const QList<QListWidgetItem *> again = m_aliasList->findItems(keep, Qt::MatchExactly);
    QListWidgetItem *current = again.isEmpty() ? m_aliasList->item(0) : again.first();
    if (current)
        m_aliasList->setCurrentItem(current);
    showAlias(current ? current->text() : QString());
}

void ModelsPage::showAlias(const QString &alias)
{
    m_alias = alias;
    const QJsonArray models = m_service.configJson().value(kModels).toArray();
    const int i = indexOfAlias(models, alias);
    m_details->setEnabled(i >= 0);
    const QJsonObject entry = i >= 0 ? models.at(i).toObject() : QJsonObject();
    m_title->setText(i >= 0 ? tr("Model \"%1\"").arg(alias)
                            : tr("No models yet: add one on the left."));
    const QSignalBlocker b1(m_displayName), b2(m_contextWindow), b3(m_maxTokens);
    m_displayName->setText(entry.value(QLatin1String("displayName")).toString());
    m_contextWindow->setValue(entry.value(QLatin1String("contextWindow")).toInt());
    m_maxTokens->setValue(entry.value(QLatin1String("maxTokens")).toInt());
    m_backends->setBackends(entry.value(QLatin1String("backends")).toArray());
}

void ModelsPage::saveAlias(const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject root = m_service.configJson();
    QJsonArray models = root.value(kModels).toArray();
    const int i = indexOfAlias(models, m_alias);
    if (i < 0)
        return;
    QJsonObject alias = models.at(i).toObject();
    edit(alias);
    models.replace(i, alias);
    root.insert(kModels, models);
    save(root);
}

void ModelsPage::save(const QJsonObject &root)
{
    m_result->clear();
    m_pending.append(m_service.saveConfig(root));
}

void ModelsPage::addAlias()
{
    const QString name = m_newAlias->text().trimmed();
    const QString provider = m_newAliasProvider->currentText();
    const QString model = m_newAliasModel->text().trimmed();
    if (name.isEmpty() || provider.isEmpty() || model.isEmpty())
        return m_result->setText(tr("A new model needs a name and its first backend: a provider "
                                    "and that provider's model name."));
    QJsonObject root = m_service.configJson();
    QJsonArray models = root.value(kModels).toArray();
    if (indexOfAlias(models, name) >= 0)
        return m_result->setText(tr("There is already a model named \"%1\".").arg(name));
    QJsonObject backend;
    backend.insert(QLatin1String("provider"), provider);
    backend.insert(QLatin1String("model"), model);
    QJsonObject alias;
    alias.insert(kAlias, name);
    alias.insert(QLatin1String("backends"), QJsonArray {backend});
    models.append(alias);
    root.insert(kModels, models);
    m_alias = name; // shown once the configuration with it arrives
    m_newAlias->clear();
    m_newAliasModel->clear();
    save(root);
}

void ModelsPage::removeAlias()
{
    QJsonObject root = m_service.configJson();
    QJsonArray models = root.value(kModels).toArray();
    const int i = indexOfAlias(models, m_alias);
    if (i < 0)
        return;
    models.removeAt(i);
    root.insert(kModels, models);
    save(root);
}

void ModelsPage::moveSelected(int delta)
{
    const int row = m_backendView->currentIndex().row();
    if (row < 0)
        return;
    const int target = row + delta;
    if (target < 0 || target >= m_backends->rowCount())
        return;
    // moveRows counts the destination before the move: one further down means two rows on.
    if (m_backends->moveRows({}, row, 1, {}, delta > 0 ? target + 1 : target))
        m_backendView->setCurrentIndex(m_backends->index(target));
}

void ModelsPage::onCommandFinished(const CommandResult &result)
{
    if (!m_pending.removeOne(result.id) || result.ok)
        return;
    m_result->setText(tr("Not saved: %1").arg(result.message));
    showConfig(); // back to what is in force
}

} // namespace clawgate::ui
