#include "headerauth.h"

#include "statictokenauth.h"

namespace clawgate::HeaderAuth {

std::shared_ptr<const AuthStrategy> fromConfig(AuthFieldReader &fields,
                                               const QString &defaultHeader)
{
    // The header is checked before the key is known: whether the file is valid must not depend
    // on what a reference resolves to.
    const QByteArray header = fields.headerName(QStringLiteral("header"), defaultHeader);
    const QString key = fields.apiKey();
    if (header.isEmpty() || key.isEmpty())
        return nullptr;
    return std::make_shared<StaticTokenAuth>(header, QString(), key);
}

} // namespace clawgate::HeaderAuth
