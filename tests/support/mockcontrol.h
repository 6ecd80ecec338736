#pragma once

#include "mockbehavior.h"

#include <QJsonArray>
#include <QJsonObject>

// Conversions for the mock's HTTP control API (/_mock/...), used by processes that cannot
// call MockUpstream directly (benchmarks, the npm SDK test).
namespace MockControl {

// Fields: status, headers {name: value}, body (string), headerDelayMs, stallBeforeHeaders,
// resetBeforeHeaders, stream (bool), chunkCount + chunkIntervalMs (a slow stream),
// chunks [{data, delayMs}], end ("complete"|"cut"|"stall"|"closeWithoutDone"),
// lieContentLength.
MockBehavior behaviorFromJson(const QJsonObject &json);
QJsonArray requestsToJson(const QList<MockRequest> &requests);

} // namespace MockControl
