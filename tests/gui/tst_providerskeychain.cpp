// The Providers page with the real keychain (gnome-keyring in the private D-Bus session that
// tests/run-all.sh starts): an API key typed in the page lands in the keyring, the file gets
// only its "keychain:" reference, and the gateway, reading the same store, sends it upstream.
#include "ctlprocess.h"
#include "gatewayfixture.h"
#include "providerspagedriver.h"
#include "secretwait.h"
#include "store/keychainsecretstore.h"

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
    void cleanupTestCase();

private:
    GatewayFixture m_fx;
    std::unique_ptr<KeychainSecretStore> m_keychain;
    std::unique_ptr<GatewayService> m_service;
    std::unique_ptr<ProvidersPage> m_page;
    QString m_provider;
};

void TestProvidersKeychain::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("no D-Bus session: run the suite through tests/run-all.sh (dbus-run-session + "
              "gnome-keyring)");
    // A name of its own per run, so a leftover entry from an earlier run cannot pass the test.
    m_provider = QStringLiteral("kc%1").arg(QRandomGenerator::global()->generate());
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

void TestProvidersKeychain::cleanupTestCase()
{
    if (m_keychain && !m_provider.isEmpty())
        awaitSecret([this](SecretStore::Callback done) {
            m_keychain->remove(ProvidersPage::secretNameFor(m_provider), done);
        });
    m_page.reset();
    m_service.reset();
}

QTEST_MAIN(TestProvidersKeychain)
#include "tst_providerskeychain.moc"
