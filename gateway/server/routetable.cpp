#include "routetable.h"

#include "clientconnection.h"

namespace clawgate {

void RouteTable::add(const QByteArray &method, const QString &path, Handler handler)
{
    m_routes.append({method, path, path.endsWith(QLatin1Char('/')), std::move(handler)});
}

void RouteTable::dispatch(const HttpRequest &request, ClientConnection &connection) const
{
    bool pathKnown = false;
    for (const Route &route : m_routes) {
        const bool matches = route.prefix
            ? request.path.startsWith(route.path) && request.path.size() > route.path.size()
            : request.path == route.path;
        if (!matches)
            continue;
        pathKnown = true;
        if (route.method == request.method) {
            route.handler(request, connection);
            return;
        }
    }
    connection.respondError(pathKnown ? ApiError::methodNotAllowed(request.method, request.path)
                                      : ApiError::notFound(request.path));
}

} // namespace clawgate
