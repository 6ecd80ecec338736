#include "statelocation.h"

#include "configstore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace clawgate {

namespace {

QString applicationDirectoryName()
{
    const QString name = QCoreApplication::applicationName();
    return name.isEmpty() ? QStringLiteral("clawgate") : name;
}

// Resolves symbolic links in the directory even when the file itself does not exist yet (the
// first run writes it), so one configuration has one key before and after it is created.
QString canonicalConfigPath(const QString &configPath)
{
    const QFileInfo file(configPath);
    const QString canonical = file.canonicalFilePath();
    if (!canonical.isEmpty())
        return canonical;
    const QString directory = QFileInfo(file.absolutePath()).canonicalFilePath();
    return directory.isEmpty() ? QDir::cleanPath(file.absoluteFilePath())
                               : directory + QLatin1Char('/') + file.fileName();
}

} // namespace

QString StateLocation::baseDirectory()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS) && !defined(Q_OS_ANDROID)
    QString root;
    if (QStandardPaths::isTestModeEnabled())
        root = QDir::homePath() + QStringLiteral("/.qttest/state"); // as Qt does for the others
    else
        root = qEnvironmentVariable("XDG_STATE_HOME");
    // The XDG spec: a relative path is invalid and must be ignored.
    if (root.isEmpty() || QDir::isRelativePath(root))
        root = QDir::homePath() + QStringLiteral("/.local/state");
    return root + QLatin1Char('/') + applicationDirectoryName();
#else
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
#endif
}

QString StateLocation::forConfig(const QString &configPath)
{
    return forConfig(configPath, baseDirectory());
}

QString StateLocation::forConfig(const QString &configPath, const QString &base)
{
    const QString canonical = canonicalConfigPath(configPath);
    if (canonical == canonicalConfigPath(ConfigStore::defaultPath()))
        return base;
    const QByteArray hash
        = QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex();
    return base + QStringLiteral("/configs/") + QString::fromLatin1(hash.left(16));
}

bool StateLocation::ensureExists(const QString &directory)
{
    if (QFileInfo::exists(directory))
        return true;
    if (!QDir().mkpath(directory))
        return false;
    return QFile::setPermissions(
        directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

} // namespace clawgate
