// Stores an import's secrets in the keychain the way `clawgatectl secret set` and the tray app
// do (IndexedSecrets: the value in the store, the name in the secrets index beside the
// configuration, which is how `secret list` and a running gateway learn of them). One at a time,
// each read first so that an entry that already holds the value is left alone (importing twice
// writes nothing). It stops at the first failure; when no keychain answers at all nothing has been
// written.
#pragma once

#include "importplan.h"
#include "store/secretstore.h"

#include <QObject>

#include <functional>

namespace clawgate {

struct ImportSecretOutcome
{
    bool ok = true;
    bool nothingWritten = true; // true also on failure when it failed before any write
    SecretResult::Status status = SecretResult::Status::Ok; // of the failure
    QString error; // the store's message; never a value
    QStringList stored; // entries written (new or with a new value)
};

class ImportSecretWriter : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const ImportSecretOutcome &)>;

    // `indexPath`: the secrets index of the configuration imported into.
    ImportSecretWriter(SecretStore &store, QString indexPath, QObject *parent = nullptr);

    // `done` runs later, on this object's thread, once.
    void start(const QList<ImportedSecret> &secrets, Done done);

private:
    void next();
    void write(const ImportedSecret &secret);
    void finish(const SecretResult &failure);

    SecretStore &m_store;
    QString m_indexPath;
    QList<ImportedSecret> m_pending;
    ImportSecretOutcome m_outcome;
    Done m_done;
};

} // namespace clawgate
