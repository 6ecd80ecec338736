// Which of a client's headers reach an upstream, in one place: the relay picks them from the
// request once, and leaves out the client protocol's own when an attempt is translated for a
// backend of another protocol.
#pragma once

#include "store/config.h"

namespace clawgate {

// Only the headers an upstream may need to serve the request. Anything else could make one
// client's request fail at the upstream and so cool the backend down for everyone (a stray
// OpenAI-Organization earns a 401), or leak what the client did not mean for the provider (its
// own key, cookies). Content-Type is always ours.
// - accept, user-agent: some upstreams (and the CDNs in front of them) refuse requests without
//   a user agent, and the client's is the honest one;
// - openai-beta: opts in to OpenAI beta behaviour the client relies on;
// - anthropic-version, anthropic-beta: Anthropic's API needs them;
// - idempotency-key: lets an upstream that supports it recognise a repeated request.
// `name` is lower case, as request heads are stored.
bool isForwardedUpstream(const QByteArray &name);

// What of the forwarded headers still means something to a backend of another protocol: not
// the protocol's own (its version and betas, OpenAI's beta opt-ins), nor `accept`, which belongs
// to the client's protocol too (a stream is asked for in the translated body).
HeaderList withoutProtocolHeaders(HeaderList headers);

} // namespace clawgate
