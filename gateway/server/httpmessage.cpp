#include "httpmessage.h"

#include <algorithm>
#include <cstring>

namespace clawgate {

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 201: return QByteArrayLiteral("Created");
    case 204: return QByteArrayLiteral("No Content");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 409: return QByteArrayLiteral("Conflict");
    case 413: return QByteArrayLiteral("Payload Too Large");
    case 415: return QByteArrayLiteral("Unsupported Media Type");
    case 422: return QByteArrayLiteral("Unprocessable Entity");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    default: return status < 400 ? QByteArrayLiteral("OK") : QByteArrayLiteral("Error");
    }
}

QByteArray formatResponseHead(int status, const HeaderList &headers, qint64 contentLength,
                              bool closeConnection)
{
    QByteArray head;
    head.reserve(256 + headers.size() * 48);
    head += "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\n";
    for (const auto &h : headers)
        head += h.first + ": " + h.second + "\r\n";
    if (contentLength < 0)
        head += "Transfer-Encoding: chunked\r\n";
    else
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    if (closeConnection)
        head += "Connection: close\r\n";
    head += "\r\n";
    return head;
}

bool isHopByHopHeader(const QByteArray &name)
{
    static const QByteArray names[] = {
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
        "proxy-authenticate",
        "proxy-authorization",
        "content-length",
        "host",
    };
    for (const QByteArray &n : names) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

namespace {

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
}

bool isHeaderName(const QByteArray &name)
{
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), isTokenChar);
}

// Every line break, with the spaces and tabs around it, becomes one space.
QByteArray unfolded(const QByteArray &value)
{
    QByteArray out;
    out.reserve(value.size());
    bool inBreak = false;
    for (const char c : value) {
        const bool breakChar = c == '\r' || c == '\n';
        if (breakChar || (inBreak && (c == ' ' || c == '\t'))) {
            if (!inBreak) {
                while (out.endsWith(' ') || out.endsWith('\t'))
                    out.chop(1);
                out += ' ';
            }
            inBreak = true;
            continue;
        }
        inBreak = false;
        out += c;
    }
    return out.trimmed();
}

} // namespace

HeaderList sanitizedHeaders(const HeaderList &headers)
{
    HeaderList out;
    out.reserve(headers.size());
    for (const auto &h : headers) {
        if (!isHeaderName(h.first) || h.second.contains('\0'))
            continue;
        const bool clean = !h.second.contains('\r') && !h.second.contains('\n');
        out.append({h.first, clean ? h.second : unfolded(h.second)});
    }
    return out;
}

void appendHeaderLine(HeaderList &headers, const QByteArray &line)
{
    if ((line.startsWith(' ') || line.startsWith('\t')) && !headers.isEmpty()) {
        QByteArray &value = headers.last().second;
        const QByteArray more = line.trimmed();
        if (!more.isEmpty())
            value += (value.isEmpty() ? QByteArray() : QByteArrayLiteral(" ")) + more;
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon > 0)
        headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
}

} // namespace clawgate
