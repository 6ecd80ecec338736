#include "chattoanthropicstream.h"

#include "translation.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace clawgate {

using namespace Qt::StringLiterals;

namespace {

QString nonEmptyString(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

// The Anthropic error type closest to an OpenAI error object's type or code.
QString errorTypeOf(const QJsonObject &error)
{
    const QString kind
        = error.value("type"_L1).toString() + u' ' + error.value("code"_L1).toVariant().toString();
    if (kind.contains("rate_limit"_L1) || kind.contains("quota"_L1))
        return u"rate_limit_error"_s;
    if (kind.contains("overloaded"_L1))
        return u"overloaded_error"_s;
    if (kind.contains("invalid_request"_L1))
        return u"invalid_request_error"_s;
    return u"api_error"_s;
}

} // namespace

ChatToAnthropicStream::ChatToAnthropicStream(const QString &model)
    : m_model(model)
{
}

QByteArray ChatToAnthropicStream::translate(const SseEvent &event)
{
    if (m_ended || !event.hasData)
        return {};
    if (QByteArrayView(event.data).trimmed() == "[DONE]") {
        QByteArray out = m_started ? QByteArray() : messageStart({});
        if (m_stopReason.isEmpty())
            m_stopReason = u"end_turn"_s;
        return out + end();
    }
    const QJsonDocument document = QJsonDocument::fromJson(event.data);
    if (!document.isObject())
        return fail(u"api_error"_s, u"The backend sent a stream event that is not JSON."_s);
    const QJsonObject chunk = document.object();
    if (chunk.contains("error"_L1)) {
        const QJsonObject error = chunk.value("error"_L1).toObject();
        QString message = error.value("message"_L1).toString();
        if (message.isEmpty())
            message = u"The backend reported an error."_s;
        return fail(errorTypeOf(error), message);
    }
    return translateChunk(chunk);
}

QByteArray ChatToAnthropicStream::translateChunk(const QJsonObject &chunk)
{
    QByteArray out = m_started ? QByteArray() : messageStart(chunk);
    const QJsonObject choice = chunk.value("choices"_L1).toArray().at(0).toObject();
    out += translateDelta(choice.value("delta"_L1).toObject());
    const QString finish = nonEmptyString(choice, "finish_reason"_L1);
    if (!finish.isEmpty()) {
        out += close();
        m_stopReason = anthropicStopReason(finish);
    }
    const QJsonValue usage = chunk.value("usage"_L1);
    if (usage.isObject()) {
        m_usage = anthropicUsageFromChat(usage.toObject());
        if (!m_stopReason.isEmpty())
            out += end();
    }
    return out;
}

QByteArray ChatToAnthropicStream::translateDelta(const QJsonObject &delta)
{
    QByteArray out;
    QString reasoning = nonEmptyString(delta, "reasoning_content"_L1);
    if (reasoning.isEmpty())
        reasoning = nonEmptyString(delta, "reasoning"_L1);
    if (!reasoning.isEmpty()) {
        out += ensureOpen(Block::Thinking);
        out += this->delta(m_blocks - 1,
                           {{"type"_L1, u"thinking_delta"_s}, {"thinking"_L1, reasoning}});
    }
    for (const QJsonValue &detail : delta.value("reasoning_details"_L1).toArray()) {
        const QString signature = nonEmptyString(detail.toObject(), "signature"_L1);
        if (signature.isEmpty())
            continue;
        out += ensureOpen(Block::Thinking);
        out += this->delta(m_blocks - 1,
                           {{"type"_L1, u"signature_delta"_s}, {"signature"_L1, signature}});
    }
    for (const QLatin1String key : {"content"_L1, "refusal"_L1}) {
        const QString text = nonEmptyString(delta, key);
        if (text.isEmpty())
            continue;
        out += ensureOpen(Block::Text);
        out += this->delta(m_blocks - 1, {{"type"_L1, u"text_delta"_s}, {"text"_L1, text}});
    }
    const QJsonArray calls = delta.value("tool_calls"_L1).toArray();
    for (qsizetype i = 0; i < calls.size(); ++i)
        out += translateToolCall(calls.at(i).toObject(), i);
    return out;
}

// Each tool call index gets its own tool_use block, opened when the index first appears. A
// backend that interleaves the pieces of parallel calls still gets each piece to its own block.
QByteArray ChatToAnthropicStream::translateToolCall(const QJsonObject &call, qsizetype position)
{
    const int index = call.value("index"_L1).toInt(int(position));
    const QJsonObject function = call.value("function"_L1).toObject();
    QByteArray out;
    if (!m_toolBlocks.contains(index)) {
        out += open(Block::Tool,
                    {{"type"_L1, u"tool_use"_s},
                     {"id"_L1, call.value("id"_L1)},
                     {"name"_L1, function.value("name"_L1)},
                     {"input"_L1, QJsonObject()}});
        m_toolBlocks.insert(index, m_blocks - 1);
    }
    const QString arguments = nonEmptyString(function, "arguments"_L1);
    if (!arguments.isEmpty())
        out += delta(m_toolBlocks.value(index),
                     {{"type"_L1, u"input_json_delta"_s}, {"partial_json"_L1, arguments}});
    return out;
}

QByteArray ChatToAnthropicStream::ensureOpen(Block kind)
{
    if (m_open == kind)
        return {};
    if (kind == Block::Text)
        return open(kind, {{"type"_L1, u"text"_s}, {"text"_L1, QString()}});
    return open(
        kind,
        {{"type"_L1, u"thinking"_s}, {"thinking"_L1, QString()}, {"signature"_L1, QString()}});
}

QByteArray ChatToAnthropicStream::open(Block kind, const QJsonObject &contentBlock)
{
    QByteArray out = close();
    m_open = kind;
    out += anthropicSseEvent({{"type"_L1, u"content_block_start"_s},
                              {"index"_L1, m_blocks++},
                              {"content_block"_L1, contentBlock}});
    return out;
}

QByteArray ChatToAnthropicStream::close()
{
    if (m_open == Block::None)
        return {};
    m_open = Block::None;
    return anthropicSseEvent({{"type"_L1, u"content_block_stop"_s}, {"index"_L1, m_blocks - 1}});
}

QByteArray ChatToAnthropicStream::delta(int index, const QJsonObject &delta) const
{
    return anthropicSseEvent(
        {{"type"_L1, u"content_block_delta"_s}, {"index"_L1, index}, {"delta"_L1, delta}});
}

QByteArray ChatToAnthropicStream::messageStart(const QJsonObject &chunk)
{
    m_started = true;
    QString model = nonEmptyString(chunk, "model"_L1);
    if (model.isEmpty())
        model = m_model;
    const QJsonObject message {
        {"id"_L1, chunk.value("id"_L1).toString()},
        {"type"_L1, u"message"_s},
        {"role"_L1, u"assistant"_s},
        {"model"_L1, model},
        {"content"_L1, QJsonArray()},
        {"stop_reason"_L1, QJsonValue()},
        {"stop_sequence"_L1, QJsonValue()},
        {"usage"_L1, QJsonObject {{"input_tokens"_L1, 0}, {"output_tokens"_L1, 0}}}};
    return anthropicSseEvent({{"type"_L1, u"message_start"_s}, {"message"_L1, message}});
}

QByteArray ChatToAnthropicStream::end()
{
    QByteArray out = close();
    QJsonObject usage = m_usage;
    if (usage.isEmpty())
        usage = {{"output_tokens"_L1, 0}};
    const QJsonObject delta {{"stop_reason"_L1, m_stopReason}, {"stop_sequence"_L1, QJsonValue()}};
    out += anthropicSseEvent(
        {{"type"_L1, u"message_delta"_s}, {"delta"_L1, delta}, {"usage"_L1, usage}});
    out += anthropicSseEvent({{"type"_L1, u"message_stop"_s}});
    m_ended = true;
    return out;
}

QByteArray ChatToAnthropicStream::finish()
{
    if (m_ended)
        return {};
    if (!m_stopReason.isEmpty())
        return end();
    return interrupt(u"The backend's stream ended before the answer was complete."_s);
}

QByteArray ChatToAnthropicStream::interrupt(const QString &message)
{
    if (m_ended)
        return {};
    return fail(u"api_error"_s, message);
}

QByteArray ChatToAnthropicStream::fail(const QString &type, const QString &message)
{
    m_ended = true;
    m_failed = true;
    const QJsonObject error {{"type"_L1, type}, {"message"_L1, message}};
    return anthropicSseEvent({{"type"_L1, u"error"_s}, {"error"_L1, error}});
}

std::optional<TokenUsage> ChatToAnthropicStream::usage() const
{
    return tokenUsageFromAnthropic(m_usage);
}

} // namespace clawgate
