#include "importsecretwriter.h"

#include "store/indexedsecrets.h"

#include <QPointer>
#include <QTimer>

namespace clawgate {

ImportSecretWriter::ImportSecretWriter(SecretStore &store, QString indexPath, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_indexPath(std::move(indexPath))
{
}

void ImportSecretWriter::start(const QList<ImportedSecret> &secrets, Done done)
{
    m_pending = secrets;
    m_outcome = {};
    m_done = std::move(done);
    QTimer::singleShot(0, this, &ImportSecretWriter::next); // answers later, never inside
}

void ImportSecretWriter::next()
{
    if (m_pending.isEmpty())
        return finish({});
    const ImportedSecret secret = m_pending.takeFirst();
    QPointer<ImportSecretWriter> self(this);
    m_store.read(secret.name, [self, secret](const SecretResult &read) {
        if (!self)
            return;
        if (read.ok() && read.value == secret.value)
            return self->next(); // already there
        if (!read.ok() && read.status != SecretResult::Status::NotFound)
            return self->finish(read);
        self->write(secret);
    });
}

void ImportSecretWriter::write(const ImportedSecret &secret)
{
    QPointer<ImportSecretWriter> self(this);
    IndexedSecrets(m_store, m_indexPath)
        .set(secret.name, secret.value,
             [self, name = secret.name](const IndexedSecrets::Result &r) {
                 if (!self)
                     return;
                 if (!r.stored.ok())
                     return self->finish(r.stored);
                 self->m_outcome.nothingWritten = false;
                 self->m_outcome.stored.append(name);
                 if (!r.indexed)
                     return self->finish(
                         {SecretResult::Status::Error,
                          {},
                          QStringLiteral("the secret %1 is stored, but %2 could not be updated")
                              .arg(name, self->m_indexPath)});
                 self->next();
             });
}

void ImportSecretWriter::finish(const SecretResult &failure)
{
    m_outcome.ok = failure.ok();
    m_outcome.status = failure.status;
    m_outcome.error = failure.error;
    m_pending.clear();
    if (m_done)
        m_done(m_outcome);
}

} // namespace clawgate
