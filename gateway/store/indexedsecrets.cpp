#include "indexedsecrets.h"

namespace clawgate {

IndexedSecrets::IndexedSecrets(SecretStore &store, QString indexPath)
    : m_store(store)
    , m_index(std::move(indexPath))
{
}

void IndexedSecrets::set(const QString &name, const QString &value, Callback done)
{
    // The index is written after the value: a name listed is a name that can be read, and its
    // change is what tells a running gateway to read the new value.
    m_store.write(
        name, value,
        [index = m_index, name, done = std::move(done)](const SecretResult &stored) mutable {
            done({stored, stored.ok() && index.add(name)});
        });
}

void IndexedSecrets::remove(const QString &name, Callback done)
{
    m_store.remove(
        name, [index = m_index, name, done = std::move(done)](const SecretResult &removed) mutable {
            done({removed, removed.ok() && index.remove(name)});
        });
}

} // namespace clawgate
