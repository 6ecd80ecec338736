// How one attempt's request and answer cross from the protocol the client speaks to the one
// its backend speaks, and back, when the two differ: an Anthropic client on an OpenAI-compatible
// backend, an OpenAI chat client on an Anthropic backend, a Responses API client on a backend
// that has only chat completions. The relay itself (failover, cooldowns, the client's
// connection) knows nothing of protocols beyond this interface; the translations are the pure
// functions of this directory. A bridge lives for one attempt, since a stream's translation
// keeps state.
#pragma once

#include "formats/json.h"
#include "formats/translation.h"
#include "store/config.h"
#include "upstream/ssescanner.h"

#include <memory>
#include <optional>

namespace clawgate {

// An answer for the client: status and body in its protocol.
struct ClientAnswer
{
    int status = 200;
    QByteArray body;
    // Set when a successful answer of the backend cannot be put into the client's protocol
    // (then status and body are the 502 that says so).
    QString unusable;
};

class ProtocolBridge
{
public:
    virtual ~ProtocolBridge() = default;

    // The body for the backend, or the client error (a 400 naming the field) that says why
    // this backend cannot be asked. The client's body comes parsed: the relay parsed it to
    // route it, and parsing it again would be a good part of a translation's cost.
    virtual Translation request(const json::RequestBody &clientRequest) = 0;
    // A whole answer of the backend: a success translated (a 502 when it cannot be read), an
    // error body in the client's error shape with its status kept.
    virtual ClientAnswer response(int status, const QByteArray &body) = 0;

    // A stream: one upstream event in, the client's events for it out (often nothing).
    virtual QByteArray streamEvent(const SseEvent &event) = 0;
    // The upstream's stream ended: what closes the client's, if anything is left to say (the
    // client protocol's error event when the answer was cut short). A transfer that broke gets
    // the relay's own error event instead, the same one a relayed stream of that protocol gets.
    virtual QByteArray streamFinish() = 0;
    // Whether the client's stream has been ended, and whether with an error.
    virtual bool streamEnded() const = 0;
    virtual bool streamFailed() const = 0;
    // What the stream reported as token usage, in OpenAI's terms.
    virtual std::optional<TokenUsage> streamUsage() const = 0;
};

struct BridgeOptions
{
    TranslationOptions translation; // maxTokens: the alias's output limit
    bool clientAskedForUsage = false; // stream_options.include_usage in a chat client's body
    qint64 nowSeconds = 0; // for `created` fields
    QString responseId; // for a Responses client: "resp_<hex>", unique per request
};

// The bridge from a client's `client` endpoint to a backend's `upstream` endpoint; null when
// they speak the same protocol and the bytes are relayed as they are.
std::unique_ptr<ProtocolBridge> protocolBridge(Endpoint client, Endpoint upstream,
                                               const BridgeOptions &options);

} // namespace clawgate
