// Writes the application icon as PNGs for the hicolor theme (OUTDIR/<n>x<n>/apps/<id>.png),
// drawn by the same code as the tray icon, so the installed icons and the tray always match.
// Run at build time; raster painting needs no display.
#include "gateicon.h"

#include <QDir>
#include <QImage>
#include <QPainter>

#include <cstdio>

int main(int argc, char *argv[])
{
    if (argc != 3) {
        std::fputs("usage: clawgate-iconrenderer OUTDIR APP_ID\n", stderr);
        return 2;
    }
    const QString outDir = QString::fromLocal8Bit(argv[1]);
    const QString appId = QString::fromLocal8Bit(argv[2]);
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256}) {
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter painter(&image);
            clawgate::ui::drawGateIcon(painter, size, clawgate::ui::gateIconColour());
        }
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(outDir).arg(size);
        if (!QDir().mkpath(dir)
            || !image.save(dir + QLatin1Char('/') + appId + QStringLiteral(".png"))) {
            std::fprintf(stderr, "cannot write the %dpx icon into %s\n", size, qPrintable(dir));
            return 1;
        }
    }
    return 0;
}
