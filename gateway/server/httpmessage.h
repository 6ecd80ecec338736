// The request and response values that handlers work with. A request is copied out of
// QHttpServerRequest at once, because Qt reuses that object for the connection's next request.
#pragma once

#include "store/config.h"

#include <QHostAddress>

namespace clawgate {

// What a route demands of a caller before its body is read.
enum class RouteAccess {
    Public, // anyone who names this machine in Host (GET /health)
    ClientKey, // a client key, unless the gateway has none and listens on loopback only
    AdminToken, // the admin token clawgatectl reads from the state directory
};

// How a request was let in, decided from its head alone before any body byte was read. The
// handlers act on this instead of checking the caller again.
struct Admission
{
    RouteAccess access = RouteAccess::ClientKey;
    int route = -1; // index in the route table; -1: none matches (answered 404 or 405)
    ConfigPtr config; // the configuration the key was checked against; keeps `clientKey` alive
    const ClientKey *clientKey = nullptr; // null: anonymous, or a route without client keys
};

struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;
    HeaderList headers; // names lower-cased
    QByteArray body;
    QHostAddress remoteAddress;
    Admission admission;

    QByteArray header(const QByteArray &lowerCaseName) const
    {
        for (const auto &h : headers) {
            if (h.first == lowerCaseName)
                return h.second;
        }
        return {};
    }
};

QByteArray httpReasonPhrase(int status);

// Formats a response head. `contentLength` < 0 means a chunked body follows.
QByteArray formatResponseHead(int status, const HeaderList &headers, qint64 contentLength,
                              bool closeConnection);

// Hop-by-hop and framing headers that never cross the gateway (RFC 9110 §7.6.1).
bool isHopByHopHeader(const QByteArray &lowerCaseName);

} // namespace clawgate
