// The floor for the tray app's idle memory: a bare Qt Widgets program with a tray icon and its
// menu, nothing of ClawGate (no gateway thread, no window, no keychain). bench/tray-rss.sh
// measures it beside clawgate, the same way; what clawgate uses above it is its own.
#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    QPixmap pixmap(22, 22);
    pixmap.fill(Qt::transparent);
    QPainter(&pixmap).fillRect(3, 3, 16, 16, QColor(0x2a, 0x7a, 0xd0));
    QSystemTrayIcon tray {QIcon(pixmap)};
    QMenu menu;
    menu.addAction(QStringLiteral("Start"));
    menu.addAction(QStringLiteral("Quit"), &app, &QApplication::quit);
    tray.setContextMenu(&menu);
    tray.show();
    return QApplication::exec();
}
