#include "commandcontext.h"

#include "keys/clientkeys.h"
#include "store/keychainsecrets.h"
#include "store/keychainsecretstore.h"

#include <QLoggingCategory>

#include <cstdio>

namespace clawgate::ctl {

void out(const QString &line)
{
    std::fputs(line.toLocal8Bit().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int fail(const QString &message)
{
    std::fputs((QStringLiteral("clawgatectl: ") + message).toLocal8Bit().constData(), stderr);
    std::fputc('\n', stderr);
    return 1;
}

bool loadStore(ConfigStore &store)
{
    if (!store.exists()) {
        fail(Ctl::tr("no configuration at %1; run 'clawgatectl serve' once to create it")
                 .arg(store.path()));
        return false;
    }
    const ConfigParseResult result = store.load();
    if (!result.ok()) {
        fail(Ctl::tr("invalid configuration %1: %2").arg(store.path(), result.errorLine()));
        return false;
    }
    return true;
}

void resolveKeychainReferences(ConfigStore &store, int timeoutMs)
{
    if (!store.current() || store.current()->keychainNames.isEmpty())
        return;
    // The command shows each provider's state itself; the resolver's log would repeat it.
    QLoggingCategory::setFilterRules(QStringLiteral("clawgate.store.*=false"));
    auto *keychain = new KeychainSecretStore;
    {
        KeychainSecrets secrets(keychain);
        secrets.setAnswerTimeout(timeoutMs); // then it settles, answered or not
        store.setKeychainLookup(secrets.lookup());
        secrets.require(store.current()->keychainNames);
        if (!secrets.hasSettled())
            waitForSignal(&secrets, &KeychainSecrets::settled, timeoutMs + 1000);
        store.reparse();
        store.setKeychainLookup({}); // `secrets` ends here; the resolved configuration stays
    }
    // A job that never answered must not be deleted while it runs; the process ends soon.
    if (keychain->runningJobs() == 0)
        delete keychain;
}

constexpr int kDefaultKeyTimeoutMs = 10000;

QString defaultClientKey()
{
    // The one line below says what went wrong; the store's own log would repeat it.
    QLoggingCategory::setFilterRules(QStringLiteral("clawgate.store.*=false"));
    // Deleted only when it has no job left running: a job that never answered must outlive us.
    auto *keychain = new KeychainSecretStore;
    std::optional<SecretResult> answer;
    QEventLoop loop;
    keychain->read(ClientKeys::defaultKeyKeychainName(), [&](const SecretResult &result) {
        answer = result;
        loop.quit();
    });
    QTimer::singleShot(kDefaultKeyTimeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    if (keychain->runningJobs() == 0)
        delete keychain;
    if (!answer) {
        fail(Ctl::tr("the keychain did not answer; pass the client key with --api-key KEY"));
        return {};
    }
    if (answer->status == SecretResult::Status::NotFound) {
        fail(Ctl::tr("the keychain holds no default client key (%1); create one with "
                     "'clawgatectl key add NAME' and pass it with --api-key KEY")
                 .arg(ClientKeys::defaultKeyKeychainName()));
        return {};
    }
    if (answer->status == SecretResult::Status::NoBackend) {
        fail(Ctl::tr("no keychain is running to read the default client key from; pass the "
                     "client key with --api-key KEY"));
        return {};
    }
    if (!answer->ok()) {
        fail(Ctl::tr("cannot read the default client key from the keychain (%1); pass the "
                     "client key with --api-key KEY")
                 .arg(answer->error));
        return {};
    }
    return answer->value;
}

} // namespace clawgate::ctl
