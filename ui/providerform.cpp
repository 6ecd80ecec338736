#include "providerform.h"

#include "store/config.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace clawgate::ui {

namespace {

// The provider types the gateway speaks today.
const QStringList kTypes
    = {QStringLiteral("openai"), QStringLiteral("azure-openai"), QStringLiteral("anthropic")};
const QLatin1String kAzure("azure-openai");
const QLatin1String kAnthropic("anthropic");
const QLatin1String kResponsesApi("responsesApi");

QSpinBox *secondsBox(const QString &objectName, int maximum, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(1, maximum);
    box->setSuffix(ProviderForm::tr(" s"));
    return box;
}

void setOrRemove(QJsonObject &o, const QString &key, const QString &value)
{
    if (value.isEmpty())
        o.remove(key);
    else
        o.insert(key, value);
}

} // namespace

ProviderForm::ProviderForm(QWidget *parent)
    : QGroupBox(parent)
    , m_name(new QLineEdit(this))
    , m_type(new QComboBox(this))
    , m_baseUrl(new QLineEdit(this))
    , m_deployment(new QLineEdit(this))
    , m_apiVersion(new QLineEdit(this))
    , m_responsesApi(new QComboBox(this))
    , m_apiKey(new QLineEdit(this))
    , m_headers(new QTableWidget(0, 2, this))
    , m_connect(secondsBox(QStringLiteral("connectTimeoutSpinBox"), 3600, this))
    , m_firstByte(secondsBox(QStringLiteral("firstByteTimeoutSpinBox"), 86400, this))
    , m_idle(secondsBox(QStringLiteral("idleTimeoutSpinBox"), 86400, this))
    , m_proxy(new QLineEdit(this))
    , m_caFile(new QLineEdit(this))
{
    setObjectName(QStringLiteral("providerFormGroupBox"));
    m_name->setObjectName(QStringLiteral("providerNameLineEdit"));
    m_type->setObjectName(QStringLiteral("providerTypeComboBox"));
    m_type->addItems(kTypes);
    m_baseUrl->setObjectName(QStringLiteral("providerBaseUrlLineEdit"));
    m_deployment->setObjectName(QStringLiteral("providerDeploymentLineEdit"));
    m_deployment->setPlaceholderText(tr("the model name of each backend"));
    m_apiVersion->setObjectName(QStringLiteral("providerApiVersionLineEdit"));
    m_apiVersion->setPlaceholderText(QStringLiteral("2024-10-21"));
    m_responsesApi->setObjectName(QStringLiteral("providerResponsesApiComboBox"));
    m_responsesApi->setToolTip(
        tr("How ClawGate answers /v1/responses with this provider.\n"
           "Native: the provider has its own /responses endpoint; requests are relayed as they "
           "are.\n"
           "Chat: the provider has only chat completions; ClawGate translates each Responses "
           "request to chat completions and the answer back."));
    m_apiKey->setObjectName(QStringLiteral("providerApiKeyLineEdit"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_headers->setObjectName(QStringLiteral("providerHeadersTableWidget"));
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setMaximumHeight(90);
    m_proxy->setObjectName(QStringLiteral("providerProxyLineEdit"));
    m_proxy->setPlaceholderText(tr("from the environment (http_proxy, ...)"));
    m_caFile->setObjectName(QStringLiteral("providerCaFileLineEdit"));
    m_caFile->setPlaceholderText(tr("the system's CA certificates"));

    auto *addHeader = new QPushButton(tr("Add header"), this);
    addHeader->setObjectName(QStringLiteral("addHeaderPushButton"));
    connect(addHeader, &QPushButton::clicked, this, [this] { addHeaderRow(); });
    auto *removeHeader = new QPushButton(tr("Remove header"), this);
    removeHeader->setObjectName(QStringLiteral("removeHeaderPushButton"));
    connect(removeHeader, &QPushButton::clicked, this,
            [this] { m_headers->removeRow(m_headers->currentRow()); });
    auto *headerButtons = new QVBoxLayout;
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch();
    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(m_headers, 1);
    headerRow->addLayout(headerButtons);

    auto *timeouts = new QHBoxLayout;
    for (auto [label, box] :
         {std::pair {tr("connect"), m_connect}, std::pair {tr("first byte"), m_firstByte},
          std::pair {tr("idle"), m_idle}}) {
        timeouts->addWidget(new QLabel(label, this));
        timeouts->addWidget(box);
    }
    timeouts->addStretch();

    auto *browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QStringLiteral("browseCaFilePushButton"));
    connect(browse, &QPushButton::clicked, this, [this] {
        // Non-modal: the window stays usable while the dialog is open.
        auto *dialog = new QFileDialog(this, tr("CA certificates"), m_caFile->text());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        dialog->open(this, nullptr);
        connect(dialog, &QFileDialog::fileSelected, m_caFile, &QLineEdit::setText);
    });
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);

    auto *save = new QPushButton(tr("Save provider"), this);
    save->setObjectName(QStringLiteral("saveProviderPushButton"));
    save->setDefault(true);
    connect(save, &QPushButton::clicked, this, &ProviderForm::saveRequested);
    auto *cancel = new QPushButton(tr("Cancel"), this);
    cancel->setObjectName(QStringLiteral("cancelProviderPushButton"));
    connect(cancel, &QPushButton::clicked, this, &ProviderForm::cancelled);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(cancel);
    buttons->addWidget(save);

    auto *form = new QFormLayout(this);
    m_form = form;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Type"), m_type);
    form->addRow(tr("Base URL"), m_baseUrl);
    form->addRow(tr("Deployment"), m_deployment);
    form->addRow(tr("API version"), m_apiVersion);
    form->addRow(tr("Responses API"), m_responsesApi);
    form->addRow(tr("API key"), m_apiKey);
    form->addRow(tr("Extra headers"), headerRow);
    form->addRow(tr("Timeouts"), timeouts);
    form->addRow(tr("Proxy"), m_proxy);
    form->addRow(tr("CA file"), caRow);
    form->addRow(buttons);
    connect(m_type, &QComboBox::currentTextChanged, this, &ProviderForm::showTypeFields);
    showTypeFields();
}

