// The main window against a real gateway: its pages are reachable from the list, the status
// line says where the gateway listens, Stop and Start really stop and start it, and the
// gateway's log lines show in the log page. With CLAWGATE_SCREENSHOT_DIR set, every page is
// written there as a PNG, for the README and for looking at it.
#include "firstrun.h"
#include "gatewayfixture.h"
#include "keys/clientkeys.h"
#include "mainwindow.h"
#include "screenshot.h"
#include "store/secretstore.h"
#include "trayicon.h"

#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTranslator>
#include <QtTest>

using namespace clawgate;
using namespace clawgate::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void statusLineShowsTheAddress();
    void everyPageIsReachable();
    void logPageShowsGatewayLines();
    void stopAndStartFromTheWindow();
    void trayLookFollowsTheState();
    void screenshots();
    void chineseScreenshots();
    void firstRunWritesAConfigurationAndKeepsTheKey();

private:
    void openPage(const QString &name);
    void grab(const QString &file);

    GatewayFixture m_fx;
    std::unique_ptr<GatewayService> m_service;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    m_fx.addProvider(QStringLiteral("doubao"), QStringLiteral("a"));
    m_fx.addProvider(QStringLiteral("deepseek"), QStringLiteral("b"));
    m_fx.addModel(
        QStringLiteral("chat"),
        {QStringLiteral("doubao:doubao-seed-1-8"), QStringLiteral("deepseek:deepseek-chat")});
    m_fx.addModel(QStringLiteral("coder"), {QStringLiteral("deepseek:deepseek-coder")});
    m_fx.writeConfig();
    GatewayOptions options;
    options.configPath = m_fx.configPath();
    options.port = 0;
    m_service = std::make_unique<GatewayService>(options);
    m_window = std::make_unique<MainWindow>(*m_service);
    m_window->show();
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
}

void TestMainWindow::openPage(const QString &name)
{
    m_window->showPage(name);
    auto *stack = m_window->findChild<QStackedWidget *>();
    QTRY_COMPARE(stack->currentWidget()->objectName(), name);
}

void TestMainWindow::grab(const QString &file)
{
    QVERIFY(saveScreenshot(*m_window, file));
}

void TestMainWindow::statusLineShowsTheAddress()
{
    auto *status = m_window->findChild<QLabel *>(QStringLiteral("gatewayStatusLabel"));
    QTRY_COMPARE(status->text(), QStringLiteral("Running at %1/v1").arg(m_service->status().url));
}

void TestMainWindow::everyPageIsReachable()
{
    auto *list = m_window->findChild<QListWidget *>(QStringLiteral("pageList"));
    auto *stack = m_window->findChild<QStackedWidget *>();
    QCOMPARE(list->count(), stack->count());
    for (int row = 0; row < list->count(); ++row) {
        list->setCurrentRow(row);
        QCOMPARE(stack->currentIndex(), row);
        QVERIFY(!list->item(row)->text().isEmpty());
    }
}

void TestMainWindow::logPageShowsGatewayLines()
{
    openPage(QStringLiteral("liveLogPage"));
    m_fx.mock->enqueue(QStringLiteral("a"), MockBehavior::error(503));
    const TestResponse r
        = TestClient::post(m_service->status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(QStringLiteral("chat")), m_fx.auth());
    QVERIFY(r.ok());
    auto *view = m_window->findChild<QPlainTextEdit *>(QStringLiteral("gatewayLogView"));
    QTRY_VERIFY(
        view->toPlainText().contains(QLatin1String("doubao:doubao-seed-1-8 failed: HTTP 503")));
}

void TestMainWindow::stopAndStartFromTheWindow()
{
    auto *button = m_window->findChild<QPushButton *>(QStringLiteral("startStopGatewayButton"));
    const QString url = m_service->status().url;
    QCOMPARE(button->text(), QStringLiteral("Stop gateway"));
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(m_service->status().state, GatewayState::Stopped);
    QCOMPARE(button->text(), QStringLiteral("Start gateway"));
    QCOMPARE(TestClient::get(url + QLatin1String("/health"), {}, 2000).status, 0);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
    QCOMPARE(TestClient::get(m_service->status().url + QLatin1String("/health")).status, 200);
}

