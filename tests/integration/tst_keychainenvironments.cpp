// The keychain layer where the keychain is not usable: no session bus at all, a bus without a
// Secret Service, a locked keyring, and (for contrast) a missing entry in an unlocked one.
// Each case gets a dbus-daemon and gnome-keyring of its own (PrivateKeyringSession), so locking
// never touches the session the rest of the suite shares. KeychainSecretStore runs in child
// processes pointed at that session: the real `clawgatectl secret set` and
// clawgate-keychain-probe (a read/write through KeychainSecretStore that prints statuses and
// messages only). No output, failure message or file may ever contain a secret value.
#include "privatekeyring.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <optional>

namespace {

const QString kClawgatectl = QStringLiteral(CLAWGATECTL_PATH);
const QString kProbe = QStringLiteral(KEYCHAIN_PROBE_PATH);

struct ChildRun
{
    bool finished = false;
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
    qint64 ms = 0;

    bool succeeded() const
    {
        return finished && exitStatus == QProcess::NormalExit && exitCode == 0;
    }
    bool failedCleanly() const
    {
        return finished && exitStatus == QProcess::NormalExit && exitCode != 0;
    }
    bool mentions(const QString &secret) const
    {
        return out.contains(secret.toUtf8()) || err.contains(secret.toUtf8());
    }
    // A line "key: value" the probe printed.
    QString field(const char *key) const
    {
        const QByteArray prefix = QByteArray(key) + ": ";
        for (const QByteArray &line : out.split('\n')) {
            if (line.startsWith(prefix))
                return QString::fromUtf8(line.mid(prefix.size()));
        }
        return {};
    }
    // For failure messages: what happened, with the secret blacked out should it ever leak.
    QByteArray describe(const QString &secret) const
    {
        const auto redact = [&secret](QByteArray text) {
            return secret.isEmpty()
                ? text
                : text.replace(secret.toUtf8(), QByteArrayLiteral("<the secret value>"));
        };
        return QByteArrayLiteral("finished ") + (finished ? "yes" : "no")
            + QByteArrayLiteral(", exit ") + QByteArray::number(exitCode)
            + (exitStatus == QProcess::CrashExit ? " (crashed)" : "") + QByteArrayLiteral(", ")
            + QByteArray::number(ms) + QByteArrayLiteral(" ms\nstdout: ") + redact(out)
            + QByteArrayLiteral("\nstderr: ") + redact(err);
    }
};

ChildRun runChild(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                  const QByteArray &input, int timeoutMs = 15000)
{
    ChildRun run;
    QProcess process;
    process.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    process.start(program, args);
    if (!process.waitForStarted(10000)) {
        run.err = process.errorString().toUtf8();
        return run;
    }
    process.write(input);
    process.closeWriteChannel();
    run.finished = process.waitForFinished(timeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.ms = clock.elapsed();
    run.exitCode = process.exitCode();
    run.exitStatus = process.exitStatus();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// `clawgatectl --config <session>/clawgate.json ARGS` in the session's environment.
ChildRun ctl(const PrivateKeyringSession &session, const QStringList &args,
             const QByteArray &input = {})
{
    const QString config = QDir(session.path()).filePath(QStringLiteral("clawgate.json"));
    return runChild(kClawgatectl, QStringList {QStringLiteral("--config"), config} + args,
                    session.environment(), input);
}

// clawgate-keychain-probe OPERATION NAME, stdin = the expected (read) or new (write) value.
ChildRun probe(const PrivateKeyringSession &session, const QString &operation, const QString &name,
               const QString &input = {}, const QStringList &options = {})
{
    return runChild(kProbe, options + QStringList {operation, name}, session.environment(),
                    input.toUtf8());
}

QString randomSecret()
{
    return QStringLiteral("sk-envtest-%1%2")
        .arg(QRandomGenerator::global()->generate64(), 0, 36)
        .arg(QRandomGenerator::global()->generate(), 0, 36);
}

QString randomName(const char *what)
{
    return QStringLiteral("envtest-%1-%2")
        .arg(QLatin1String(what))
        .arg(QRandomGenerator::global()->generate(), 0, 36);
}

// Files under `dir` whose bytes contain `secret` in plain text.
QStringList filesContaining(const QString &dir, const QString &secret)
{
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret.toUtf8()))
            found << file.fileName();
    }
    return found;
}

} // namespace

class TestKeychainEnvironments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noSessionBusAtAll();
    void busWithoutSecretService();
    void missingEntryInUnlockedKeyring();
    void lockedKeyring();
    void sharedSessionUntouched();

private:
    // What `clawgatectl secret set` and a probe read report when no keychain answers.
    void checkNoBackend(PrivateKeyringSession &session);

    std::optional<bool> m_sharedLockedBefore;
};

