#include "ssescanner.h"

namespace clawgate {

SseScanner::SseScanner(qsizetype maxBlockBytes)
    : m_maxBlockBytes(maxBlockBytes)
{
}

qsizetype SseScanner::feed(const QByteArray &bytes, const Handler &handler)
{
    if (bytes.isEmpty() || m_overflowed)
        return 0; // an empty piece keeps a CR that ended the previous piece pending
    const char *begin = bytes.constData();
    const char *p = begin;
    const char *end = p + bytes.size();
    qsizetype complete = 0;
    if (m_skipLf && *p == '\n') {
        ++p;
        complete = m_pendingBytes == 0 ? 1 : 0; // the LF belongs to the block that just ended
    }
    m_skipLf = false;
    while (p < end) {
        const char *eol = p;
        while (eol < end && *eol != '\n' && *eol != '\r')
            ++eol;
        if (eol == end) {
            m_line.append(p, eol - p);
            break;
        }
        if (m_line.isEmpty()) {
            takeLine(QByteArray::fromRawData(p, eol - p), handler);
        } else {
            m_line.append(p, eol - p);
            takeLine(m_line, handler);
            m_line.clear();
        }
        if (*eol == '\r') {
            if (eol + 1 == end)
                m_skipLf = true;
            else if (eol[1] == '\n')
                ++eol;
        }
        p = eol + 1;
        if (std::exchange(m_blockEnded, false))
            complete = p - begin;
    }
    m_pendingBytes = complete > 0 ? bytes.size() - complete : m_pendingBytes + bytes.size();
    if (m_pendingBytes > m_maxBlockBytes) {
        // Never grow without bound on an upstream that sends no block boundary.
        m_overflowed = true;
        m_line.clear();
        m_current = SseEvent();
        return 0;
    }
    return complete;
}

qsizetype SseScanner::blockEnd(const QByteArray &bytes, qsizetype from)
{
    qsizetype p = from;
    while (p < bytes.size()) {
        qsizetype eol = p;
        while (eol < bytes.size() && bytes.at(eol) != '\n' && bytes.at(eol) != '\r')
            ++eol;
        if (eol == bytes.size())
            break;
        const qsizetype next = eol
            + (bytes.at(eol) == '\r' && eol + 1 < bytes.size() && bytes.at(eol + 1) == '\n' ? 2
                                                                                            : 1);
        if (eol == p)
            return next; // the blank line
        p = next;
    }
    return bytes.size();
}

// One line of the SSE grammar (https://html.spec.whatwg.org/#event-stream-interpretation).
void SseScanner::takeLine(const QByteArray &line, const Handler &handler)
{
    if (line.isEmpty()) {
        m_blockEnded = true;
        if (m_current.hasData || !m_current.event.isEmpty()) {
            ++m_events;
            handler(m_current);
        }
        m_current = SseEvent();
        return;
    }
    if (line.startsWith(':'))
        return; // comment / keep-alive
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        if (m_current.hasData)
            m_current.data.append('\n');
        m_current.data.append(value);
        m_current.hasData = true;
    } else if (field == "event") {
        m_current.event = value;
    }
}

} // namespace clawgate
