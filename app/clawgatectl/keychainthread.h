// The OS keychain for `clawgatectl serve`. QtKeychain answers through the event loop of the
// thread that runs its jobs, and on Linux (libsecret) that loop must be GLib's. serve's main
// thread runs Qt's faster UNIX loop (see main()), so the keychain gets a thread of its own,
// which main() lets use GLib. Without GLib there it would never answer: store() is then null
// and the gateway says that keychain references cannot be read.
#pragma once

#include "store/secretstore.h"

#include <QThread>

#include <memory>

namespace clawgate {
class KeychainSecretStore;
}

namespace clawgate::ctl {

class KeychainThread
{
public:
    KeychainThread();
    ~KeychainThread();

    SecretStore *store() const; // null when the keychain cannot answer in this process
    // Runs this thread's events until the keychain has answered, or `timeoutMs` has passed.
    SecretResult write(const QString &name, const QString &value, int timeoutMs);

private:
    QThread m_thread;
    // Deleted after the thread has stopped, so no job is running.
    std::unique_ptr<KeychainSecretStore> m_store;
    bool m_usable = false;
};

} // namespace clawgate::ctl
