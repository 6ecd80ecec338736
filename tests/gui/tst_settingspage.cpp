// The Settings page against a real gateway: a new port is saved and the gateway restarts on it;
// a bind address other computers can reach is refused without an active client key; cooldown
// defaults are saved without a restart, and while it is stopped for the next start; start at
// login writes and removes the XDG autostart entry; the language is kept for the next start. With
// CLAWGATE_SCREENSHOT_DIR set, the page is written there in English and in Chinese.
#include "ctlprocess.h"
#include "desktopintegration.h"
#include "gatewayfixture.h"
#include "keys/clientkeys.h"
#include "screenshot.h"
#include "settingspage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTranslator>
#include <QtTest>

using namespace clawgate;
using namespace clawgate::ui;

class TestSettingsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void newPortRestartsTheGatewayThere();
    void reachableAddressNeedsAnActiveKey();
    void cooldownDefaultsAreSavedWithoutARestart();
    void savedWhileStoppedAppliesAtTheNextStart();
    void startAtLoginWritesTheAutostartEntry();
    void languageIsKeptForTheNextStart();
    void screenshots();

private:
    template<typename T> T *child(const char *name) const
    {
        T *widget = m_page->findChild<T *>(QLatin1String(name));
        if (!widget)
            qFatal("no widget %s", name);
        return widget;
    }
    QString resultText() const { return child<QLabel>("settingsResultLabel")->text(); }
    bool saveAndWait();
    bool setKeyActive(bool active);
    void grab(QWidget *page, const QString &file);
    static bool isValidDesktopFile(const QString &path);

    GatewayFixture m_fx;
    std::unique_ptr<GatewayService> m_service;
    std::unique_ptr<SettingsPage> m_page;
};

void TestSettingsPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QFile::remove(AutostartEntry::path());
    LanguageSetting::store({});
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    m_fx.writeConfig();
    // No port override: the configuration's port (0 at first) is the one the gateway takes.
    GatewayOptions options;
    options.configPath = m_fx.configPath();
    m_service = std::make_unique<GatewayService>(options);
    m_page = std::make_unique<SettingsPage>(*m_service);
    m_page->show();
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
    QTRY_COMPARE(child<QLineEdit>("bindAddressEdit")->text(), QStringLiteral("127.0.0.1"));
}

bool TestSettingsPage::saveAndWait()
{
    QSignalSpy results(m_service.get(), &GatewayService::commandFinished);
    QTest::mouseClick(child<QPushButton>("saveSettingsButton"), Qt::LeftButton);
    return results.wait(5000) && results.first().at(0).value<CommandResult>().ok;
}

bool TestSettingsPage::setKeyActive(bool active)
{
    QJsonObject root = m_service->configJson();
    if (!ClientKeys::setStatus(root, QStringLiteral("test"), active).isEmpty())
        return false;
    QSignalSpy results(m_service.get(), &GatewayService::commandFinished);
    m_service->saveConfig(root);
    return results.wait(5000) && results.first().at(0).value<CommandResult>().ok;
}

void TestSettingsPage::newPortRestartsTheGatewayThere()
{
    quint16 freePort = 0;
    {
        QTcpServer probe; // a port nobody listens on now
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        freePort = probe.serverPort();
    }
    const QString oldUrl = m_service->status().url;
    child<QSpinBox>("portSpinBox")->setValue(freePort);
    QVERIFY(saveAndWait());
    QVERIFY2(resultText().contains(QLatin1String("restarts")), qPrintable(resultText()));
    const QString newUrl = QStringLiteral("http://127.0.0.1:%1").arg(freePort);
    QTRY_COMPARE(m_service->status().url, newUrl);
    QCOMPARE(m_service->status().state, GatewayState::Running);
    QCOMPARE(TestClient::get(newUrl + QLatin1String("/health")).status, 200);
    QCOMPARE(TestClient::get(oldUrl + QLatin1String("/health"), {}, 2000).status, 0);
    QCOMPARE(readJson(m_fx.configPath())
                 .value(QLatin1String("server"))
                 .toObject()
                 .value(QLatin1String("port"))
                 .toInt(),
             int(freePort));
}

