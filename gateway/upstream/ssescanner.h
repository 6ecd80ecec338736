// Finds the boundaries of Server-Sent Events in a byte stream that arrives in arbitrary pieces,
// so the gateway can tell the first event, an error event and the end of a stream apart while
// it forwards the bytes themselves unchanged. It is the one place that knows where a block
// (an event, or a comment such as a keep-alive) ends, and it bounds the memory an upstream can
// make it hold: a block that grows past the limit without ending is an overflow.
#pragma once

#include <QByteArray>

#include <functional>

namespace clawgate {

struct SseEvent
{
    QByteArray event; // the "event:" field, empty for plain "data:" events
    QByteArray data; // "data:" lines joined with '\n'
    bool hasData = false;
};

class SseScanner
{
public:
    using Handler = std::function<void(const SseEvent &)>;

    // Room for the largest real events (a Responses API completion repeats the whole output,
    // images included) while still bounding what one stream can hold.
    static constexpr qsizetype kDefaultMaxBlockBytes = 16 << 20;

    explicit SseScanner(qsizetype maxBlockBytes = kDefaultMaxBlockBytes);

    // Feeds the next piece of the stream; calls `handler` for every event it completes.
    // Returns how many bytes of `bytes` belong to complete blocks: everything up to the end of
    // the last blank line in this piece, 0 when none ended here. After an overflow the rest of
    // the stream is ignored and 0 is returned.
    qsizetype feed(const QByteArray &bytes, const Handler &handler);
    bool hasPartialEvent() const
    {
        return !m_line.isEmpty() || m_current.hasData || !m_current.event.isEmpty();
    }
    qint64 eventCount() const { return m_events; }
    // Bytes since the end of the last complete block.
    qsizetype pendingBytes() const { return m_pendingBytes; }
    // In bytes that hold whole blocks (what feed() said was complete): one past the blank line
    // that ends the block starting at `from`, or the end of `bytes`.
    static qsizetype blockEnd(const QByteArray &bytes, qsizetype from);
    bool overflowed() const { return m_overflowed; }

private:
    void takeLine(const QByteArray &line, const Handler &handler);

    qsizetype m_maxBlockBytes;
    QByteArray m_line; // the incomplete last line
    SseEvent m_current;
    bool m_skipLf = false; // the previous piece ended with CR of a CRLF
    bool m_blockEnded = false; // set by takeLine() when a blank line ends a block
    bool m_overflowed = false;
    qsizetype m_pendingBytes = 0;
    qint64 m_events = 0;
};

} // namespace clawgate
