// The one place that turns a provider's configuration into the request sent to it: the URL of
// the endpoint, the upstream's model in the body, the provider's headers over the client's,
// proxy, CA file and timeouts, and last the provider's auth strategy, which signs the request
// exactly as it will be sent. Relayed requests and backend tests both build theirs here, so a
// test sends exactly what real traffic would.
#pragma once

#include "auth/authstrategy.h"
#include "store/config.h"
#include "upstreamtransfer.h"

namespace clawgate {

// The Anthropic API version requests carry unless the client or the provider names another.
inline constexpr char kAnthropicVersion[] = "2023-06-01";

// Which model a request body names.
enum class BodyModel {
    Client, // the client's, an alias: replaced by the upstream's
    Upstream, // the upstream's already
};

// `body` is the client's JSON; its top-level "model" becomes `upstreamModel`, unless
// `bodyModel` says a translation has written that name already (rewriting it again would be a
// second scan of an agent's whole history). Headers the
// provider sets (its key among them) replace client headers of the same name, whatever case.
// `signing.upstreamModel` is filled in here; `signing.token` is needed only by strategies that
// say needsToken().
UpstreamRequest upstreamRequestFor(const ProviderConfig &provider, Endpoint endpoint,
                                   const QString &upstreamModel, const QByteArray &body,
                                   HeaderList clientHeaders, SigningContext signing = {},
                                   BodyModel bodyModel = BodyModel::Client);

} // namespace clawgate
