// How one upstream transfer ended, as the transport saw it. Kept apart from the transfer itself
// so the failover policy can reason about it without libcurl.
#pragma once

#include <QString>

namespace clawgate {

enum class UpstreamFailure {
    None,
    ConnectFailed, // could not reach the host, TLS failed, proxy refused
    ConnectTimeout,
    FirstByteTimeout,
    IdleTimeout,
    Reset, // the connection broke while the response was coming in
    NoResponse, // the connection ended before any response
    Other,
};

struct UpstreamResult
{
    UpstreamFailure failure = UpstreamFailure::None;
    QString message; // libcurl's or ours; never contains request headers
    // Proven: not one byte of the request was written to the upstream's connection, so it
    // cannot have acted on it. Without that proof a request may have reached the model.
    bool requestNeverSent = false;
    bool ok() const { return failure == UpstreamFailure::None; }
};

} // namespace clawgate