void TestKeychainEnvironments::initTestCase()
{
    for (const QString &program : {kClawgatectl, kProbe})
        QVERIFY2(QFileInfo(program).isExecutable(),
                 qPrintable(program + QStringLiteral(" not built")));
    for (const char *daemon : {"dbus-daemon", "gnome-keyring-daemon"})
        QVERIFY2(!QStandardPaths::findExecutable(QString::fromLatin1(daemon)).isEmpty(),
                 qPrintable(QStringLiteral("%1 not found: installer/deps-debian.sh --with-tests "
                                           "installs it")
                                .arg(QLatin1String(daemon))));
    m_sharedLockedBefore = PrivateKeyringSession::sessionBusDefaultCollectionLocked();
}

void TestKeychainEnvironments::checkNoBackend(PrivateKeyringSession &session)
{
    const QString name = randomName("nobackend");
    const QString value = randomSecret();
    const ChildRun set = ctl(session, {QStringLiteral("secret"), QStringLiteral("set"), name},
                             value.toUtf8() + '\n');
    qInfo("secret set without a keychain: exit %d after %lld ms", set.exitCode, set.ms);
    QVERIFY2(set.failedCleanly(), set.describe(value).constData());
    QVERIFY2(!set.mentions(value), set.describe(value).constData());
    QVERIFY2(set.ms < 15000, set.describe(value).constData());
    const QString err = QString::fromUtf8(set.err);
    QVERIFY2(err.contains(QRegularExpression(QStringLiteral("no keychain.*is running"),
                                             QRegularExpression::CaseInsensitiveOption))
                 && err.contains(QLatin1String("Secret Service")),
             set.describe(value).constData());
    QVERIFY2(err.contains(QRegularExpression(QStringLiteral("\\$\\{[A-Z_]+\\}"))),
             set.describe(value).constData());
    QVERIFY2(err.contains(name), set.describe(value).constData());
    // Nothing was stored, so nothing may be listed as stored.
    const ChildRun list = ctl(session, {QStringLiteral("secret"), QStringLiteral("list")});
    QVERIFY2(list.succeeded() && !list.out.contains(name.toUtf8()),
             list.describe(value).constData());
    QVERIFY2(filesContaining(session.path(), value).isEmpty(),
             qPrintable(filesContaining(session.path(), value).join(QLatin1Char(' '))));

    // The read path says the same (short retry delay: the wait itself is not under test here).
    const ChildRun read = probe(session, QStringLiteral("read"), name, value,
                                {QStringLiteral("--retry-delay-ms"), QStringLiteral("100")});
    qInfo("probe read without a keychain: %s after %lld ms", qPrintable(read.field("status")),
          read.ms);
    QVERIFY2(read.failedCleanly(), read.describe(value).constData());
    QCOMPARE(read.field("status"), QStringLiteral("NoBackend"));
    QCOMPARE(read.field("matches"), QStringLiteral("no"));
    QVERIFY2(read.field("error").contains(QLatin1String("${")), read.describe(value).constData());
    QVERIFY2(!read.mentions(value), read.describe(value).constData());
}

