#include "importpanel.h"

#include "import/importreport.h"
#include "import/importsecretwriter.h"
#include "namedbutton.h"
#include "store/configstore.h"

#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace clawgate::ui {

namespace {

QLineEdit *pathEdit(const QString &objectName, const QString &placeholder, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    return edit;
}

} // namespace

ImportPanel::ImportPanel(GatewayService &service, SecretStore &secrets, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_writer(new ImportSecretWriter(secrets, ConfigStore(service.configPath()).secretsIndexPath(),
                                      this))
    , m_file(pathEdit(QStringLiteral("importFileLineEdit"),
                      tr("providers.json, model_registry.json or models.yaml"), this))
    , m_env(pathEdit(QStringLiteral("importEnvLineEdit"), tr("optional"), this))
    , m_apply(namedButton(tr("Apply"), QStringLiteral("applyImportPushButton"), this))
    , m_status(new QLabel(this))
    , m_report(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("importPanel"));
    auto *browseFile
        = namedButton(tr("Browse…"), QStringLiteral("browseImportFilePushButton"), this);
    auto *browseEnv = namedButton(tr("Browse…"), QStringLiteral("browseImportEnvPushButton"), this);
    auto *preview = namedButton(tr("Preview"), QStringLiteral("previewImportPushButton"), this);
    auto *close = namedButton(tr("Close"), QStringLiteral("closeImportPushButton"), this);
    preview->setToolTip(tr("Show what the import would do; nothing is written"));
    m_apply->setEnabled(false);
    connect(browseFile, &QPushButton::clicked, this,
            [this] { browse(m_file, tr("Configuration to import")); });
    connect(browseEnv, &QPushButton::clicked, this, [this] { browse(m_env, tr("Its .env file")); });
    connect(preview, &QPushButton::clicked, this, &ImportPanel::preview);
    connect(m_apply, &QPushButton::clicked, this, &ImportPanel::apply);
    connect(close, &QPushButton::clicked, this, &ImportPanel::closed);
    // A changed path needs a new preview before anything is applied.
    for (QLineEdit *edit : {m_file, m_env})
        connect(edit, &QLineEdit::textChanged, m_apply, [this] { m_apply->setEnabled(false); });
    connect(&service, &GatewayService::commandFinished, this, &ImportPanel::onCommandFinished);

    m_status->setObjectName(QStringLiteral("importStatusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_report->setObjectName(QStringLiteral("importReportTextEdit"));
    m_report->setReadOnly(true);
    m_report->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_report->setMaximumHeight(160);

    layOut(browseFile, browseEnv, preview, close);
}

void ImportPanel::layOut(QPushButton *browseFile, QPushButton *browseEnv, QPushButton *preview,
                         QPushButton *close)
{
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browseFile);
    auto *envRow = new QHBoxLayout;
    envRow->addWidget(m_env, 1);
    envRow->addWidget(browseEnv);
    auto *form = new QFormLayout;
    form->addRow(tr("Import from:"), fileRow);
    form->addRow(tr(".env file:"), envRow);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(preview);
    buttons->addWidget(m_apply);
    buttons->addStretch();
    buttons->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_report);
}

void ImportPanel::browse(QLineEdit *edit, const QString &title)
{
    const QString path = QFileDialog::getOpenFileName(this, title, edit->text());
    if (!path.isEmpty())
        edit->setText(path);
}

std::optional<ImportPreview> ImportPanel::prepare()
{
    if (m_file->text().trimmed().isEmpty()) {
        showReport(tr("Choose the file to import first."));
        return std::nullopt;
    }
    ImportPreview preview = ConfigImport::prepare(m_file->text().trimmed(), m_env->text().trimmed(),
                                                  m_service.configJson());
    if (!preview.error.isEmpty()) {
        showReport(tr("Cannot import: %1").arg(preview.error));
        return std::nullopt;
    }
    if (!preview.configErrors.isEmpty()) {
        showReport(ImportReport::refused(preview.configErrors),
                   ImportReport::lines(preview, {}, true));
        return std::nullopt;
    }
    return preview;
}

void ImportPanel::preview()
{
    m_apply->setEnabled(false);
    const std::optional<ImportPreview> preview = prepare();
    if (!preview)
        return;
    const bool nothing = !preview->merge.changed() && preview->plan.secrets.isEmpty();
    showReport(nothing ? ImportReport::nothingToChange()
                       : tr("Preview: nothing is written until you click Apply."),
               ImportReport::lines(*preview, {}, true));
    m_apply->setEnabled(!nothing);
}

void ImportPanel::apply()
{
    m_apply->setEnabled(false);
    // Merged again: the configuration may have changed since the preview.
    const std::optional<ImportPreview> preview = prepare();
    if (!preview)
        return;
    showReport(tr("Storing the secrets in the keychain…"));
    m_writer->start(preview->plan.secrets,
                    [this, p = *preview](const ImportSecretOutcome &o) { secretsStored(p, o); });
}

void ImportPanel::secretsStored(const ImportPreview &preview, const ImportSecretOutcome &outcome)
{
    if (!outcome.ok)
        return showReport(outcome.nothingWritten
                              ? ImportReport::noKeychain(preview.plan, outcome.error)
                              : ImportReport::stoppedAfterWrites(outcome.stored, outcome.error));
    const QStringList lines = ImportReport::lines(preview, outcome.stored, false);
    if (!preview.merge.changed())
        return showReport(
            outcome.stored.isEmpty() ? ImportReport::nothingToChange() : tr("Imported."), lines);
    m_pendingLines = lines;
    m_pendingSave = m_service.saveConfig(preview.merge.root);
    showReport(tr("Saving the configuration…"));
}

void ImportPanel::onCommandFinished(const CommandResult &result)
{
    if (result.id != m_pendingSave || m_pendingSave == 0)
        return;
    m_pendingSave = 0;
    if (!result.ok)
        return showReport(tr("Not saved: %1").arg(result.message), m_pendingLines);
    showReport(tr("Imported."), m_pendingLines);
}

void ImportPanel::showReport(const QString &status, const QStringList &lines)
{
    m_status->setText(status);
    m_report->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace clawgate::ui
