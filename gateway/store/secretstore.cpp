#include "secretstore.h"

#include <QMetaObject>

namespace clawgate {

void InMemorySecretStore::answer(Callback done, SecretResult result)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
}

void InMemorySecretStore::read(const QString &name, Callback done)
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

void InMemorySecretStore::write(const QString &name, const QString &value, Callback done)
{
    m_values.insert(name, value);
    answer(std::move(done), {});
}

void InMemorySecretStore::remove(const QString &name, Callback done)
{
    m_values.remove(name);
    answer(std::move(done), {});
}

} // namespace clawgate
