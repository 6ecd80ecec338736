// A token count for an Anthropic Messages request made without asking any backend, for
// `/v1/messages/count_tokens` on an alias that has no Anthropic backend to ask. Agents use the
// count to decide when to compact a conversation, so it errs on the high side rather than
// letting a context overflow: about one token per four characters of Latin-script text, one
// per character of other scripts (a CJK character is often a token of its own), the JSON of
// tool definitions, calls and results counted as text, and a fixed allowance per image and per
// message. It is an estimate, and the gateway says so wherever it answers with one.
#pragma once

#include <QJsonObject>

namespace clawgate {

qint64 estimateInputTokens(const QJsonObject &messagesRequest);

// The rule for a run of text alone.
qint64 estimateTextTokens(QStringView text);

} // namespace clawgate
