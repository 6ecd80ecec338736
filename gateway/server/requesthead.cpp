#include "requesthead.h"

#include <QByteArray>

namespace clawgate {

namespace {

bool equalsNoCase(QByteArrayView text, QByteArrayView lower)
{
    return text.size() == lower.size()
        && qstrnicmp(text.data(), lower.data(), size_t(lower.size())) == 0;
}

bool containsNoCase(QByteArrayView text, QByteArrayView lower)
{
    for (qsizetype i = 0; i + lower.size() <= text.size(); ++i) {
        if (qstrnicmp(text.data() + i, lower.data(), size_t(lower.size())) == 0)
            return true;
    }
    return false;
}

// RFC 9110 §8.6: Content-Length = 1*DIGIT. A sign, a list, other characters or more digits
// than fit are refused rather than read as something else.
bool parseLength(QByteArrayView text, qint64 &length)
{
    if (text.isEmpty() || text.size() > 18) // 18 digits always fit in qint64
        return false;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    length = value;
    return true;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

// "METHOD SP target SP HTTP/x.y"; QHttpServer skips whitespace left over before it.
bool readRequestLine(QByteArrayView line, RequestHead &head)
{
    const qsizetype methodEnd = line.indexOf(' ');
    if (methodEnd <= 0)
        return false;
    head.method = line.first(methodEnd);
    qsizetype start = methodEnd;
    while (start < line.size() && line.at(start) == ' ')
        ++start;
    const qsizetype targetEnd = line.indexOf(' ', start);
    if (targetEnd <= start)
        return false;
    head.target = line.sliced(start, targetEnd - start);
    return line.sliced(targetEnd).trimmed().startsWith("HTTP/");
}

// One header line; returns false when the head must be refused (`head.problem` says why).
bool readHeaderLine(QByteArrayView line, RequestHead &head, bool &sawLength, bool &sawEncoding)
{
    if (isBlank(line.front())) {
        head.problem = "Folded header lines are not accepted.";
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || isBlank(line.at(colon - 1))) {
        head.problem = "Malformed header line.";
        return false;
    }
    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = line.sliced(colon + 1).trimmed();
    auto first = [](QByteArrayView &field, QByteArrayView value) {
        if (field.isNull())
            field = value.isNull() ? QByteArrayView("") : value;
    };
    switch (name.size()) {
    case 4:
        if (equalsNoCase(name, "host"))
            first(head.host, value);
        break;
    case 6:
        if (equalsNoCase(name, "expect"))
            head.expectContinue = containsNoCase(value, "100-continue");
        break;
    case 9:
        if (equalsNoCase(name, "x-api-key"))
            first(head.apiKey, value);
        break;
    case 10:
        if (equalsNoCase(name, "connection"))
            head.closeConnection = containsNoCase(value, "close");
        break;
    case 13:
        if (equalsNoCase(name, "authorization"))
            first(head.authorization, value);
        break;
    case 14:
        if (!equalsNoCase(name, "content-length"))
            break;
        if (sawLength || !parseLength(value, head.contentLength)) {
            head.problem
                = sawLength ? "Repeated Content-Length header." : "Invalid Content-Length header.";
            return false;
        }
        sawLength = true;
        break;
    case 17:
        if (!equalsNoCase(name, "transfer-encoding"))
            break;
        if (sawEncoding || !equalsNoCase(value, "chunked")) {
            head.problem = "Only a single 'Transfer-Encoding: chunked' is accepted.";
            return false;
        }
        sawEncoding = head.chunked = true;
        break;
    case 22:
        if (equalsNoCase(name, "x-clawgate-admin-token"))
            first(head.adminToken, value);
        break;
    default: break;
    }
    return true;
}

} // namespace

RequestHead readRequestHead(QByteArrayView bytes)
{
    RequestHead head;
    qsizetype start = 0;
    while (start < bytes.size() && (QByteArrayView("\r\n\t\v ").contains(bytes.at(start))))
        ++start;
    qsizetype end = bytes.indexOf('\n', start);
    if (end < 0)
        end = bytes.size();
    QByteArrayView line = bytes.sliced(start, end - start);
    if (line.endsWith('\r'))
        line.chop(1);
    if (!readRequestLine(line, head)) {
        head.problem = "Malformed request line.";
        return head;
    }
    bool sawLength = false;
    bool sawEncoding = false;
    for (start = end + 1; start < bytes.size(); start = end + 1) {
        end = bytes.indexOf('\n', start);
        if (end < 0)
            end = bytes.size();
        line = bytes.sliced(start, end - start);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            // QHttpServer ends a head at a bare "\n\n" too; reading on would disagree with it.
            head.problem = "Malformed header block.";
            return head;
        }
        if (!readHeaderLine(line, head, sawLength, sawEncoding))
            return head;
    }
    if (sawLength && head.chunked)
        head.problem = "Content-Length together with chunked Transfer-Encoding is not accepted.";
    return head;
}

QString RequestHead::path() const
{
    QByteArrayView path = target;
    if (!path.startsWith('/')) {
        // Absolute form ("http://host/path"), as sent to a proxy.
        const qsizetype scheme = QByteArrayView(path).indexOf("://");
        const qsizetype slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
        if (scheme < 0)
            return QString::fromUtf8(path); // "*" or nonsense: no route matches it
        path = slash < 0 ? QByteArrayView("/") : path.sliced(slash);
    }
    for (qsizetype i = 0; i < path.size(); ++i) {
        if (path.at(i) == '?' || path.at(i) == '#') {
            path.truncate(i);
            break;
        }
    }
    if (path.contains('%'))
        return QString::fromUtf8(QByteArray::fromPercentEncoding(path.toByteArray()));
    return QString::fromUtf8(path);
}

} // namespace clawgate
