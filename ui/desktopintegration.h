// The tray app's place in the desktop session: whether it starts at login (an XDG autostart
// entry that runs the installed `clawgate`), which language it speaks (kept in the tray app's
// own settings, read at start) and which protocol its OpenClaw export uses. All live under the
// user's configuration directory (QStandardPaths::ConfigLocation), so tests in QStandardPaths
// test mode never touch the real ones.
#pragma once

#include "export/openclawsnippet.h"

#include <QLocale>
#include <QString>

namespace clawgate::ui {

// The reverse-DNS id of the application: its desktop file, metainfo and autostart entry.
inline constexpr char kAppId[] = "io.github.clawgate.ClawGate";

class AutostartEntry
{
public:
    // ~/.config/autostart/<app id>.desktop
    static QString path();
    static bool isEnabled();
    // Writes the entry (running `program`) or removes it; false with `error` set on failure.
    static bool setEnabled(bool enabled, const QString &program, QString *error);
    // The installed `clawgate` when this one is installed, else this executable.
    static QString defaultProgram();
};

class LanguageSetting
{
public:
    // "" follows the system; otherwise a locale name such as "en" or "zh_CN".
    static QString stored();
    static void store(const QString &language);
    // The locale whose translation the tray app loads at start.
    static QLocale locale();
};

// The OpenClaw page's choice of protocol, kept so that the tray's Copy OpenClaw config gives the
// same entry as the page, also after a restart.
class OpenClawApiSetting
{
public:
    static OpenClawApi stored(); // the default flavour when none (or an unknown one) is stored
    static void store(OpenClawApi api);
};

} // namespace clawgate::ui
