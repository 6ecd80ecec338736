// For tests/screenshots.sh only: with CLAWGATE_SCREENSHOT_TOUR=DIR set, the tray app, once its
// gateway runs, writes a PNG of each main-window page and of the open tray menu into DIR, then
// quits. Not a user feature: it keeps the README's pictures true to the real app.
#pragma once

#include <QString>

namespace clawgate {
class GatewayService;
}

namespace clawgate::ui {
class MainWindow;
class TrayIcon;
} // namespace clawgate::ui

namespace clawgate::app {

void startScreenshotTour(const QString &dir, GatewayService &service, ui::MainWindow &window,
                         ui::TrayIcon &tray);

} // namespace clawgate::app