// Azure's deployment and API version mean nothing to other types, and the Responses API setting
// nothing to Anthropic's: each is shown only where it applies, with a base URL example of the
// type's shape.
void ProviderForm::showTypeFields()
{
    const QString type = m_type->currentText();
    const bool azure = type == kAzure;
    m_form->setRowVisible(m_deployment, azure);
    m_form->setRowVisible(m_apiVersion, azure);
    m_form->setRowVisible(m_responsesApi, type != kAnthropic);
    m_baseUrl->setPlaceholderText(azure ? QStringLiteral("https://RESOURCE.openai.azure.com/openai")
                                      : type == kAnthropic
                                      ? QStringLiteral("https://api.anthropic.com/v1")
                                      : QStringLiteral("https://api.openai.com/v1"));
}

// The choices, each with the file's value as its data; an unset field stays unset, and a value
// this version does not know is offered as it is, so saving the form does not change it.
void ProviderForm::fillResponsesApi(const QJsonValue &value)
{
    m_responsesApi->clear();
    m_responsesApi->addItem(tr("Default (native)"), QString());
    m_responsesApi->addItem(tr("Native: the provider has /responses"), QStringLiteral("native"));
    m_responsesApi->addItem(tr("Chat: translate to chat completions"), QStringLiteral("chat"));
    const QString current = value.toString();
    if (!current.isEmpty() && m_responsesApi->findData(current) < 0)
        m_responsesApi->addItem(current, current);
    m_responsesApi->setCurrentIndex(qMax(0, m_responsesApi->findData(current)));
}

void ProviderForm::startAdd()
{
    m_editing = false;
    setTitle(tr("New provider"));
    m_name->setReadOnly(false);
    m_name->clear();
    m_apiKey->setPlaceholderText(tr("stored in the system keychain"));
    fill({});
    m_name->setFocus();
}

