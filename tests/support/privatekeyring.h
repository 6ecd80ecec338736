#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

class QDBusObjectPath;
class QProcess;

// A Secret Service of the test's own: HOME and XDG_* in a temporary directory, a private
// dbus-daemon on request, and a gnome-keyring-daemon on that bus on request. Nothing done here,
// locking included, reaches the session bus the rest of the suite shares or the real home.
//
// The bus has no service directories, so D-Bus activation never starts anything: there is no
// Secret Service until startKeyring(), and a keyring prompt (e.g. an unlock the daemon would ask
// a GUI for) fails at once instead of waiting.
//
// QtKeychain/libsecret read DBUS_SESSION_BUS_ADDRESS once per process, so code that must talk
// to this bus runs as a child process with environment(). Everything started here is stopped by
// the destructor (and receives SIGTERM if the thread that started it exits first).
class PrivateKeyringSession
{
public:
    PrivateKeyringSession();
    ~PrivateKeyringSession();
    PrivateKeyringSession(const PrivateKeyringSession &) = delete;
    PrivateKeyringSession &operator=(const PrivateKeyringSession &) = delete;

    // Each returns false and sets errorString() on failure; every wait is bounded.
    bool startBus();
    // Starts the bus if needed, then gnome-keyring-daemon (secrets component) unlocked with
    // `password`; returns once org.freedesktop.secrets is owned on the bus (at most 10 s).
    bool startKeyring(const QByteArray &password = QByteArrayLiteral("private-keyring-pw"));
    // The collection behind the "default" alias, through the Secret Service API. Lock needs no
    // prompt; unlock uses gnome-keyring's prompt-free UnlockWithMasterPassword with the
    // startKeyring() password.
    bool lock();
    bool unlock();
    std::optional<bool> isLocked(); // nullopt (and errorString()) when it cannot tell
    bool hasSecretService(); // org.freedesktop.secrets is owned on this bus

    QString errorString() const { return m_error; }
    QString path() const; // the temporary directory; HOME is path()/home
    QString busAddress() const { return m_busAddress; } // empty before startBus()
    QString keyringLog() const; // what gnome-keyring-daemon wrote, for failure messages

    // For child processes: the system environment with HOME and XDG_* in the temporary
    // directory (XDG_RUNTIME_DIR 0700, empty until a keyring runs), DBUS_SESSION_BUS_ADDRESS of
    // this bus, or unset before startBus() (then there is no session bus at all), and no
    // DISPLAY/WAYLAND_DISPLAY or desktop hints that could pick another keychain backend.
    QProcessEnvironment environment() const;

    // The default collection of the Secret Service on the test process's own session bus (the
    // shared one tests/run-all.sh starts), to show it is left alone. nullopt when there is none.
    static std::optional<bool> sessionBusDefaultCollectionLocked();

private:
    bool fail(const QString &message);
    // The default collection of the private Secret Service, or nullopt (and an error).
    std::optional<QDBusObjectPath> serviceCollection();
    bool expectLocked(bool locked, const QDBusObjectPath &collection);
    void stopProcess(std::unique_ptr<QProcess> &process);

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_bus;
    std::unique_ptr<QProcess> m_keyring;
    QString m_busAddress;
    QString m_connectionName;
    QByteArray m_password;
    QString m_error;
};
