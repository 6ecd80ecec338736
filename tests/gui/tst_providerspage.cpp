// The Providers page against a real gateway and the mock upstream: a provider added here with
// an API key works at once, with the key in the secret store and only a keychain reference in
// the file; editing without retyping the key keeps it; removing a provider a model uses is
// refused with the reason; Test shows each backend's status and latency, or its error. The form
// offers the anthropic type and, for the OpenAI types, how the provider serves the Responses
// API, and gives back every field it does not show. With
// CLAWGATE_SCREENSHOT_DIR set, the page is saved as PNG in English and Simplified Chinese.
#include "ctlprocess.h"
#include "gatewayfixture.h"
#include "mainwindow.h"
#include "providerform.h"
#include "providerlistmodel.h"
#include "providerspagedriver.h"
#include "screenshot.h"
#include "secretwait.h"
#include "store/secretstore.h"

#include <QComboBox>
#include <QDir>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTranslator>

using namespace clawgate;
using namespace clawgate::ui;
using namespace providerspage;

namespace {

const QString kSecret = QStringLiteral("sk-upstream-newco-9001");
const QString kAzureSecret = QStringLiteral("sk-upstream-azco-4242");
const QString kAnthropicSecret = QStringLiteral("sk-upstream-anco-5151");

} // namespace

class TestProvidersPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stateOfEachProviderIsShown();
    void noProvidersExplainsWhatToDo();
    void stateText_data();
    void stateText();
    void addedProviderKeepsItsKeyInTheSecretStore();
    void editWithAnEmptyKeyFieldKeepsTheKey();
    void azureProviderGetsDeploymentAndVersion();
    void formRoundTripsTypeAndResponsesApi_data();
    void formRoundTripsTypeAndResponsesApi();
    void formSuggestsABaseUrlForEachType_data();
    void formSuggestsABaseUrlForEachType();
    void anthropicProviderFromTheFormIsAskedWithItsKey();
    void responsesApiChoiceDecidesWhatTheProviderIsAsked_data();
    void responsesApiChoiceDecidesWhatTheProviderIsAsked();
    void removingAProviderAModelUsesIsRefused();
    void testShowsEachBackendsResult();
    void chineseScreenshot();

private:
    // What reached the mock as Authorization for one request to `alias` (empty on a failure).
    QByteArray authorizationUpstream(const QString &alias);
    QJsonObject fileProvider(const QString &name) const;
    bool addAlias(const QString &alias, const QString &provider, const QString &model);
    QStringList testRow(int row) const;
    void grab(const QString &file);

    GatewayFixture m_fx;
    InMemorySecretStore m_store;
    std::unique_ptr<GatewayService> m_service;
    std::unique_ptr<MainWindow> m_window;
    QWidget *m_page = nullptr;
};

QByteArray TestProvidersPage::authorizationUpstream(const QString &alias)
{
    const TestResponse r
        = TestClient::post(m_service->status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(alias), m_fx.auth());
    if (r.status != 200 || m_fx.mock->requests(QStringLiteral("n")).isEmpty())
        return {};
    return m_fx.mock->requests(QStringLiteral("n")).last().header("authorization");
}

void TestProvidersPage::initTestCase()
{
    m_fx.addProvider(QStringLiteral("openai"), QStringLiteral("a"));
    QJsonObject envless;
    envless.insert(QStringLiteral("apiKey"), QStringLiteral("${CLAWGATE_GUI_TEST_UNSET_KEY}"));
    m_fx.addProvider(QStringLiteral("company"), QStringLiteral("c"), envless);
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("openai:gpt-4o-mini")});
    m_fx.addModel(QStringLiteral("internal"), {QStringLiteral("company:llama-70b")});
    m_fx.writeConfig();
    qunsetenv("CLAWGATE_GUI_TEST_UNSET_KEY");
    GatewayOptions options;
    options.configPath = m_fx.configPath();
    options.port = 0;
    options.secrets = &m_store;
    m_service = std::make_unique<GatewayService>(options);
    m_window = std::make_unique<MainWindow>(*m_service, &m_store);
    m_window->showPage(QStringLiteral("providersPage"));
    m_window->show();
    m_page = m_window->findChild<QWidget *>(QStringLiteral("providersPage"));
    QVERIFY(m_page);
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
    QTRY_COMPARE(
        m_page->findChild<QTableView *>(QStringLiteral("providersTableView"))->model()->rowCount(),
        2);
}

