// The secret store against a real Secret Service (gnome-keyring, started unlocked by
// tests/run-all.sh in a private D-Bus session with HOME inside the build tree), and the
// in-memory store the unit tests use, held to the same behaviour.
#include "secretwait.h"
#include "store/keychainsecretstore.h"
#include "store/secretstore.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace clawgate;

class TestKeychainStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void missingEntryIsNotFoundWithoutTheValue_data();
    void missingEntryIsNotFoundWithoutTheValue();
    void clawgatectlSecretCommands();

private:
    void addStores();
    std::unique_ptr<KeychainSecretStore> m_keychain;
    InMemorySecretStore m_memory;
    QString m_prefix;
};

void TestKeychainStore::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("no D-Bus session: run the suite through tests/run-all.sh (dbus-run-session + "
              "gnome-keyring)");
    m_keychain = std::make_unique<KeychainSecretStore>(QStringLiteral("clawgate-tests"));
    m_prefix = QStringLiteral("test-%1-").arg(QRandomGenerator::global()->generate());
}

void TestKeychainStore::addStores()
{
    QTest::addColumn<SecretStore *>("store");
}

void TestKeychainStore::roundTrip_data()
{
    addStores();
    QTest::addColumn<QString>("value");
    const QString unicode = QStringLiteral("密钥-🔑-ключ-é");
    const QString big = QString(4096, QLatin1Char('k'));
    for (SecretStore *store :
         {static_cast<SecretStore *>(m_keychain.get()), static_cast<SecretStore *>(&m_memory)}) {
        const char *kind = store == &m_memory ? "memory" : "keychain";
        QTest::addRow("%s: ascii", kind) << store << QStringLiteral("sk-upstream-0123456789");
        QTest::addRow("%s: unicode", kind) << store << unicode;
        QTest::addRow("%s: 4 KB", kind) << store << big;
    }
}

void TestKeychainStore::roundTrip()
{
    QFETCH(SecretStore *, store);
    QFETCH(QString, value);
    const QString name = m_prefix
        + QString::fromLatin1(QTest::currentDataTag()).section(QLatin1Char(':'), 1).trimmed();
    const SecretResult written = awaitSecret([&](auto done) { store->write(name, value, done); });
    QVERIFY2(written.ok(), qPrintable(written.error));
    const SecretResult read = awaitSecret([&](auto done) { store->read(name, done); });
    QVERIFY2(read.ok(), qPrintable(read.error));
    QCOMPARE(read.value, value);
    const SecretResult removed = awaitSecret([&](auto done) { store->remove(name, done); });
    QVERIFY2(removed.ok(), qPrintable(removed.error));
    const SecretResult gone = awaitSecret([&](auto done) { store->read(name, done); });
    QCOMPARE(gone.status, SecretResult::Status::NotFound);
    QVERIFY(!gone.error.contains(value));
}

void TestKeychainStore::missingEntryIsNotFoundWithoutTheValue_data()
{
    addStores();
    QTest::newRow("keychain") << static_cast<SecretStore *>(m_keychain.get());
    QTest::newRow("memory") << static_cast<SecretStore *>(&m_memory);
}

void TestKeychainStore::missingEntryIsNotFoundWithoutTheValue()
{
    QFETCH(SecretStore *, store);
    const QString name = m_prefix + QStringLiteral("never-written");
    const SecretResult r = awaitSecret([&](auto done) { store->read(name, done); });
    QCOMPARE(r.status, SecretResult::Status::NotFound);
    QVERIFY(r.value.isEmpty());
    QVERIFY2(r.error.contains(name), qPrintable(r.error));
}

// `clawgatectl secret set|list|delete` against the same keychain: the value goes in from
// stdin, only its name is written to disk.
void TestKeychainStore::clawgatectlSecretCommands()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("config.json"));
    const QString name = m_prefix + QStringLiteral("cli");
    const QString value
        = QStringLiteral("sk-cli-secret-%1").arg(QRandomGenerator::global()->generate());
    auto ctl = [&](const QStringList &args, const QByteArray &input = {}) {
        QProcess process;
        process.start(qEnvironmentVariable("CLAWGATECTL"),
                      QStringList {QStringLiteral("--config"), config} + args);
        process.write(input);
        process.closeWriteChannel();
        process.waitForFinished(15000);
        return std::make_pair(process.exitCode(),
                              QString::fromUtf8(process.readAllStandardOutput()));
    };
    const auto set
        = ctl({QStringLiteral("secret"), QStringLiteral("set"), name}, value.toUtf8() + '\n');
    QCOMPARE(set.first, 0);
    QVERIFY(!set.second.contains(value));
    QCOMPARE(ctl({QStringLiteral("secret"), QStringLiteral("list")}).second.trimmed(), name);
    KeychainSecretStore appStore; // the service clawgatectl uses
    const SecretResult read = awaitSecret([&](auto done) { appStore.read(name, done); });
    QCOMPARE(read.value, value);
    for (const QString &file : QDir(dir.path()).entryList(QDir::Files)) {
        QFile f(dir.filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(value.toUtf8()), qPrintable(file));
    }
    QCOMPARE(ctl({QStringLiteral("secret"), QStringLiteral("delete"), name}).first, 0);
    QCOMPARE(ctl({QStringLiteral("secret"), QStringLiteral("list")}).second.trimmed(), QString());
    QCOMPARE(awaitSecret([&](auto done) { appStore.read(name, done); }).status,
             SecretResult::Status::NotFound);
    QVERIFY(ctl({QStringLiteral("secret"), QStringLiteral("set"), name}, QByteArray()).first
            != 0); // no value
}

QTEST_GUILESS_MAIN(TestKeychainStore)
#include "tst_keychainstore.moc"
