// Maps a request's method and path to the handler that answers it, and does nothing else.
// Paths are exact ("/v1/models") or prefixes ending in '/' ("/v1/models/" for "/v1/models/{id}").
#pragma once

#include "httpmessage.h"

#include <functional>

namespace clawgate {

class ClientConnection;

class RouteTable
{
public:
    using Handler = std::function<void(const HttpRequest &, ClientConnection &)>;

    void add(const QByteArray &method, const QString &path, Handler handler);
    // Answers 404 or 405 itself when nothing matches.
    void dispatch(const HttpRequest &request, ClientConnection &connection) const;

private:
    struct Route
    {
        QByteArray method;
        QString path;
        bool prefix;
        Handler handler;
    };
    QList<Route> m_routes;
};

} // namespace clawgate
