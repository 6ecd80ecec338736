#include "routetable.h"

#include "clientconnection.h"

namespace clawgate {

void RouteTable::add(const QByteArray &method, const QString &path, Handler handler,
                     RouteAccess access)
{
    m_routes.append({method, path, path.endsWith(QLatin1Char('/')), access, std::move(handler)});
}

bool RouteTable::Route::matches(const QString &requestPath) const
{
    return prefix ? requestPath.startsWith(path) && requestPath.size() > path.size()
                  : requestPath == path;
}

int RouteTable::find(QByteArrayView method, const QString &path) const
{
    for (int i = 0; i < m_routes.size(); ++i) {
        if (m_routes.at(i).method == method && m_routes.at(i).matches(path))
            return i;
    }
    return -1;
}

RouteAccess RouteTable::access(int route) const
{
    return route < 0 ? RouteAccess::ClientKey : m_routes.at(route).access;
}

void RouteTable::dispatch(const HttpRequest &request, ClientConnection &connection) const
{
    const int route = request.admission.route;
    if (route >= 0 && route < m_routes.size()) {
        m_routes.at(route).handler(request, connection);
        return;
    }
    bool pathKnown = false;
    for (const Route &r : m_routes)
        pathKnown = pathKnown || r.matches(request.path);
    const ApiError error = pathKnown ? ApiError::methodNotAllowed(request.method, request.path)
                                     : ApiError::notFound(request.path);
    connection.respondError(error.forPath(request.path));
}

} // namespace clawgate
