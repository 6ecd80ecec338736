#include "screenshottour.h"

#include "mainwindow.h"
#include "service/gatewayservice.h"
#include "trayicon.h"

#include <QApplication>
#include <QDir>
#include <QListWidget>
#include <QMenu>
#include <QScreen>
#include <QStackedWidget>
#include <QTimer>

#include <cstdio>

namespace clawgate::app {

namespace {

// Time for the X server to map and paint a window before the screen is read back.
constexpr int kSettleMs = 700;

void save(const QPixmap &pixmap, const QString &path)
{
    if (!pixmap.save(path))
        std::fprintf(stderr, "clawgate: cannot write %s\n", qPrintable(path));
    else
        std::printf("wrote %s\n", qPrintable(path));
    std::fflush(stdout);
}

// "modelsPage" -> "models.png"
QString fileFor(const QWidget *page)
{
    QString name = page->objectName();
    name.chop(int(qstrlen("Page")));
    QString file;
    for (const QChar c : name) // camelCase to kebab-case: "openClaw" -> "open-claw"
        file += c.isUpper() ? QLatin1Char('-') + c.toLower() : QString(c);
    return file + QStringLiteral(".png");
}

void grabPages(const QDir &dir, ui::MainWindow &window)
{
    auto *list = window.findChild<QListWidget *>(QStringLiteral("pageList"));
    auto *stack = window.findChild<QStackedWidget *>();
    for (int row = 0; row < list->count(); ++row) {
        list->setCurrentRow(row);
        save(window.grab(), dir.filePath(fileFor(stack->widget(row))));
    }
    list->setCurrentRow(0);
}

// The menu as the tray host shows it: the top right of the screen, tray included.
void grabTrayMenu(const QDir &dir, ui::TrayIcon &tray)
{
    QScreen *screen = QGuiApplication::primaryScreen();
    QMenu *menu = tray.menu();
    const QRect area = screen->geometry();
    menu->popup(QPoint(area.right() - menu->sizeHint().width() - 8, area.top() + 36));
    QTimer::singleShot(kSettleMs, menu, [dir, menu, screen, area] {
        const QRect shot
            = QRect(menu->geometry().left() - 16, area.top(),
                    area.right() - menu->geometry().left() + 17, menu->geometry().bottom() + 16)
                  .intersected(area);
        save(screen->grabWindow(0, shot.x(), shot.y(), shot.width(), shot.height()),
             dir.filePath(QStringLiteral("tray-menu.png")));
        menu->hide();
        QApplication::quit();
    });
}

} // namespace

void startScreenshotTour(const QString &dir, GatewayService &service, ui::MainWindow &window,
                         ui::TrayIcon &tray)
{
    QDir().mkpath(dir);
    QObject::connect(&service, &GatewayService::statusChanged, &window,
                     [dir, &window, &tray](const GatewayStatus &status) {
                         if (status.state != GatewayState::Running)
                             return;
                         window.show();
                         QTimer::singleShot(kSettleMs, &window, [dir, &window, &tray] {
                             grabPages(QDir(dir), window);
                             window.hide();
                             grabTrayMenu(QDir(dir), tray);
                         });
                     });
}

} // namespace clawgate::app
