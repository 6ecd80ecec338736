#include "privatekeyring.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>

#include <csignal>

#include <sys/prctl.h>
#include <sys/stat.h>

namespace {

const QString kSecretsName = QStringLiteral("org.freedesktop.secrets");
const QString kServicePath = QStringLiteral("/org/freedesktop/secrets");
const QString kServiceInterface = QStringLiteral("org.freedesktop.Secret.Service");
const QString kCollectionInterface = QStringLiteral("org.freedesktop.Secret.Collection");
const QString kNoPrompt = QStringLiteral("/");
constexpr int kCallTimeoutMs = 5000;

// A session bus that only knows the names its clients own: no <servicedir>, no
// <standard_session_servicedirs/>, so nothing is ever activated.
QByteArray busConfig(const QString &socketDir)
{
    return QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus "
                          "Configuration 1.0//EN\"\n"
                          " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                          "<busconfig>\n"
                          "  <type>session</type>\n"
                          "  <keep_umask/>\n"
                          "  <listen>unix:tmpdir=%1</listen>\n"
                          "  <auth>EXTERNAL</auth>\n"
                          "  <policy context=\"default\">\n"
                          "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                          "    <allow eavesdrop=\"true\"/>\n"
                          "    <allow own=\"*\"/>\n"
                          "  </policy>\n"
                          "</busconfig>\n")
        .arg(socketDir.toHtmlEscaped())
        .toUtf8();
}

// Daemons die with the thread that started them even if the test crashes before its destructors
// run.
void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}

QString replyError(const QDBusMessage &reply)
{
    return reply.errorName() + QStringLiteral(": ") + reply.errorMessage();
}

QDBusMessage call(const QDBusConnection &connection, const QString &path, const QString &interface,
                  const QString &method, const QVariantList &args = {})
{
    QDBusMessage message = QDBusMessage::createMethodCall(kSecretsName, path, interface, method);
    message.setArguments(args);
    return connection.call(message, QDBus::Block, kCallTimeoutMs);
}

std::optional<QDBusObjectPath> defaultCollection(const QDBusConnection &connection, QString *error)
{
    const QDBusMessage reply = call(connection, kServicePath, kServiceInterface,
                                    QStringLiteral("ReadAlias"), {QStringLiteral("default")});
    if (reply.type() != QDBusMessage::ReplyMessage) {
        *error = QStringLiteral("ReadAlias(\"default\") failed: ") + replyError(reply);
        return std::nullopt;
    }
    const auto collection = qdbus_cast<QDBusObjectPath>(reply.arguments().value(0));
    if (collection.path().isEmpty() || collection.path() == kNoPrompt) {
        *error = QStringLiteral("the Secret Service has no default collection");
        return std::nullopt;
    }
    return collection;
}

std::optional<bool> defaultCollectionLocked(const QDBusConnection &connection, QString *error)
{
    const std::optional<QDBusObjectPath> collection = defaultCollection(connection, error);
    if (!collection)
        return std::nullopt;
    const QDBusMessage reply
        = call(connection, collection->path(), QStringLiteral("org.freedesktop.DBus.Properties"),
               QStringLiteral("Get"), {kCollectionInterface, QStringLiteral("Locked")});
    if (reply.type() != QDBusMessage::ReplyMessage) {
        *error = QStringLiteral("reading Locked of %1 failed: %2")
                     .arg(collection->path(), replyError(reply));
        return std::nullopt;
    }
    return qdbus_cast<QDBusVariant>(reply.arguments().value(0)).variant().toBool();
}

} // namespace

PrivateKeyringSession::PrivateKeyringSession()
    : m_dir(QDir::tempPath() + QStringLiteral("/clawgate-keyring-XXXXXX"))
{
    if (!m_dir.isValid()) {
        fail(QStringLiteral("cannot create a temporary directory: ") + m_dir.errorString());
        return;
    }
    const QDir root(m_dir.path());
    for (const char *sub : {"home", "run", "data", "config", "cache"}) {
        if (!root.mkpath(QString::fromLatin1(sub)))
            fail(QStringLiteral("cannot create %1").arg(root.filePath(QString::fromLatin1(sub))));
    }
    // XDG_RUNTIME_DIR must belong to the user alone, or GLib and gnome-keyring refuse it.
    ::chmod(QFile::encodeName(root.filePath(QStringLiteral("run"))).constData(), 0700);
}

PrivateKeyringSession::~PrivateKeyringSession()
{
    if (!m_connectionName.isEmpty())
        QDBusConnection::disconnectFromBus(m_connectionName);
    stopProcess(m_keyring); // before the bus, so that it does not see its bus vanish first
    stopProcess(m_bus);
}

bool PrivateKeyringSession::fail(const QString &message)
{
    m_error = message;
    return false;
}

