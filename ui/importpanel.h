// The import of an existing configuration (an aggregator's providers.json with its .env, a model
// registry, a YAML models list), inline on the Providers page: pick the file (and optionally
// its .env), Preview shows what the import would do without writing anything, Apply stores the
// secrets in the keychain and saves the merged configuration through the running gateway. The
// same import and report as `clawgatectl import`.
#pragma once

#include "import/configimport.h"
#include "service/gatewayservice.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace clawgate {
class ImportSecretWriter;
class SecretStore;
struct ImportSecretOutcome;
} // namespace clawgate

namespace clawgate::ui {

class ImportPanel : public QWidget
{
    Q_OBJECT
public:
    ImportPanel(GatewayService &service, SecretStore &secrets, QWidget *parent = nullptr);

Q_SIGNALS:
    void closed();

private:
    void layOut(QPushButton *browseFile, QPushButton *browseEnv, QPushButton *preview,
                QPushButton *close);
    void browse(QLineEdit *edit, const QString &title);
    std::optional<ImportPreview> prepare();
    void preview();
    void apply();
    void secretsStored(const ImportPreview &preview, const ImportSecretOutcome &outcome);
    void onCommandFinished(const CommandResult &result);
    void showReport(const QString &status, const QStringList &lines = {});

    GatewayService &m_service;
    ImportSecretWriter *m_writer;
    QLineEdit *m_file;
    QLineEdit *m_env;
    QPushButton *m_apply;
    QLabel *m_status;
    QPlainTextEdit *m_report;
    quint64 m_pendingSave = 0;
    QStringList m_pendingLines; // shown once the save is confirmed
};

} // namespace clawgate::ui
