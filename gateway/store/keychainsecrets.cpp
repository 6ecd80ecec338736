#include "keychainsecrets.h"

#include "watchedfile.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSecrets, "clawgate.store.secrets")

namespace clawgate {

KeychainSecrets::KeychainSecrets(SecretStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(30000);
    connect(&m_retry, &QTimer::timeout, this, &KeychainSecrets::retryFailed);
    if (m_store) {
        // Queued whenever the store lives on another thread; Qt drops the connection when
        // either side is destroyed.
        connect(this, &KeychainSecrets::readRequested, m_store, &SecretStore::requestRead);
        connect(m_store, &SecretStore::readFinished, this, &KeychainSecrets::answered);
        connect(m_store, &SecretStore::secretChanged, this, [this](const QString &name) {
            if (m_names.contains(name))
                read({name});
        });
    }
}

KeychainLookup KeychainSecrets::lookup() const
{
    return [this](const QString &name) -> KeychainEntry {
        if (!m_store)
            return {std::nullopt,
                    QStringLiteral("this process has no keychain access, so \"keychain:%1\" "
                                   "cannot be read; use an ${ENV_VAR} reference instead")
                        .arg(name)};
        return m_entries.value(name);
    };
}

void KeychainSecrets::require(const QStringList &names)
{
    m_names = names;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (m_names.contains(it.key()))
            ++it;
        else
            it = m_entries.erase(it); // no longer referred to: forget the value
    }
    QStringList unknown;
    for (const QString &name : names) {
        if (!m_entries.contains(name))
            unknown.append(name);
    }
    read(unknown);
    settleIfIdle();
}

void KeychainSecrets::settleIfIdle()
{
    if (m_settled || !m_pending.isEmpty())
        return;
    m_settled = true;
    Q_EMIT settled();
}

void KeychainSecrets::refreshAll()
{
    read(m_names);
}

void KeychainSecrets::watchIndex(const QString &path)
{
    delete m_index;
    m_index = new WatchedFile(path, this);
    connect(m_index, &WatchedFile::changed, this, [this] {
        qCInfo(lcSecrets) << "the secret index changed; reading keychain entries again";
        refreshAll();
    });
    m_index->setWatching(true);
}

void KeychainSecrets::read(const QStringList &names)
{
    if (!m_store)
        return;
    for (const QString &name : names) {
        if (m_pending.contains(name))
            continue; // its answer is on the way
        m_pending.insert(name);
        Q_EMIT readRequested(name);
    }
}

void KeychainSecrets::answered(const QString &name, const SecretResult &result)
{
    if (!m_pending.remove(name))
        return; // someone else's read
    if (m_names.contains(name))
        remember(name, result);
    if (!m_pending.isEmpty())
        return; // one reparse for the whole batch
    if (!unreadable().isEmpty() && !m_retry.isActive())
        m_retry.start();
    if (m_changed) {
        m_changed = false;
        Q_EMIT changed();
    }
    settleIfIdle();
}

void KeychainSecrets::remember(const QString &name, const SecretResult &result)
{
    KeychainEntry entry;
    if (result.ok())
        entry.value = result.value;
    else
        entry.problem = result.error;
    const auto known = m_entries.constFind(name);
    if (known != m_entries.constEnd() && known->value == entry.value
        && known->problem == entry.problem)
        return;
    m_entries.insert(name, entry);
    m_changed = true;
    if (result.ok())
        qCInfo(lcSecrets).noquote() << "read keychain entry" << name;
    else
        qCWarning(lcSecrets).noquote() << result.error;
}

QStringList KeychainSecrets::unreadable() const
{
    QStringList names;
    for (const QString &name : m_names) {
        if (!m_entries.value(name).value)
            names.append(name);
    }
    return names;
}

void KeychainSecrets::retryFailed()
{
    read(unreadable());
}

} // namespace clawgate
