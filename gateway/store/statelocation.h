// Where ClawGate keeps state that it writes by itself while running (the cooldowns): the
// platform's state directory, not the configuration directory, whose files are watched and
// edited by people. On Linux that is $XDG_STATE_HOME/clawgate (default ~/.local/state/clawgate;
// Qt 6.4 has no QStandardPaths::StateLocation), elsewhere the application's local data
// directory. A configuration file other than the default one gets its own subdirectory, keyed
// by its canonical path, so two gateways with different configurations never share state.
#pragma once

#include <QString>

namespace clawgate {

class StateLocation
{
public:
    // The state directory of the default configuration.
    static QString baseDirectory();
    // The state directory for the configuration file at `configPath`.
    static QString forConfig(const QString &configPath);
    // The same, under `base` instead of baseDirectory() (tests, other processes' views).
    static QString forConfig(const QString &configPath, const QString &base);
    // Creates `directory` readable by its owner only, if it does not exist yet.
    static bool ensureExists(const QString &directory);
};

} // namespace clawgate
