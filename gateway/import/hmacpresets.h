// Starting points for the request signatures of the two company platforms the registry format
// comes from. Neither platform publishes its exact canonical string, so these are presets: an
// explicit `hmac` auth block every field of which can be edited in the configuration, and the
// import says so in its output. The fields are those of the `hmac` auth strategy.
#pragma once

#include <QJsonObject>

namespace clawgate::HmacPresets {

// juzhi: HMAC-SHA256 with the app secret, sent where an OpenAI client puts its API key
// (`Authorization: Bearer {signature}`), with the app id and timestamp beside it.
QJsonObject juzhi(const QString &appId, const QString &secret);
// panzhi: an app-id/app-key signature, a plain SHA-256 digest over app id, timestamp and key.
QJsonObject panzhi(const QString &appId, const QString &appKey);

// The line the import prints for a provider (or defaults block) that got a preset.
QString checkLine(const QString &where, const QString &platform);

} // namespace clawgate::HmacPresets
