// The configuration file on disk: reads and validates it, writes it atomically (QSaveFile)
// after copying the previous version to `<file>.bak`, keeps fields it does not know, and
// watches the file so that an edit by hand, by `clawgatectl` or by the GUI reaches the running
// gateway. An invalid edit is refused and the configuration in force stays as it was.
#pragma once

#include "configparser.h"

#include <QJsonObject>
#include <QObject>

namespace clawgate {

class WatchedFile;

class ConfigStore : public QObject
{
    Q_OBJECT
public:
    explicit ConfigStore(const QString &path, EnvLookup env = processEnvironment(),
                         QObject *parent = nullptr);

    // <AppConfigLocation>/config.json
    static QString defaultPath();

    QString path() const { return m_path; }
    // The configuration's directory: the admin token and the secrets index live beside it.
    QString configDir() const;
    // Where the gateway's own running state lives (see StateLocation): not in configDir(),
    // which is watched, so a state write never makes the configuration be read again.
    QString stateDir() const;
    // Creates stateDir() if needed and moves a cooldown file left beside the configuration by
    // an older version there, unless the state directory already has one.
    QString cooldownsPath() const;
    QString adminTokenPath() const;
    QString secretsIndexPath() const;
    bool exists() const;

    // What the gateway knows of keychain entries; `keychain:` references are resolved with it.
    void setKeychainLookup(KeychainLookup lookup) { m_keychain = std::move(lookup); }
    // Parses the current text again (the keychain answered): emits reloaded() on success.
    void reparse();

    // Reads and validates the file; on success it becomes current().
    ConfigParseResult load();
    ConfigPtr current() const { return m_current; }
    QJsonObject raw() const { return m_raw; }

    // Validates `root` and, if valid, writes it atomically (with a backup), makes it current
    // and emits reloaded().
    ConfigParseResult save(const QJsonObject &root);

    // A fresh configuration with one client key (whose hash it stores) and no providers yet.
    static QJsonObject initialConfig(const QByteArray &clientKeyPlaintext);

    // Reload automatically when the file changes on disk.
    void setWatching(bool watching);

Q_SIGNALS:
    void reloaded(clawgate::ConfigPtr config, const QStringList &warnings);
    void reloadFailed(const QString &errors);

private:
    void fileChanged(const QByteArray &text);
    ConfigParseResult parse(const QByteArray &text) const;
    void adopt(const ConfigParseResult &result, const QByteArray &text);

    QString m_path;
    EnvLookup m_env;
    KeychainLookup m_keychain;
    ConfigPtr m_current;
    QJsonObject m_raw;
    QByteArray m_text; // of m_current
    WatchedFile *m_file;
};

} // namespace clawgate
