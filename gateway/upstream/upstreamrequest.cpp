#include "upstreamrequest.h"

#include "formats/jsonsplice.h"

namespace clawgate {

UpstreamRequest upstreamRequestFor(const ProviderConfig &provider, Endpoint endpoint,
                                   const QString &upstreamModel, const QByteArray &body,
                                   HeaderList clientHeaders)
{
    UpstreamRequest request;
    request.url = provider.urlFor(endpoint).toUtf8();
    request.body = replaceTopLevelString(body, "model", upstreamModel);
    request.proxy = provider.proxy;
    request.caFile = provider.caFile.toLocal8Bit();
    request.timeouts = provider.timeouts;
    request.headers = std::move(clientHeaders);
    for (const auto &header : provider.headers) {
        request.headers.removeIf(
            [&](const auto &h) { return h.first.compare(header.first, Qt::CaseInsensitive) == 0; });
        request.headers.append(header);
    }
    return request;
}

} // namespace clawgate
