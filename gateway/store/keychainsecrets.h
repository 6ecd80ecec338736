// The keychain entries a configuration refers to (`keychain:NAME`), as the gateway knows them.
// Asks the secret store for each name, keeps the answers in memory, retries the ones that
// could not be read (a locked keyring, a keychain that has not started yet), re-reads when a
// secret is set or deleted, and says when something changed so the configuration can be
// parsed again. The store may live on another thread (QtKeychain needs an event loop that
// `clawgatectl serve` does not run on its main thread): it is only reached through queued
// signals. Values stay in memory and are never logged.
#pragma once

#include "configparser.h"
#include "secretstore.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace clawgate {

class WatchedFile;

class KeychainSecrets : public QObject
{
    Q_OBJECT
public:
    // `store` may be null (no keychain in this process): every reference then stays unresolved.
    // It must outlive this object.
    explicit KeychainSecrets(SecretStore *store, QObject *parent = nullptr);

    // For ConfigParser: the value of a name, or why there is none (yet).
    KeychainLookup lookup() const;

    // The names the configuration in force refers to; reads those not known yet.
    void require(const QStringList &names);
    // Reads again every name in use (a value may have been replaced).
    void refreshAll();
    // Re-read everything when this file (the secret index) changes: how another process that
    // sets a secret tells a running gateway.
    void watchIndex(const QString &path);
    // How long to wait before reading again the names that could not be read.
    void setRetryInterval(int ms) { m_retry.setInterval(ms); }
    // How long a read may take before the name counts as unreadable (and is retried).
    void setAnswerTimeout(int ms) { m_answerDeadline.setInterval(ms); }
    // No more reads, retries or index watching (the gateway is stopping).
    void stop();

    // Every name required so far has been answered once (read, or found unreadable).
    bool hasSettled() const { return m_settled; }

Q_SIGNALS:
    // Some name's value or problem is different now: parse the configuration again.
    void changed();
    void settled(); // once, when hasSettled() becomes true
    // To the store (possibly on another thread).
    void readRequested(const QString &name);

private:
    void read(const QStringList &names);
    void answered(const QString &name, const SecretResult &result);
    void remember(const QString &name, const SecretResult &result);
    QStringList unreadable() const; // names in use without a value
    void retryFailed();
    void giveUpWaiting();
    void finishBatchIfIdle();
    void settleIfIdle();

    SecretStore *m_store;
    QStringList m_names;
    QHash<QString, KeychainEntry> m_entries;
    QSet<QString> m_pending; // asked, no answer yet
    QSet<QString> m_stale; // pending, and asked for again since
    bool m_changed = false;
    bool m_settled = false;
    QTimer m_retry;
    QTimer m_answerDeadline;
    WatchedFile *m_index = nullptr;
};

} // namespace clawgate
