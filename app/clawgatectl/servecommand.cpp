#include "commandcontext.h"
#include "gateway.h"
#include "keys/clientkeys.h"
#include "signalwatcher.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

namespace clawgate::ctl {

namespace {

// First run: a configuration with one client key, shown once.
bool createInitialConfig(ConfigStore &store)
{
    const QByteArray key = ClientKeys::generate();
    const ConfigParseResult saved = store.save(ConfigStore::initialConfig(key));
    if (!saved.ok()) {
        fail(Ctl::tr("cannot create %1: %2").arg(store.path(), saved.errorLine()));
        return false;
    }
    out(Ctl::tr("Created %1 with a client key named \"default\". It is shown only now; "
                "give it to your clients as their API key:")
            .arg(store.path()));
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
    ConfigStore store(context.configPath);
    if (!store.exists() && !createInitialConfig(store))
        return 1;

    GatewayOptions options;
    options.configPath = context.configPath;
    options.host = context.host;
    options.port = context.port;
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
    out(QStringLiteral("listening on %1").arg(gateway.url()));
    return QCoreApplication::exec();
}

} // namespace clawgate::ctl
