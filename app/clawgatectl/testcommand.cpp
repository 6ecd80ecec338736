#include "auth/tokencache.h"
#include "commandcontext.h"
#include "routing/clock.h"
#include "upstream/backendprobe.h"
#include "upstream/curlmulti.h"

namespace clawgate::ctl {

namespace {

QString resultLine(int position, const BackendTestResult &result)
{
    const QString outcome = result.ok ? Ctl::tr("OK") : Ctl::tr("failed");
    const QString status
        = result.status > 0 ? QStringLiteral("HTTP %1").arg(result.status) : QStringLiteral("-");
    QString line
        = QStringLiteral("  %1. %2\t%3\t%4\t%5")
              .arg(position)
              .arg(result.backendId, outcome, status, Ctl::tr("%1 ms").arg(result.latencyMs));
    if (!result.error.isEmpty())
        line += QLatin1Char('\t') + result.error;
    return line;
}

} // namespace

// Sends one real, minimal request through every backend of an alias, in parallel, from this
// process and with the same code as the tray app's Test button; no running gateway is needed
// and no cooldown is changed.
int runTest(const CommandContext &context)
{
    if (context.words.size() != 1)
        return fail(Ctl::tr("usage: clawgatectl test ALIAS"));
    const QString alias = context.words.first();
    ConfigStore store(context.configPath);
    if (!loadStore(store))
        return 1;
    if (!store.current()->findAlias(alias))
        return fail(Ctl::tr("no model alias \"%1\"; see 'clawgatectl models'").arg(alias));
    resolveKeychainReferences(store);
    const ConfigPtr config = store.current();
    const QString refusal = BackendTestRun::refusal(*config, alias);
    if (!refusal.isEmpty())
        return fail(refusal);

    CurlMulti curl;
    TokenCache tokens(&curl, SystemClock::instance());
    QList<BackendTestResult> results;
    auto *run = new BackendTestRun(&curl, &tokens, *config, alias);
    QEventLoop loop;
    QObject::connect(run, &BackendTestRun::finished, &loop, [&](const QList<BackendTestResult> &r) {
        results = r;
        loop.quit();
    });
    run->start();
    loop.exec(); // every probe ends: each transfer has its provider's timeouts
    out(alias);
    bool anyAnswered = false;
    for (int i = 0; i < results.size(); ++i) {
        out(resultLine(i + 1, results.at(i)));
        anyAnswered = anyAnswered || results.at(i).ok;
    }
    return anyAnswered ? 0 : 1;
}

} // namespace clawgate::ctl
