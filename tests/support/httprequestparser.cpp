#include "httprequestparser.h"

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

void HttpRequestParser::append(const QByteArray &data)
{
    // Drop consumed bytes before growing, so a long keep-alive connection does not keep
    // every request it ever carried.
    if (m_pos > 0 && m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_scan -= m_pos;
        m_pos = 0;
    } else if (m_pos > 64 * 1024) {
        // A client that keeps pipelining never empties the buffer; compact now and then.
        m_buffer.remove(0, m_pos);
        m_scan -= m_pos;
        m_pos = 0;
    }
    m_buffer.append(data);
}

HttpRequestParser::Result HttpRequestParser::parse()
{
    for (;;) {
        switch (m_state) {
        case State::Head: {
            const Result r = parseHead();
            if (r != Result::Complete)
                return r;
            break;
        }
        case State::Body: {
            if (m_buffer.size() - m_pos < m_remaining)
                return Result::NeedMore;
            m_request.body = m_buffer.mid(m_pos, m_remaining);
            m_pos += m_remaining;
            m_state = State::Done;
            break;
        }
        case State::ChunkSize:
        case State::ChunkData:
        case State::ChunkTrailer: {
            const Result r = parseChunked();
            if (r != Result::Complete)
                return r;
            break;
        }
        case State::Done: return Result::Complete;
        case State::Error: return Result::Error;
        }
    }
}

HttpRequestParser::Result HttpRequestParser::parseHead()
{
    const qsizetype end = m_buffer.indexOf("\r\n\r\n", qMax(m_scan, m_pos));
    if (end < 0) {
        m_scan = qMax(m_pos, m_buffer.size() - 3);
        return m_buffer.size() - m_pos > MaxHeadBytes ? fail(431) : Result::NeedMore;
    }
    if (end - m_pos > MaxHeadBytes)
        return fail(431);
    const QByteArray head = m_buffer.mid(m_pos, end - m_pos);
    m_pos = end + 4;
    m_scan = m_pos;
    if (!parseHeadLines(head))
        return fail(400);

    const QByteArray te = m_request.header(QByteArrayLiteral("transfer-encoding"));
    const QByteArray cl = m_request.header(QByteArrayLiteral("content-length"));
    if (te.toLower().contains("chunked")) {
        m_state = State::ChunkSize;
    } else if (!cl.isEmpty()) {
        bool ok = false;
        m_remaining = cl.trimmed().toLongLong(&ok);
        if (!ok || m_remaining < 0)
            return fail(400);
        if (m_remaining > MaxBodyBytes)
            return fail(413);
        m_state = State::Body;
    } else {
        m_state = State::Done;
    }
    m_wantsContinue = m_state != State::Done
        && m_request.header(QByteArrayLiteral("expect")).toLower()
            == QByteArrayLiteral("100-continue");
    return Result::Complete;
}

bool HttpRequestParser::parseHeadLines(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")
        || !(requestLine.at(1).startsWith('/') || requestLine.at(1).startsWith("http://")))
        return false;
    m_request.method = requestLine.at(0);
    m_request.path = requestLine.at(1);
    const bool http10 = requestLine.at(2) == "HTTP/1.0";
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        m_request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    const QByteArray connection = m_request.header(QByteArrayLiteral("connection")).toLower();
    m_request.keepAlive
        = http10 ? connection.contains("keep-alive") : !connection.contains("close");
    return true;
}

HttpRequestParser::Result HttpRequestParser::parseChunked()
{
    for (;;) {
        if (m_state == State::ChunkSize) {
            const qsizetype eol = m_buffer.indexOf("\r\n", m_pos);
            if (eol < 0)
                return m_buffer.size() - m_pos > 1024 ? fail(400) : Result::NeedMore;
            QByteArray sizeText = m_buffer.mid(m_pos, eol - m_pos);
            const qsizetype semicolon = sizeText.indexOf(';');
            if (semicolon >= 0)
                sizeText.truncate(semicolon);
            bool ok = false;
            m_remaining = sizeText.trimmed().toLongLong(&ok, 16);
            if (!ok || m_remaining < 0)
                return fail(400);
            if (m_request.body.size() + m_remaining > MaxBodyBytes)
                return fail(413);
            m_pos = eol + 2;
            m_state = m_remaining == 0 ? State::ChunkTrailer : State::ChunkData;
        } else if (m_state == State::ChunkData) {
            if (m_buffer.size() - m_pos < m_remaining + 2)
                return Result::NeedMore;
            m_request.body.append(m_buffer.constData() + m_pos, m_remaining);
            m_pos += m_remaining + 2;
            m_state = State::ChunkSize;
        } else {
            // Trailer section: either an empty line or header lines ending in an empty line.
            if (m_buffer.size() - m_pos < 2)
                return Result::NeedMore;
            if (m_buffer.at(m_pos) == '\r' && m_buffer.at(m_pos + 1) == '\n') {
                m_pos += 2;
            } else {
                const qsizetype end = m_buffer.indexOf("\r\n\r\n", m_pos);
                if (end < 0)
                    return Result::NeedMore;
                m_pos = end + 4;
            }
            m_state = State::Done;
            return Result::Complete;
        }
    }
}

HttpRequestParser::Result HttpRequestParser::fail(int status)
{
    m_errorStatus = status;
    m_state = State::Error;
    return Result::Error;
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest request = std::move(m_request);
    m_request = HttpRequest();
    m_state = State::Head;
    m_scan = m_pos;
    m_wantsContinue = false;
    return request;
}

bool HttpRequestParser::takeContinueRequest()
{
    const bool wants = m_wantsContinue;
    m_wantsContinue = false;
    return wants;
}
