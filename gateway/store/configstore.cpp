#include "configstore.h"

#include "keys/clientkeys.h"

#include <QDir>
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
{
    // Editors save in several steps (truncate, write, rename); wait for the dust to settle.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &ConfigStore::fileChanged);
}

QString ConfigStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
        + QStringLiteral("/config.json");
}

QString ConfigStore::stateDir() const
{
    return QFileInfo(m_path).absolutePath();
}

QString ConfigStore::cooldownsPath() const
{
    return stateDir() + QStringLiteral("/cooldowns.json");
}

QString ConfigStore::adminTokenPath() const
{
    return stateDir() + QStringLiteral("/admin-token");
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
    ConfigParseResult result = ConfigParser::parse(text, m_env);
    if (result.ok()) {
        m_lastText = text;
        m_raw = QJsonDocument::fromJson(text).object();
        m_current = result.config;
    }
    return result;
}

ConfigParseResult ConfigStore::save(const QJsonObject &root)
{
    const QByteArray text = QJsonDocument(root).toJson(QJsonDocument::Indented);
    ConfigParseResult result = ConfigParser::parse(root, text, m_env);
    if (!result.ok())
        return result;
    if (!QFileInfo::exists(stateDir()) && QDir().mkpath(stateDir())) {
        // It will hold the cooldown state and the admin token too: only its owner may look.
        QFile::setPermissions(
            stateDir(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
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
    m_lastText = text;
    m_raw = root;
    m_current = result.config;
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
    delete m_watcher;
    m_watcher = nullptr;
    if (!watching)
        return;
    m_watcher = new QFileSystemWatcher(this);
    // Watch the directory too: an atomic save replaces the file, which ends a file watch.
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { m_debounce.start(); });
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_debounce.start(); });
    rearmWatcher();
}

void ConfigStore::rearmWatcher()
{
    if (!m_watcher)
        return;
    if (m_watcher->files().isEmpty() && QFileInfo::exists(m_path))
        m_watcher->addPath(m_path);
    if (m_watcher->directories().isEmpty())
        m_watcher->addPath(stateDir());
}

void ConfigStore::fileChanged()
{
    rearmWatcher();
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return; // mid-replace, or removed: keep what runs
    const QByteArray text = file.readAll();
    if (text == m_lastText)
        return; // e.g. our own save, or a touch
    ConfigParseResult result = ConfigParser::parse(text, m_env);
    m_lastText = text;
    if (!result.ok()) {
        qCWarning(lcConfig).noquote()
            << "configuration change refused; the previous one stays in force:\n"
            << result.errorText();
        Q_EMIT reloadFailed(result.errorText());
        return;
    }
    m_raw = QJsonDocument::fromJson(text).object();
    m_current = result.config;
    qCInfo(lcConfig).noquote() << "configuration reloaded from" << m_path;
    Q_EMIT reloaded(m_current, result.warnings);
}

} // namespace clawgate
