#include "bearerauth.h"

#include "statictokenauth.h"

namespace clawgate::BearerAuth {

std::shared_ptr<const AuthStrategy> fromConfig(AuthFieldReader &fields)
{
    const QString key = fields.apiKey();
    if (key.isEmpty())
        return nullptr; // a keyless local upstream: nothing to add
    return std::make_shared<StaticTokenAuth>(QByteArrayLiteral("Authorization"),
                                             QStringLiteral("Bearer "), key);
}

} // namespace clawgate::BearerAuth
