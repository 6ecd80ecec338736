#include "anthropictochatstream.h"

#include "translation.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace clawgate {

using namespace Qt::StringLiterals;

AnthropicToChatStream::AnthropicToChatStream(bool includeUsage, qint64 createdSeconds)
    : m_includeUsage(includeUsage)
    , m_created(createdSeconds)
{
}

QByteArray AnthropicToChatStream::translate(const SseEvent &event)
{
    if (m_ended || !event.hasData)
        return {};
    const QJsonDocument document = QJsonDocument::fromJson(event.data);
    if (!document.isObject())
        return fail(u"upstream_error"_s, u"The backend sent a stream event that is not JSON."_s);
    const QJsonObject object = document.object();
    QString type = object.value("type"_L1).toString();
    if (type.isEmpty())
        type = QString::fromUtf8(event.event);
    m_usage.observe(type, object);
    return translateEvent(type, object);
}

QByteArray AnthropicToChatStream::translateEvent(const QString &type, const QJsonObject &event)
{
    if (type == "message_start"_L1) {
        const QJsonObject message = event.value("message"_L1).toObject();
        m_id = message.value("id"_L1).toString();
        m_model = message.value("model"_L1).toString();
        return chunk({{"role"_L1, u"assistant"_s}, {"content"_L1, QString()}});
    }
    if (type == "content_block_start"_L1)
        return blockStart(event);
    if (type == "content_block_delta"_L1)
        return blockDelta(event);
    if (type == "message_delta"_L1) {
        const QString reason = chatFinishReason(
            event.value("delta"_L1).toObject().value("stop_reason"_L1).toString());
        return reason.isEmpty() ? QByteArray() : chunk({}, reason);
    }
    if (type == "message_stop"_L1)
        return messageStop();
    if (type == "error"_L1) {
        const QJsonObject error = event.value("error"_L1).toObject();
        return fail(error.value("type"_L1).toString(u"api_error"_s),
                    error.value("message"_L1).toString(u"The backend reported an error."_s));
    }
    return {}; // ping, content_block_stop, and event types added later
}

QByteArray AnthropicToChatStream::blockStart(const QJsonObject &event)
{
    const int index = event.value("index"_L1).toInt();
    const QJsonObject block = event.value("content_block"_L1).toObject();
    const QString type = block.value("type"_L1).toString();
    if (type == "text"_L1 || type == "thinking"_L1) {
        const bool text = type == "text"_L1;
        const QString initial = block.value(text ? "text"_L1 : "thinking"_L1).toString();
        return initial.isEmpty() ? QByteArray()
                                 : chunk({{text ? "content"_L1 : "reasoning_content"_L1, initial}});
    }
    if (type == "redacted_thinking"_L1) {
        const QJsonObject detail {{"type"_L1, u"reasoning.encrypted"_s},
                                  {"data"_L1, block.value("data"_L1)}};
        return chunk({{"reasoning_details"_L1, QJsonArray {detail}}});
    }
    if (type != "tool_use"_L1)
        return fail(
            u"upstream_error"_s,
            u"The backend answered with a '%1' block, which has no OpenAI chat form."_s.arg(type));
    const int toolIndex = int(m_toolIndex.size());
    m_toolIndex.insert(index, toolIndex);
    const QJsonObject function {{"name"_L1, block.value("name"_L1)}, {"arguments"_L1, QString()}};
    const QJsonObject call {{"index"_L1, toolIndex},
                            {"id"_L1, block.value("id"_L1)},
                            {"type"_L1, u"function"_s},
                            {"function"_L1, function}};
    return chunk({{"tool_calls"_L1, QJsonArray {call}}});
}

QByteArray AnthropicToChatStream::blockDelta(const QJsonObject &event)
{
    const QJsonObject delta = event.value("delta"_L1).toObject();
    const QString type = delta.value("type"_L1).toString();
    if (type == "text_delta"_L1)
        return chunk({{"content"_L1, delta.value("text"_L1)}});
    if (type == "thinking_delta"_L1)
        return chunk({{"reasoning_content"_L1, delta.value("thinking"_L1)}});
    if (type == "signature_delta"_L1) {
        const QJsonObject detail {{"type"_L1, u"reasoning.text"_s},
                                  {"signature"_L1, delta.value("signature"_L1)}};
        return chunk({{"reasoning_details"_L1, QJsonArray {detail}}});
    }
    if (type == "input_json_delta"_L1) {
        const QString piece = delta.value("partial_json"_L1).toString();
        const int index = event.value("index"_L1).toInt();
        if (piece.isEmpty() || !m_toolIndex.contains(index))
            return {};
        const QJsonObject call {{"index"_L1, m_toolIndex.value(index)},
                                {"function"_L1, QJsonObject {{"arguments"_L1, piece}}}};
        return chunk({{"tool_calls"_L1, QJsonArray {call}}});
    }
    return {}; // citations_delta: chat has no citations
}

QByteArray AnthropicToChatStream::messageStop()
{
    QByteArray out;
    if (m_includeUsage) {
        out = chatSseEvent({{"id"_L1, m_id},
                            {"object"_L1, u"chat.completion.chunk"_s},
                            {"created"_L1, m_created},
                            {"model"_L1, m_model},
                            {"choices"_L1, QJsonArray()},
                            {"usage"_L1, chatUsageFromAnthropic(m_usage.anthropicUsage())}});
    }
    m_ended = true;
    return out + chatSseDone();
}

QByteArray AnthropicToChatStream::chunk(const QJsonObject &delta,
                                        const QJsonValue &finishReason) const
{
    const QJsonObject choice {{"index"_L1, 0},
                              {"delta"_L1, delta},
                              {"logprobs"_L1, QJsonValue()},
                              {"finish_reason"_L1, finishReason}};
    return chatSseEvent({{"id"_L1, m_id},
                         {"object"_L1, u"chat.completion.chunk"_s},
                         {"created"_L1, m_created},
                         {"model"_L1, m_model},
                         {"choices"_L1, QJsonArray {choice}}});
}

QByteArray AnthropicToChatStream::finish()
{
    if (m_ended)
        return {};
    return interrupt(u"The backend's stream ended before the answer was complete."_s);
}

QByteArray AnthropicToChatStream::interrupt(const QString &message)
{
    if (m_ended)
        return {};
    return fail(u"upstream_error"_s, message);
}

QByteArray AnthropicToChatStream::fail(const QString &type, const QString &message)
{
    m_ended = true;
    m_failed = true;
    return "data: " + chatErrorBody(message, type, {}) + "\n\n";
}

std::optional<TokenUsage> AnthropicToChatStream::usage() const
{
    return m_usage.usage();
}

} // namespace clawgate
