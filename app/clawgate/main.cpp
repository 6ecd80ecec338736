// clawgate: the tray app. The gateway runs on its own thread behind GatewayService; this file
// only wires it to the tray icon and the main window.
#include "desktopintegration.h"
#include "firstrun.h"
#include "mainwindow.h"
#include "screenshottour.h"
#include "service/gatewayservice.h"
#include "service/signalwatcher.h"
#include "singleinstance.h"
#include "store/configstore.h"
#include "store/instancelock.h"
#include "store/keychainsecretstore.h"
#include "trayicon.h"
#include "windowondemand.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QTranslator>

using namespace clawgate;

int main(int argc, char *argv[])
{
    // Worker threads get Qt's plain UNIX event loop, which serves the gateway 10-20 % faster
    // than GLib's; the GUI thread keeps GLib's, which QtKeychain and the desktop rely on. Set
    // before the application exists, while this is the only thread.
    qputenv("QT_NO_THREADED_GLIB", "1");
    QApplication app(argc, argv);
    // The live log shows every request; a debug line for each one would only cost time.
    if (!qEnvironmentVariableIsSet("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("clawgate.*.debug=false"));
    QApplication::setApplicationName(QStringLiteral("clawgate"));
    QApplication::setApplicationDisplayName(QStringLiteral("ClawGate"));
    QApplication::setApplicationVersion(QStringLiteral(CLAWGATE_VERSION));
    // Desktop shells match the window to its desktop file (and icon) by this id.
    QGuiApplication::setDesktopFileName(QLatin1String(ui::kAppId));
    QApplication::setWindowIcon(ui::trayIconFor(ui::TrayLook::Running));
    // The language chosen on the Settings page, else the system's.
    QTranslator translator;
    if (translator.load(ui::LanguageSetting::locale(), QStringLiteral("clawgate"),
                        QStringLiteral("_"),
                        QStringLiteral(":/i18n"))) // embedded by ui/
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "ClawGate: one local endpoint for all your LLM providers"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(QStringLiteral("config"),
                                          QApplication::translate("main", "Configuration file"),
                                          QStringLiteral("PATH"), ConfigStore::defaultPath());
    parser.addOption(configOption);
    parser.process(app);
    const QString configPath = parser.value(configOption);

    // Before the lock is taken: a SIGTERM from then on (a logout, or a second launch's test)
    // must stop the app gracefully, not kill it with its lock and gateway half set up. One that
    // arrives while the app is still setting up is remembered and acted on once it can be.
    SignalWatcher unixSignals;
    bool terminationRequested = false;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, &app,
                     [&terminationRequested] { terminationRequested = true; });

    ui::SingleInstance instance(configPath);
    if (instance.raiseRunningInstance())
        return 0;
    InstanceLock lock(configPath);
    if (!lock.tryLock()) {
        QMessageBox::critical(
            nullptr, QApplication::translate("main", "ClawGate"),
            QApplication::translate("main", "ClawGate is already running with %1: %2")
                .arg(configPath, lock.holder()));
        return 1;
    }
    instance.listen();

    KeychainSecretStore keychain; // on this thread: QtKeychain answers through its loop
    QByteArray newKey;
    if (!ConfigStore(configPath).exists()) {
        QString error;
        newKey = ui::createInitialConfiguration(configPath, keychain, &error);
        if (newKey.isEmpty()) {
            QMessageBox::critical(
                nullptr, QApplication::translate("main", "ClawGate"),
                QApplication::translate("main", "Cannot create %1: %2").arg(configPath, error));
            return 1;
        }
    }
    GatewayOptions options;
    options.configPath = configPath;
    options.secrets = &keychain;
    GatewayService service(options);
    ui::WindowOnDemand window(service, keychain); // keys typed in the window go where it reads
    ui::TrayIcon tray(service, &keychain);
    QObject::connect(&tray, &ui::TrayIcon::openWindowRequested, &window, &ui::WindowOnDemand::show);
    QObject::connect(&instance, &ui::SingleInstance::raiseRequested, &window,
                     &ui::WindowOnDemand::show);
    // Quit (from the tray, or SIGTERM at logout) lets requests in flight finish, bounded by the
    // grace time, with the GUI responsive.
    auto quitGracefully = [&service] {
        const GatewayState state = service.status().state;
        if (state == GatewayState::Stopped || state == GatewayState::Failed)
            return QApplication::quit();
        QObject::connect(&service, &GatewayService::statusChanged, qApp,
                         [](const GatewayStatus &s) {
                             if (s.state == GatewayState::Stopped)
                                 QApplication::quit();
                         });
        service.stop();
    };
    QObject::connect(&tray, &ui::TrayIcon::quitRequested, &app, quitGracefully);
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, &app, quitGracefully);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        tray.show();
        QApplication::setQuitOnLastWindowClosed(false); // closing the window keeps it running
    } else {
        window.show(); // no tray to live in: the window is the app
    }
    if (!newKey.isEmpty()) {
        window.show();
        ui::showWelcome(newKey, &window.window());
    }
    if (const QString dir = qEnvironmentVariable("CLAWGATE_SCREENSHOT_TOUR"); !dir.isEmpty())
        app::startScreenshotTour(dir, service, window.window(), tray); // tests/screenshots.sh
    service.start();
    if (terminationRequested)
        QMetaObject::invokeMethod(&app, quitGracefully, Qt::QueuedConnection);
    return QApplication::exec();
}
