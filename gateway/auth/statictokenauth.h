// `"auth": {"type": "static-token", "token": "keychain:corp-token", "header": "Authorization",
// "prefix": "Bearer "}`: a long-lived token a company platform issued, sent as is (after an
// optional prefix) in the named header. Without `token` the provider's apiKey is the token.
// `bearer` and `header` are the same strategy with their own fields (see bearerauth.h and
// headerauth.h): one fixed header value, built once when the configuration is loaded.
#pragma once

#include "authstrategy.h"

#include <memory>

namespace clawgate {

class StaticTokenAuth final : public AuthStrategy
{
public:
    StaticTokenAuth(QByteArray header, const QString &prefix, QString token)
        : m_header(std::move(header))
        , m_value((prefix + token).toUtf8())
        , m_token(std::move(token))
    {
    }
    static std::shared_ptr<const AuthStrategy> fromConfig(AuthFieldReader &fields);

    void sign(UpstreamRequest &request, const SigningContext &context) const override;
    QStringList secrets() const override { return {m_token}; }

private:
    QByteArray m_header;
    QByteArray m_value; // prefix + token, as sent
    QString m_token;
};

} // namespace clawgate