void ProviderForm::startEdit(const QString &name, const QJsonObject &json)
{
    m_editing = true;
    setTitle(tr("Edit provider %1").arg(name));
    // Models refer to a provider by name: renaming would leave them pointing at nothing.
    m_name->setReadOnly(true);
    m_name->setText(name);
    m_apiKey->setPlaceholderText(tr("leave empty to keep the stored key"));
    fill(json);
    m_baseUrl->setFocus();
}

void ProviderForm::fill(const QJsonObject &json)
{
    m_original = json;
    const Timeouts defaults;
    const QJsonObject timeouts = json.value(QLatin1String("timeouts")).toObject();
    m_type->setCurrentText(json.value(QLatin1String("type")).toString(kTypes.first()));
    m_baseUrl->setText(json.value(QLatin1String("baseUrl")).toString());
    m_deployment->setText(json.value(QLatin1String("deployment")).toString());
    m_apiVersion->setText(json.value(QLatin1String("apiVersion")).toString());
    fillResponsesApi(json.value(kResponsesApi));
    m_apiKey->clear();
    m_headers->setRowCount(0);
    const QJsonObject headers = json.value(QLatin1String("headers")).toObject();
    for (auto h = headers.begin(); h != headers.end(); ++h)
        addHeaderRow(h.key(), h.value().toString());
    m_connect->setValue(
        timeouts.value(QLatin1String("connectSeconds")).toInt(defaults.connectSeconds));
    m_firstByte->setValue(
        timeouts.value(QLatin1String("firstByteSeconds")).toInt(defaults.firstByteSeconds));
    m_idle->setValue(timeouts.value(QLatin1String("idleSeconds")).toInt(defaults.idleSeconds));
    m_proxy->setText(json.value(QLatin1String("proxy")).toString());
    m_caFile->setText(json.value(QLatin1String("caFile")).toString());
}

void ProviderForm::addHeaderRow(const QString &name, const QString &value)
{
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem(name));
    m_headers->setItem(row, 1, new QTableWidgetItem(value));
}

QString ProviderForm::name() const
{
    return m_name->text().trimmed();
}

QString ProviderForm::apiKey() const
{
    return m_apiKey->text().trimmed();
}

QJsonObject ProviderForm::providerJson() const
{
    QJsonObject json = m_original;
    json.insert(QLatin1String("type"), m_type->currentText());
    json.insert(QLatin1String("baseUrl"), m_baseUrl->text().trimmed());
    const bool azure = m_type->currentText() == kAzure;
    setOrRemove(json, QStringLiteral("deployment"),
                azure ? m_deployment->text().trimmed() : QString());
    setOrRemove(json, QStringLiteral("apiVersion"),
                azure ? m_apiVersion->text().trimmed() : QString());
    setOrRemove(json, kResponsesApi,
                m_type->currentText() == kAnthropic ? QString()
                                                    : m_responsesApi->currentData().toString());
    QJsonObject headers;
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QString name
            = m_headers->item(row, 0) ? m_headers->item(row, 0)->text().trimmed() : QString();
        if (!name.isEmpty())
            headers.insert(name,
                           m_headers->item(row, 1) ? m_headers->item(row, 1)->text() : QString());
    }
    if (headers.isEmpty())
        json.remove(QLatin1String("headers"));
    else
        json.insert(QLatin1String("headers"), headers);
    QJsonObject timeouts = json.value(QLatin1String("timeouts")).toObject();
    timeouts.insert(QLatin1String("connectSeconds"), m_connect->value());
    timeouts.insert(QLatin1String("firstByteSeconds"), m_firstByte->value());
    timeouts.insert(QLatin1String("idleSeconds"), m_idle->value());
    json.insert(QLatin1String("timeouts"), timeouts);
    setOrRemove(json, QStringLiteral("proxy"), m_proxy->text().trimmed());
    setOrRemove(json, QStringLiteral("caFile"), m_caFile->text().trimmed());
    return json;
}

} // namespace clawgate::ui
