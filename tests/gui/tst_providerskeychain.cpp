// The Providers page with the real keychain (gnome-keyring in the private D-Bus session that
// tests/run-all.sh starts): an API key typed in the page lands in the keyring, the file gets
// only its "keychain:" reference, the gateway, reading the same store, sends it upstream, and
// `clawgatectl secret list` lists it as it lists a secret the CLI set. Removing a provider
// deletes its entry unless another provider still refers to it or the removal was refused.
#include "ctlprocess.h"
#include "gatewayfixture.h"
#include "providerspagedriver.h"
#include "secretwait.h"
#include "store/configstore.h"
#include "store/keychainsecretstore.h"
#include "store/secretindex.h"

#include <QRandomGenerator>

using namespace clawgate;
using namespace clawgate::ui;
using namespace providerspage;

class TestProvidersKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void addedKeyLandsInTheKeyringNotInTheFile();
    void addedKeyIsListedLikeOneSetByTheCli();
    void removingAProviderDeletesItsKey();
    void removingKeepsAKeyAnotherProviderUses();
    void aRefusedRemovalDeletesNothing();
    void cleanupTestCase();

private:
    // Adds provider `m_provider + suffix` with a key through the page; returns its entry name.
    QString addWithKey(const QString &suffix);
    SecretResult readEntry(const QString &name) const; // through a store of its own
    QStringList indexedNames() const; // what `clawgatectl secret list` prints
    // Waits until no keychain job of the page is running: a deletion it started has finished.
    bool keychainIdle() const;

    GatewayFixture m_fx;
    std::unique_ptr<KeychainSecretStore> m_keychain;
    std::unique_ptr<GatewayService> m_service;
    std::unique_ptr<ProvidersPage> m_page;
    QString m_provider;
    QString m_cliSecret; // set with clawgatectl, in the CLI's own keychain service
};

void TestProvidersKeychain::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("no D-Bus session: run the suite through tests/run-all.sh (dbus-run-session + "
              "gnome-keyring)");
    // A name of its own per run, so a leftover entry from an earlier run cannot pass the test.
    m_provider = QStringLiteral("kc%1").arg(QRandomGenerator::global()->generate());
    m_cliSecret = QStringLiteral("cli-") + m_provider;
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    m_fx.writeConfig();
    m_keychain = std::make_unique<KeychainSecretStore>(QStringLiteral("clawgate-tests"));
    GatewayOptions options;
    options.configPath = m_fx.configPath();
    options.port = 0;
    options.secrets = m_keychain.get();
    m_service = std::make_unique<GatewayService>(options);
    m_page = std::make_unique<ProvidersPage>(*m_service, *m_keychain);
    m_page->show();
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
}

void TestProvidersKeychain::addedKeyLandsInTheKeyringNotInTheFile()
{
    const QString secret = QStringLiteral("sk-upstream-keyring-%1").arg(m_provider);
    QCOMPARE(addProvider(m_page.get(), m_provider, m_fx.mock.baseUrl(QStringLiteral("k")), secret),
             QStringLiteral("Saved."));
    const QString entry = ProvidersPage::secretNameFor(m_provider);
    const QJsonObject provider = readJson(m_fx.configPath())
                                     .value(QLatin1String("providers"))
                                     .toObject()
                                     .value(m_provider)
                                     .toObject();
    QCOMPARE(provider.value(QLatin1String("apiKey")).toString(),
             QStringLiteral("keychain:") + entry);
    QVERIFY(!readFile(m_fx.configPath()).contains(secret.toUtf8()));
    // Read back through a store of its own: the value is in the keyring itself.
    KeychainSecretStore reader(QStringLiteral("clawgate-tests"));
    const SecretResult stored
        = awaitSecret([&](SecretStore::Callback done) { reader.read(entry, done); });
    QVERIFY2(stored.ok(), qPrintable(stored.error));
    QCOMPARE(stored.value, secret);
    // And the gateway resolves the reference from the keyring.
    QTRY_VERIFY_WITH_TIMEOUT(m_service->config()->providers.value(m_provider).isAvailable(), 15000);
}

QString TestProvidersKeychain::addWithKey(const QString &suffix)
{
    const QString name = m_provider + suffix;
    const QString answer = addProvider(m_page.get(), name, m_fx.mock.baseUrl(QStringLiteral("k")),
                                       QStringLiteral("sk-upstream-keyring-") + name);
    if (answer != QLatin1String("Saved."))
        qWarning("adding %s: %s", qPrintable(name), qPrintable(answer));
    return ProvidersPage::secretNameFor(name);
}

SecretResult TestProvidersKeychain::readEntry(const QString &name) const
{
    KeychainSecretStore reader(QStringLiteral("clawgate-tests"));
    return awaitSecret([&](SecretStore::Callback done) { reader.read(name, done); });
}

