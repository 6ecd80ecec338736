#include "watchedfile.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>

namespace clawgate {

WatchedFile::WatchedFile(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(QFileInfo(path).absoluteFilePath())
{
    // Editors save in several steps (truncate, write, rename); wait for the dust to settle.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &WatchedFile::check);
}

void WatchedFile::setWatching(bool watching)
{
    delete m_watcher;
    m_watcher = nullptr;
    if (!watching)
        return;
    m_watcher = new QFileSystemWatcher(this);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { m_debounce.start(); });
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_debounce.start(); });
    rearm();
}

void WatchedFile::rearm()
{
    if (!m_watcher)
        return;
    if (m_watcher->files().isEmpty() && QFileInfo::exists(m_path))
        m_watcher->addPath(m_path);
    const QString dir = QFileInfo(m_path).absolutePath();
    if (m_watcher->directories().isEmpty() && QFileInfo::exists(dir))
        m_watcher->addPath(dir);
}

void WatchedFile::check()
{
    rearm();
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return; // mid-replace, or removed: nothing to act on
    const QByteArray content = file.readAll();
    if (content == m_known)
        return; // e.g. the owner's own save, or a touch
    m_known = content;
    Q_EMIT changed(content);
}

} // namespace clawgate