void PrivateKeyringSession::stopProcess(std::unique_ptr<QProcess> &process)
{
    if (!process)
        return;
    if (process->state() != QProcess::NotRunning) {
        process->terminate();
        if (!process->waitForFinished(3000)) {
            process->kill();
            process->waitForFinished(3000);
        }
    }
    process.reset();
}

QString PrivateKeyringSession::path() const
{
    return m_dir.path();
}

QString PrivateKeyringSession::keyringLog() const
{
    QFile log(QDir(m_dir.path()).filePath(QStringLiteral("keyring.log")));
    return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : QString();
}

QProcessEnvironment PrivateKeyringSession::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name :
         {"DBUS_SESSION_BUS_ADDRESS", "DBUS_STARTER_ADDRESS", "DBUS_STARTER_BUS_TYPE",
          "GNOME_KEYRING_CONTROL", "DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP",
          "XDG_SESSION_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION", "KDE_SESSION_VERSION"})
        env.remove(QString::fromLatin1(name));
    const QDir root(m_dir.path());
    env.insert(QStringLiteral("HOME"), root.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), root.filePath(QStringLiteral("run")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), root.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), root.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), root.filePath(QStringLiteral("cache")));
    if (!m_busAddress.isEmpty())
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_busAddress);
    return env;
}

bool PrivateKeyringSession::startBus()
{
    if (m_bus)
        return true;
    if (!m_dir.isValid())
        return false; // the constructor said why
    const QDir root(m_dir.path());
    QFile config(root.filePath(QStringLiteral("bus.conf")));
    if (!config.open(QIODevice::WriteOnly) || config.write(busConfig(root.path())) < 0)
        return fail(QStringLiteral("cannot write %1").arg(config.fileName()));
    config.close();

    m_bus = std::make_unique<QProcess>();
    m_bus->setProcessEnvironment(environment());
    m_bus->setStandardErrorFile(root.filePath(QStringLiteral("dbus.log")));
    dieWithParent(*m_bus);
    m_bus->start(QStringLiteral("dbus-daemon"),
                 {QStringLiteral("--nofork"), QStringLiteral("--print-address=1"),
                  QStringLiteral("--config-file=") + config.fileName()});
    if (!m_bus->waitForStarted(5000)) {
        fail(QStringLiteral("cannot start dbus-daemon: ") + m_bus->errorString());
        stopProcess(m_bus);
        return false;
    }
    QByteArray output;
    const QDeadlineTimer deadline(5000);
    while (!output.contains('\n') && !deadline.hasExpired()
           && m_bus->state() == QProcess::Running) {
        m_bus->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        output += m_bus->readAllStandardOutput();
    }
    const QString address = QString::fromUtf8(output.left(output.indexOf('\n'))).trimmed();
    if (!output.contains('\n') || address.isEmpty()) {
        fail(QStringLiteral("dbus-daemon printed no address within 5 s (state %1)")
                 .arg(int(m_bus->state())));
        stopProcess(m_bus);
        return false;
    }
    m_busAddress = address;

    m_connectionName = QStringLiteral("private-keyring-%1")
                           .arg(quintptr(this), 0, 16); // unique per live session
    const QDBusConnection connection = QDBusConnection::connectToBus(address, m_connectionName);
    if (!connection.isConnected())
        return fail(QStringLiteral("cannot connect to the private bus %1: %2")
                        .arg(address, connection.lastError().message()));
    return true;
}

bool PrivateKeyringSession::hasSecretService()
{
    if (m_connectionName.isEmpty())
        return false;
    const QDBusConnection connection(m_connectionName);
    const QDBusReply<bool> registered = connection.interface()->isServiceRegistered(kSecretsName);
    return registered.isValid() && registered.value();
}

bool PrivateKeyringSession::startKeyring(const QByteArray &password)
{
    if (m_keyring)
        return fail(QStringLiteral("the keyring is already running"));
    if (!startBus())
        return false;
    m_password = password;
    const QDir root(m_dir.path());
    m_keyring = std::make_unique<QProcess>();
    m_keyring->setProcessEnvironment(environment());
    m_keyring->setStandardOutputFile(root.filePath(QStringLiteral("keyring.log")));
    m_keyring->setStandardErrorFile(root.filePath(QStringLiteral("keyring.log")),
                                    QIODevice::Append);
    dieWithParent(*m_keyring);
    // --unlock reads the password of the login keyring (created on first use) from stdin up to
    // EOF; --foreground keeps it our child, so the destructor can stop it.
    m_keyring->start(QStringLiteral("gnome-keyring-daemon"),
                     {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                      QStringLiteral("--components=secrets")});
    if (!m_keyring->waitForStarted(5000)) {
        fail(QStringLiteral("cannot start gnome-keyring-daemon: ") + m_keyring->errorString());
        stopProcess(m_keyring);
        return false;
    }
    m_keyring->write(password);
    m_keyring->closeWriteChannel();

    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (hasSecretService())
            return true;
        // Doubles as the poll interval and notices the daemon exiting.
        if (m_keyring->waitForFinished(50)) {
            fail(QStringLiteral("gnome-keyring-daemon exited with %1 before owning %2: %3")
                     .arg(m_keyring->exitCode())
                     .arg(kSecretsName, keyringLog()));
            stopProcess(m_keyring);
            return false;
        }
    }
    fail(QStringLiteral("%1 was not owned on the private bus within 10 s: %2")
             .arg(kSecretsName, keyringLog()));
    stopProcess(m_keyring);
    return false;
}

