// With CLAWGATE_SCREENSHOT_DIR set, the GUI tests save what they show there as PNG files, for
// the README and for a person to look at the pages; without it they save nothing.
#pragma once

#include <QDir>
#include <QWidget>

inline QString screenshotDir()
{
    return qEnvironmentVariable("CLAWGATE_SCREENSHOT_DIR");
}

// Saves `widget` as `file` in that directory. True when saved, or when no directory is set.
inline bool saveScreenshot(QWidget &widget, const QString &file)
{
    const QString dir = screenshotDir();
    if (dir.isEmpty())
        return true;
    QDir().mkpath(dir);
    return widget.grab().save(QDir(dir).filePath(file));
}
