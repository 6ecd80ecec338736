#include "chattoresponsesstream.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace clawgate {

using namespace Qt::StringLiterals;

namespace {

const QString kStreamFailed = u"upstream_stream_failed"_s;

QString nonEmptyString(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

// The code of an upstream error object: its `code` (a string or a number), else its `type`.
QString errorCodeOf(const QJsonObject &error)
{
    QString code = error.value("code"_L1).toVariant().toString();
    if (code.isEmpty())
        code = nonEmptyString(error, "type"_L1);
    return code.isEmpty() ? u"upstream_error"_s : code;
}

} // namespace

ChatToResponsesStream::ChatToResponsesStream(ResponsesEnvelope envelope)
    : m_envelope(std::move(envelope))
    , m_model(m_envelope.request.value("model"_L1).toString())
{
}

QByteArray ChatToResponsesStream::translate(const SseEvent &event)
{
    if (m_ended || !event.hasData)
        return {};
    if (QByteArrayView(event.data).trimmed() == "[DONE]") {
        // A backend that ends its stream properly but names no finish_reason: a finished answer.
        QByteArray out = m_started ? QByteArray() : start({});
        if (m_finishReason.isEmpty())
            m_finishReason = u"stop"_s;
        return out + end();
    }
    const QJsonDocument document = QJsonDocument::fromJson(event.data);
    if (!document.isObject())
        return fail(kStreamFailed, u"The backend sent a stream event that is not JSON."_s);
    const QJsonObject chunk = document.object();
    if (chunk.contains("error"_L1)) {
        const QJsonValue error = chunk.value("error"_L1);
        QString message
            = error.isString() ? error.toString() : error.toObject().value("message"_L1).toString();
        if (message.isEmpty())
            message = u"The backend reported an error."_s;
        return fail(errorCodeOf(error.toObject()), message);
    }
    return translateChunk(chunk);
}

QByteArray ChatToResponsesStream::translateChunk(const QJsonObject &chunk)
{
    QByteArray out = m_started ? QByteArray() : start(chunk);
    const QJsonObject choice = chunk.value("choices"_L1).toArray().at(0).toObject();
    out += translateDelta(choice.value("delta"_L1).toObject());
    const QString finish = nonEmptyString(choice, "finish_reason"_L1);
    if (!finish.isEmpty() && m_finishReason.isEmpty()) {
        m_finishReason = finish;
        out += closeAll();
    }
    const QJsonValue usage = chunk.value("usage"_L1);
    if (usage.isObject()) {
        m_usage = usage.toObject();
        if (!m_finishReason.isEmpty())
            out += end();
    }
    return out;
}

QByteArray ChatToResponsesStream::translateDelta(const QJsonObject &delta)
{
    QByteArray out;
    QString reasoning = nonEmptyString(delta, "reasoning_content"_L1);
    if (reasoning.isEmpty())
        reasoning = nonEmptyString(delta, "reasoning"_L1);
    if (!reasoning.isEmpty())
        out += addText(Kind::Reasoning, false, reasoning);
    const QString content = nonEmptyString(delta, "content"_L1);
    if (!content.isEmpty())
        out += addText(Kind::Message, false, content);
    const QString refusal = nonEmptyString(delta, "refusal"_L1);
    if (!refusal.isEmpty())
        out += addText(Kind::Message, true, refusal);
    const QJsonArray calls = delta.value("tool_calls"_L1).toArray();
    for (qsizetype i = 0; i < calls.size(); ++i)
        out += translateToolCall(calls.at(i).toObject(), i);
    return out;
}

// Text, refusal or reasoning text: into the open item of that kind (a new part when a message
// switches between text and refusal), else into a new item, which finishes the open one.
QByteArray ChatToResponsesStream::addText(Kind kind, bool refusal, const QString &text)
{
    QByteArray out;
    if (m_openText < 0 || m_items.at(m_openText).kind != kind) {
        out += closeItem(m_openText);
        const QLatin1String prefix = kind == Kind::Message ? "msg"_L1 : "rs"_L1;
        Item item;
        item.kind = kind;
        item.id = responsesItemId(m_envelope.id, prefix, int(m_items.size()));
        out += openItem(item);
        m_openText = int(m_items.size()) - 1;
    }
    const int index = m_openText;
    if (m_items.at(index).parts.isEmpty() || m_items.at(index).parts.last().refusal != refusal) {
        out += closePart(index);
        out += openPart(index, refusal);
    }
    Item &item = m_items[index];
    item.parts.last().text += text;
    const QString type = kind == Kind::Reasoning ? u"response.reasoning_text.delta"_s
        : refusal                                ? u"response.refusal.delta"_s
                                                 : u"response.output_text.delta"_s;
    QJsonObject fields {{"item_id"_L1, item.id},
                        {"output_index"_L1, index},
                        {"content_index"_L1, item.parts.size() - 1},
                        {"delta"_L1, text}};
    if (type == "response.output_text.delta"_L1)
        fields.insert("logprobs"_L1, QJsonArray());
    return out + event(type, fields);
}

// Each tool call index gets its own function_call item, opened when the index first appears.
QByteArray ChatToResponsesStream::translateToolCall(const QJsonObject &call, qsizetype position)
{
    const int index = call.value("index"_L1).toInt(int(position));
    const QJsonObject function = call.value("function"_L1).toObject();
    QByteArray out;
    if (!m_toolItems.contains(index)) {
        out += closeItem(m_openText);
        m_openText = -1;
        Item item;
        item.kind = Kind::FunctionCall;
        item.id = responsesItemId(m_envelope.id, "fc"_L1, int(m_items.size()));
        item.callId = call.value("id"_L1).toString();
        item.name = function.value("name"_L1).toString();
        item.parts.append(Part {});
        out += openItem(item);
        m_toolItems.insert(index, int(m_items.size()) - 1);
    }
    const QString arguments = nonEmptyString(function, "arguments"_L1);
    const int outputIndex = m_toolItems.value(index);
    Item &item = m_items[outputIndex];
    if (arguments.isEmpty() || item.done)
        return out;
    item.parts.last().text += arguments;
    return out
        + event(u"response.function_call_arguments.delta"_s,
                {{"item_id"_L1, item.id},
                 {"output_index"_L1, outputIndex},
                 {"delta"_L1, arguments}});
}

QByteArray ChatToResponsesStream::openItem(Item item)
{
    m_items.append(std::move(item));
    const int index = int(m_items.size()) - 1;
    return event(u"response.output_item.added"_s,
                 {{"output_index"_L1, index}, {"item"_L1, itemObject(index)}});
}

QByteArray ChatToResponsesStream::openPart(int index, bool refusal)
{
    Item &item = m_items[index];
    item.parts.append(Part {refusal, {}});
    return event(u"response.content_part.added"_s,
                 {{"item_id"_L1, item.id},
                  {"output_index"_L1, index},
                  {"content_index"_L1, item.parts.size() - 1},
                  {"part"_L1, partObject(item.parts.last(), item.kind)}});
}

// The .done events of a message's or reasoning item's last part: its whole text.
QByteArray ChatToResponsesStream::closePart(int index)
{
    const Item &item = m_items.at(index);
    if (item.parts.isEmpty())
        return {};
    const Part &part = item.parts.last();
    QJsonObject fields {{"item_id"_L1, item.id},
                        {"output_index"_L1, index},
                        {"content_index"_L1, item.parts.size() - 1}};
    QString type;
    if (item.kind == Kind::Reasoning) {
        type = u"response.reasoning_text.done"_s;
        fields.insert("text"_L1, part.text);
    } else if (part.refusal) {
        type = u"response.refusal.done"_s;
        fields.insert("refusal"_L1, part.text);
    } else {
        type = u"response.output_text.done"_s;
        fields.insert("text"_L1, part.text);
        fields.insert("logprobs"_L1, QJsonArray());
    }
    QByteArray out = event(type, fields);
    fields.remove("text"_L1);
    fields.remove("refusal"_L1);
    fields.remove("logprobs"_L1);
    fields.insert("part"_L1, partObject(part, item.kind));
    return out + event(u"response.content_part.done"_s, fields);
}

QByteArray ChatToResponsesStream::closeItem(int index)
{
    if (index < 0 || m_items.at(index).done)
        return {};
    const Item &item = m_items.at(index);
    QByteArray out;
    if (item.kind == Kind::FunctionCall)
        out += event(u"response.function_call_arguments.done"_s,
                     {{"item_id"_L1, item.id},
                      {"output_index"_L1, index},
                      {"arguments"_L1, item.parts.last().text}});
    else
        out += closePart(index);
    m_items[index].done = true;
    return out
        + event(u"response.output_item.done"_s,
                {{"output_index"_L1, index}, {"item"_L1, itemObject(index)}});
}

QByteArray ChatToResponsesStream::closeAll()
{
    QByteArray out;
    for (int i = 0; i < m_items.size(); ++i)
        out += closeItem(i);
    m_openText = -1;
    return out;
}

QByteArray ChatToResponsesStream::start(const QJsonObject &chunk)
{
    m_started = true;
    const QString model = nonEmptyString(chunk, "model"_L1);
    if (!model.isEmpty())
        m_model = model;
    const QJsonObject response
        = responsesObject(m_envelope, u"in_progress"_s, m_model, {}, QJsonValue());
    QByteArray out = event(u"response.created"_s, {{"response"_L1, response}});
    return out + event(u"response.in_progress"_s, {{"response"_L1, response}});
}

QByteArray ChatToResponsesStream::end()
{
    QByteArray out = closeAll();
    m_ended = true;
    const QString incomplete = responsesIncompleteReason(m_finishReason);
    QJsonArray output;
    for (int i = 0; i < m_items.size(); ++i)
        output.append(itemObject(i));
    const QJsonValue usage
        = m_usage.isEmpty() ? QJsonValue() : QJsonValue(responsesUsageFromChat(m_usage));
    const QJsonObject response
        = responsesObject(m_envelope, incomplete.isEmpty() ? u"completed"_s : u"incomplete"_s,
                          m_model, output, usage, incomplete);
    return out
        + event(incomplete.isEmpty() ? u"response.completed"_s : u"response.incomplete"_s,
                {{"response"_L1, response}});
}

QByteArray ChatToResponsesStream::finish()
{
    if (m_ended)
        return {};
    if (!m_finishReason.isEmpty())
        return end();
    return interrupt(u"The backend's stream ended before the answer was complete."_s);
}

QByteArray ChatToResponsesStream::interrupt(const QString &message)
{
    if (m_ended)
        return {};
    return fail(kStreamFailed, message);
}

QByteArray ChatToResponsesStream::fail(const QString &code, const QString &message)
{
    m_ended = true;
    m_failed = true;
    return event(u"error"_s,
                 {{"code"_L1, code}, {"message"_L1, message}, {"param"_L1, QJsonValue()}});
}

QByteArray ChatToResponsesStream::event(const QString &type, QJsonObject fields)
{
    fields.insert("type"_L1, type);
    fields.insert("sequence_number"_L1, m_sequence++);
    return "event: " + type.toUtf8()
        + "\ndata: " + QJsonDocument(fields).toJson(QJsonDocument::Compact) + "\n\n";
}

QJsonObject ChatToResponsesStream::itemObject(int index) const
{
    const Item &item = m_items.at(index);
    const QString status = itemStatus(index);
    if (item.kind == Kind::FunctionCall)
        return responsesFunctionCallItem(item.id, item.callId, item.name,
                                         item.done ? item.parts.last().text : QString(), status);
    // Added items start empty: the SDKs append the parts that content_part.added announces.
    QJsonArray content;
    if (item.done) {
        for (const Part &part : item.parts)
            content.append(partObject(part, item.kind));
    }
    return item.kind == Kind::Reasoning ? responsesReasoningItem(item.id, content)
                                        : responsesMessageItem(item.id, status, content);
}

QJsonObject ChatToResponsesStream::partObject(const Part &part, Kind kind) const
{
    if (kind == Kind::Reasoning)
        return responsesReasoningText(part.text);
    return part.refusal ? responsesRefusal(part.text) : responsesOutputText(part.text);
}

// In progress until done; then completed, except the last item of an answer that was cut
// (by the token limit or a content filter), which is incomplete.
QString ChatToResponsesStream::itemStatus(int index) const
{
    if (!m_items.at(index).done)
        return u"in_progress"_s;
    const bool cut = !responsesIncompleteReason(m_finishReason).isEmpty();
    return cut && index == m_items.size() - 1 ? u"incomplete"_s : u"completed"_s;
}

std::optional<TokenUsage> ChatToResponsesStream::usage() const
{
    if (m_usage.isEmpty())
        return std::nullopt;
    return tokenUsageOf(m_usage).value_or(TokenUsage {});
}

} // namespace clawgate
