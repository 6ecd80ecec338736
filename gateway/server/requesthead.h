// The facts the connection guard needs from a request head, read before any body byte: how long
// the body is, where the request goes and who sends it. Framing that another parser could read
// differently (a repeated, signed, non-numeric or overflowing Content-Length, Content-Length
// together with chunked, whitespace before a colon, folded lines) is refused here, so the guard
// and QHttpServer can never disagree on where one request ends and the next begins.
#pragma once

#include <QByteArrayView>
#include <QString>

namespace clawgate {

struct RequestHead
{
    // Views into the head's bytes: valid only while those bytes are.
    QByteArrayView method;
    QByteArrayView target;
    QByteArrayView host;
    QByteArrayView authorization;
    QByteArrayView apiKey; // x-api-key
    QByteArrayView adminToken; // x-clawgate-admin-token
    qint64 contentLength = 0;
    bool chunked = false;
    bool expectContinue = false;
    bool closeConnection = false;
    // Why the head cannot be accepted (answered 400), or null.
    const char *problem = nullptr;

    // The target's path, percent-decoded, without query or fragment: what routes match.
    QString path() const;
};

// `head` runs up to, not including, the blank line that ends it. Runs for every request:
// it looks at each line once and copies nothing.
RequestHead readRequestHead(QByteArrayView head);

} // namespace clawgate