// No DBUS_SESSION_BUS_ADDRESS, an empty XDG_RUNTIME_DIR (no $XDG_RUNTIME_DIR/bus) and no
// DISPLAY: GDBus cannot find or autolaunch a bus.
void TestKeychainEnvironments::noSessionBusAtAll()
{
    PrivateKeyringSession session;
    QVERIFY2(session.errorString().isEmpty(), qPrintable(session.errorString()));
    const QProcessEnvironment env = session.environment();
    QVERIFY(!env.contains(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")));
    QVERIFY(!env.contains(QStringLiteral("DISPLAY")));
    QVERIFY(QDir(env.value(QStringLiteral("XDG_RUNTIME_DIR"))).isEmpty());
    checkNoBackend(session);
}

// A session bus nobody provides org.freedesktop.secrets on, and that cannot activate it.
void TestKeychainEnvironments::busWithoutSecretService()
{
    PrivateKeyringSession session;
    QVERIFY2(session.startBus(), qPrintable(session.errorString()));
    QVERIFY(!session.hasSecretService());
    checkNoBackend(session);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(!session.hasSecretService(), "something activated a Secret Service on the bus");
}

void TestKeychainEnvironments::missingEntryInUnlockedKeyring()
{
    PrivateKeyringSession session;
    QVERIFY2(session.startKeyring(), qPrintable(session.errorString()));
    const std::optional<bool> lockedFalse = session.isLocked();
    QVERIFY2(lockedFalse.has_value(), qPrintable(session.errorString()));
    QCOMPARE(*lockedFalse, false);
    const QString name = randomName("missing");
    const ChildRun read = probe(session, QStringLiteral("read"), name);
    qInfo("probe read of a missing entry: %s after %lld ms", qPrintable(read.field("status")),
          read.ms);
    QVERIFY2(read.failedCleanly(), read.describe({}).constData());
    QCOMPARE(read.field("status"), QStringLiteral("NotFound"));
    QCOMPARE(read.field("error"), QStringLiteral("keychain locked or entry missing: ") + name);
    QCOMPARE(read.field("matches"), QStringLiteral("no"));
}

void TestKeychainEnvironments::lockedKeyring()
{
    PrivateKeyringSession session;
    QVERIFY2(session.startKeyring(), qPrintable(session.errorString()));
    const QString name = randomName("locked");
    const QString value = randomSecret();

    // Unlocked: stored by the real clawgatectl, read back through KeychainSecretStore.
    const ChildRun set = ctl(session, {QStringLiteral("secret"), QStringLiteral("set"), name},
                             value.toUtf8() + '\n');
    QVERIFY2(set.succeeded(), set.describe(value).constData());
    QVERIFY2(!set.mentions(value), set.describe(value).constData());
    ChildRun read = probe(session, QStringLiteral("read"), name, value);
    QVERIFY2(read.succeeded(), read.describe(value).constData());
    QCOMPARE(read.field("matches"), QStringLiteral("yes"));

    QVERIFY2(session.lock(), qPrintable(session.errorString()));
    const std::optional<bool> lockedTrue = session.isLocked();
    QVERIFY2(lockedTrue.has_value(), qPrintable(session.errorString()));
    QCOMPARE(*lockedTrue, true);

    // Locked, a read looks like a missing entry (libsecret cannot tell them apart), and says
    // that the keyring may be locked. No prompt can appear, so it answers at once.
    read = probe(session, QStringLiteral("read"), name, value);
    qInfo("probe read from the locked keyring: %s after %lld ms", qPrintable(read.field("status")),
          read.ms);
    QVERIFY2(read.failedCleanly(), read.describe(value).constData());
    QCOMPARE(read.field("status"), QStringLiteral("NotFound"));
    QCOMPARE(read.field("error"), QStringLiteral("keychain locked or entry missing: ") + name);
    QCOMPARE(read.field("matches"), QStringLiteral("no"));
    QVERIFY2(!read.mentions(value), read.describe(value).constData());
    QVERIFY2(read.ms < 10000, read.describe(value).constData());

    // Locked, a write is refused with a message that names the entry and suspects the lock.
    const QString name2 = randomName("locked-write");
    const QString value2 = randomSecret();
    const ChildRun refused = ctl(session, {QStringLiteral("secret"), QStringLiteral("set"), name2},
                                 value2.toUtf8() + '\n');
    qInfo("secret set into the locked keyring: exit %d after %lld ms", refused.exitCode,
          refused.ms);
    QVERIFY2(refused.failedCleanly(), refused.describe(value2).constData());
    QVERIFY2(refused.err.contains(
                 QStringLiteral("keychain access denied (is it locked?): %1").arg(name2).toUtf8()),
             refused.describe(value2).constData());
    QVERIFY2(!refused.mentions(value2) && !refused.mentions(value),
             refused.describe(value2).constData());
    QVERIFY2(refused.ms < 10000, refused.describe(value2).constData());
    const ChildRun list = ctl(session, {QStringLiteral("secret"), QStringLiteral("list")});
    QVERIFY2(list.succeeded(), list.describe(value2).constData());
    QCOMPARE(QString::fromUtf8(list.out).trimmed(), name); // only the entry that was stored

    const ChildRun write = probe(session, QStringLiteral("write"), name, value2);
    QVERIFY2(write.failedCleanly(), write.describe(value2).constData());
    QCOMPARE(write.field("status"), QStringLiteral("AccessDenied"));
    QCOMPARE(write.field("error"),
             QStringLiteral("keychain access denied (is it locked?): ") + name);
    QVERIFY2(!write.mentions(value2), write.describe(value2).constData());

    // Unlocked again, the entry is there, unchanged by the refused write.
    QVERIFY2(session.unlock(), qPrintable(session.errorString()));
    read = probe(session, QStringLiteral("read"), name, value);
    QVERIFY2(read.succeeded(), read.describe(value).constData());
    QCOMPARE(read.field("matches"), QStringLiteral("yes"));

    // Plain text nowhere: not in clawgatectl's index, not in the keyring files.
    for (const QString &secret : {value, value2})
        QVERIFY2(filesContaining(session.path(), secret).isEmpty(),
                 qPrintable(filesContaining(session.path(), secret).join(QLatin1Char(' '))));
}

// Locking happened on private buses only: the keyring of the test's own session (the one
// tests/run-all.sh shares with the suite) is as locked or unlocked as it was at the start.
void TestKeychainEnvironments::sharedSessionUntouched()
{
    const std::optional<bool> now = PrivateKeyringSession::sessionBusDefaultCollectionLocked();
    if (!m_sharedLockedBefore && !now)
        QSKIP("no Secret Service on this process's session bus");
    QVERIFY2(now == m_sharedLockedBefore,
             qPrintable(QStringLiteral("default collection of the shared session: locked %1 "
                                       "before, %2 now")
                            .arg(m_sharedLockedBefore ? int(*m_sharedLockedBefore) : -1)
                            .arg(now ? int(*now) : -1)));
}

QTEST_GUILESS_MAIN(TestKeychainEnvironments)
#include "tst_keychainenvironments.moc"
