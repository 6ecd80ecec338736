// StateLocation and ConfigStore::cooldownsPath(): the gateway's own state lives in the
// platform's state directory, one directory per configuration file, and a cooldown file an
// older version left beside the configuration moves there.
#include "store/configstore.h"
#include "store/statelocation.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace clawgate;

class TestStateLocation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void baseFollowsXdgStateHome();
    void relativeXdgStateHomeIsIgnored();
    void defaultConfigurationUsesTheBase();
    void otherConfigurationsGetTheirOwnDirectory();
    void symlinkedDirectoryIsTheSameConfiguration();
    void cooldownsAreNotBesideTheConfiguration();
    void oldCooldownFileMovesToTheStateDirectory();
    void stateDirectoryFileWinsOverAnOldOne();

private:
    QTemporaryDir m_home;
    QString m_stateHome;
};

void TestStateLocation::initTestCase()
{
    QVERIFY(m_home.isValid());
    QCoreApplication::setApplicationName(QStringLiteral("clawgate")); // as clawgatectl does
    m_stateHome = m_home.filePath(QStringLiteral("state"));
    // Not test mode: this checks the real lookup, in a state home of its own.
    qputenv("XDG_STATE_HOME", QFile::encodeName(m_stateHome));
}

void TestStateLocation::baseFollowsXdgStateHome()
{
    QCOMPARE(StateLocation::baseDirectory(), m_stateHome + QStringLiteral("/clawgate"));
}

void TestStateLocation::relativeXdgStateHomeIsIgnored()
{
    qputenv("XDG_STATE_HOME", "relative/state");
    const QString base = StateLocation::baseDirectory();
    qputenv("XDG_STATE_HOME", QFile::encodeName(m_stateHome));
    QCOMPARE(base, QDir::homePath() + QStringLiteral("/.local/state/clawgate"));
}

void TestStateLocation::defaultConfigurationUsesTheBase()
{
    QCOMPARE(StateLocation::forConfig(ConfigStore::defaultPath()), StateLocation::baseDirectory());
}

void TestStateLocation::otherConfigurationsGetTheirOwnDirectory()
{
    const QString a = StateLocation::forConfig(m_home.filePath(QStringLiteral("a/config.json")));
    const QString b = StateLocation::forConfig(m_home.filePath(QStringLiteral("b/config.json")));
    QVERIFY(a.startsWith(StateLocation::baseDirectory() + QStringLiteral("/configs/")));
    QVERIFY(b.startsWith(StateLocation::baseDirectory() + QStringLiteral("/configs/")));
    QVERIFY(a != b);
    QCOMPARE(StateLocation::forConfig(m_home.filePath(QStringLiteral("a/../a/config.json"))), a);
}

void TestStateLocation::symlinkedDirectoryIsTheSameConfiguration()
{
    QVERIFY(QDir(m_home.path()).mkpath(QStringLiteral("real")));
    QVERIFY(QFile::link(m_home.filePath(QStringLiteral("real")),
                        m_home.filePath(QStringLiteral("link"))));
    // Before the file exists (first run) and after: one key.
    const QString viaLink = m_home.filePath(QStringLiteral("link/config.json"));
    const QString before = StateLocation::forConfig(viaLink);
    QVERIFY(writeFile(m_home.filePath(QStringLiteral("real/config.json")), "{}"));
    QCOMPARE(StateLocation::forConfig(viaLink), before);
    QCOMPARE(StateLocation::forConfig(m_home.filePath(QStringLiteral("real/config.json"))), before);
}

void TestStateLocation::cooldownsAreNotBesideTheConfiguration()
{
    const QString config = m_home.filePath(QStringLiteral("beside/config.json"));
    ConfigStore store(config);
    const QString path = store.cooldownsPath();
    QCOMPARE(path, StateLocation::forConfig(config) + QStringLiteral("/cooldowns.json"));
    QVERIFY(!path.startsWith(store.configDir()));
    QVERIFY(QFileInfo(StateLocation::forConfig(config)).isDir());
    QCOMPARE(QFileInfo(StateLocation::forConfig(config)).permissions()
                 & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
}

void TestStateLocation::oldCooldownFileMovesToTheStateDirectory()
{
    QVERIFY(QDir(m_home.path()).mkpath(QStringLiteral("old")));
    const QString config = m_home.filePath(QStringLiteral("old/config.json"));
    const QString legacy = m_home.filePath(QStringLiteral("old/cooldowns.json"));
    QVERIFY(writeFile(legacy, "{\"version\":1,\"backends\":{}}"));
    const QString path = ConfigStore(config).cooldownsPath();
    QCOMPARE(readFile(path), QByteArrayLiteral("{\"version\":1,\"backends\":{}}"));
    QVERIFY(!QFile::exists(legacy));
}

void TestStateLocation::stateDirectoryFileWinsOverAnOldOne()
{
    QVERIFY(QDir(m_home.path()).mkpath(QStringLiteral("both")));
    const QString config = m_home.filePath(QStringLiteral("both/config.json"));
    const QString legacy = m_home.filePath(QStringLiteral("both/cooldowns.json"));
    QVERIFY(StateLocation::ensureExists(StateLocation::forConfig(config)));
    const QString current = StateLocation::forConfig(config) + QStringLiteral("/cooldowns.json");
    QVERIFY(writeFile(current, "current"));
    QVERIFY(writeFile(legacy, "old"));
    QCOMPARE(ConfigStore(config).cooldownsPath(), current);
    QCOMPARE(readFile(current), QByteArrayLiteral("current"));
    QCOMPARE(readFile(legacy), QByteArrayLiteral("old")); // left alone, not lost
}

QTEST_GUILESS_MAIN(TestStateLocation)
#include "tst_statelocation.moc"
