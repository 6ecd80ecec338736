// What an import tells its user, the same in `clawgatectl import` and the tray app: one line per
// thing it created or changed, per secret it stored, per part of the source it could not map
// and per preset to check. Translated here (the import's strings are part of the programs'
// translation file), since both programs show exactly these lines.
#pragma once

#include "configimport.h"

#include <QCoreApplication>

namespace clawgate {

class ImportReport
{
    Q_DECLARE_TR_FUNCTIONS(ImportReport)
public:
    // `stored`: the keychain entries written; with `dryRun` the plan's secrets are listed as
    // entries that would be written.
    static QStringList lines(const ImportPreview &preview, const QStringList &stored, bool dryRun);
    // The merge changes nothing and no secret was written.
    static QString nothingToChange();
    // No keychain answered before anything was written: which variables to set instead.
    static QString noKeychain(const ImportPlan &plan, const QString &storeError);
    // A keychain failure after some entries were written; the configuration is unchanged.
    static QString stoppedAfterWrites(const QStringList &stored, const QString &storeError);
    static QString refused(const QStringList &configErrors);
};

} // namespace clawgate
