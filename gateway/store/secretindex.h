// The names (never the values) of the secrets stored through ClawGate, kept in `secrets.json`
// beside the configuration: the keychain cannot list a service's entries on every platform.
// A change to this file is also how a running gateway learns that a secret was set or deleted
// by another process.
#pragma once

#include <QString>
#include <QStringList>

namespace clawgate {

class SecretIndex
{
public:
    explicit SecretIndex(QString path)
        : m_path(std::move(path))
    {
    }

    QString path() const { return m_path; }
    QStringList names() const; // sorted; empty when the file is missing or unreadable
    bool add(const QString &name); // false when the file cannot be written
    bool remove(const QString &name);
    // How many times the file was saved; every save writes different content, so a watcher
    // comparing contents sees each one.
    qint64 generation() const;

private:
    bool write(QStringList names) const;
    QString m_path;
};

} // namespace clawgate
