#pragma once

#include "mockbehavior.h"

#include <QByteArray>

// One parsed HTTP/1.x request.
struct HttpRequest
{
    QByteArray method;
    QByteArray path;
    MockHeaders headers;
    QByteArray body;
    bool keepAlive = true;

    QByteArray header(const QByteArray &name) const;
};

// Incremental HTTP/1.1 request parser. Bytes are appended as they arrive; the buffer is only
// scanned from where the previous scan stopped, so a large body arriving in many small reads
// costs linear time.
class HttpRequestParser
{
public:
    enum class Result { NeedMore, Complete, Error };

    void append(const QByteArray &data);
    Result parse();
    HttpRequest takeRequest();
    // True once per request whose client waits for "100 Continue" before sending the body.
    bool takeContinueRequest();
    int errorStatus() const { return m_errorStatus; }
    bool hasBufferedData() const { return m_pos < m_buffer.size(); }

    static constexpr int MaxHeadBytes = 64 * 1024;
    static constexpr qsizetype MaxBodyBytes = 64 * 1024 * 1024;

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkTrailer, Done, Error };

    Result parseHead();
    bool parseHeadLines(const QByteArray &head);
    Result parseChunked();
    Result fail(int status);

    QByteArray m_buffer;
    qsizetype m_pos = 0; // start of unconsumed data
    qsizetype m_scan = 0; // where the search for the end of the head resumes
    State m_state = State::Head;
    qsizetype m_remaining = 0;
    bool m_wantsContinue = false;
    int m_errorStatus = 400;
    HttpRequest m_request;
};
