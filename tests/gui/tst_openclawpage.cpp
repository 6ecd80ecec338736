// The OpenClaw page and the tray's copy action against a real gateway: Copy puts an entry on
// the clipboard that parses and names every alias with the default client key; the protocol
// chosen in the combo box changes the preview, what Apply writes and what the tray copies; Apply
// merges it
// into a temporary openclaw.json that has comments, trailing commas and other providers and
// changes only models.providers.clawgate (byte comparison of the rest), keeping a backup; a
// broken file stays as it was and the page says why; without the key the page says so.
#include "desktopintegration.h"
#include "gatewayfixture.h"
#include "keys/clientkeys.h"
#include "mainwindow.h"
#include "openclawpage.h"
#include "screenshot.h"
#include "store/secretstore.h"
#include "testfiles.h"
#include "trayicon.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

using namespace clawgate;
using namespace clawgate::ui;

namespace {

const QString kKey = QStringLiteral("sk-cg-openclaw-page-test");

const QByteArray kBefore = "// my OpenClaw\n"
                           "{\n"
                           "  agents: { defaults: { model: 'clawgate/chat' } },\n"
                           "  models: {\n"
                           "    providers: {\n"
                           "      local: { baseUrl: 'http://127.0.0.1:1/v1', models: [], },\n"
                           "      clawgate: ";
const QByteArray kOldEntry = "{ baseUrl: 'old', /* } */ models: [], }";
const QByteArray kAfter
    = ", // ClawGate's\n"
      "      other: { baseUrl: \"http://x/v1\", note: \"} // {\", models: [] },\n"
      "    },\n"
      "  },\n"
      "}\n";

QJsonObject clawgateEntry(const QString &snippet)
{
    return QJsonDocument::fromJson(snippet.toUtf8())
        .object()[QStringLiteral("models")][QStringLiteral("providers")][QStringLiteral("clawgate")]
        .toObject();
}

} // namespace

class TestOpenClawPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void copyPutsAnEntryForEveryAliasOnTheClipboard();
    void trayCopiesTheSameEntry();
    void theChosenApiChangesPreviewApplyAndTrayCopy_data();
    void theChosenApiChangesPreviewApplyAndTrayCopy();
    void aNewPageStartsWithTheLastChosenApi();
    void applyChangesOnlyTheClawgateEntry();
    void aBrokenFileStaysUnchangedAndThePageSaysWhy();
    void withoutTheKeyThePageSaysSo();
    void screenshots();

private:
    void click(OpenClawPage &page, const char *button);
    QString trayCopy();

    GatewayFixture m_fx;
    InMemorySecretStore m_secrets;
    std::unique_ptr<GatewayService> m_service;
    std::unique_ptr<OpenClawPage> m_page;
};

void TestOpenClawPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the remembered protocol goes to a test directory
    OpenClawApiSetting::store(OpenClawApi::OpenAICompletions);
    m_fx.addProvider(QStringLiteral("doubao"), QStringLiteral("a"));
    m_fx.addProvider(QStringLiteral("deepseek"), QStringLiteral("b"));
    m_fx.addModel(QStringLiteral("chat"),
                  {QStringLiteral("doubao:doubao-seed"), QStringLiteral("deepseek:deepseek-chat")});
    m_fx.addModel(QStringLiteral("coder"), {QStringLiteral("deepseek:deepseek-coder")});
    m_fx.writeConfig();
    bool written = false;
    m_secrets.write(ClientKeys::defaultKeyKeychainName(), kKey,
                    [&](const SecretResult &r) { written = r.ok(); });
    QTRY_VERIFY(written);
    GatewayOptions options;
    options.configPath = m_fx.configPath();
    options.port = 0;
    m_service = std::make_unique<GatewayService>(options);
    m_page = std::make_unique<OpenClawPage>(*m_service, m_secrets);
    m_page->resize(760, 560);
    m_page->show();
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
    QTRY_VERIFY(
        m_page->findChild<QPushButton *>(QStringLiteral("openClawCopyButton"))->isEnabled());
}

// Every test starts with the default protocol chosen.
void TestOpenClawPage::cleanup()
{
    m_page->findChild<QComboBox *>(QStringLiteral("openClawApiComboBox"))->setCurrentIndex(0);
}

void TestOpenClawPage::click(OpenClawPage &page, const char *button)
{
    QTest::mouseClick(page.findChild<QPushButton *>(QLatin1String(button)), Qt::LeftButton);
}

void TestOpenClawPage::copyPutsAnEntryForEveryAliasOnTheClipboard()
{
    QGuiApplication::clipboard()->clear();
    click(*m_page, "openClawCopyButton");
    const QJsonObject entry = clawgateEntry(QGuiApplication::clipboard()->text());
    QCOMPARE(entry[QStringLiteral("apiKey")].toString(), kKey);
    QCOMPARE(entry[QStringLiteral("api")].toString(), QStringLiteral("openai-completions"));
    QCOMPARE(entry[QStringLiteral("baseUrl")].toString(),
             m_service->status().url + QStringLiteral("/v1"));
    QStringList ids;
    for (const QJsonValue &model : entry[QStringLiteral("models")].toArray())
        ids << model[QStringLiteral("id")].toString();
    QCOMPARE(ids, (QStringList {QStringLiteral("chat"), QStringLiteral("coder")}));
    QCOMPARE(
        m_page->findChild<QPlainTextEdit *>(QStringLiteral("openClawSnippetEdit"))->toPlainText(),
        QGuiApplication::clipboard()->text());
}

