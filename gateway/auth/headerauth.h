// `"auth": {"type": "header", "header": "x-api-key"}`: the provider's apiKey, bare, in the
// named header (Azure's `api-key`, Anthropic's `x-api-key`, many company gateways).
#pragma once

#include "authstrategy.h"

#include <memory>

namespace clawgate {

class HeaderAuth final : public AuthStrategy
{
public:
    HeaderAuth(QByteArray header, QString key)
        : m_header(std::move(header))
        , m_key(std::move(key))
    {
    }
    // `defaultHeader` is used when the field is absent (a provider type's usual header).
    static std::shared_ptr<const AuthStrategy> fromConfig(AuthFieldReader &fields,
                                                          const QString &defaultHeader = {});

    void sign(UpstreamRequest &request, const SigningContext &context) const override;
    QStringList secrets() const override { return {m_key}; }

private:
    QByteArray m_header;
    QString m_key;
};

} // namespace clawgate