std::optional<bool> PrivateKeyringSession::isLocked()
{
    if (!hasSecretService()) {
        fail(QStringLiteral("no Secret Service on the private bus"));
        return std::nullopt;
    }
    return defaultCollectionLocked(QDBusConnection(m_connectionName), &m_error);
}

std::optional<QDBusObjectPath> PrivateKeyringSession::serviceCollection()
{
    if (!hasSecretService()) {
        fail(QStringLiteral("no Secret Service on the private bus"));
        return std::nullopt;
    }
    return defaultCollection(QDBusConnection(m_connectionName), &m_error);
}

bool PrivateKeyringSession::expectLocked(bool locked, const QDBusObjectPath &collection)
{
    const std::optional<bool> now = isLocked();
    if (!now)
        return false;
    return *now == locked
        || fail(QStringLiteral("%1 is still %2")
                    .arg(collection.path(),
                         locked ? QStringLiteral("unlocked") : QStringLiteral("locked")));
}

bool PrivateKeyringSession::lock()
{
    const QDBusConnection connection(m_connectionName);
    const std::optional<QDBusObjectPath> collection = serviceCollection();
    if (!collection)
        return false;
    const QDBusMessage reply
        = call(connection, kServicePath, kServiceInterface, QStringLiteral("Lock"),
               {QVariant::fromValue(QList<QDBusObjectPath> {*collection})});
    if (reply.type() != QDBusMessage::ReplyMessage)
        return fail(QStringLiteral("Lock failed: ") + replyError(reply));
    const auto prompt = qdbus_cast<QDBusObjectPath>(reply.arguments().value(1));
    if (prompt.path() != kNoPrompt)
        return fail(QStringLiteral("Lock wants a prompt (%1)").arg(prompt.path()));
    return expectLocked(true, *collection);
}

bool PrivateKeyringSession::unlock()
{
    const QDBusConnection connection(m_connectionName);
    const std::optional<QDBusObjectPath> collection = serviceCollection();
    if (!collection)
        return false;
    // The Secret Service Unlock method needs a prompt (a GUI). gnome-keyring also takes the
    // password itself, as a Secret struct (session, parameters, value, content type) of a
    // "plain" session opened on the same connection.
    const QDBusMessage opened
        = call(connection, kServicePath, kServiceInterface, QStringLiteral("OpenSession"),
               {QStringLiteral("plain"), QVariant::fromValue(QDBusVariant(QString()))});
    if (opened.type() != QDBusMessage::ReplyMessage)
        return fail(QStringLiteral("OpenSession(plain) failed: ") + replyError(opened));
    const auto session = qdbus_cast<QDBusObjectPath>(opened.arguments().value(1));
    QDBusArgument secret;
    secret.beginStructure();
    secret << session << QByteArray() << m_password << QStringLiteral("text/plain");
    secret.endStructure();
    const QDBusMessage unlocked
        = call(connection, kServicePath,
               QStringLiteral("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"),
               QStringLiteral("UnlockWithMasterPassword"),
               {QVariant::fromValue(*collection), QVariant::fromValue(secret)});
    call(connection, session.path(), QStringLiteral("org.freedesktop.Secret.Session"),
         QStringLiteral("Close"));
    if (unlocked.type() != QDBusMessage::ReplyMessage)
        return fail(QStringLiteral("UnlockWithMasterPassword failed: ") + replyError(unlocked));
    return expectLocked(false, *collection);
}

std::optional<bool> PrivateKeyringSession::sessionBusDefaultCollectionLocked()
{
    // Without an address QtDBus would try to autolaunch a bus; there is simply none then.
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return std::nullopt;
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return std::nullopt;
    const QDBusReply<bool> registered = bus.interface()->isServiceRegistered(kSecretsName);
    if (!registered.isValid() || !registered.value())
        return std::nullopt;
    QString error;
    return defaultCollectionLocked(bus, &error);
}
