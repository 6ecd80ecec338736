#include "commandcontext.h"
#include "gateway.h"
#include "keys/clientkeys.h"
#include "signalwatcher.h"
#include "store/keychainsecretstore.h"

#include <QEventLoop>
#include <QLoggingCategory>
#include <QThread>
#include <QTimer>

namespace clawgate::ctl {

namespace {

// QtKeychain answers through the event loop of the thread that runs its jobs, and on Linux
// (libsecret) that loop must be GLib's. serve's main thread runs Qt's faster UNIX loop (see
// main()), so the keychain gets a thread of its own, which main() lets use GLib.
class KeychainThread
{
public:
    KeychainThread()
    {
        m_thread.setObjectName(QStringLiteral("clawgate-keychain"));
        m_store->moveToThread(&m_thread);
        m_thread.start();
    }
    ~KeychainThread()
    {
        m_thread.quit();
        m_thread.wait();
    }
    SecretStore *store() const { return m_store.get(); }

    // Blocks (running this thread's events) until the keychain has answered.
    SecretResult write(const QString &name, const QString &value)
    {
        SecretResult result {SecretResult::Status::Error, {}, {}};
        QEventLoop loop;
        QMetaObject::invokeMethod(m_store.get(), [&, store = m_store.get()] {
            store->write(name, value, [&](const SecretResult &r) {
                QMetaObject::invokeMethod(&loop, [&, r] {
                    result = r;
                    loop.quit();
                });
            });
        });
        loop.exec();
        return result;
    }

private:
    QThread m_thread;
    // Deleted after the thread has stopped, so no job is running.
    std::unique_ptr<KeychainSecretStore> m_store = std::make_unique<KeychainSecretStore>();
};

// First run: a configuration with one client key, shown once and kept in the keychain.
bool createInitialConfig(ConfigStore &store, KeychainThread &keychain)
{
    const QByteArray key = ClientKeys::generate();
    const ConfigParseResult saved = store.save(ConfigStore::initialConfig(key));
    if (!saved.ok()) {
        fail(Ctl::tr("cannot create %1: %2").arg(store.path(), saved.errorLine()));
        return false;
    }
    out(Ctl::tr("Created %1 with a client key named \"default\".").arg(store.path()));
    const SecretResult kept
        = keychain.write(ClientKeys::defaultKeyKeychainName(), QString::fromLatin1(key));
    if (kept.ok())
        out(Ctl::tr("The key is also kept in the keychain, where the tray app can show it again. "
                    "Give it to your clients as their API key:"));
    else
        out(Ctl::tr("The key could not be kept in the keychain (%1), so it is shown only now. "
                    "Give it to your clients as their API key:")
                .arg(kept.error));
    out(QString::fromLatin1(key));
    return true;
}

} // namespace

int runServe(const CommandContext &context)
{
    if (!context.words.isEmpty())
        return fail(Ctl::tr("serve takes no arguments (got \"%1\")")
                        .arg(context.words.join(QLatin1Char(' '))));
    if (!context.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("clawgate.*.debug=false"));
    KeychainThread keychain;
    ConfigStore store(context.configPath);
    if (!store.exists() && !createInitialConfig(store, keychain))
        return 1;

    GatewayOptions options;
    options.configPath = context.configPath;
    options.host = context.host;
    options.port = context.port;
    options.secrets = keychain.store();
    Gateway gateway(options);
    // Watch for SIGTERM before announcing readiness: a supervisor may stop us at once.
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &gateway,
                     [&gateway](int) {
                         out(Ctl::tr("stopping: letting %n request(s) in flight finish", nullptr,
                                     gateway.requestsInFlight()));
                         gateway.stop();
                     });
    QObject::connect(&gateway, &Gateway::stopped, qApp, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    QString error;
    if (!gateway.start(&error))
        return fail(error);
    // Providers whose secrets are in the keychain can serve once it has answered: announce
    // readiness after that, but not later than 10 s (a keychain may never answer).
    if (!gateway.keychainSettled())
        waitForSignal(&gateway, &Gateway::keychainSettledChanged, 10000);
    out(QStringLiteral("listening on %1").arg(gateway.url()));
    return QCoreApplication::exec();
}

} // namespace clawgate::ctl
