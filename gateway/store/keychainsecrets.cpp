#include "keychainsecrets.h"

#include "watchedfile.h"

#include <QFile>
#include <QLoggingCategory>

#include <utility>

Q_LOGGING_CATEGORY(lcSecrets, "clawgate.store.secrets")

namespace clawgate {

KeychainSecrets::KeychainSecrets(SecretStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(30000);
    connect(&m_retry, &QTimer::timeout, this, &KeychainSecrets::retryFailed);
    // A keychain that waits on a prompt nobody answers, or a daemon that hangs, must not keep
    // the names waiting forever.
    m_answerDeadline.setSingleShot(true);
    m_answerDeadline.setInterval(15000);
    connect(&m_answerDeadline, &QTimer::timeout, this, &KeychainSecrets::giveUpWaiting);
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
    QFile current(path);
    if (current.open(QIODevice::ReadOnly))
        m_index->setKnownContent(current.readAll()); // only later changes count
    connect(m_index, &WatchedFile::changed, this, [this] {
        qCInfo(lcSecrets) << "the secret index changed; reading keychain entries again";
        refreshAll();
    });
    m_index->setWatching(true);
}

void KeychainSecrets::stop()
{
    m_retry.stop();
    m_answerDeadline.stop();
    delete m_index;
    m_index = nullptr;
}

void KeychainSecrets::read(const QStringList &names)
{
    if (!m_store)
        return;
    for (const QString &name : names) {
        if (m_pending.contains(name)) {
            // The answer on the way may predate what made us ask again (a new value): ask
            // once more when it arrives.
            m_stale.insert(name);
            continue;
        }
        m_pending.insert(name);
        Q_EMIT readRequested(name);
        m_answerDeadline.start();
    }
}

void KeychainSecrets::answered(const QString &name, const SecretResult &result)
{
    if (!m_pending.contains(name))
        return; // someone else's read, or one we gave up on
    if (m_stale.remove(name)) {
        Q_EMIT readRequested(name);
        m_answerDeadline.start();
        return;
    }
    m_pending.remove(name);
    if (m_names.contains(name))
        remember(name, result);
    finishBatchIfIdle();
}

void KeychainSecrets::giveUpWaiting()
{
    const QSet<QString> late = std::exchange(m_pending, {});
    m_stale.clear();
    for (const QString &name : late) {
        if (m_names.contains(name))
            remember(name,
                     {SecretResult::Status::Error,
                      {},
                      QStringLiteral("the keychain did not answer within %1 s: %2")
                          .arg(m_answerDeadline.interval() / 1000)
                          .arg(name)});
    }
    finishBatchIfIdle();
}

void KeychainSecrets::finishBatchIfIdle()
{
    if (!m_pending.isEmpty())
        return; // one reparse for the whole batch
    m_answerDeadline.stop();
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
