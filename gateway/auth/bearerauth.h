// `"auth": {"type": "bearer"}`, the default: the provider's apiKey as
// `Authorization: Bearer <key>`, as every OpenAI-compatible upstream expects.
#pragma once

#include "authstrategy.h"

#include <memory>

namespace clawgate {

class BearerAuth final : public AuthStrategy
{
public:
    explicit BearerAuth(QString key)
        : m_key(std::move(key))
    {
    }
    static std::shared_ptr<const AuthStrategy> fromConfig(AuthFieldReader &fields);

    void sign(UpstreamRequest &request, const SigningContext &context) const override;
    QStringList secrets() const override { return {m_key}; }

private:
    QString m_key;
};

} // namespace clawgate
