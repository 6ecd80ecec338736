// One file on disk that other programs replace: a configuration edited by hand, by clawgatectl
// or by the GUI. Says when its content really changed. Watches the directory as well as the
// file, because an atomic save (write a temporary file, rename it over) ends a watch on the
// file itself, and waits for editors that save in several steps to finish.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

class QFileSystemWatcher;

namespace clawgate {

class WatchedFile : public QObject
{
    Q_OBJECT
public:
    explicit WatchedFile(const QString &path, QObject *parent = nullptr);

    QString path() const { return m_path; }
    void setWatching(bool watching);
    // The content last seen (read or written by the owner): the same content again is no change.
    void setKnownContent(const QByteArray &content) { m_known = content; }

Q_SIGNALS:
    void changed(const QByteArray &content);

private:
    void check();
    void rearm();

    QString m_path;
    QByteArray m_known;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer m_debounce;
};

} // namespace clawgate
