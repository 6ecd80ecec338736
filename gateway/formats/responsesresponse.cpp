#include "responsesresponse.h"

#include <QJsonDocument>

namespace clawgate {

using namespace Qt::StringLiterals;

namespace {

qint64 count(const QJsonObject &o, QLatin1String key)
{
    return qint64(o.value(key).toDouble());
}

QString nonEmptyString(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

// The request's parameters a Response object repeats, each with the value OpenAI reports when
// the request has none (an undefined default: left out unless the request has it).
void echoRequest(const QJsonObject &request, QJsonObject &response)
{
    static const QList<QPair<QLatin1String, QJsonValue>> echoed {
        {"instructions"_L1, QJsonValue()},
        {"max_output_tokens"_L1, QJsonValue()},
        {"max_tool_calls"_L1, QJsonValue::Undefined},
        {"metadata"_L1, QJsonObject()},
        {"parallel_tool_calls"_L1, true},
        {"prompt_cache_key"_L1, QJsonValue::Undefined},
        {"reasoning"_L1, QJsonObject {{"effort"_L1, QJsonValue()}, {"summary"_L1, QJsonValue()}}},
        {"safety_identifier"_L1, QJsonValue::Undefined},
        {"service_tier"_L1, QJsonValue::Undefined},
        {"temperature"_L1, 1.0},
        {"text"_L1, QJsonObject {{"format"_L1, QJsonObject {{"type"_L1, u"text"_s}}}}},
        {"tool_choice"_L1, u"auto"_s},
        {"tools"_L1, QJsonArray()},
        {"top_logprobs"_L1, QJsonValue::Undefined},
        {"top_p"_L1, 1.0},
        {"truncation"_L1, u"disabled"_s},
        {"user"_L1, QJsonValue()},
    };
    for (const auto &[key, fallback] : echoed) {
        const QJsonValue value = request.value(key);
        if (!value.isUndefined() && !value.isNull())
            response.insert(key, value);
        else if (!fallback.isUndefined())
            response.insert(key, fallback);
    }
}

// A chat message's content: a string, or (some backends) an array of text parts.
QString contentText(const QJsonValue &content)
{
    if (!content.isArray())
        return content.toString();
    QString text;
    for (const QJsonValue &part : content.toArray())
        text += part.toObject().value("text"_L1).toString();
    return text;
}

// The output items of one chat choice's message, in the order a stream would open them.
QJsonArray outputItems(const QJsonObject &message, const QString &responseId)
{
    const QString status = u"completed"_s;
    QJsonArray output;
    QString reasoning = nonEmptyString(message, "reasoning_content"_L1);
    if (reasoning.isEmpty())
        reasoning = nonEmptyString(message, "reasoning"_L1);
    if (!reasoning.isEmpty())
        output.append(
            responsesReasoningItem(responsesItemId(responseId, "rs"_L1, int(output.size())),
                                   QJsonArray {responsesReasoningText(reasoning)}));
    QJsonArray parts;
    const QString text = contentText(message.value("content"_L1));
    if (!text.isEmpty())
        parts.append(responsesOutputText(text));
    const QString refusal = nonEmptyString(message, "refusal"_L1);
    if (!refusal.isEmpty())
        parts.append(responsesRefusal(refusal));
    if (!parts.isEmpty())
        output.append(responsesMessageItem(
            responsesItemId(responseId, "msg"_L1, int(output.size())), status, parts));
    for (const QJsonValue &value : message.value("tool_calls"_L1).toArray()) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value("function"_L1).toObject();
        output.append(responsesFunctionCallItem(
            responsesItemId(responseId, "fc"_L1, int(output.size())),
            call.value("id"_L1).toString(), function.value("name"_L1).toString(),
            function.value("arguments"_L1).toString(), status));
    }
    return output;
}

} // namespace

QString responsesItemId(const QString &responseId, QLatin1String prefix, int outputIndex)
{
    QString suffix = responseId;
    if (suffix.startsWith("resp_"_L1))
        suffix.remove(0, 5);
    return prefix + u'_' + suffix + u'_' + QString::number(outputIndex);
}

QString responsesIncompleteReason(const QString &chatFinishReason)
{
    if (chatFinishReason == "length"_L1)
        return u"max_output_tokens"_s;
    if (chatFinishReason == "content_filter"_L1)
        return u"content_filter"_s;
    return {};
}

QJsonObject responsesUsageFromChat(const QJsonObject &usage)
{
    const qint64 input = count(usage, "prompt_tokens"_L1);
    const qint64 output = count(usage, "completion_tokens"_L1);
    const qint64 total
        = usage.contains("total_tokens"_L1) ? count(usage, "total_tokens"_L1) : input + output;
    const qint64 cached
        = count(usage.value("prompt_tokens_details"_L1).toObject(), "cached_tokens"_L1);
    const qint64 reasoning
        = count(usage.value("completion_tokens_details"_L1).toObject(), "reasoning_tokens"_L1);
    return {{"input_tokens"_L1, input},
            {"input_tokens_details"_L1, QJsonObject {{"cached_tokens"_L1, cached}}},
            {"output_tokens"_L1, output},
            {"output_tokens_details"_L1, QJsonObject {{"reasoning_tokens"_L1, reasoning}}},
            {"total_tokens"_L1, total}};
}

QJsonObject responsesOutputText(const QString &text)
{
    return {{"type"_L1, u"output_text"_s}, {"text"_L1, text}, {"annotations"_L1, QJsonArray()}};
}

QJsonObject responsesRefusal(const QString &refusal)
{
    return {{"type"_L1, u"refusal"_s}, {"refusal"_L1, refusal}};
}

QJsonObject responsesMessageItem(const QString &id, const QString &status,
                                 const QJsonArray &content)
{
    return {{"type"_L1, u"message"_s},
            {"id"_L1, id},
            {"status"_L1, status},
            {"role"_L1, u"assistant"_s},
            {"content"_L1, content}};
}

QJsonObject responsesReasoningItem(const QString &id, const QJsonArray &content)
{
    return {{"type"_L1, u"reasoning"_s},
            {"id"_L1, id},
            {"summary"_L1, QJsonArray()},
            {"content"_L1, content}};
}

QJsonObject responsesReasoningText(const QString &text)
{
    return {{"type"_L1, u"reasoning_text"_s}, {"text"_L1, text}};
}

QJsonObject responsesFunctionCallItem(const QString &id, const QString &callId, const QString &name,
                                      const QString &arguments, const QString &status)
{
    return {{"type"_L1, u"function_call"_s}, {"id"_L1, id},
            {"call_id"_L1, callId},          {"name"_L1, name},
            {"arguments"_L1, arguments},     {"status"_L1, status}};
}

QJsonObject responsesObject(const ResponsesEnvelope &envelope, const QString &status,
                            const QString &model, const QJsonArray &output, const QJsonValue &usage,
                            const QString &incompleteReason)
{
    QJsonObject response {
        {"id"_L1, envelope.id},
        {"object"_L1, u"response"_s},
        {"created_at"_L1, envelope.createdAt},
        {"status"_L1, status},
        {"background"_L1, false},
        {"error"_L1, QJsonValue()},
        {"incomplete_details"_L1,
         incompleteReason.isEmpty() ? QJsonValue()
                                    : QJsonValue(QJsonObject {{"reason"_L1, incompleteReason}})},
        {"model"_L1, model.isEmpty() ? envelope.request.value("model"_L1) : QJsonValue(model)},
        {"output"_L1, output},
        {"previous_response_id"_L1, QJsonValue()},
        {"store"_L1, false},
        {"usage"_L1, usage}};
    echoRequest(envelope.request, response);
    return response;
}

Translation chatToResponsesResponse(const QByteArray &chatBody, const ResponsesEnvelope &envelope)
{
    const QJsonDocument document = QJsonDocument::fromJson(chatBody);
    if (!document.isObject())
        return Translation::failure(502, {}, u"The backend's answer is not a JSON object."_s);
    const QJsonObject answer = document.object();
    const QJsonArray choices = answer.value("choices"_L1).toArray();
    if (choices.isEmpty() || !choices.at(0).isObject())
        return Translation::failure(502, u"choices"_s, u"The backend's answer has no choices."_s);
    const QJsonObject choice = choices.at(0).toObject();
    const QString incomplete
        = responsesIncompleteReason(nonEmptyString(choice, "finish_reason"_L1));
    const QString status = incomplete.isEmpty() ? u"completed"_s : u"incomplete"_s;
    QJsonArray output = outputItems(choice.value("message"_L1).toObject(), envelope.id);
    // The item being written when the answer was cut is the last one.
    QJsonObject last = output.isEmpty() ? QJsonObject() : output.last().toObject();
    if (!incomplete.isEmpty() && last.contains("status"_L1)) {
        last.insert("status"_L1, u"incomplete"_s);
        output.replace(output.size() - 1, last);
    }
    const QJsonValue usage = answer.value("usage"_L1);
    return Translation::success(responsesObject(
        envelope, status, nonEmptyString(answer, "model"_L1), output,
        usage.isObject() ? QJsonValue(responsesUsageFromChat(usage.toObject())) : QJsonValue(),
        incomplete));
}

} // namespace clawgate
