#include "commandcontext.h"
#include "gateway.h"
#include "keychainthread.h"
#include "keys/clientkeys.h"
#include "service/signalwatcher.h"
#include "store/instancelock.h"

#include <QLoggingCategory>
#include <QTimer>

namespace clawgate::ctl {

namespace {

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
        = keychain.write(ClientKeys::defaultKeyKeychainName(), QString::fromLatin1(key), 10000);
    // Under systemd, standard output is the journal (it says so in JOURNAL_STREAM): a log,
    // where a key must never go.
    if (qEnvironmentVariableIsSet("JOURNAL_STREAM")) {
        if (kept.ok())
            out(Ctl::tr("The key is kept in the keychain (not written to this log); the tray app "
                        "can show it."));
        else
            out(Ctl::tr("The key could not be kept in the keychain (%1) and is not written to "
                        "this log; make one for your clients with 'clawgatectl key add NAME'.")
                    .arg(kept.error));
        return true;
    }
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
    // One gateway per configuration: a second one would fight over the port and the state.
    InstanceLock lock(context.configPath);
    if (!lock.tryLock())
        return fail(Ctl::tr("ClawGate is already running with %1: %2")
                        .arg(context.configPath, lock.holder()));
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
    // Ready once the keychain has answered, so that providers with keychain secrets can serve,
    // but not later than 10 s (a keychain may never answer), and never once stopping. The
    // event loop runs meanwhile: a SIGTERM during the wait must be able to stop us.
    bool announced = false;
    auto announce = [&gateway, &announced] {
        if (announced || gateway.isStopping())
            return;
        announced = true;
        out(QStringLiteral("listening on %1").arg(gateway.url()));
    };
    QObject::connect(&gateway, &Gateway::keychainSettledChanged, &gateway, announce);
    QTimer::singleShot(10000, &gateway, announce);
    if (gateway.keychainSettled())
        announce();
    return QCoreApplication::exec();
}

} // namespace clawgate::ctl