void TestSettingsPage::reachableAddressNeedsAnActiveKey()
{
    auto *host = child<QLineEdit>("bindAddressEdit");
    auto *warning = child<QLabel>("bindAddressWarningLabel");
    auto *save = child<QPushButton>("saveSettingsButton");
    QVERIFY(setKeyActive(false));
    QTRY_VERIFY(!m_service->config()->clientKeys.first().active);
    host->setText(QStringLiteral("0.0.0.0"));
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QLatin1String("needs an active client key")),
             qPrintable(warning->text()));
    QVERIFY(!save->isEnabled());
    const QByteArray before = readFile(m_fx.configPath());
    QTest::keyClick(host, Qt::Key_Return); // Enter saves too: refused all the same
    QVERIFY2(resultText().contains(QLatin1String("needs an active client key")),
             qPrintable(resultText()));
    QCOMPARE(readFile(m_fx.configPath()), before);

    // An active key makes the same address acceptable, with a warning; the field keeps what
    // was typed while the configuration changed.
    QVERIFY(setKeyActive(true));
    QTRY_VERIFY(save->isEnabled());
    QCOMPARE(host->text(), QStringLiteral("0.0.0.0"));
    QVERIFY2(warning->text().contains(QLatin1String("Other computers can reach")),
             qPrintable(warning->text()));
    QVERIFY(save->isEnabled());
    host->setText(QStringLiteral("not an address"));
    QVERIFY(warning->text().contains(QLatin1String("is not an IP address")));
    QVERIFY(!save->isEnabled());
    host->setText(QStringLiteral("127.0.0.1"));
    QVERIFY(!warning->isVisible());
    QVERIFY(save->isEnabled());
}

void TestSettingsPage::cooldownDefaultsAreSavedWithoutARestart()
{
    const QString url = m_service->status().url;
    QSignalSpy status(m_service.get(), &GatewayService::statusChanged);
    child<QSpinBox>("failureBaseSecondsSpinBox")->setValue(600);
    child<QSpinBox>("failureMaxSecondsSpinBox")->setValue(60);
    QVERIFY(child<QLabel>("cooldownWarningLabel")->isVisible());
    QVERIFY(!child<QPushButton>("saveSettingsButton")->isEnabled());
    child<QSpinBox>("failureMaxSecondsSpinBox")->setValue(7200);
    QVERIFY(!child<QLabel>("cooldownWarningLabel")->isVisible());
    child<QSpinBox>("rateLimitSecondsSpinBox")->setValue(120);
    auto *when = child<QComboBox>("whenAllCoolingComboBox");
    when->setCurrentIndex(when->findData(QStringLiteral("tryEarliest")));
    QVERIFY(saveAndWait());
    QTRY_COMPARE(m_service->config()->cooldown.rateLimitSeconds, 120);
    const CooldownPolicy policy = m_service->config()->cooldown;
    QCOMPARE(policy.failureBaseSeconds, 600);
    QCOMPARE(policy.failureMaxSeconds, 7200);
    QVERIFY(policy.tryEarliestWhenAllCooling);
    const QJsonObject saved
        = readJson(m_fx.configPath()).value(QLatin1String("cooldown")).toObject();
    QCOMPARE(saved.value(QLatin1String("whenAllCooling")).toString(),
             QStringLiteral("tryEarliest"));
    QCOMPARE(status.count(), 0); // no restart for cooldowns
    QCOMPARE(m_service->status().url, url);
}

// With the gateway stopped (it may not start because its port is taken) the settings can still
// be changed: they are saved and the next start uses them.
void TestSettingsPage::savedWhileStoppedAppliesAtTheNextStart()
{
    m_service->stop();
    QTRY_COMPARE(m_service->status().state, GatewayState::Stopped);
    child<QSpinBox>("rateLimitSecondsSpinBox")->setValue(300);
    QVERIFY(saveAndWait());
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
    QTRY_COMPARE(m_service->config()->cooldown.rateLimitSeconds, 300);
}

