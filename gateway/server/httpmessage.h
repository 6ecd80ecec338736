// The request and response values that handlers work with. A request is copied out of
// QHttpServerRequest at once, because Qt reuses that object for the connection's next request.
#pragma once

#include "store/config.h"

#include <QHostAddress>

namespace clawgate {

struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;
    HeaderList headers; // names lower-cased
    QByteArray body;
    QHostAddress remoteAddress;

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
