#include "importreport.h"

namespace clawgate {

namespace {

QString changeLine(const ImportChange &c, bool dryRun)
{
    const bool created = c.kind == ImportChange::Kind::Created;
    if (c.what == QLatin1String("provider"))
        return dryRun ? (created ? ImportReport::tr("Would create provider %1")
                                 : ImportReport::tr("Would replace provider %1"))
                            .arg(c.name)
                      : (created ? ImportReport::tr("Created provider %1")
                                 : ImportReport::tr("Replaced provider %1"))
                            .arg(c.name);
    if (c.what == QLatin1String("providerDefaults"))
        return dryRun ? (created ? ImportReport::tr("Would create shared provider settings %1")
                                 : ImportReport::tr("Would replace shared provider settings %1"))
                            .arg(c.name)
                      : (created ? ImportReport::tr("Created shared provider settings %1")
                                 : ImportReport::tr("Replaced shared provider settings %1"))
                            .arg(c.name);
    if (c.what == QLatin1String("model"))
        return dryRun ? (created ? ImportReport::tr("Would create model %1")
                                 : ImportReport::tr("Would replace model %1"))
                            .arg(c.name)
                      : (created ? ImportReport::tr("Created model %1")
                                 : ImportReport::tr("Replaced model %1"))
                            .arg(c.name);
    if (c.what == QLatin1String("client key"))
        return (dryRun ? ImportReport::tr("Would add client key %1 (the source's gateway key)")
                       : ImportReport::tr("Added client key %1 (the source's gateway key)"))
            .arg(c.name);
    return (dryRun ? ImportReport::tr("Would set defaultModel to %1")
                   : ImportReport::tr("Set defaultModel to %1"))
        .arg(c.name);
}

} // namespace

QStringList ImportReport::lines(const ImportPreview &preview, const QStringList &stored,
                                bool dryRun)
{
    QStringList out;
    for (const ImportChange &c : preview.merge.changes)
        out.append(changeLine(c, dryRun));
    if (dryRun) {
        for (const ImportedSecret &s : preview.plan.secrets)
            out.append(tr("Would store secret %1 in the keychain (keychain:%1)").arg(s.name));
    } else {
        for (const QString &name : stored)
            out.append(tr("Stored secret %1 in the keychain (keychain:%1)").arg(name));
    }
    for (const QString &line : preview.plan.unmapped + preview.merge.notes)
        out.append(tr("Not mapped: %1").arg(line));
    for (const QString &line : preview.plan.checks)
        out.append(tr("Check: %1").arg(line));
    return out;
}

QString ImportReport::nothingToChange()
{
    return tr("Nothing to change: the configuration and the keychain already hold this import.");
}

QString ImportReport::noKeychain(const ImportPlan &plan, const QString &storeError)
{
    return tr("no keychain could store the imported secrets (%1), so nothing was written. Set "
              "these environment variables for the gateway instead: %2. Then import again with "
              "their values left out of the source and its .env (a ${NAME} reference stays a "
              "reference).")
        .arg(storeError, plan.secretEnvNames().join(QStringLiteral(", ")));
}

QString ImportReport::stoppedAfterWrites(const QStringList &stored, const QString &storeError)
{
    return tr("the keychain failed (%1) after storing %2; the configuration was not changed")
        .arg(storeError, stored.join(QStringLiteral(", ")));
}

QString ImportReport::refused(const QStringList &configErrors)
{
    return tr("the imported configuration would be refused, so nothing was written: %1")
        .arg(configErrors.join(QStringLiteral("; ")));
}

} // namespace clawgate
