#include "headerauth.h"

#include "upstream/upstreamtransfer.h"

namespace clawgate {

std::shared_ptr<const AuthStrategy> HeaderAuth::fromConfig(AuthFieldReader &fields,
                                                           const QString &defaultHeader)
{
    // The header is checked before the key is known: whether the file is valid must not depend
    // on what a reference resolves to.
    const QByteArray header = fields.headerName(QStringLiteral("header"), defaultHeader);
    const QString key = fields.apiKey();
    if (header.isEmpty() || key.isEmpty())
        return nullptr;
    return std::make_shared<HeaderAuth>(header, key);
}

void HeaderAuth::sign(UpstreamRequest &request, const SigningContext &) const
{
    request.setHeader(m_header, m_key.toUtf8());
}

} // namespace clawgate
