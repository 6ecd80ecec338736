// Maps a request's method and path to the handler that answers it and to what that route
// demands of the caller, and does nothing else. Paths are exact ("/v1/models") or prefixes
// ending in '/' ("/v1/models/" for "/v1/models/{id}").
#pragma once

#include "httpmessage.h"

#include <functional>

namespace clawgate {

class ClientConnection;

class RouteTable
{
public:
    using Handler = std::function<void(const HttpRequest &, ClientConnection &)>;

    void add(const QByteArray &method, const QString &path, Handler handler,
             RouteAccess access = RouteAccess::ClientKey);
    // The route for a request head, or -1 when none matches. Runs once per request, before its
    // body is read; dispatch() then goes straight to it.
    int find(QByteArrayView method, const QString &path) const;
    // What a route demands; a request no route takes needs a client key, so nobody uploads a
    // body unchecked just by naming an unknown path.
    RouteAccess access(int route) const;
    // Calls the route the request was admitted for. Answers 404 or 405 itself when none matches.
    void dispatch(const HttpRequest &request, ClientConnection &connection) const;

private:
    struct Route
    {
        QByteArray method;
        QString path;
        bool prefix;
        RouteAccess access;
        Handler handler;

        bool matches(const QString &requestPath) const;
    };
    QList<Route> m_routes;
};

} // namespace clawgate
