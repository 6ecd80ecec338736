// Reads and edits top-level fields of a JSON object in its raw bytes, leaving every other byte
// as the sender wrote it. Re-serialising through QJsonDocument would reorder keys, reformat
// numbers and lose precision of large integers; the gateway promises to pass bodies through
// unchanged except for the fields it must set (`model`, `stream_options`).
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace clawgate {

// Where the JSON value starting at `start` ends (one past its last byte).
qsizetype jsonValueEnd(QByteArrayView json, qsizetype start);

// The raw bytes of the last top-level member called `key` (the one most parsers keep).
std::optional<QByteArrayView> topLevelValue(QByteArrayView json, QLatin1String key);

// `json` without any top-level member called `key`; the other bytes are kept.
QByteArray removeTopLevelMember(const QByteArray &json, QLatin1String key);

// `json` with every top-level `key` set to `rawValue` (valid JSON text), or the member added at
// the front when absent.
QByteArray replaceTopLevelValue(const QByteArray &json, const QByteArray &key,
                                const QByteArray &rawValue);

// The raw elements of the JSON array `array` (its bytes from '[' to ']'), in order; empty for
// anything that is not a well-formed array.
QList<QByteArrayView> jsonArrayElements(QByteArrayView array);

// `json` without the whitespace between its tokens; every other byte (key order, number
// spelling, string escapes) as written.
QByteArray compactJson(QByteArrayView json);

// The text of a JSON string's raw content (between its quotes), escapes decoded.
QString decodeJsonString(const QByteArray &rawContent);

// `json` must be a valid JSON object (checked by the caller). Inserts the field if absent.
QByteArray replaceTopLevelString(const QByteArray &json, const QByteArray &key,
                                 const QString &value);

} // namespace clawgate
