#include "streamevents.h"

namespace clawgate {

namespace {

bool isJsonBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *skipBlanks(const char *p, const char *end)
{
    while (p < end && isJsonBlank(*p))
        ++p;
    return p;
}

} // namespace

bool isErrorEvent(const SseEvent &event)
{
    if (event.event == "error")
        return true;
    if (!event.data.contains("\"error\"")) // the cheap test first
        return false;
    const QByteArray trimmed = event.data.trimmed();
    return trimmed.startsWith('{') && trimmed.mid(1).trimmed().startsWith("\"error\"");
}

bool isTerminalEvent(Endpoint endpoint, const SseEvent &event)
{
    if (endpoint == Endpoint::Responses) {
        // The Responses API ends with a typed event instead of [DONE].
        return event.event == "response.completed" || event.event == "response.incomplete"
            || event.event == "response.failed" || event.data.contains("\"response.completed\"")
            || event.data.contains("\"response.incomplete\"");
    }
    if (endpoint == Endpoint::Messages) // Anthropic's last event
        return event.event == "message_stop" || event.data.contains("\"message_stop\"");
    return event.data == "[DONE]";
}

bool hasFinishReason(const QByteArray &data)
{
    constexpr QByteArrayView key("\"finish_reason\"");
    const char *end = data.constData() + data.size();
    for (qsizetype at = data.indexOf(key); at >= 0; at = data.indexOf(key, at + 1)) {
        const char *p = skipBlanks(data.constData() + at + key.size(), end);
        if (p == end || *p != ':')
            continue;
        p = skipBlanks(p + 1, end);
        if (p < end && *p != 'n')
            return true;
    }
    return false;
}

} // namespace clawgate
