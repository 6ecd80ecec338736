// /admin/...: management calls for `clawgatectl` and the tray app while the gateway runs
// (cooldowns now; keys follow). Guarded by the admin token the gateway writes, readable only
// by its user, beside its configuration at start.
#pragma once

#include "gatewaycontext.h"
#include "httpmessage.h"

namespace clawgate {

class ClientConnection;
class RouteTable;

class AdminHandlers
{
public:
    explicit AdminHandlers(GatewayContext &context)
        : m_context(context)
    {
    }

    void registerRoutes(RouteTable &routes);

private:
    bool authorized(const HttpRequest &request, ClientConnection &connection) const;
    void listCooldowns(const HttpRequest &request, ClientConnection &connection);
    void setCooldown(const HttpRequest &request, ClientConnection &connection);
    void clearCooldown(const HttpRequest &request, ClientConnection &connection);

    GatewayContext &m_context;
};

} // namespace clawgate
