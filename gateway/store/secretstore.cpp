#include "secretstore.h"

#include <QMetaObject>

namespace clawgate {

void SecretStore::read(const QString &name, Callback done)
{
    readEntry(name, std::move(done));
}

void SecretStore::write(const QString &name, const QString &value, Callback done)
{
    writeEntry(name, value, [this, name, done = std::move(done)](const SecretResult &result) {
        if (result.ok())
            Q_EMIT secretChanged(name);
        done(result);
    });
}

void SecretStore::remove(const QString &name, Callback done)
{
    removeEntry(name, [this, name, done = std::move(done)](const SecretResult &result) {
        if (result.ok())
            Q_EMIT secretChanged(name);
        done(result);
    });
}

void SecretStore::requestRead(const QString &name)
{
    readEntry(name,
              [this, name](const SecretResult &result) { Q_EMIT readFinished(name, result); });
}

void InMemorySecretStore::answer(Callback done, SecretResult result)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
}

void InMemorySecretStore::readEntry(const QString &name, Callback done)
{
    const auto it = m_values.constFind(name);
    if (it == m_values.constEnd()) {
        answer(
            std::move(done),
            {SecretResult::Status::NotFound, {}, QStringLiteral("no secret named %1").arg(name)});
        return;
    }
    answer(std::move(done), {SecretResult::Status::Ok, it.value(), {}});
}

void InMemorySecretStore::writeEntry(const QString &name, const QString &value, Callback done)
{
    m_values.insert(name, value);
    answer(std::move(done), {});
}

void InMemorySecretStore::removeEntry(const QString &name, Callback done)
{
    m_values.remove(name);
    answer(std::move(done), {});
}

} // namespace clawgate
