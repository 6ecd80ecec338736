// `clawgatectl status`: is a gateway running for this configuration, where, and can each
// backend take requests now. Answered by the running gateway itself (its admin token file
// names its port; /health there has every backend's state); the instance lock tells which
// process holds the configuration. Exit codes: 0 running, 3 not running, 1 on error.
#include "commandcontext.h"
#include "routing/duration.h"
#include "store/adminclient.h"
#include "store/instancelock.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QLockFile>

#include <cerrno>
#include <csignal>

namespace clawgate::ctl {

namespace {

constexpr int kNotRunning = 3; // as `systemctl status` for an inactive unit

// The process holding the configuration's instance lock, if one is alive; empty otherwise.
// Read without taking the lock, so that a gateway starting right now is not turned away.
QString lockHolder(const QString &configPath)
{
    const InstanceLock instance(configPath);
    qint64 pid = 0;
    QString host;
    QString app;
    if (!QLockFile(instance.path()).getLockInfo(&pid, &host, &app) || pid <= 0)
        return {};
    if (::kill(pid_t(pid), 0) != 0 && errno != EPERM)
        return {}; // left behind by a process that is gone
    return instance.holder();
}

QString backendState(const QJsonObject &backend)
{
    const QString state = backend.value(QLatin1String("state")).toString();
    if (state == QLatin1String("ok"))
        return Ctl::tr("ready");
    if (state == QLatin1String("disabled"))
        return Ctl::tr("disabled");
    if (state == QLatin1String("unavailable"))
        return Ctl::tr("unavailable: %1").arg(backend.value(QLatin1String("reason")).toString());
    const QJsonObject cooldown = backend.value(QLatin1String("cooldown")).toObject();
    const QString reason = cooldown.value(QLatin1String("reason")).toString();
    if (cooldown.value(QLatin1String("forever")).toBool())
        return Ctl::tr("cooling down until cleared (%1)").arg(reason);
    return Ctl::tr("cooling down for %1 (%2)")
        .arg(formatSeconds(qint64(cooldown.value(QLatin1String("secondsLeft")).toDouble())),
             reason);
}

void printBackends(const QJsonArray &backends)
{
    if (backends.isEmpty())
        return out(Ctl::tr("No models configured yet."));
    QString alias;
    for (const QJsonValue &v : backends) {
        const QJsonObject backend = v.toObject();
        if (backend.value(QLatin1String("alias")).toString() != alias) {
            alias = backend.value(QLatin1String("alias")).toString();
            out(alias);
        }
        out(QStringLiteral("  %1\t%2")
                .arg(backend.value(QLatin1String("backend")).toString(), backendState(backend)));
    }
}

} // namespace

int runStatus(const CommandContext &context)
{
    if (!context.words.isEmpty())
        return fail(Ctl::tr("status takes no arguments"));
    ConfigStore store(context.configPath);
    if (!store.exists()) {
        out(Ctl::tr("Not running: there is no configuration at %1 yet.").arg(store.path()));
        return kNotRunning;
    }
    if (!loadStore(store))
        return 1;
    const QString host = context.host.value_or(store.current()->server.host);
    const std::optional<AdminClient> admin = AdminClient::connect(store.adminTokenPath(), host);
    const QString holder = lockHolder(store.path());
    if (!admin) {
        out(holder.isEmpty()
                ? Ctl::tr("Not running: no gateway serves %1.").arg(store.path())
                : Ctl::tr("Not serving: %1 holds %2, but its gateway does not answer (stopped?).")
                      .arg(holder, store.path()));
        return kNotRunning;
    }
    const AdminClient::Reply health = admin->get(QStringLiteral("/health"));
    if (!health.error.isEmpty() || health.status != 200)
        return fail(
            Ctl::tr("the running gateway did not answer: %1")
                .arg(health.error.isEmpty() ? QString::number(health.status) : health.error));
    out(Ctl::tr("Running at %1/v1").arg(admin->baseUrl()));
    if (!holder.isEmpty())
        out(Ctl::tr("Process: %1").arg(holder));
    out(Ctl::tr("Configuration: %1").arg(QFileInfo(store.path()).absoluteFilePath()));
    printBackends(health.body.value(QLatin1String("backends")).toArray());
    return 0;
}

} // namespace clawgate::ctl
