// What one event of a chat completion stream says to someone reading along: the text it adds,
// the error it reports, or that the stream is over. For a terminal chat (`clawgatectl chat`);
// the relay itself never parses events this way.
#pragma once

#include "upstream/ssescanner.h"

#include <QString>

namespace clawgate {

struct ChatStreamPiece
{
    QString text; // choices[0].delta.content
    QString error; // the message of an error event
    bool done = false; // data: [DONE]
};

ChatStreamPiece readChatStreamEvent(const SseEvent &event);

// The message of an OpenAI-style error body ({"error": {"message": ...}}, {"error": "..."}),
// or the body itself, on one line.
QString errorMessageOf(const QByteArray &body);

} // namespace clawgate
