#include "desktopintegration.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

namespace clawgate::ui {

namespace {

QString configDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::ConfigLocation);
}

// Desktop Entry "Exec" quoting: `%` is doubled (field codes); a path with spaces or specials is
// double-quoted, with `"`, `` ` ``, `$` and `\` escaped.
QString quoteExec(const QString &program)
{
    static const QString specials = QStringLiteral(" \t\"'\\><~|&;$*?#()`");
    bool plain = true;
    for (const QChar c : program)
        plain = plain && !specials.contains(c);
    QString quoted = program;
    quoted.replace(QLatin1Char('%'), QStringLiteral("%%"));
    if (plain)
        return quoted;
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('"'), QStringLiteral("\\\""))
        .replace(QLatin1Char('`'), QStringLiteral("\\`"))
        .replace(QLatin1Char('$'), QStringLiteral("\\$"));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QSettings traySettings()
{
    // Per user rather than per configuration, and not in the configuration's directory, whose
    // changes make the gateway read its configuration again.
    return QSettings(configDir() + QStringLiteral("/clawgate-tray.conf"), QSettings::IniFormat);
}

} // namespace

QString AutostartEntry::path()
{
    return configDir() + QStringLiteral("/autostart/") + QLatin1String(kAppId)
        + QStringLiteral(".desktop");
}

bool AutostartEntry::isEnabled()
{
    return QFileInfo::exists(path());
}

bool AutostartEntry::setEnabled(bool enabled, const QString &program, QString *error)
{
    if (!enabled) {
        if (!QFileInfo::exists(path()) || QFile::remove(path()))
            return true;
        *error = QCoreApplication::translate("AutostartEntry", "cannot remove %1").arg(path());
        return false;
    }
    QDir().mkpath(QFileInfo(path()).absolutePath());
    QSaveFile file(path());
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    QFile templateFile(QStringLiteral(":/clawgate/autostart.desktop.in")); // embedded by ui/
    templateFile.open(QIODevice::ReadOnly);
    const QString entry = QString::fromUtf8(templateFile.readAll())
                              .replace(QLatin1String("@EXEC@"), quoteExec(program));
    file.write(entry.toUtf8());
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

QString AutostartEntry::defaultProgram()
{
    // An installed clawgate is found on PATH; a build run from its tree starts itself.
    const QString installed = QStandardPaths::findExecutable(QStringLiteral("clawgate"));
    if (!installed.isEmpty()
        && QFileInfo(installed).canonicalFilePath()
            == QFileInfo(QCoreApplication::applicationFilePath()).canonicalFilePath())
        return QStringLiteral("clawgate");
    const QString self = QCoreApplication::applicationFilePath();
    return QFileInfo(self).fileName() == QLatin1String("clawgate") ? self
                                                                   : QStringLiteral("clawgate");
}

QString LanguageSetting::stored()
{
    return traySettings().value(QStringLiteral("language")).toString();
}

void LanguageSetting::store(const QString &language)
{
    QSettings settings = traySettings();
    if (language.isEmpty())
        settings.remove(QStringLiteral("language"));
    else
        settings.setValue(QStringLiteral("language"), language);
}

QLocale LanguageSetting::locale()
{
    const QString language = stored();
    return language.isEmpty() ? QLocale() : QLocale(language);
}

OpenClawApi OpenClawApiSetting::stored()
{
    const QString name = traySettings().value(QStringLiteral("openClawApi")).toString();
    return OpenClawSnippet::apiFromName(name).value_or(OpenClawApi::OpenAICompletions);
}

void OpenClawApiSetting::store(OpenClawApi api)
{
    traySettings().setValue(QStringLiteral("openClawApi"), OpenClawSnippet::apiName(api));
}

} // namespace clawgate::ui
