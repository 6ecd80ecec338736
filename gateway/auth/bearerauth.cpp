#include "bearerauth.h"

#include "upstream/upstreamtransfer.h"

namespace clawgate {

std::shared_ptr<const AuthStrategy> BearerAuth::fromConfig(AuthFieldReader &fields)
{
    const QString key = fields.apiKey();
    if (key.isEmpty())
        return nullptr; // a keyless local upstream: nothing to add
    return std::make_shared<BearerAuth>(key);
}

void BearerAuth::sign(UpstreamRequest &request, const SigningContext &) const
{
    request.setHeader(QByteArrayLiteral("Authorization"),
                      QByteArrayLiteral("Bearer ") + m_key.toUtf8());
}

} // namespace clawgate
