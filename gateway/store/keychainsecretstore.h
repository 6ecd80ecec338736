// The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) through
// QtKeychain. The only class that calls QtKeychain. Jobs must run on the main thread (they rely
// on its event delivery on some platforms): create the store there and hand values to the
// gateway thread by signal. No insecure fallback; when no keychain answers, one delayed retry,
// then an error that says how to use an ${ENV_VAR} reference instead.
#pragma once

#include "secretstore.h"

namespace clawgate {

class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit KeychainSecretStore(const QString &service = QStringLiteral("clawgate"),
                                 QObject *parent = nullptr);

    // How long to wait before the one retry when no keychain answered (tests shorten it).
    void setRetryDelayMs(int ms) { m_retryDelayMs = ms; }
    // Jobs started and not finished. A running job must never be deleted (with its store).
    int runningJobs() const { return m_running; }

protected:
    void readEntry(const QString &name, Callback done) override;
    void writeEntry(const QString &name, const QString &value, Callback done) override;
    void removeEntry(const QString &name, Callback done) override;

private:
    enum class Operation { Read, Write, Remove };
    void run(Operation operation, const QString &name, const QString &value, Callback done,
             bool isRetry);

    QString m_service;
    int m_retryDelayMs = 2000;
    int m_running = 0;
};

} // namespace clawgate
