#include "providerspage.h"

#include "importpanel.h"
#include "namedbutton.h"
#include "providerform.h"
#include "providerlistmodel.h"
#include "store/configstore.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace clawgate::ui {

namespace {

enum TestColumn {
    TestBackendColumn,
    TestOutcomeColumn,
    TestStatusColumn,
    TestLatencyColumn,
    TestErrorColumn,
    TestColumnCount
};

} // namespace

ProvidersPage::ProvidersPage(GatewayService &service, SecretStore &secrets, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_secrets(secrets, ConfigStore(service.configPath()).secretsIndexPath())
    , m_model(new ProviderListModel(service, this))
    , m_table(new QTableView(this))
    , m_form(new ProviderForm(this))
    , m_import(new ImportPanel(service, secrets, this))
    , m_result(new QLabel(this))
    , m_testResults(new QTableWidget(0, TestColumnCount, this))
{
    setObjectName(QStringLiteral("providersPage"));
    m_table->setObjectName(QStringLiteral("providersTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setMinimumHeight(140); // the list stays readable while the form is open
    m_table->setColumnWidth(ProviderListModel::BaseUrlColumn, 240);

    auto *add = namedButton(tr("Add…"), QStringLiteral("addProviderPushButton"), this);
    auto *edit = namedButton(tr("Edit…"), QStringLiteral("editProviderPushButton"), this);
    auto *remove = namedButton(tr("Remove"), QStringLiteral("removeProviderPushButton"), this);
    auto *test = namedButton(tr("Test"), QStringLiteral("testProviderPushButton"), this);
    test->setToolTip(tr("Send one tiny real request through every backend of this provider"));
    auto *import = namedButton(tr("Import…"), QStringLiteral("importProvidersPushButton"), this);
    import->setToolTip(tr("Import an aggregator's providers.json, a model registry or a YAML "
                          "models list"));
    connect(add, &QPushButton::clicked, this, [this] {
        showResult({});
        m_import->hide();
        m_form->startAdd();
        m_form->show();
    });
    connect(import, &QPushButton::clicked, this, [this] {
        showResult({});
        m_form->hide();
        m_import->show();
    });
    connect(edit, &QPushButton::clicked, this, &ProvidersPage::startEdit);
    connect(m_table, &QTableView::doubleClicked, this, &ProvidersPage::startEdit);
    connect(remove, &QPushButton::clicked, this, &ProvidersPage::removeProvider);
    connect(test, &QPushButton::clicked, this, &ProvidersPage::testProvider);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {add, edit, remove, import})
        buttons->addWidget(b);
    buttons->addStretch();
    buttons->addWidget(test);

    m_form->hide();
    m_import->hide();
    connect(m_import, &ImportPanel::closed, m_import, &QWidget::hide);
    connect(m_form, &ProviderForm::saveRequested, this, &ProvidersPage::save);
    connect(m_form, &ProviderForm::cancelled, m_form, &QWidget::hide);
    m_result->setObjectName(QStringLiteral("providersResultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testResults->setObjectName(QStringLiteral("testResultsTableWidget"));
    m_testResults->setHorizontalHeaderLabels(
        {tr("Backend"), tr("Result"), tr("Status"), tr("Latency"), tr("Error")});
    m_testResults->horizontalHeader()->setStretchLastSection(true);
    m_testResults->verticalHeader()->hide();
    m_testResults->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_testResults->setWordWrap(true);
    m_testResults->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_testResults->setMaximumHeight(130);
    m_testResults->hide();

    // A first start has no providers: say what to do instead of showing an empty grid.
    auto *empty = new QLabel(tr("No providers yet. Click Add… to create one, or Import… to "
                                "bring in the configuration you already use."),
                             this);
    empty->setObjectName(QStringLiteral("providersEmptyLabel"));
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    auto *list = new QStackedWidget(this);
    list->addWidget(m_table);
    list->addWidget(empty);
    auto showListOrHint = [this, list] { list->setCurrentIndex(m_model->rowCount() == 0 ? 1 : 0); };
    connect(m_model, &QAbstractItemModel::modelReset, this, showListOrHint);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, showListOrHint);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, showListOrHint);
    showListOrHint();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(list, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_form);
    layout->addWidget(m_import);
    layout->addWidget(m_result);
    layout->addWidget(m_testResults);
    connect(&service, &GatewayService::commandFinished, this, &ProvidersPage::onCommandFinished);
    connect(&service, &GatewayService::testFinished, this, &ProvidersPage::onTestFinished);
}

QString ProvidersPage::secretNameFor(const QString &providerName)
{
    // Valid keychain names are letters, digits, '.', '_' and '-' (up to 128).
    static const QRegularExpression other(QStringLiteral("[^A-Za-z0-9._-]"));
    QString name = QStringLiteral("provider.") + providerName;
    return name.replace(other, QStringLiteral("-")).left(128);
}

QString ProvidersPage::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->nameAt(rows.first().row());
}

void ProvidersPage::startEdit()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return showResult(tr("Select a provider first."));
    showResult({});
    const QJsonObject providers
        = m_service.configJson().value(QLatin1String("providers")).toObject();
    m_form->startEdit(name, providers.value(name).toObject());
    m_import->hide();
    m_form->show();
}

