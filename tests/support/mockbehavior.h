#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

using MockHeaders = QList<QPair<QByteArray, QByteArray>>;

// One piece of a streamed response. Written as exactly one chunked-encoding chunk so tests
// control how events are split across reads.
struct MockChunk
{
    QByteArray data; // raw bytes, e.g. "data: {...}\n\n"; empty chunks are skipped
    int delayMs = 0; // wait this long before writing it
};

enum class MockEnd {
    Complete, // write the terminating chunk
    Cut, // close the TCP connection after the chunks, mid-body
    Stall, // keep the connection open, send nothing more
    CloseWithoutDone, // terminate the chunked body properly; default events omit [DONE]
};

// What the mock answers to one request. A default-constructed behaviour gives the
// OpenAI-shaped default for the endpoint.
struct MockBehavior
{
    int status = 200;
    MockHeaders headers; // extra response headers, e.g. Retry-After
    QByteArray body; // raw body; empty = default (error body for >= 400)
    int headerDelayMs = 0; // wait before sending anything
    bool stallBeforeHeaders = false; // never answer
    // Read the whole request, then reset the connection instead of answering: an upstream that
    // may be working on the request (and billing it) when the connection breaks.
    bool resetBeforeHeaders = false;
    std::optional<bool> stream; // unset: follow the request (or true if chunks are set)
    QList<MockChunk> chunks; // replace the default stream events
    MockEnd end = MockEnd::Complete;
    bool lieContentLength = false; // non-stream: announce more bytes than sent, then close
    // Stream: instead of the chunks, about this many bytes of large content events, then
    // [DONE]. Written only as fast as the client takes them, like a real server that respects
    // back-pressure; MockUpstream::floodBytesSent() tells how far each flood got.
    qint64 floodBytes = 0;

    static MockChunk sse(const QByteArray &json, int delayMs = 0);
    static MockChunk done(int delayMs = 0);
    static QByteArray chatChunkJson(const QByteArray &model, const QByteArray &content);
    // events content events, each intervalMs after the previous (the first intervalMs after
    // the headers), then [DONE]: the stream lasts about events * intervalMs.
    static MockBehavior slowStream(int events, int intervalMs);
    // An error status with the default OpenAI error body and an optional Retry-After.
    static MockBehavior error(int status, const QByteArray &retryAfter = {});
    // A stream of about `bytes` bytes of content events (see floodBytes).
    static MockBehavior flood(qint64 bytes);
};

// A route that hands out tokens, as a company login service does: a POST whose JSON body has
// "username" and "password" equal to these gets 200 and `reply` with %TOKEN% replaced by a new
// token ("sk-login-token-N"); any other gets 401 with a message that echoes the password it
// got, as careless services do.
struct MockLogin
{
    QByteArray username;
    QByteArray password;
    QByteArray reply = QByteArrayLiteral(R"({"token":"%TOKEN%","expires_in":3600})");
    int delayMs = 0; // before answering
};

// One request as the mock received it.
struct MockRequest
{
    QString route;
    QByteArray method;
    QByteArray path; // full path including the route and any query
    MockHeaders headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const; // case-insensitive, first match
    QJsonObject json() const;
};

// Escapes text for use inside a JSON string literal (without the quotes).
QByteArray mockJsonEscape(const QByteArray &text);
