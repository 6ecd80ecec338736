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

// An upstream's response headers made safe to write to a client. Whatever the upstream sent is
// written back as one `name: value` line per header, so a CR or LF in a value would let it end
// that line and start another. Per RFC 9112 §5.2 and §2.2 an obs-fold (a line break followed
// by spaces or tabs) becomes one space and a bare CR or LF becomes a space; a header whose
// name is not a token (RFC 9110 §5.1) or whose value holds a NUL is dropped.
HeaderList sanitizedHeaders(const HeaderList &headers);

// Adds one header line as received (without its line ending) to `headers`: a line that starts
// with a space or tab continues the previous header's value (obs-fold) instead of being read
// as a header of its own; a line without a colon is ignored.
void appendHeaderLine(HeaderList &headers, const QByteArray &line);

} // namespace clawgate
