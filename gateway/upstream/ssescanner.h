// Finds the boundaries of Server-Sent Events in a byte stream that arrives in arbitrary pieces,
// so the gateway can tell the first event, an error event and the end of a stream apart while
// it forwards the bytes themselves unchanged.
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

    // Feeds the next piece of the stream; calls `handler` for every event it completes.
    void feed(const QByteArray &bytes, const Handler &handler);
    bool hasPartialEvent() const
    {
        return !m_line.isEmpty() || m_current.hasData || !m_current.event.isEmpty();
    }
    qint64 eventCount() const { return m_events; }

private:
    void takeLine(const QByteArray &line, const Handler &handler);

    QByteArray m_line; // the incomplete last line
    SseEvent m_current;
    bool m_skipLf = false; // the previous piece ended with CR of a CRLF
    qint64 m_events = 0;
};

} // namespace clawgate