QJsonObject TestProvidersPage::fileProvider(const QString &name) const
{
    return readJson(m_fx.configPath())
        .value(QLatin1String("providers"))
        .toObject()
        .value(name)
        .toObject();
}

// Adds `alias` with one backend through the service, as the Models page does, and waits until
// the gateway runs with it.
bool TestProvidersPage::addAlias(const QString &alias, const QString &provider,
                                 const QString &model)
{
    QJsonObject root = m_service->configJson();
    QJsonArray models = root.value(QLatin1String("models")).toArray();
    models.append(QJsonObject {{QStringLiteral("alias"), alias},
                               {QStringLiteral("backends"),
                                QJsonArray {QJsonObject {{QStringLiteral("provider"), provider},
                                                         {QStringLiteral("model"), model}}}}});
    root.insert(QLatin1String("models"), models);
    return saveConfig(*m_service, root)
        && QTest::qWaitFor(
               [&] { return m_service->config()->providers.value(provider).isAvailable(); }, 5000);
}

QStringList TestProvidersPage::testRow(int row) const
{
    auto *table = m_page->findChild<QTableWidget *>(QStringLiteral("testResultsTableWidget"));
    QStringList cells;
    for (int column = 0; column < table->columnCount(); ++column)
        cells.append(table->item(row, column) ? table->item(row, column)->text() : QString());
    return cells;
}

void TestProvidersPage::grab(const QString &file)
{
    QVERIFY(saveScreenshot(*m_window, file));
}

void TestProvidersPage::stateOfEachProviderIsShown()
{
    auto *table = m_page->findChild<QTableView *>(QStringLiteral("providersTableView"));
    QAbstractItemModel *model = table->model();
    QTRY_COMPARE(model->index(1, 3).data().toString(), QStringLiteral("Ready"));
    QCOMPARE(model->index(1, 0).data().toString(), QStringLiteral("openai"));
    QCOMPARE(model->index(1, 1).data().toString(), QStringLiteral("openai"));
    QCOMPARE(model->index(1, 2).data().toString(), m_fx.mock.baseUrl(QStringLiteral("a")));
    QVERIFY2(model->index(0, 3).data().toString().startsWith(
                 QStringLiteral("Unavailable: environment variable CLAWGATE_GUI_TEST_UNSET_KEY")),
             qPrintable(model->index(0, 3).data().toString()));
}

void TestProvidersPage::noProvidersExplainsWhatToDo()
{
    GatewayFixture empty;
    empty.writeConfig();
    GatewayOptions options;
    options.configPath = empty.configPath();
    options.port = 0;
    GatewayService service(options);
    InMemorySecretStore store;
    ProvidersPage page(service, store);
    page.show();
    service.start();
    QTRY_COMPARE(service.status().state, GatewayState::Running);
    auto *label = page.findChild<QLabel *>(QStringLiteral("providersEmptyLabel"));
    QTRY_COMPARE(page.findChild<QStackedWidget *>()->currentWidget(), label);
    QVERIFY(label->text().contains(QLatin1String("Import")));
    page.resize(900, 560);
    QVERIFY(saveScreenshot(page, QStringLiteral("providers-empty.png")));

    // The page with providers shows the list, not the hint.
    auto *table = m_page->findChild<QTableView *>(QStringLiteral("providersTableView"));
    QTRY_VERIFY(table->isVisible());
    QVERIFY(!m_page->findChild<QLabel *>(QStringLiteral("providersEmptyLabel"))->isVisible());
}

