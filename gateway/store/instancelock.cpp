#include "instancelock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSysInfo>

namespace clawgate {

namespace {

// On Linux, the running program's name says whether the tray app or serve holds the lock.
QString programName(qint64 pid, const QString &fallback)
{
    QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
    if (comm.open(QIODevice::ReadOnly)) {
        const QString name = QString::fromLocal8Bit(comm.readAll()).trimmed();
        if (!name.isEmpty())
            return name;
    }
    return fallback;
}

} // namespace

InstanceLock::InstanceLock(const QString &configPath)
    : m_path(configPath + QStringLiteral(".lock"))
    , m_lock(m_path)
{
    // Held for as long as the gateway runs: only a holder that no longer exists makes it stale.
    m_lock.setStaleLockTime(0);
}

bool InstanceLock::tryLock()
{
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QFileInfo::exists(dir) && QDir().mkpath(dir))
        QFile::setPermissions(
            dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return m_lock.tryLock(0);
}

QString InstanceLock::holder() const
{
    qint64 pid = 0;
    QString host;
    QString app;
    if (!m_lock.getLockInfo(&pid, &host, &app))
        return QStringLiteral("an unknown process (see %1)").arg(m_path);
    return QStringLiteral("%1 (pid %2%3)")
        .arg(programName(pid, app))
        .arg(pid)
        .arg(host.isEmpty() || host == QSysInfo::machineHostName() ? QString()
                                                                   : QStringLiteral(" on ") + host);
}

} // namespace clawgate
