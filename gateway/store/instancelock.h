// One running gateway per configuration. `clawgatectl serve` and the tray app each hold a lock
// file beside the configuration while they run, so a second one, instead of fighting over the
// port, the cooldown state and the admin token, learns which process runs and says so. A lock
// left by a process that died is taken over.
#pragma once

#include <QLockFile>
#include <QString>

namespace clawgate {

class InstanceLock
{
public:
    explicit InstanceLock(const QString &configPath);

    // True when this process holds the lock now (creating the configuration's directory, owner
    // only, if need be).
    bool tryLock();
    // The process that holds it, e.g. "clawgatectl (pid 4242)"; for the message of a second one.
    QString holder() const;
    QString path() const { return m_path; }

private:
    QString m_path;
    QLockFile m_lock;
};

} // namespace clawgate
