#include "keychainsecretstore.h"

#include <QLoggingCategory>
#include <QTimer>

#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcKeychain, "clawgate.store.keychain")

namespace clawgate {

namespace {

// QtKeychain's libsecret backend reports a missing Secret Service or session bus as
// OtherError; tell it apart from other failures by its text.
bool looksLikeNoBackend(QKeychain::Error error, const QString &text)
{
    return error == QKeychain::NoBackendAvailable
        || (error == QKeychain::OtherError
            && (text.contains(QLatin1String("org.freedesktop.secrets"))
                || text.contains(QLatin1String("D-Bus")) || text.contains(QLatin1String("DBus"))));
}

SecretResult toResult(QKeychain::Job *job, const QString &name, const QString &value)
{
    SecretResult result;
    result.value = value;
    switch (job->error()) {
    case QKeychain::NoError: return result;
    case QKeychain::EntryNotFound:
        // libsecret answers a read from a locked keyring like a missing entry.
        result.status = SecretResult::Status::NotFound;
        result.error = QStringLiteral("keychain locked or entry missing: %1").arg(name);
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        result.status = SecretResult::Status::AccessDenied;
        result.error = QStringLiteral("keychain access denied (is it locked?): %1").arg(name);
        break;
    default:
        if (looksLikeNoBackend(job->error(), job->errorString())) {
            result.status = SecretResult::Status::NoBackend;
            result.error = QStringLiteral(
                               "no keychain (Secret Service) is running, so \"keychain:%1\" cannot "
                               "be read; start one, or use an ${ENV_VAR} reference instead")
                               .arg(name);
        } else {
            result.status = SecretResult::Status::Error;
            result.error
                = QStringLiteral("keychain error for %1: %2").arg(name, job->errorString());
        }
        break;
    }
    result.value.clear();
    return result;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{
}

void KeychainSecretStore::readEntry(const QString &name, Callback done)
{
    run(Operation::Read, name, {}, std::move(done), false);
}

void KeychainSecretStore::writeEntry(const QString &name, const QString &value, Callback done)
{
    run(Operation::Write, name, value, std::move(done), false);
}

void KeychainSecretStore::removeEntry(const QString &name, Callback done)
{
    run(Operation::Remove, name, {}, std::move(done), false);
}

void KeychainSecretStore::run(Operation operation, const QString &name, const QString &value,
                              Callback done, bool isRetry)
{
    QKeychain::Job *job = nullptr;
    if (operation == Operation::Read) {
        job = new QKeychain::ReadPasswordJob(m_service, this);
    } else if (operation == Operation::Write) {
        auto *writeJob = new QKeychain::WritePasswordJob(m_service, this);
        writeJob->setTextData(value);
        job = writeJob;
    } else {
        job = new QKeychain::DeletePasswordJob(m_service, this);
    }
    job->setKey(name);
    job->setInsecureFallback(false);
    job->setAutoDelete(true); // deleted by QtKeychain after finished(), never while running
    connect(job, &QKeychain::Job::finished, this,
            [this, operation, name, value, done = std::move(done), isRetry](QKeychain::Job *job) {
                --m_running;
                const QString readValue = operation == Operation::Read
                    ? static_cast<QKeychain::ReadPasswordJob *>(job)->textData()
                    : QString();
                SecretResult result = toResult(job, name, readValue);
                if (result.status == SecretResult::Status::NoBackend && !isRetry) {
                    // A keychain daemon started with the session may not answer yet.
                    qCInfo(lcKeychain) << "no keychain answered; retrying once";
                    QTimer::singleShot(m_retryDelayMs, this,
                                       [=] { run(operation, name, value, done, true); });
                    return;
                }
                if (operation == Operation::Remove
                    && result.status == SecretResult::Status::NotFound)
                    result = SecretResult(); // already gone is what was asked for
                done(result);
            });
    ++m_running;
    job->start();
}

} // namespace clawgate