void TestMainWindow::trayLookFollowsTheState()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    BackendStatus cooling;
    cooling.coolingUntilMs = now + 60000;
    BackendStatus ready;
    GatewayStatus running {GatewayState::Running, QStringLiteral("http://127.0.0.1:1"), {}};
    QCOMPARE(trayLook(running, {ready}, now), TrayLook::Running);
    QCOMPARE(trayLook(running, {ready, cooling}, now), TrayLook::Degraded);
    cooling.enabled = false; // a disabled backend's cooldown does not degrade anything
    QCOMPARE(trayLook(running, {ready, cooling}, now), TrayLook::Running);
    QCOMPARE(trayLook({GatewayState::Stopped, {}, {}}, {}, now), TrayLook::Stopped);
    QCOMPARE(trayLook({GatewayState::Failed, {}, QStringLiteral("x")}, {}, now), TrayLook::Error);
    // Each look is drawn differently.
    const QImage a = trayIconFor(TrayLook::Running).pixmap(32).toImage();
    const QImage b = trayIconFor(TrayLook::Degraded).pixmap(32).toImage();
    QVERIFY(!a.isNull());
    QVERIFY(a != b);
}

void TestMainWindow::screenshots()
{
    // A cooling backend and a line in the log make the pages show what they are for.
    QSignalSpy results(m_service.get(), &GatewayService::commandFinished);
    m_service->setCooldown(QStringLiteral("deepseek:deepseek-coder"), 3 * 3600);
    QVERIFY(results.wait());
    openPage(QStringLiteral("cooldownsPage"));
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("cooldownsTable"));
    QTRY_COMPARE(table->model()->rowCount(), 3);
    table->selectRow(2);
    grab(QStringLiteral("cooldowns.png"));
    openPage(QStringLiteral("liveLogPage"));
    auto *requests = m_window->findChild<QTableView *>(QStringLiteral("requestTable"));
    QTRY_VERIFY(requests->model()->rowCount() > 0);
    requests->selectRow(0);
    grab(QStringLiteral("live-log.png"));
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("liveLogTabWidget"));
    tabs->setCurrentIndex(1);
    grab(QStringLiteral("gateway-messages.png"));
    tabs->setCurrentIndex(0);
    openPage(QStringLiteral("modelsPage"));
    grab(QStringLiteral("models.png"));
    m_service->clearCooldown(QStringLiteral("deepseek:deepseek-coder"));
    QVERIFY(results.wait());
}

// The same window in Simplified Chinese: every label translated, nothing cut off.
void TestMainWindow::chineseScreenshots()
{
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/clawgate_zh_CN.qm")));
    QCoreApplication::installTranslator(&translator);
    MainWindow window(*m_service);
    window.show();
    window.showPage(QStringLiteral("cooldownsPage"));
    auto *status = window.findChild<QLabel *>(QStringLiteral("gatewayStatusLabel"));
    QCOMPARE(status->text(), QStringLiteral("运行于 %1/v1").arg(m_service->status().url));
    auto *table = window.findChild<QTableView *>(QStringLiteral("cooldownsTable"));
    QCOMPARE(table->model()->headerData(0, Qt::Horizontal).toString(), QStringLiteral("模型"));
    QVERIFY(saveScreenshot(window, QStringLiteral("cooldowns-zh_CN.png")));
    QCoreApplication::removeTranslator(&translator);
}

void TestMainWindow::firstRunWritesAConfigurationAndKeepsTheKey()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/config.json"));
    InMemorySecretStore keychain;
    QString error;
    const QByteArray key = createInitialConfiguration(path, keychain, &error);
    QVERIFY2(!key.isEmpty(), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(!text.contains(key), "the plaintext key must not be in the file");
    QVERIFY(text.contains(ClientKeys::sha256Hex(key)));
    QSignalSpy read(&keychain, &SecretStore::readFinished);
    keychain.requestRead(ClientKeys::defaultKeyKeychainName());
    QVERIFY(read.wait());
    QCOMPARE(read.at(0).at(1).value<SecretResult>().value.toLatin1(), key);
    // The welcome message shows the key once, without blocking.
    showWelcome(key, m_window.get());
    auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("welcomeMessageBox"));
    QVERIFY(box);
    QVERIFY(box->text().contains(QString::fromLatin1(key)));
    box->close();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