QStringList TestProvidersKeychain::indexedNames() const
{
    return SecretIndex(ConfigStore(m_fx.configPath()).secretsIndexPath()).names();
}

bool TestProvidersKeychain::keychainIdle() const
{
    return QTest::qWaitFor([this] { return m_keychain->runningJobs() == 0; }, 15000);
}

void TestProvidersKeychain::addedKeyIsListedLikeOneSetByTheCli()
{
    const CtlResult set = runCtl({QStringLiteral("secret"), QStringLiteral("set"), m_cliSecret},
                                 m_fx.configPath(), "sk-cli-secret-keyring");
    QVERIFY2(set.exitCode == 0, set.describe().constData());
    const CtlResult list
        = runCtl({QStringLiteral("secret"), QStringLiteral("list")}, m_fx.configPath());
    QVERIFY2(list.exitCode == 0, list.describe().constData());
    // The key added through the page in the test before, and the one the CLI set.
    QCOMPARE(list.outLines(),
             QList<QByteArray>(
                 {m_cliSecret.toUtf8(), ProvidersPage::secretNameFor(m_provider).toUtf8()}));
}

void TestProvidersKeychain::removingAProviderDeletesItsKey()
{
    const QString entry = addWithKey(QStringLiteral("-gone"));
    QVERIFY(indexedNames().contains(entry));
    QVERIFY(readEntry(entry).ok());
    QCOMPARE(removeProvider(m_page.get(), m_provider + QStringLiteral("-gone")),
             QStringLiteral("Saved."));
    QTRY_VERIFY_WITH_TIMEOUT(!indexedNames().contains(entry), 15000);
    QCOMPARE(readEntry(entry).status, SecretResult::Status::NotFound);
    QCOMPARE(resultText(m_page.get()), QStringLiteral("Saved.")); // nothing went wrong after
    const CtlResult list
        = runCtl({QStringLiteral("secret"), QStringLiteral("list")}, m_fx.configPath());
    QVERIFY2(!list.out.contains(entry.toUtf8()), list.describe().constData());
}

void TestProvidersKeychain::removingKeepsAKeyAnotherProviderUses()
{
    const QString entry = addWithKey(QStringLiteral("-shared"));
    // A second provider, written by hand, uses the same entry.
    QJsonObject root = m_service->configJson();
    QJsonObject providers = root.value(QLatin1String("providers")).toObject();
    providers.insert(
        m_provider + QStringLiteral("-twin"),
        QJsonObject {{QStringLiteral("baseUrl"), m_fx.mock.baseUrl(QStringLiteral("t"))},
                     {QStringLiteral("apiKey"), QStringLiteral("keychain:") + entry}});
    root.insert(QLatin1String("providers"), providers);
    QVERIFY(saveConfig(*m_service, root));
    QCOMPARE(removeProvider(m_page.get(), m_provider + QStringLiteral("-shared")),
             QStringLiteral("Saved."));
    QVERIFY(keychainIdle());
    QVERIFY(readEntry(entry).ok());
    QVERIFY(indexedNames().contains(entry));
}

void TestProvidersKeychain::aRefusedRemovalDeletesNothing()
{
    const QString provider = m_provider + QStringLiteral("-used");
    const QString entry = addWithKey(QStringLiteral("-used"));
    QJsonObject root = m_service->configJson();
    QJsonArray models = root.value(QLatin1String("models")).toArray();
    models.append(
        QJsonObject {{QStringLiteral("alias"), QStringLiteral("uses-it")},
                     {QStringLiteral("backends"),
                      QJsonArray {QJsonObject {{QStringLiteral("provider"), provider},
                                               {QStringLiteral("model"), QStringLiteral("m")}}}}});
    root.insert(QLatin1String("models"), models);
    QVERIFY(saveConfig(*m_service, root));
    QVERIFY(removeProvider(m_page.get(), provider).startsWith(QStringLiteral("Not saved:")));
    QVERIFY(keychainIdle());
    QVERIFY(readEntry(entry).ok());
    QVERIFY(indexedNames().contains(entry));
}

void TestProvidersKeychain::cleanupTestCase()
{
    if (m_keychain && !m_provider.isEmpty()) {
        for (const QString &suffix : {QString(), QStringLiteral("-gone"), QStringLiteral("-shared"),
                                      QStringLiteral("-used")})
            awaitSecret([&](SecretStore::Callback done) {
                m_keychain->remove(ProvidersPage::secretNameFor(m_provider + suffix), done);
            });
        runCtl({QStringLiteral("secret"), QStringLiteral("delete"), m_cliSecret},
               m_fx.configPath());
    }
    m_page.reset();
    m_service.reset();
}

QTEST_MAIN(TestProvidersKeychain)
#include "tst_providerskeychain.moc"
