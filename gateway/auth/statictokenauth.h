// `"auth": {"type": "static-token", "token": "keychain:corp-token", "header": "Authorization",
// "prefix": "Bearer "}`: a long-lived token a company platform issued, sent as is (after an
// optional prefix) in the named header. Without `token` the provider's apiKey is the token.
#pragma once

#include "authstrategy.h"

#include <memory>

namespace clawgate {

class StaticTokenAuth final : public AuthStrategy
{
public:
    StaticTokenAuth(QByteArray header, QString prefix, QString token)
        : m_header(std::move(header))
        , m_prefix(std::move(prefix))
        , m_token(std::move(token))
    {
    }
    static std::shared_ptr<const AuthStrategy> fromConfig(AuthFieldReader &fields);

    void sign(UpstreamRequest &request, const SigningContext &context) const override;
    QStringList secrets() const override { return {m_token}; }

private:
    QByteArray m_header;
    QString m_prefix;
    QString m_token;
};

} // namespace clawgate