QString TestOpenClawPage::trayCopy()
{
    TrayIcon tray(*m_service, &m_secrets);
    QAction *copy = tray.menu()->findChild<QAction *>(QStringLiteral("trayCopyOpenClawAction"));
    if (!copy) { // actions added with addAction(text, receiver, functor) are the menu's children
        for (QAction *action : tray.menu()->actions()) {
            if (action->objectName() == QLatin1String("trayCopyOpenClawAction"))
                copy = action;
        }
    }
    if (!copy)
        return QStringLiteral("no trayCopyOpenClawAction");
    QGuiApplication::clipboard()->clear();
    QTest::qWaitFor(
        [&] { return copy->trigger(), !QGuiApplication::clipboard()->text().isEmpty(); }, 5000);
    return QGuiApplication::clipboard()->text();
}

void TestOpenClawPage::trayCopiesTheSameEntry()
{
    QCOMPARE(
        trayCopy(),
        m_page->findChild<QPlainTextEdit *>(QStringLiteral("openClawSnippetEdit"))->toPlainText());
}

void TestOpenClawPage::theChosenApiChangesPreviewApplyAndTrayCopy_data()
{
    QTest::addColumn<QString>("api");
    QTest::addColumn<QString>("basePath"); // after the gateway's address
    QTest::newRow("openai-completions on /v1")
        << QStringLiteral("openai-completions") << QStringLiteral("/v1");
    QTest::newRow("anthropic-messages on the bare address")
        << QStringLiteral("anthropic-messages") << QString();
    QTest::newRow("openai-responses on /v1")
        << QStringLiteral("openai-responses") << QStringLiteral("/v1");
}

void TestOpenClawPage::theChosenApiChangesPreviewApplyAndTrayCopy()
{
    QFETCH(QString, api);
    QFETCH(QString, basePath);
    auto *combo = m_page->findChild<QComboBox *>(QStringLiteral("openClawApiComboBox"));
    auto *preview = m_page->findChild<QPlainTextEdit *>(QStringLiteral("openClawSnippetEdit"));
    // Start from another protocol, so that the preview has to change.
    combo->setCurrentIndex(combo->findData(api) == 1 ? 2 : 1);
    const QString other = preview->toPlainText();
    QVERIFY(combo->findData(api) >= 0);
    combo->setCurrentIndex(combo->findData(api));
    QVERIFY2(combo->currentText().contains(api), qPrintable(combo->currentText()));

    const QJsonObject shown = clawgateEntry(preview->toPlainText());
    QCOMPARE(shown[QStringLiteral("api")].toString(), api);
    QCOMPARE(shown[QStringLiteral("baseUrl")].toString(), m_service->status().url + basePath);
    QCOMPARE(shown[QStringLiteral("apiKey")].toString(), kKey);
    QVERIFY(preview->toPlainText() != other);

    // Apply replaces the old entry, whatever protocol it had, with the chosen one.
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("openclaw.json"));
    QVERIFY(writeFile(path, kBefore + kOldEntry + kAfter));
    m_page->findChild<QLineEdit *>(QStringLiteral("openClawPathEdit"))->setText(path);
    click(*m_page, "openClawApplyButton");
    const QByteArray now = readFile(path);
    QVERIFY2(now.startsWith(kBefore) && now.endsWith(kAfter), now.constData());
    const QJsonObject written
        = QJsonDocument::fromJson(
              now.mid(kBefore.size(), now.size() - kBefore.size() - kAfter.size()))
              .object();
    QCOMPARE(written, shown);

    // The tray copies what the page shows.
    QCOMPARE(trayCopy(), preview->toPlainText());
}

// The choice is remembered: a page made later (or after a restart) starts with it.
void TestOpenClawPage::aNewPageStartsWithTheLastChosenApi()
{
    auto *combo = m_page->findChild<QComboBox *>(QStringLiteral("openClawApiComboBox"));
    combo->setCurrentIndex(combo->findData(QStringLiteral("anthropic-messages")));
    OpenClawPage later(*m_service, m_secrets);
    QCOMPARE(later.findChild<QComboBox *>(QStringLiteral("openClawApiComboBox"))
                 ->currentData()
                 .toString(),
             QStringLiteral("anthropic-messages"));
    QTRY_COMPARE(
        clawgateEntry(later.findChild<QPlainTextEdit *>(QStringLiteral("openClawSnippetEdit"))
                          ->toPlainText())[QStringLiteral("api")]
            .toString(),
        QStringLiteral("anthropic-messages"));
}

