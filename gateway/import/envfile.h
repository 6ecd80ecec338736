// The `.env` files that aggregators and registries keep next to their configuration:
// `NAME=value` lines, optionally `export NAME=value`, values optionally quoted, `#` comments.
// Pure: the caller reads the file.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace clawgate {

using EnvValues = QHash<QString, QString>;

namespace EnvFile {

EnvValues parse(const QByteArray &text);

} // namespace EnvFile

} // namespace clawgate