void TestProvidersPage::stateText_data()
{
    QTest::addColumn<QString>("reason"); // the gateway's unavailableReason
    QTest::addColumn<bool>("awaitingKeychain");
    QTest::addColumn<QString>("state");
    QTest::newRow("ready") << QString() << false << QStringLiteral("Ready");
    QTest::newRow("keychain not answered yet")
        << QStringLiteral("keychain entry provider.x has not been read (provider x, field apiKey)")
        << true << QStringLiteral("Waiting for the keychain");
    // The state comes from the flag, not from the wording of the reason.
    QTest::newRow("keychain not answered yet, reason worded differently")
        << QStringLiteral("secret provider.x pending") << true
        << QStringLiteral("Waiting for the keychain");
    QTest::newRow("keychain entry missing")
        << QStringLiteral("keychain entry provider.x was not found (provider x, field apiKey)")
        << false
        << QStringLiteral("Unavailable: keychain entry provider.x was not found (provider x, "
                          "field apiKey)");
}

void TestProvidersPage::stateText()
{
    QFETCH(QString, reason);
    QFETCH(bool, awaitingKeychain);
    QFETCH(QString, state);
    ProviderConfig provider;
    provider.unavailableReason = reason;
    provider.awaitingKeychain = awaitingKeychain;
    QCOMPARE(ProviderListModel::stateText(provider), state);
}

void TestProvidersPage::addedProviderKeepsItsKeyInTheSecretStore()
{
    QCOMPARE(addProvider(m_page, QStringLiteral("newco"), m_fx.mock.baseUrl(QStringLiteral("n")),
                         kSecret),
             QStringLiteral("Saved."));
    QVERIFY(!find(m_page, "providerFormGroupBox")->isVisible());
    // The file names the keychain entry; the key itself is only in the store.
    QCOMPARE(fileProvider(QStringLiteral("newco")).value(QLatin1String("apiKey")).toString(),
             QStringLiteral("keychain:provider.newco"));
    QVERIFY(!readFile(m_fx.configPath()).contains(kSecret.toUtf8()));
    const SecretResult stored = awaitSecret([this](SecretStore::Callback done) {
        m_store.read(QStringLiteral("provider.newco"), done);
    });
    QCOMPARE(stored.value, kSecret);

    // A model that uses it reaches the upstream with the key.
    QVERIFY(addAlias(QStringLiteral("fresh"), QStringLiteral("newco"), QStringLiteral("nm")));
    m_fx.mock->setRecording(true);
    QCOMPARE(authorizationUpstream(QStringLiteral("fresh")),
             QByteArray("Bearer ") + kSecret.toUtf8());
}

void TestProvidersPage::editWithAnEmptyKeyFieldKeepsTheKey()
{
    QVERIFY(select(m_page, QStringLiteral("newco")));
    click(m_page, "editProviderPushButton");
    auto *name = m_page->findChild<QLineEdit *>(QStringLiteral("providerNameLineEdit"));
    QCOMPARE(name->text(), QStringLiteral("newco"));
    QVERIFY(name->isReadOnly());
    m_page->findChild<QSpinBox *>(QStringLiteral("firstByteTimeoutSpinBox"))->setValue(77);
    type(m_page, "providerProxyLineEdit", QString());
    click(m_page, "saveProviderPushButton");
    QTRY_COMPARE(resultText(m_page), QStringLiteral("Saved."));

    const QJsonObject saved = fileProvider(QStringLiteral("newco"));
    QCOMPARE(saved.value(QLatin1String("apiKey")).toString(),
             QStringLiteral("keychain:provider.newco"));
    QCOMPARE(saved.value(QLatin1String("timeouts"))
                 .toObject()
                 .value(QLatin1String("firstByteSeconds"))
                 .toInt(),
             77);
    QTRY_COMPARE(
        m_service->config()->providers.value(QStringLiteral("newco")).timeouts.firstByteSeconds,
        77);
    QCOMPARE(authorizationUpstream(QStringLiteral("fresh")),
             QByteArray("Bearer ") + kSecret.toUtf8());
}

