#include "statictokenauth.h"

#include "upstream/upstreamtransfer.h"

namespace clawgate {

std::shared_ptr<const AuthStrategy> StaticTokenAuth::fromConfig(AuthFieldReader &fields)
{
    const QByteArray header
        = fields.headerName(QStringLiteral("header"), QStringLiteral("Authorization"));
    const QString prefix = fields.text(QStringLiteral("prefix"));
    const QString token = fields.has(QStringLiteral("token"))
        ? fields.secret(QStringLiteral("token"))
        : fields.apiKey();
    if (header.isEmpty() || token.isEmpty())
        return nullptr; // a token that cannot be had left the provider unavailable already
    return std::make_shared<StaticTokenAuth>(header, prefix, token);
}

void StaticTokenAuth::sign(UpstreamRequest &request, const SigningContext &) const
{
    request.setHeader(m_header, m_value);
}

} // namespace clawgate
