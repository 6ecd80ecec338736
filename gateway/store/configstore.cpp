#include "configstore.h"

#include "keys/clientkeys.h"
#include "statelocation.h"
#include "watchedfile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcConfig, "clawgate.store.config")

namespace clawgate {

ConfigStore::ConfigStore(const QString &path, EnvLookup env, QObject *parent)
    : QObject(parent)
    , m_path(QFileInfo(path).absoluteFilePath())
    , m_env(std::move(env))
    , m_file(new WatchedFile(m_path, this))
{
    connect(m_file, &WatchedFile::changed, this, &ConfigStore::fileChanged);
}

QString ConfigStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
        + QStringLiteral("/config.json");
}

QString ConfigStore::configDir() const
{
    return QFileInfo(m_path).absolutePath();
}

QString ConfigStore::stateDir() const
{
    return StateLocation::forConfig(m_path);
}

QString ConfigStore::cooldownsPath() const
{
    const QString fileName = QStringLiteral("/cooldowns.json");
    const QString path = stateDir() + fileName;
    if (!StateLocation::ensureExists(stateDir()))
        qCWarning(lcConfig) << "cannot create the state directory" << stateDir();
    const QString legacy = configDir() + fileName;
    if (QFileInfo::exists(legacy) && !QFileInfo::exists(path)) {
        // Moved, not copied: a copy left behind would be read by nothing and mislead people.
        if (QFile::rename(legacy, path) || (QFile::copy(legacy, path) && QFile::remove(legacy)))
            qCInfo(lcConfig) << "moved the saved cooldowns from" << legacy << "to" << path;
        else
            qCWarning(lcConfig) << "cannot move the saved cooldowns from" << legacy << "to" << path;
    }
    return path;
}

QString ConfigStore::adminTokenPath() const
{
    return configDir() + QStringLiteral("/admin-token");
}

QString ConfigStore::secretsIndexPath() const
{
    return configDir() + QStringLiteral("/secrets.json");
}

bool ConfigStore::exists() const
{
    return QFileInfo::exists(m_path);
}

ConfigParseResult ConfigStore::load()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        ConfigParseResult result;
        result.errors.append(QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString()));
        return result;
    }
    const QByteArray text = file.readAll();
    const ConfigParseResult result = parse(text);
    if (result.ok())
        adopt(result, text);
    return result;
}

ConfigParseResult ConfigStore::parse(const QByteArray &text) const
{
    return ConfigParser::parse(text, m_env, m_keychain);
}

void ConfigStore::adopt(const ConfigParseResult &result, const QByteArray &text)
{
    m_text = text;
    m_file->setKnownContent(text);
    m_raw = QJsonDocument::fromJson(text).object();
    m_current = result.config;
}

void ConfigStore::reparse()
{
    if (m_text.isEmpty())
        return; // nothing loaded yet
    const ConfigParseResult result = parse(m_text);
    if (!result.ok()) {
        // The parser keeps validity independent of secret values, so this is a defect; still,
        // say so instead of leaving the providers waiting without a word.
        qCWarning(lcConfig).noquote() << "configuration refused after the keychain answered:\n"
                                      << result.errorText();
        Q_EMIT reloadFailed(result.errorText());
        return;
    }
    m_current = result.config;
    Q_EMIT reloaded(m_current, result.warnings);
}

ConfigParseResult ConfigStore::save(const QJsonObject &root)
{
    const QByteArray text = QJsonDocument(root).toJson(QJsonDocument::Indented);
    ConfigParseResult result = ConfigParser::parse(root, text, m_env, m_keychain);
    if (!result.ok())
        return result;
    // It will hold the admin token and the secrets index too: only its owner may look.
    StateLocation::ensureExists(configDir());
    if (QFile::exists(m_path)) {
        const QString backup = m_path + QStringLiteral(".bak");
        QFile::remove(backup);
        QFile::copy(m_path, backup);
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        result.config.reset();
        result.errors.append(QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString()));
        return result;
    }
    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    adopt(result, text);
    // In force at once for whoever listens (a running gateway): the file watcher would only
    // tell later, and never, since this content is now the known one.
    Q_EMIT reloaded(m_current, result.warnings);
    return result;
}

QJsonObject ConfigStore::initialConfig(const QByteArray &clientKeyPlaintext)
{
    QJsonObject server;
    server.insert(QLatin1String("host"), QStringLiteral("127.0.0.1"));
    server.insert(QLatin1String("port"), 18080);
    QJsonObject root;
    root.insert(QLatin1String("version"), 1);
    root.insert(QLatin1String("server"), server);
    root.insert(QLatin1String("providers"), QJsonObject());
    root.insert(QLatin1String("models"), QJsonArray());
    ClientKeys::add(root, QStringLiteral("default"), clientKeyPlaintext);
    return root;
}

void ConfigStore::setWatching(bool watching)
{
    m_file->setWatching(watching);
}

void ConfigStore::fileChanged(const QByteArray &text)
{
    const ConfigParseResult result = parse(text);
    if (!result.ok()) {
        qCWarning(lcConfig).noquote()
            << "configuration change refused; the previous one stays in force:\n"
            << result.errorText();
        Q_EMIT reloadFailed(result.errorText());
        return;
    }
    adopt(result, text);
    qCInfo(lcConfig).noquote() << "configuration reloaded from" << m_path;
    Q_EMIT reloaded(m_current, result.warnings);
}

} // namespace clawgate