// Azure's fields appear only for that type, land in the file, and the route reaches the
// deployment with the API version and the api-key header.
void TestProvidersPage::azureProviderGetsDeploymentAndVersion()
{
    click(m_page, "addProviderPushButton");
    auto *deployment = m_page->findChild<QLineEdit *>(QStringLiteral("providerDeploymentLineEdit"));
    QVERIFY(deployment->isHidden()); // openai, the default type
    m_page->findChild<QComboBox *>(QStringLiteral("providerTypeComboBox"))
        ->setCurrentText(QStringLiteral("azure-openai"));
    QVERIFY(!deployment->isHidden());
    type(m_page, "providerNameLineEdit", QStringLiteral("azco"));
    type(m_page, "providerBaseUrlLineEdit", m_fx.mock.baseUrl(QStringLiteral("z")));
    type(m_page, "providerDeploymentLineEdit", QStringLiteral("dep-1"));
    type(m_page, "providerApiVersionLineEdit", QStringLiteral("2025-01-01-preview"));
    type(m_page, "providerApiKeyLineEdit", kAzureSecret);
    click(m_page, "saveProviderPushButton");
    QTRY_COMPARE(resultText(m_page), QStringLiteral("Saved."));

    const QJsonObject saved = fileProvider(QStringLiteral("azco"));
    QCOMPARE(saved.value(QLatin1String("type")).toString(), QStringLiteral("azure-openai"));
    QCOMPARE(saved.value(QLatin1String("deployment")).toString(), QStringLiteral("dep-1"));
    QCOMPARE(saved.value(QLatin1String("apiVersion")).toString(),
             QStringLiteral("2025-01-01-preview"));

    QVERIFY(addAlias(QStringLiteral("azure"), QStringLiteral("azco"), QStringLiteral("gpt-4o")));
    const TestResponse r
        = TestClient::post(m_service->status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(QStringLiteral("azure")), m_fx.auth());
    QCOMPARE(r.status, 200);
    const QList<MockRequest> received = m_fx.mock->requests(QStringLiteral("z"));
    QVERIFY(!received.isEmpty());
    QCOMPARE(received.last().path,
             QByteArray("/z/v1/deployments/dep-1/chat/completions?api-version=2025-01-01-preview"));
    QCOMPARE(received.last().header("api-key"), kAzureSecret.toUtf8());
}