void ProvidersPage::save()
{
    const QString name = m_form->name();
    if (name.isEmpty())
        return showResult(tr("Give the provider a name."));
    const QJsonObject providers
        = m_service.configJson().value(QLatin1String("providers")).toObject();
    if (!m_form->isEditing() && providers.contains(name))
        return showResult(tr("There is already a provider named %1.").arg(name));
    QJsonObject json = m_form->providerJson();
    const QString key = m_form->apiKey();
    if (key.isEmpty())
        return saveProvider(name, json); // on edit, the stored key stays as it is
    // The key goes to the keychain first; the file only ever names the entry.
    const QString secretName = secretNameFor(name);
    showResult(tr("Storing the API key in the keychain…"));
    QPointer<ProvidersPage> page(this); // the keychain may answer after the window is gone
    m_secrets.set(
        secretName, key, [page, name, json, secretName](const IndexedSecrets::Result &r) mutable {
            if (!page)
                return;
            if (!r.stored.ok())
                return page->showResult(
                    tr("The API key could not be stored: %1").arg(r.stored.error));
            if (!r.indexed)
                return page->showResult(tr("The API key is stored, but %1 could not be updated")
                                            .arg(page->m_secrets.indexPath()));
            json.insert(QLatin1String("apiKey"), QStringLiteral("keychain:") + secretName);
            page->saveProvider(name, json);
        });
}

void ProvidersPage::saveProvider(const QString &name, QJsonObject json)
{
    QJsonObject root = m_service.configJson();
    QJsonObject providers = root.value(QLatin1String("providers")).toObject();
    providers.insert(name, json);
    root.insert(QLatin1String("providers"), providers);
    m_pendingSaves.insert(m_service.saveConfig(root), true);
}

void ProvidersPage::removeProvider()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return showResult(tr("Select a provider first."));
    QJsonObject root = m_service.configJson();
    QJsonObject providers = root.value(QLatin1String("providers")).toObject();
    providers.remove(name);
    root.insert(QLatin1String("providers"), providers);
    // A provider a model still uses is refused by the configuration's own check, with the
    // model it names; then nothing is deleted from the keychain either.
    const quint64 id = m_service.saveConfig(root);
    m_pendingSaves.insert(id, false);
    if (const ConfigPtr config = m_service.config())
        m_pendingRemovals.insert(id, config->keychainNames);
}

void ProvidersPage::deleteUnusedSecrets(const QStringList &namesBefore)
{
    // The configuration in force is the saved one: the service reports it before the save's
    // result. A name it no longer has was the removed provider's alone.
    const ConfigPtr saved = m_service.config();
    for (const QString &name : namesBefore) {
        if (!saved || saved->keychainNames.contains(name))
            continue;
        QPointer<ProvidersPage> page(this);
        m_secrets.remove(name, [page](const IndexedSecrets::Result &r) {
            if (!page || r.ok())
                return;
            page->showResult(
                r.stored.ok()
                    ? tr("Removed; the API key is deleted, but %1 could not be updated")
                          .arg(page->m_secrets.indexPath())
                    : tr("Removed, but the API key could not be deleted: %1").arg(r.stored.error));
        });
    }
}

void ProvidersPage::testProvider()
{
    const QString name = selectedName();
    const ConfigPtr config = m_service.config();
    if (name.isEmpty() || !config)
        return showResult(tr("Select a provider first."));
    m_pendingTests.clear();
    m_testResults->setRowCount(0);
    QStringList tested; // a backend in two aliases is the same upstream: tested once
    for (const ModelAlias &model : config->models) {
        for (const BackendConfig &backend : model.backends) {
            if (backend.provider != name || tested.contains(backend.id()))
                continue;
            tested.append(backend.id());
            m_pendingTests.append(m_service.testBackend(model.alias, backend.id()));
        }
    }
    if (tested.isEmpty())
        return showResult(tr("No model uses %1 yet: add it to a model to test it.").arg(name));
    showResult(tr("Testing %n backend(s)…", nullptr, int(tested.size())));
    m_testResults->show();
}

void ProvidersPage::onCommandFinished(const CommandResult &result)
{
    if (!m_pendingSaves.contains(result.id))
        return;
    const bool closesForm = m_pendingSaves.take(result.id);
    const QStringList namesBefore = m_pendingRemovals.take(result.id); // empty unless a removal
    if (!result.ok)
        return showResult(tr("Not saved: %1").arg(result.message));
    showResult(tr("Saved."));
    if (closesForm)
        m_form->hide();
    deleteUnusedSecrets(namesBefore);
}

void ProvidersPage::onTestFinished(quint64 id, const QList<BackendTestResult> &results)
{
    if (!m_pendingTests.removeOne(id))
        return;
    for (const BackendTestResult &r : results) {
        const int row = m_testResults->rowCount();
        m_testResults->insertRow(row);
        const QString cells[TestColumnCount] = {
            r.backendId,
            r.ok ? tr("OK") : tr("Failed"),
            r.status > 0 ? QString::number(r.status) : QStringLiteral("–"),
            tr("%1 ms").arg(r.latencyMs),
            r.error,
        };
        for (int column = 0; column < TestColumnCount; ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            item->setToolTip(cells[column]);
            if (column == TestOutcomeColumn)
                item->setForeground(r.ok ? Qt::darkGreen : Qt::darkRed);
            m_testResults->setItem(row, column, item);
        }
    }
    // The error takes the rest of the width and wraps; the full text is also its tooltip.
    for (int column = 0; column < TestErrorColumn; ++column)
        m_testResults->resizeColumnToContents(column);
    m_testResults->resizeRowsToContents();
    if (m_pendingTests.isEmpty())
        showResult(tr("Test finished."));
}

void ProvidersPage::showResult(const QString &text)
{
    m_result->setText(text);
}

} // namespace clawgate::ui
