// Puts ClawGate's provider entry into OpenClaw's configuration file (JSON5) without disturbing
// anything else in it: only the value of `models.providers.clawgate` is replaced, or the entry
// (and `models` / `providers` around it) is inserted; every other byte stays as the person who
// wrote the file left it. A file that cannot be read safely is not touched at all.
#pragma once

#include "openclawsnippet.h"

#include <QDateTime>

namespace clawgate {

struct OpenClawMergeResult
{
    bool ok = false;
    QByteArray text; // the whole new file
    QString error; // "line 3: ..." when the file cannot be merged safely
};

struct OpenClawApplyResult
{
    enum class Outcome { Created, Updated, Unchanged, Refused };
    Outcome outcome = Outcome::Refused;
    QString backupPath; // Updated: the copy of the file as it was
    QString error; // Refused: why the file was left untouched
};

namespace OpenClawMerge {

QString defaultConfigPath(); // ~/.openclaw/openclaw.json

// `existing` empty or blank: a new file holding just the provider.
OpenClawMergeResult merge(const QByteArray &existing, const OpenClawProvider &provider);

// Merges into the file at `path`: a timestamped copy first (openclaw.json.bak-YYYYMMDD-HHMMSS,
// from `now`), then an atomic replace. A missing file is created (owner-only permissions: it
// holds a key).
OpenClawApplyResult apply(const QString &path, const OpenClawProvider &provider,
                          const QDateTime &now);

} // namespace OpenClawMerge

} // namespace clawgate
