// The Providers page: the upstream providers with their state; add, edit and remove them in an
// inline form; and Test, which sends one real, minimal request through every backend that uses
// the selected provider and shows each one's status and latency, or the error. An API key typed
// here goes to the keychain (and its name to the secret index, as `clawgatectl secret set` does);
// the configuration file only gets a "keychain:NAME" reference. Removing a provider deletes the
// keychain entries no other provider refers to.
// Import… opens an inline panel that imports a configuration the user already has.
#pragma once

#include "service/gatewayservice.h"
#include "store/indexedsecrets.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QTableView;
class QTableWidget;

namespace clawgate::ui {

class ImportPanel;
class ProviderForm;
class ProviderListModel;

class ProvidersPage : public QWidget
{
    Q_OBJECT
public:
    // `secrets` is where API keys are written: the same store the gateway reads them from.
    ProvidersPage(GatewayService &service, SecretStore &secrets, QWidget *parent = nullptr);

    // The keychain entry that holds the API key of provider `name`.
    static QString secretNameFor(const QString &providerName);

private:
    QString selectedName() const;
    void startEdit();
    void save();
    void saveProvider(const QString &name, QJsonObject json);
    void removeProvider();
    // After a removal was saved: deletes the entries of `namesBefore` (the keychain names in use
    // before it) that the saved configuration no longer refers to.
    void deleteUnusedSecrets(const QStringList &namesBefore);
    void testProvider();
    void onCommandFinished(const CommandResult &result);
    void onTestFinished(quint64 id, const QList<BackendTestResult> &results);
    void showResult(const QString &text);

    GatewayService &m_service;
    IndexedSecrets m_secrets;
    ProviderListModel *m_model;
    QTableView *m_table;
    ProviderForm *m_form;
    ImportPanel *m_import;
    QLabel *m_result;
    QTableWidget *m_testResults;
    QHash<quint64, bool> m_pendingSaves; // command id -> closes the form when saved
    QHash<quint64, QStringList> m_pendingRemovals; // command id -> keychain names in use before
    QList<quint64> m_pendingTests;
};

} // namespace clawgate::ui