void TestSettingsPage::startAtLoginWritesTheAutostartEntry()
{
    const QString path = AutostartEntry::path();
    QVERIFY2(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::ConfigLocation)),
             qPrintable(path));
    QVERIFY(path.endsWith(QLatin1String("/autostart/io.github.clawgate.ClawGate.desktop")));
    auto *box = child<QCheckBox>("startAtLoginCheckBox");
    QVERIFY(!box->isChecked());
    box->click();
    QVERIFY(QFileInfo::exists(path));
    const QByteArray entry = readFile(path);
    QVERIFY(entry.startsWith("[Desktop Entry]\n"));
    QVERIFY(entry.contains("\nType=Application\n"));
    QVERIFY2(entry.contains("\nExec=clawgate\n"), entry.constData());
    QVERIFY(isValidDesktopFile(path));
    box->click();
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(resultText().contains(QLatin1String("no longer starts")));

    // A program path with a space and a per cent sign is quoted as the format wants.
    QString error;
    QVERIFY(
        AutostartEntry::setEnabled(true, QStringLiteral("/opt/Claw Gate/100%/clawgate"), &error));
    QVERIFY2(readFile(path).contains("\nExec=\"/opt/Claw Gate/100%%/clawgate\"\n"),
             readFile(path).constData());
    QVERIFY(isValidDesktopFile(path));
    QVERIFY(AutostartEntry::setEnabled(false, {}, &error));
    QVERIFY(!QFileInfo::exists(path));
}

bool TestSettingsPage::isValidDesktopFile(const QString &path)
{
    const QString validator
        = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
    if (validator.isEmpty()) {
        qWarning("desktop-file-validate is missing (installer/deps-debian.sh --with-tests)");
        return false;
    }
    QProcess process;
    process.start(validator, {path});
    if (!process.waitForFinished(30000))
        return false;
    const QByteArray output = process.readAll();
    if (process.exitCode() != 0 || !output.trimmed().isEmpty())
        qWarning("%s", output.constData());
    return process.exitCode() == 0;
}

void TestSettingsPage::languageIsKeptForTheNextStart()
{
    auto *language = child<QComboBox>("languageComboBox");
    QCOMPARE(language->currentData().toString(), QString()); // the system's at first
    language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
    QCOMPARE(LanguageSetting::stored(), QStringLiteral("zh_CN"));
    QCOMPARE(LanguageSetting::locale().name(), QStringLiteral("zh_CN"));
    QVERIFY(resultText().contains(QLatin1String("next start")));
    // A page opened later (the next start) shows the choice.
    SettingsPage again(*m_service);
    QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("languageComboBox"))->currentData(),
             QVariant(QStringLiteral("zh_CN")));
    language->setCurrentIndex(0);
    QCOMPARE(LanguageSetting::stored(), QString());
    QCOMPARE(LanguageSetting::locale(), QLocale());
}

void TestSettingsPage::grab(QWidget *page, const QString &file)
{
    QVERIFY(saveScreenshot(*page, file));
}

void TestSettingsPage::screenshots()
{
    // A warning in view shows what the page says before a risky change.
    child<QLineEdit>("bindAddressEdit")->setText(QStringLiteral("0.0.0.0"));
    m_page->resize(740, 640);
    grab(m_page.get(), QStringLiteral("settings.png"));
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/clawgate_zh_CN.qm")));
    QCoreApplication::installTranslator(&translator);
    SettingsPage chinese(*m_service);
    chinese.show();
    chinese.findChild<QLineEdit *>(QStringLiteral("bindAddressEdit"))
        ->setText(QStringLiteral("0.0.0.0"));
    chinese.resize(740, 640);
    QCOMPARE(chinese.findChild<QPushButton *>(QStringLiteral("saveSettingsButton"))->text(),
             QStringLiteral("保存"));
    grab(&chinese, QStringLiteral("settings-zh_CN.png"));
    QCoreApplication::removeTranslator(&translator);
    child<QLineEdit>("bindAddressEdit")->setText(QStringLiteral("127.0.0.1"));
}

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
