#include "upstreamrequest.h"

#include "formats/jsonsplice.h"

#include <QDateTime>

namespace clawgate {

UpstreamRequest upstreamRequestFor(const ProviderConfig &provider, Endpoint endpoint,
                                   const QString &upstreamModel, const QByteArray &body,
                                   HeaderList clientHeaders, SigningContext signing,
                                   BodyModel bodyModel)
{
    UpstreamRequest request;
    request.url = provider.urlFor(endpoint, upstreamModel).toUtf8();
    request.body = bodyModel == BodyModel::Client
        ? replaceTopLevelString(body, "model", upstreamModel)
        : body;
    request.proxy = provider.proxy;
    request.caFile = provider.caFile.toLocal8Bit();
    request.timeouts = provider.timeouts;
    request.headers = std::move(clientHeaders);
    for (const auto &header : provider.headers)
        request.setHeader(header.first, header.second);
    // Anthropic's API refuses a request without a version; the client's (relayed) or the
    // provider's own takes precedence over the one the translation was written for.
    if (provider.speaksAnthropic() && !request.hasHeader("anthropic-version"))
        request.setHeader("anthropic-version", kAnthropicVersion);
    if (provider.auth) {
        if (signing.nowMs == 0)
            signing.nowMs = QDateTime::currentMSecsSinceEpoch();
        signing.upstreamModel = upstreamModel;
        provider.auth->sign(request, signing);
    }
    return request;
}

} // namespace clawgate