void TestOpenClawPage::applyChangesOnlyTheClawgateEntry()
{
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("openclaw.json"));
    const QByteArray original = kBefore + kOldEntry + kAfter;
    QVERIFY(writeFile(path, original));
    m_page->findChild<QLineEdit *>(QStringLiteral("openClawPathEdit"))->setText(path);
    click(*m_page, "openClawApplyButton");

    // The old file is in the backup, byte for byte.
    const QStringList backups
        = QDir(home.path()).entryList({QStringLiteral("openclaw.json.bak-*")}, QDir::Files);
    QCOMPARE(backups.size(), 1);
    QCOMPARE(readFile(home.filePath(backups.first())), original);
    auto *result = m_page->findChild<QLabel *>(QStringLiteral("openClawResultLabel"));
    QVERIFY2(result->text().contains(home.filePath(backups.first())), qPrintable(result->text()));
    // Everything but the entry is as it was.
    const QByteArray now = readFile(path);
    QVERIFY2(now.startsWith(kBefore) && now.endsWith(kAfter), now.constData());
    const QJsonObject entry
        = QJsonDocument::fromJson(
              now.mid(kBefore.size(), now.size() - kBefore.size() - kAfter.size()))
              .object();
    QCOMPARE(entry[QStringLiteral("apiKey")].toString(), kKey);
    QCOMPARE(entry[QStringLiteral("models")].toArray().size(), 2);

    // Applying again leaves the file alone.
    click(*m_page, "openClawApplyButton");
    QCOMPARE(readFile(path), now);
    QVERIFY2(result->text().contains(QLatin1String("nothing changed")), qPrintable(result->text()));
}

void TestOpenClawPage::aBrokenFileStaysUnchangedAndThePageSaysWhy()
{
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("openclaw.json"));
    const QByteArray broken = "{\n  models: {\n    providers: { a: {} b: {} },\n  },\n}\n";
    QVERIFY(writeFile(path, broken));
    m_page->findChild<QLineEdit *>(QStringLiteral("openClawPathEdit"))->setText(path);
    click(*m_page, "openClawApplyButton");
    QCOMPARE(readFile(path), broken);
    QCOMPARE(QDir(home.path()).entryList(QDir::Files),
             QStringList {QStringLiteral("openclaw.json")});
    const QString said = m_page->findChild<QLabel *>(QStringLiteral("openClawResultLabel"))->text();
    QVERIFY2(said.contains(QLatin1String("untouched")) && said.contains(QLatin1String("line 3")),
             qPrintable(said));
}

void TestOpenClawPage::withoutTheKeyThePageSaysSo()
{
    InMemorySecretStore empty;
    OpenClawPage page(*m_service, empty);
    page.show();
    auto *state = page.findChild<QLabel *>(QStringLiteral("openClawKeyStateLabel"));
    QTRY_VERIFY(state->text().contains(QLatin1String("no default client key")));
    QVERIFY(state->isVisible());
    QVERIFY(page.findChild<QPlainTextEdit *>(QStringLiteral("openClawSnippetEdit"))
                ->toPlainText()
                .isEmpty());
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("openClawCopyButton"))->isEnabled());
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("openClawApplyButton"))->isEnabled());
    page.resize(760, 400);
    QVERIFY(saveScreenshot(page, QStringLiteral("openclaw-no-key.png")));
    // The key arriving later (written through the same store) fills the page.
    empty.write(ClientKeys::defaultKeyKeychainName(), kKey, [](const SecretResult &) {});
    QTRY_VERIFY(page.findChild<QPushButton *>(QStringLiteral("openClawCopyButton"))->isEnabled());
    QVERIFY(!state->isVisible());
}

// The page inside the main window, in English and in Simplified Chinese, after an apply.
void TestOpenClawPage::screenshots()
{
    if (screenshotDir().isEmpty())
        QSKIP("CLAWGATE_SCREENSHOT_DIR is not set");
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("openclaw.json"));
    for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        QVERIFY(writeFile(path, kBefore + kOldEntry + kAfter)); // each language shows a real update
        QTranslator translator;
        if (language != QLatin1String("en")) {
            QVERIFY(translator.load(QStringLiteral(":/i18n/clawgate_%1.qm").arg(language)));
            QCoreApplication::installTranslator(&translator);
        }
        MainWindow window(*m_service, &m_secrets);
        window.resize(900, 620);
        window.show();
        window.showPage(QStringLiteral("openClawPage"));
        auto *page = window.findChild<OpenClawPage *>();
        QTRY_VERIFY(
            page->findChild<QPushButton *>(QStringLiteral("openClawApplyButton"))->isEnabled());
        page->findChild<QLineEdit *>(QStringLiteral("openClawPathEdit"))->setText(path);
        // English shows the default protocol, Chinese another one.
        auto *combo = page->findChild<QComboBox *>(QStringLiteral("openClawApiComboBox"));
        combo->setCurrentIndex(language == QLatin1String("en") ? 0 : 1);
        click(*page, "openClawApplyButton");
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); // the result's height
        const QString suffix
            = language == QLatin1String("en") ? QString() : QLatin1Char('-') + language;
        QVERIFY(saveScreenshot(window, QStringLiteral("openclaw%1.png").arg(suffix)));
        QCoreApplication::removeTranslator(&translator);
    }
}

QTEST_MAIN(TestOpenClawPage)
#include "tst_openclawpage.moc"
