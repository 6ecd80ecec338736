#include "commandcontext.h"
#include "routing/clock.h"
#include "routing/cooldownbook.h"
#include "routing/duration.h"
#include "store/adminclient.h"

#include <QJsonArray>

namespace clawgate::ctl {

namespace {

void printCooldown(const QJsonObject &o)
{
    const QString left = o.value(QLatin1String("forever")).toBool()
        ? Ctl::tr("until cleared")
        : formatSeconds(qint64(o.value(QLatin1String("secondsLeft")).toDouble()));
    out(QStringLiteral("%1\t%2\t%3\t%4")
            .arg(o.value(QLatin1String("backend")).toString(), left,
                 o.value(QLatin1String("reason")).toString(),
                 o.value(QLatin1String("detail")).toString()));
}

// With a gateway running, its in-memory book is the truth: ask it. Otherwise edit the file it
// will read at its next start.
int viaGateway(const AdminClient &admin, const QString &verb, const QString &backend,
               const std::optional<Duration> &duration)
{
    AdminClient::Reply reply;
    if (verb == QLatin1String("list")) {
        reply = admin.get(QStringLiteral("/admin/cooldowns"));
    } else {
        QJsonObject body;
        body.insert(QLatin1String("backend"), backend);
        if (verb == QLatin1String("set"))
            body.insert(QLatin1String("seconds"),
                        duration->unlimited ? QJsonValue() : QJsonValue(double(duration->seconds)));
        reply = admin.post(verb == QLatin1String("set") ? QStringLiteral("/admin/cooldowns/set")
                                                        : QStringLiteral("/admin/cooldowns/clear"),
                           body);
    }
    if (!reply.error.isEmpty() || reply.status != 200)
        return fail(reply.error.isEmpty()
                        ? reply.body.value(QLatin1String("error"))
                              .toObject()
                              .value(QLatin1String("message"))
                              .toString()
                        : Ctl::tr("the running gateway did not answer: %1").arg(reply.error));
    if (verb == QLatin1String("list")) {
        const QJsonArray list = reply.body.value(QLatin1String("cooldowns")).toArray();
        for (const QJsonValue &v : list)
            printCooldown(v.toObject());
    } else if (verb == QLatin1String("set")) {
        printCooldown(reply.body);
    } else {
        out(reply.body.value(QLatin1String("cleared")).toBool()
                ? Ctl::tr("cleared %1").arg(backend)
                : Ctl::tr("%1 was not cooling down").arg(backend));
    }
    return 0;
}

int viaFile(const ConfigStore &store, const QString &verb, const QString &backend,
            const std::optional<Duration> &duration)
{
    CooldownBook book(store.cooldownsPath(), SystemClock::instance());
    QString error;
    if (!book.load(&error))
        return fail(error);
    const qint64 now = SystemClock::instance()->nowMs();
    if (verb == QLatin1String("list")) {
        const QList<CooldownState> states = book.activeCooldowns();
        for (const CooldownState &s : states)
            printCooldown(s.toJson(now));
        return 0;
    }
    bool cleared = false;
    if (verb == QLatin1String("set"))
        book.setManual(
            backend, duration->unlimited ? std::nullopt : std::optional<qint64>(duration->seconds));
    else
        cleared = book.clear(backend);
    if (!book.saveNow(&error))
        return fail(error);
    if (verb == QLatin1String("set"))
        printCooldown(book.state(backend)->toJson(now));
    else
        out(cleared ? Ctl::tr("cleared %1").arg(backend)
                    : Ctl::tr("%1 was not cooling down").arg(backend));
    return 0;
}

} // namespace

int runCooldown(const CommandContext &context)
{
    const QString verb = context.words.value(0);
    const QString backend = context.words.value(1);
    const bool valid = (verb == QLatin1String("list") && context.words.size() == 1)
        || (verb == QLatin1String("set") && context.words.size() == 3)
        || (verb == QLatin1String("clear") && context.words.size() == 2);
    if (!valid)
        return fail(Ctl::tr("usage: clawgatectl cooldown list | set PROVIDER:MODEL DURATION | "
                            "clear PROVIDER:MODEL"));
    std::optional<Duration> duration;
    if (verb == QLatin1String("set")) {
        duration = parseDuration(context.words.value(2));
        if (!duration)
            return fail(
                Ctl::tr("\"%1\" is not a duration: use e.g. 90s, 15m, 1h, 1d, 1w, 1mo or forever")
                    .arg(context.words.value(2)));
        if (isTooLongForCooldown(*duration))
            return fail(Ctl::tr("%1 is longer than the longest cooldown, 10 years; use "
                                "\"forever\" for a cooldown without end")
                            .arg(context.words.value(2)));
    }
    ConfigStore store(context.configPath);
    if (!loadStore(store))
        return 1;
    if (!backend.isEmpty() && !store.current()->hasBackend(backend))
        return fail(Ctl::tr("no backend \"%1\" in the configuration (see 'clawgatectl models')")
                        .arg(backend));
    const QString host = context.host.value_or(store.current()->server.host);
    if (const std::optional<AdminClient> admin = AdminClient::connect(store.adminTokenPath(), host))
        return viaGateway(*admin, verb, backend, duration);
    return viaFile(store, verb, backend, duration);
}

} // namespace clawgate::ctl