namespace {

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

void TestProvidersPage::formRoundTripsTypeAndResponsesApi_data()
{
    QTest::addColumn<QJsonObject>("original");
    QTest::addColumn<QString>("chosenType"); // "keep": left as the file says
    QTest::addColumn<QString>("chosenResponsesApi"); // "keep", or the item's data ("" = default)
    QTest::addColumn<bool>("responsesApiShown");
    QTest::addColumn<QJsonObject>("expected"); // these fields, as they are here
    QTest::addColumn<QStringList>("absent"); // and none of these

    const QString keep = QStringLiteral("keep");
    const QStringList responsesApi {QStringLiteral("responsesApi")};
    QTest::newRow("openai: an unset Responses API stays unset, unknown fields stay")
        << object(R"({"type":"openai","baseUrl":"http://x/v1","futureField":{"a":[1]}})") << keep
        << keep << true << object(R"({"type":"openai","futureField":{"a":[1]}})") << responsesApi;
    QTest::newRow("openai: native chosen")
        << object(R"({"type":"openai","baseUrl":"http://x/v1"})") << keep
        << QStringLiteral("native") << true << object(R"({"responsesApi":"native"})")
        << QStringList();
    QTest::newRow("azure-openai: chat read back and kept with the deployment")
        << object(R"({"type":"azure-openai","baseUrl":"http://x/openai","deployment":"d",)"
                  R"("apiVersion":"v","responsesApi":"chat"})")
        << keep << keep << true
        << object(R"({"type":"azure-openai","deployment":"d","responsesApi":"chat"})")
        << QStringList();
    QTest::newRow("openai: back to the default removes the field")
        << object(R"({"type":"openai","baseUrl":"http://x/v1","responsesApi":"chat"})") << keep
        << QString() << true << object(R"({"type":"openai"})") << responsesApi;
    QTest::newRow("a value this version does not know is kept as it is")
        << object(R"({"type":"openai","baseUrl":"http://x/v1","responsesApi":"auto"})") << keep
        << keep << true << object(R"({"responsesApi":"auto"})") << QStringList();
    QTest::newRow("anthropic: read back with its headers, no Responses API setting")
        << object(R"({"type":"anthropic","baseUrl":"https://api.anthropic.com/v1",)"
                  R"("headers":{"anthropic-version":"2023-06-01"},"futureField":true})")
        << keep << keep << false
        << object(R"({"type":"anthropic","baseUrl":"https://api.anthropic.com/v1",)"
                  R"("headers":{"anthropic-version":"2023-06-01"},"futureField":true})")
        << responsesApi;
    QTest::newRow("openai switched to anthropic drops the Responses API setting")
        << object(R"({"type":"openai","baseUrl":"http://x/v1","responsesApi":"native"})")
        << QStringLiteral("anthropic") << keep << false << object(R"({"type":"anthropic"})")
        << responsesApi;
}

// The form alone: what it reads from a provider's object is what it writes back, with the
// user's changes and nothing else.
void TestProvidersPage::formRoundTripsTypeAndResponsesApi()
{
    QFETCH(QJsonObject, original);
    QFETCH(QString, chosenType);
    QFETCH(QString, chosenResponsesApi);
    QFETCH(bool, responsesApiShown);
    QFETCH(QJsonObject, expected);
    QFETCH(QStringList, absent);
    ProviderForm form;
    form.startEdit(QStringLiteral("p"), original);
    auto *type = form.findChild<QComboBox *>(QStringLiteral("providerTypeComboBox"));
    auto *responses = form.findChild<QComboBox *>(QStringLiteral("providerResponsesApiComboBox"));
    QVERIFY(responses);
    QCOMPARE(type->currentText(), original.value(QLatin1String("type")).toString());
    if (chosenType != QLatin1String("keep"))
        type->setCurrentText(chosenType);
    if (chosenResponsesApi != QLatin1String("keep")) {
        QVERIFY(responses->findData(chosenResponsesApi) >= 0);
        responses->setCurrentIndex(responses->findData(chosenResponsesApi));
    }
    QCOMPARE(!responses->isHidden(), responsesApiShown);
    QVERIFY(!responses->toolTip().isEmpty());
    const QJsonObject written = form.providerJson();
    for (auto field = expected.begin(); field != expected.end(); ++field)
        QCOMPARE(written.value(field.key()), field.value());
    for (const QString &field : absent)
        QVERIFY2(!written.contains(field), qPrintable(field));

    // Edited again, the form shows what it wrote.
    form.startEdit(QStringLiteral("p"), written);
    QCOMPARE(form.providerJson(), written);
}

void TestProvidersPage::formSuggestsABaseUrlForEachType_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("placeholder");
    QTest::newRow("openai") << QStringLiteral("openai")
                            << QStringLiteral("https://api.openai.com/v1");
    QTest::newRow("azure-openai") << QStringLiteral("azure-openai")
                                  << QStringLiteral("https://RESOURCE.openai.azure.com/openai");
    QTest::newRow("anthropic") << QStringLiteral("anthropic")
                               << QStringLiteral("https://api.anthropic.com/v1");
}

void TestProvidersPage::formSuggestsABaseUrlForEachType()
{
    QFETCH(QString, type);
    QFETCH(QString, placeholder);
    ProviderForm form;
    form.startAdd();
    auto *types = form.findChild<QComboBox *>(QStringLiteral("providerTypeComboBox"));
    QVERIFY(types->findText(type) >= 0);
    types->setCurrentText(type);
    QCOMPARE(
        form.findChild<QLineEdit *>(QStringLiteral("providerBaseUrlLineEdit"))->placeholderText(),
        placeholder);
}

// An anthropic provider made in the form is asked at /messages with its key in x-api-key and
// Anthropic's version header, and its answer reaches an OpenAI client as chat.
void TestProvidersPage::anthropicProviderFromTheFormIsAskedWithItsKey()
{
    click(m_page, "addProviderPushButton");
    m_page->findChild<QComboBox *>(QStringLiteral("providerTypeComboBox"))
        ->setCurrentText(QStringLiteral("anthropic"));
    QVERIFY(find(m_page, "providerResponsesApiComboBox")->isHidden());
    type(m_page, "providerNameLineEdit", QStringLiteral("anco"));
    type(m_page, "providerBaseUrlLineEdit", m_fx.mock.baseUrl(QStringLiteral("an")));
    type(m_page, "providerApiKeyLineEdit", kAnthropicSecret);
    click(m_page, "saveProviderPushButton");
    QTRY_COMPARE(resultText(m_page), QStringLiteral("Saved."));
    const QJsonObject saved = fileProvider(QStringLiteral("anco"));
    QCOMPARE(saved.value(QLatin1String("type")).toString(), QStringLiteral("anthropic"));
    QVERIFY(!saved.contains(QLatin1String("responsesApi")));
    QVERIFY(addAlias(QStringLiteral("claude"), QStringLiteral("anco"), QStringLiteral("c-1")));

    MockBehavior answer;
    answer.body = R"({"id":"msg_1","type":"message","role":"assistant","model":"c-1",)"
                  R"("content":[{"type":"text","text":"Hi from anco"}],"stop_reason":"end_turn",)"
                  R"("usage":{"input_tokens":3,"output_tokens":2}})";
    m_fx.mock->enqueue(QStringLiteral("an"), answer);
    m_fx.mock->setRecording(true);
    const TestResponse r
        = TestClient::post(m_service->status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(QStringLiteral("claude")), m_fx.auth());
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(
        r.json()[QStringLiteral("choices")][0][QStringLiteral("message")][QStringLiteral("content")]
            .toString(),
        QStringLiteral("Hi from anco"));
    const QList<MockRequest> received = m_fx.mock->requests(QStringLiteral("an"));
    QVERIFY(!received.isEmpty());
    QCOMPARE(received.last().path, QByteArray("/an/v1/messages"));
    QCOMPARE(received.last().header("x-api-key"), kAnthropicSecret.toUtf8());
    QCOMPARE(received.last().header("anthropic-version"), QByteArray("2023-06-01"));
    QVERIFY(received.last().header("authorization").isEmpty());
}

void TestProvidersPage::responsesApiChoiceDecidesWhatTheProviderIsAsked_data()
{
    QTest::addColumn<QString>("choice");
    QTest::addColumn<QByteArray>("upstreamPath");
    QTest::newRow("chat: translated to chat completions")
        << QStringLiteral("chat") << QByteArray("/n/v1/chat/completions");
    QTest::newRow("native: relayed to the provider's /responses")
        << QStringLiteral("native") << QByteArray("/n/v1/responses");
    QTest::newRow("default: native") << QString() << QByteArray("/n/v1/responses");
}

// The Responses API choice saved in the form decides which endpoint the provider is asked.
void TestProvidersPage::responsesApiChoiceDecidesWhatTheProviderIsAsked()
{
    QFETCH(QString, choice);
    QFETCH(QByteArray, upstreamPath);
    QVERIFY(select(m_page, QStringLiteral("newco")));
    click(m_page, "editProviderPushButton");
    auto *combo = m_page->findChild<QComboBox *>(QStringLiteral("providerResponsesApiComboBox"));
    QVERIFY(!combo->isHidden());
    combo->setCurrentIndex(combo->findData(choice));
    click(m_page, "saveProviderPushButton");
    QTRY_COMPARE(resultText(m_page), QStringLiteral("Saved."));
    QCOMPARE(fileProvider(QStringLiteral("newco")).value(QLatin1String("responsesApi")).toString(),
             choice);
    QTRY_COMPARE(m_service->config()->providers.value(QStringLiteral("newco")).responsesViaChat,
                 choice == QLatin1String("chat"));

    m_fx.mock->setRecording(true);
    const TestResponse r
        = TestClient::post(m_service->status().url + QLatin1String("/v1/responses"),
                           QByteArray(R"({"model":"fresh","input":"Say hello."})"), m_fx.auth());
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json()[QStringLiteral("object")].toString(), QStringLiteral("response"));
    QCOMPARE(m_fx.mock->requests(QStringLiteral("n")).last().path, upstreamPath);
}

void TestProvidersPage::removingAProviderAModelUsesIsRefused()
{
    QVERIFY(
        removeProvider(m_page, QStringLiteral("openai")).startsWith(QStringLiteral("Not saved:")));
    QVERIFY2(resultText(m_page).contains(QStringLiteral("no provider named \"openai\"")),
             qPrintable(resultText(m_page)));
    QVERIFY(fileProvider(QStringLiteral("openai")).contains(QLatin1String("baseUrl")));
    QVERIFY(m_service->config()->providers.contains(QStringLiteral("openai")));
}

void TestProvidersPage::testShowsEachBackendsResult()
{
    QVERIFY(select(m_page, QStringLiteral("openai")));
    click(m_page, "testProviderPushButton");
    QTRY_COMPARE(resultText(m_page), QStringLiteral("Test finished."));
    QStringList row = testRow(0);
    QCOMPARE(row.mid(0, 3),
             (QStringList {QStringLiteral("openai:gpt-4o-mini"), QStringLiteral("OK"),
                           QStringLiteral("200")}));
    QVERIFY2(row.at(3).endsWith(QStringLiteral(" ms")), qPrintable(row.at(3)));
    grab(QStringLiteral("providers.png"));

    QVERIFY(select(m_page, QStringLiteral("company")));
    click(m_page, "testProviderPushButton");
    QTRY_COMPARE(resultText(m_page), QStringLiteral("Test finished."));
    row = testRow(0);
    QCOMPARE(row.at(1), QStringLiteral("Failed"));
    QVERIFY2(row.at(4).contains(QStringLiteral("CLAWGATE_GUI_TEST_UNSET_KEY")),
             qPrintable(row.at(4)));
    grab(QStringLiteral("providers-test-failed.png"));
}

// The same page in Simplified Chinese, with test results and the form open.
void TestProvidersPage::chineseScreenshot()
{
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/clawgate_zh_CN.qm")));
    QCoreApplication::installTranslator(&translator);
    MainWindow window(*m_service, &m_store);
    window.showPage(QStringLiteral("providersPage"));
    window.show();
    QWidget *page = window.findChild<QWidget *>(QStringLiteral("providersPage"));
    auto *table = page->findChild<QTableView *>(QStringLiteral("providersTableView"));
    QCOMPARE(table->model()->headerData(0, Qt::Horizontal).toString(), QStringLiteral("名称"));
    QVERIFY(select(page, QStringLiteral("openai")));
    click(page, "testProviderPushButton");
    QTRY_VERIFY(page->findChild<QTableWidget *>()->rowCount() == 1
                && !resultText(page).endsWith(QChar(0x2026)));
    click(page, "editProviderPushButton");
    QVERIFY(saveScreenshot(window, QStringLiteral("providers-zh_CN.png")));
    QCoreApplication::removeTranslator(&translator);
}

QTEST_MAIN(TestProvidersPage)
#include "tst_providerspage.moc"
