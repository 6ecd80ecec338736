// Replaces one top-level field of a JSON object in its raw bytes, leaving every other byte as
// the client sent it. Re-serialising through QJsonDocument would reorder keys, reformat
// numbers and lose precision of large integers; the gateway promises to pass bodies through
// unchanged except for `model`.
#pragma once

#include <QByteArray>
#include <QString>

namespace clawgate {

// The text of a JSON string's raw content (between its quotes), escapes decoded.
QString decodeJsonString(const QByteArray &rawContent);

// `json` must be a valid JSON object (checked by the caller). Inserts the field if absent.
QByteArray replaceTopLevelString(const QByteArray &json, const QByteArray &key,
                                 const QString &value);

} // namespace clawgate
