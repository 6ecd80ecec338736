// Reading and writing whole files in tests, the same way everywhere.
#pragma once

#include <QByteArray>
#include <QString>

// The file's bytes, or nothing when it cannot be read.
QByteArray readFile(const QString &path);
// Replaces the file's content; false when it cannot be written.
bool writeFile(const QString &path, const QByteArray &content);
