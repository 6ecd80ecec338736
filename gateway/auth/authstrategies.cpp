#include "authstrategies.h"

#include "bearerauth.h"
#include "headerauth.h"
#include "hmacauth.h"
#include "loginauth.h"
#include "statictokenauth.h"

namespace clawgate {

namespace {

using Factory = std::shared_ptr<const AuthStrategy> (*)(AuthFieldReader &);

struct Entry
{
    const char *type;
    Factory factory;
};

const Entry kStrategies[] = {
    {"bearer", &BearerAuth::fromConfig},
    {"header", [](AuthFieldReader &f) { return HeaderAuth::fromConfig(f); }},
    {"login", &LoginAuth::fromConfig},
    {"none", [](AuthFieldReader &) { return std::shared_ptr<const AuthStrategy>(); }},
    {"static-token", &StaticTokenAuth::fromConfig},
    {"hmac", &HmacAuth::fromConfig},
};

} // namespace

QStringList authStrategyTypes()
{
    QStringList types;
    for (const Entry &entry : kStrategies)
        types.append(QLatin1String(entry.type));
    return types;
}

std::shared_ptr<const AuthStrategy> readAuthStrategy(const QString &type, AuthFieldReader &fields)
{
    for (const Entry &entry : kStrategies) {
        if (type == QLatin1String(entry.type))
            return entry.factory(fields);
    }
    fields.error(QStringLiteral("type"),
                 QStringLiteral("\"%1\" is not supported (supported: %2)")
                     .arg(type, authStrategyTypes().join(QStringLiteral(", "))));
    return nullptr;
}

} // namespace clawgate
