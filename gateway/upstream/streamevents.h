// What an upstream stream event means for the failover: an error the upstream reports, the end
// the protocol promises ([DONE], or a Responses API terminal event), or a chunk that carries a
// finish_reason. Byte checks rather than JSON parsing: they run for every event of every stream.
#pragma once

#include "ssescanner.h"
#include "store/config.h"

namespace clawgate {

// {"error": ...} at the top level, or `event: error`.
bool isErrorEvent(const SseEvent &event);
// data: [DONE]; for /v1/responses, response.completed / .incomplete / .failed; for Anthropic's
// /v1/messages, message_stop.
bool isTerminalEvent(Endpoint endpoint, const SseEvent &event);
// Some "finish_reason" key in the data has a value other than null. A key inside a string
// value cannot match, since its quotes are escaped there.
bool hasFinishReason(const QByteArray &data);

} // namespace clawgate
