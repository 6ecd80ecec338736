#include "forwardedheaders.h"

namespace clawgate {

namespace {

// The forwarded headers that belong to the client's protocol.
bool isProtocolHeader(QByteArrayView name)
{
    for (const char *protocol : {"accept", "anthropic-version", "anthropic-beta", "openai-beta"}) {
        if (name.compare(protocol, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

bool isForwardedUpstream(const QByteArray &name)
{
    return isProtocolHeader(name) || name == "user-agent" || name == "idempotency-key";
}

HeaderList withoutProtocolHeaders(HeaderList headers)
{
    headers.removeIf([](const auto &h) { return isProtocolHeader(h.first); });
    return headers;
}

} // namespace clawgate
