// `import FILE [--env FILE] [--dry-run]`: the configuration a user already has (an aggregator's
// providers.json, a model registry, a YAML models list) merged into ClawGate's. The work is the
// import library's; this only runs it: secrets to the keychain first, then the configuration,
// saved through ConfigStore so that a running gateway picks it up.
#include "commandcontext.h"
#include "import/configimport.h"
#include "import/importreport.h"
#include "import/importsecretwriter.h"
#include "store/keychainsecretstore.h"

#include <QJsonDocument>
#include <QLoggingCategory>

#include <cstdio>

namespace clawgate::ctl {

namespace {

std::optional<ImportSecretOutcome> storeSecrets(const ConfigStore &config,
                                                const QList<ImportedSecret> &secrets)
{
    if (secrets.isEmpty())
        return ImportSecretOutcome {};
    // The one line below says what went wrong; the store's own log would repeat it.
    QLoggingCategory::setFilterRules(QStringLiteral("clawgate.store.*=false"));
    // Deleted only when it has no job left running: a job that never answered must outlive us.
    auto *keychain = new KeychainSecretStore;
    std::optional<ImportSecretOutcome> outcome;
    {
        ImportSecretWriter writer(*keychain, config.secretsIndexPath());
        QEventLoop loop;
        writer.start(secrets, [&](const ImportSecretOutcome &o) {
            outcome = o;
            loop.quit();
        });
        loop.exec();
    }
    if (keychain->runningJobs() == 0)
        delete keychain;
    return outcome;
}

void printDryRun(const ImportPreview &preview)
{
    out(Ctl::tr("Dry run: nothing was written. The configuration after the import:"));
    std::fputs(QJsonDocument(preview.merge.root).toJson(QJsonDocument::Indented).constData(),
               stdout);
    for (const QString &line : ImportReport::lines(preview, {}, true))
        out(line);
}

} // namespace

int runImport(const CommandContext &context)
{
    if (context.words.size() != 1)
        return fail(Ctl::tr("usage: clawgatectl import FILE [--env FILE] [--dry-run]"));
    ConfigStore store(context.configPath);
    if (!loadStore(store))
        return 1;
    const ImportPreview preview = ConfigImport::prepare(
        context.words.first(), context.envFile.value_or(QString()), store.raw());
    if (!preview.error.isEmpty())
        return fail(preview.error);
    if (context.dryRun)
        printDryRun(preview); // the result is worth seeing even when it would be refused
    if (!preview.configErrors.isEmpty())
        return fail(ImportReport::refused(preview.configErrors));
    if (context.dryRun)
        return 0;
    const std::optional<ImportSecretOutcome> secrets = storeSecrets(store, preview.plan.secrets);
    if (!secrets->ok)
        return fail(secrets->nothingWritten
                        ? ImportReport::noKeychain(preview.plan, secrets->error)
                        : ImportReport::stoppedAfterWrites(secrets->stored, secrets->error));
    if (preview.merge.changed()) {
        const ConfigParseResult saved = store.save(preview.merge.root);
        if (!saved.ok())
            return fail(ImportReport::refused(saved.errors));
    }
    for (const QString &line : ImportReport::lines(preview, secrets->stored, false))
        out(line);
    if (!preview.merge.changed() && secrets->stored.isEmpty())
        out(ImportReport::nothingToChange());
    return 0;
}

} // namespace clawgate::ctl
