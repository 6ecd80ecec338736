// The Providers page's Import… panel, driven by objectName against a real gateway and the mock
// upstream: Preview shows the import's report and writes nothing, Apply stores the secrets in
// the gateway's secret store and saves the configuration, which the gateway serves at once;
// importing again says there is nothing to change; a file the import cannot read is reported
// inline.
#include "ctlprocess.h"
#include "gatewayfixture.h"
#include "importsources.h"
#include "providerspage.h"
#include "providerspagedriver.h"
#include "screenshot.h"
#include "secretwait.h"
#include "store/secretstore.h"

#include <QPlainTextEdit>

using namespace clawgate;
using namespace clawgate::ui;
using namespace providerspage;

namespace {

const QByteArray kProviderKey = QByteArrayLiteral("sk-import-gui-doubao-0001");
const QByteArray kGatewayKey = QByteArrayLiteral("sk-import-gui-gateway-0001");

} // namespace

class TestImportPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void previewWritesNothingThenApplyImports();
    void unreadableFileIsReportedInline();

private:
    QString status() const;
    QString report() const;
    // Clicks `button` and waits until the status is no longer a "…" progress line.
    QString clickAndWait(const char *button);
    // With CLAWGATE_SCREENSHOT_DIR set, saves the page as a PNG there, to be looked at.
    void grab(const QString &file);

    GatewayFixture m_fx;
    QTemporaryDir m_sources;
    InMemorySecretStore m_store;
    std::unique_ptr<GatewayService> m_service;
    std::unique_ptr<ProvidersPage> m_page;
};

void TestImportPanel::initTestCase()
{
    m_fx.addProvider(QStringLiteral("own"), QStringLiteral("own"));
    m_fx.addModel(QStringLiteral("mine"), {QStringLiteral("own:m")});
    m_fx.writeConfig();
    GatewayOptions options;
    options.configPath = m_fx.configPath();
    options.port = 0;
    options.secrets = &m_store;
    m_service = std::make_unique<GatewayService>(options);
    m_page = std::make_unique<ProvidersPage>(*m_service, m_store);
    m_page->resize(900, 560);
    m_page->show();
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
}

QString TestImportPanel::status() const
{
    return m_page->findChild<QLabel *>(QStringLiteral("importStatusLabel"))->text();
}

QString TestImportPanel::report() const
{
    return m_page->findChild<QPlainTextEdit *>(QStringLiteral("importReportTextEdit"))
        ->toPlainText();
}

void TestImportPanel::grab(const QString &file)
{
    QVERIFY(saveScreenshot(*m_page, file));
}

QString TestImportPanel::clickAndWait(const char *button)
{
    m_page->findChild<QLabel *>(QStringLiteral("importStatusLabel"))->clear();
    click(m_page.get(), button);
    (void)QTest::qWaitFor(
        [this] { return !status().isEmpty() && !status().endsWith(QChar(0x2026)); }, 15000);
    return status();
}

void TestImportPanel::previewWritesNothingThenApplyImports()
{
    const QString source = writeMockedAggregator(m_sources.path(), m_fx.mock,
                                                 "PORT=8787\nGATEWAY_API_KEY=" + kGatewayKey
                                                     + "\nDOUBAO_API_KEY=" + kProviderKey + "\n");
    QVERIFY(!source.isEmpty());
    auto *panel = find(m_page.get(), "importPanel");
    QVERIFY(!panel->isVisible());
    click(m_page.get(), "importProvidersPushButton");
    QVERIFY(panel->isVisible());
    type(m_page.get(), "importFileLineEdit", source);
    type(m_page.get(), "importEnvLineEdit", m_sources.filePath(QStringLiteral(".env")));
    auto *apply = m_page->findChild<QPushButton *>(QStringLiteral("applyImportPushButton"));
    QVERIFY(!apply->isEnabled());

    const QByteArray before = readFile(m_fx.configPath());
    QCOMPARE(clickAndWait("previewImportPushButton"),
             QStringLiteral("Preview: nothing is written until you click Apply."));
    QVERIFY2(report().contains(QLatin1String("Would create provider doubao")),
             qPrintable(report()));
    grab(QStringLiteral("import-preview.png"));
    QVERIFY2(report().contains(QLatin1String("Would store secret doubao-api-key in the keychain")),
             qPrintable(report()));
    QCOMPARE(readFile(m_fx.configPath()), before);
    const SecretResult unset = awaitSecret(
        [&](SecretStore::Callback done) { m_store.read(QStringLiteral("doubao-api-key"), done); });
    QCOMPARE(unset.status, SecretResult::Status::NotFound);
    QVERIFY(apply->isEnabled());

    QCOMPARE(clickAndWait("applyImportPushButton"), QStringLiteral("Imported."));
    QVERIFY2(report().contains(QLatin1String("Created provider doubao")), qPrintable(report()));
    const QJsonObject doubao = readJson(m_fx.configPath())
                                   .value(QLatin1String("providers"))
                                   .toObject()
                                   .value(QLatin1String("doubao"))
                                   .toObject();
    QCOMPARE(doubao.value(QLatin1String("apiKey")).toString(),
             QStringLiteral("keychain:doubao-api-key"));
    QVERIFY(!readFile(m_fx.configPath()).contains(kProviderKey));
    const SecretResult stored = awaitSecret(
        [&](SecretStore::Callback done) { m_store.read(QStringLiteral("doubao-api-key"), done); });
    QCOMPARE(stored.value.toUtf8(), kProviderKey);

    // The gateway serves the imported alias with the imported client key and provider key.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_service->config()->providers.value(QStringLiteral("doubao")).isAvailable(), 10000);
    m_fx.mock->setRecording(true);
    const TestResponse answer
        = TestClient::post(m_service->status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(QStringLiteral("chat")), bearer(kGatewayKey));
    QCOMPARE(answer.status, 200);
    QCOMPARE(m_fx.mock->requests(QStringLiteral("volces")).value(0).header("authorization"),
             QByteArray("Bearer " + kProviderKey));

    // Again: the configuration has it all; a preview does not read the keychain, Apply does.
    clickAndWait("previewImportPushButton");
    QVERIFY2(!report().contains(QLatin1String("Would create")), qPrintable(report()));
    QCOMPARE(clickAndWait("applyImportPushButton"),
             QStringLiteral("Nothing to change: the configuration and the keychain already hold "
                            "this import."));
    QVERIFY(!apply->isEnabled());
}

void TestImportPanel::unreadableFileIsReportedInline()
{
    const QString path = m_sources.filePath(QStringLiteral("other.json"));
    QVERIFY(writeFile(path, R"({"something": "else"})"));
    click(m_page.get(), "importProvidersPushButton");
    type(m_page.get(), "importFileLineEdit", path);
    type(m_page.get(), "importEnvLineEdit", QString());
    const QByteArray before = readFile(m_fx.configPath());
    QVERIFY2(clickAndWait("previewImportPushButton")
                 .contains(QLatin1String("not a format the import knows")),
             qPrintable(status()));
    QVERIFY(
        !m_page->findChild<QPushButton *>(QStringLiteral("applyImportPushButton"))->isEnabled());
    QCOMPARE(readFile(m_fx.configPath()), before);
}

QTEST_MAIN(TestImportPanel)
#include "tst_importpanel.moc"
