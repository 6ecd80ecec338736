// OpenAI chat request → Anthropic Messages request; the rules are listed in anthropicrequest.h.
#include "anthropicrequest.h"

#include "requesttranslator.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <optional>

namespace clawgate {

using namespace Qt::StringLiterals;

namespace {

const QString kErrorPrefix = u"Error: "_s;

QJsonObject textBlock(const QString &text)
{
    return {{"type"_L1, u"text"_s}, {"text"_L1, text}};
}

std::optional<qint64> thinkingBudget(const QString &effort)
{
    if (effort == "minimal"_L1 || effort == "low"_L1)
        return 1024;
    if (effort == "medium"_L1)
        return 8192;
    if (effort == "high"_L1)
        return 24576;
    if (effort == "xhigh"_L1)
        return 32768;
    return std::nullopt;
}

class ChatToAnthropic : RequestTranslator
{
public:
    explicit ChatToAnthropic(const TranslationOptions &options)
        : RequestTranslator(options)
    {
    }

    Translation run(const QJsonObject &request);

private:
    bool refuse(const QString &param, const QString &why)
    {
        return fail(param,
                    u"The field '%1' cannot be sent to an Anthropic backend: %2"_s.arg(param, why));
    }

    bool checkTopLevel(const QJsonObject &request);
    bool translateSampling(const QJsonObject &request);
    bool translateMessage(const QJsonValue &value, const QString &path);
    bool textBlocks(const QJsonValue &content, const QString &path, QJsonArray &blocks);
    bool userBlocks(const QJsonValue &content, const QString &path, QJsonArray &blocks);
    bool assistantBlocks(const QJsonObject &message, const QString &path, QJsonArray &blocks);
    QJsonArray thinkingBlocks(const QJsonObject &message);
    std::optional<QJsonObject> imageBlock(const QJsonObject &part, const QString &path);
    std::optional<QJsonObject> toolResult(const QJsonObject &message, const QString &path);
    void append(const QString &role, const QJsonArray &blocks);
    bool translateTools(const QJsonValue &tools);
    bool translateToolChoice(const QJsonObject &request);

    QJsonArray m_system;
};

Translation ChatToAnthropic::run(const QJsonObject &request)
{
    if (!checkTopLevel(request))
        return *m_failure;
    writeModel(request);
    const QJsonArray messages = request.value("messages"_L1).toArray();
    if (!request.value("messages"_L1).isArray())
        return Translation::failure(400, u"messages"_s,
                                    u"The field 'messages' must be an array."_s);
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (!translateMessage(messages.at(i), elementPath(u"messages"_s, i)))
            return *m_failure;
    }
    if (!m_system.isEmpty())
        m_out.insert("system"_L1,
                     m_system.size() == 1 ? m_system.at(0).toObject().value("text"_L1)
                                          : QJsonValue(m_system));
    m_out.insert("messages"_L1, m_messages);
    if (request.contains("tools"_L1) && !translateTools(request.value("tools"_L1)))
        return *m_failure;
    if (!translateToolChoice(request) || !translateSampling(request))
        return *m_failure;
    return finished();
}

bool ChatToAnthropic::checkTopLevel(const QJsonObject &request)
{
    static const QStringList handled {u"model"_s,
                                      u"messages"_s,
                                      u"tools"_s,
                                      u"tool_choice"_s,
                                      u"max_tokens"_s,
                                      u"max_completion_tokens"_s,
                                      u"stop"_s,
                                      u"temperature"_s,
                                      u"top_p"_s,
                                      u"top_k"_s,
                                      u"user"_s,
                                      u"stream"_s,
                                      u"reasoning_effort"_s,
                                      u"parallel_tool_calls"_s,
                                      u"n"_s,
                                      u"logprobs"_s,
                                      u"response_format"_s,
                                      u"modalities"_s};
    static const QStringList refused {u"top_logprobs"_s, u"audio"_s, u"web_search_options"_s,
                                      u"functions"_s, u"function_call"_s};
    for (auto it = request.begin(); it != request.end(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        if (refused.contains(key) && !value.isNull())
            return refuse(key, u"Anthropic has no such option."_s);
        if (key == "logit_bias"_L1 && !value.toObject().isEmpty())
            return refuse(key, u"Anthropic has no token biases."_s);
        if ((key == "frequency_penalty"_L1 || key == "presence_penalty"_L1)
            && value.toDouble() != 0)
            return refuse(key, u"Anthropic has no penalties."_s);
        if (!handled.contains(key) && !refused.contains(key))
            m_dropped.append(key); // stream_options, seed, store, metadata, zero penalties ...
    }
    if (request.value("n"_L1).toInt(1) > 1)
        return refuse(u"n"_s, u"Anthropic answers with one choice only."_s);
    if (request.value("logprobs"_L1).toBool())
        return refuse(u"logprobs"_s, u"Anthropic returns no log probabilities."_s);
    if (request.value("modalities"_L1).toArray().contains(u"audio"_s))
        return refuse(u"modalities"_s, u"Anthropic does not answer with audio."_s);
    const QString format
        = request.value("response_format"_L1).toObject().value("type"_L1).toString();
    if (!format.isEmpty() && format != "text"_L1)
        return refuse(u"response_format"_s, u"Anthropic has no %1 mode."_s.arg(format));
    return true;
}

bool ChatToAnthropic::translateSampling(const QJsonObject &request)
{
    QJsonValue requested = request.value("max_completion_tokens"_L1);
    if (!requested.isDouble())
        requested = request.value("max_tokens"_L1);
    qint64 maxTokens = requested.isDouble() ? qint64(requested.toDouble())
        : m_options.maxTokens > 0           ? m_options.maxTokens
                                            : kDefaultAnthropicMaxTokens;
    if (m_options.maxTokens > 0)
        maxTokens = std::min(maxTokens, m_options.maxTokens);
    m_out.insert("max_tokens"_L1, maxTokens);
    for (const QLatin1String key : {"temperature"_L1, "top_p"_L1, "top_k"_L1}) {
        if (request.value(key).isDouble())
            m_out.insert(key, request.value(key));
    }
    const QJsonValue stop = request.value("stop"_L1);
    if (stop.isString())
        m_out.insert("stop_sequences"_L1, QJsonArray {stop});
    else if (stop.isArray())
        m_out.insert("stop_sequences"_L1, stop);
    if (request.value("user"_L1).isString())
        m_out.insert("metadata"_L1, QJsonObject {{"user_id"_L1, request.value("user"_L1)}});
    if (request.value("stream"_L1).toBool())
        m_out.insert("stream"_L1, true);
    const QString effort = request.value("reasoning_effort"_L1).toString();
    if (effort.isEmpty() || effort == "none"_L1)
        return true;
    const std::optional<qint64> budget = thinkingBudget(effort);
    if (!budget)
        return fail(u"reasoning_effort"_s,
                    u"reasoning_effort must be minimal, low, medium, high or xhigh."_s);
    const qint64 fitted = std::min(*budget, maxTokens - 1);
    if (fitted < 1024)
        return fail(u"reasoning_effort"_s,
                    u"reasoning_effort needs max_tokens above 1024 on an Anthropic backend."_s);
    m_out.insert("thinking"_L1,
                 QJsonObject {{"type"_L1, u"enabled"_s}, {"budget_tokens"_L1, fitted}});
    return true;
}

bool ChatToAnthropic::translateMessage(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return fail(path, u"Each message must be an object."_s);
    const QJsonObject message = value.toObject();
    const QString role = message.value("role"_L1).toString();
    const QString contentPath = path + u".content"_s;
    if (message.contains("name"_L1))
        m_dropped.append(path + u".name"_s);
    QJsonArray blocks;
    if (role == "system"_L1 || role == "developer"_L1)
        return textBlocks(message.value("content"_L1), contentPath, m_system);
    if (role == "user"_L1) {
        if (!userBlocks(message.value("content"_L1), contentPath, blocks))
            return false;
        append(u"user"_s, blocks);
        return true;
    }
    if (role == "assistant"_L1) {
        if (!assistantBlocks(message, path, blocks))
            return false;
        append(u"assistant"_s, blocks);
        return true;
    }
    if (role == "tool"_L1) {
        const auto result = toolResult(message, path);
        if (!result)
            return false;
        append(u"user"_s, QJsonArray {*result});
        return true;
    }
    if (role == "function"_L1)
        return refuse(path + u".role"_s, u"legacy function messages; use tool messages."_s);
    return fail(path + u".role"_s, u"Unknown message role '%1'."_s.arg(role));
}

// Consecutive turns of one role become one: Anthropic wants every tool result of a turn in the
// user message that follows it. A turn with nothing in it is left out.
void ChatToAnthropic::append(const QString &role, const QJsonArray &blocks)
{
    if (blocks.isEmpty())
        return;
    if (!m_messages.isEmpty()) {
        QJsonObject last = m_messages.last().toObject();
        if (last.value("role"_L1).toString() == role) {
            QJsonArray merged = last.value("content"_L1).toArray();
            for (const QJsonValue &block : blocks)
                merged.append(block);
            last.insert("content"_L1, merged);
            m_messages.replace(m_messages.size() - 1, last);
            return;
        }
    }
    m_messages.append(QJsonObject {{"role"_L1, role}, {"content"_L1, blocks}});
}

bool ChatToAnthropic::textBlocks(const QJsonValue &content, const QString &path, QJsonArray &blocks)
{
    if (content.isString()) {
        if (!content.toString().isEmpty())
            blocks.append(textBlock(content.toString()));
        return true;
    }
    const QJsonArray parts = content.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QJsonObject part = parts.at(i).toObject();
        const QString type = part.value("type"_L1).toString();
        const QString text = part.value(type == "refusal"_L1 ? "refusal"_L1 : "text"_L1).toString();
        if (type != "text"_L1 && type != "refusal"_L1)
            return refuse(elementPath(path, i) + u".type"_s,
                          u"only text parts are possible here."_s);
        if (!text.isEmpty())
            blocks.append(textBlock(text));
    }
    return true;
}

bool ChatToAnthropic::userBlocks(const QJsonValue &content, const QString &path, QJsonArray &blocks)
{
    if (!content.isArray())
        return textBlocks(content, path, blocks);
    const QJsonArray parts = content.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QJsonObject part = parts.at(i).toObject();
        const QString type = part.value("type"_L1).toString();
        if (type == "text"_L1) {
            if (!part.value("text"_L1).toString().isEmpty())
                blocks.append(textBlock(part.value("text"_L1).toString()));
        } else if (type == "image_url"_L1) {
            const auto image = imageBlock(part, elementPath(path, i));
            if (!image)
                return false;
            blocks.append(*image);
        } else {
            return refuse(elementPath(path, i) + u".type"_s,
                          u"'%1' parts have no Anthropic counterpart here."_s.arg(type));
        }
    }
    return true;
}

std::optional<QJsonObject> ChatToAnthropic::imageBlock(const QJsonObject &part, const QString &path)
{
    const QJsonValue image = part.value("image_url"_L1);
    const QString url
        = image.isString() ? image.toString() : image.toObject().value("url"_L1).toString();
    QJsonObject source;
    if (url.startsWith("data:"_L1)) {
        const qsizetype comma = url.indexOf(u',');
        const QString header = url.mid(5, comma - 5);
        if (comma < 0 || !header.endsWith(";base64"_L1)) {
            fail(path + u".image_url.url"_s, u"An image data: URL must be base64 encoded."_s);
            return std::nullopt;
        }
        source = {{"type"_L1, u"base64"_s},
                  {"media_type"_L1, header.chopped(7)},
                  {"data"_L1, url.mid(comma + 1)}};
    } else {
        source = {{"type"_L1, u"url"_s}, {"url"_L1, url}};
    }
    return QJsonObject {{"type"_L1, u"image"_s}, {"source"_L1, source}};
}

bool ChatToAnthropic::assistantBlocks(const QJsonObject &message, const QString &path,
                                      QJsonArray &blocks)
{
    if (message.value("audio"_L1).isObject())
        return refuse(path + u".audio"_s, u"Anthropic takes no audio back."_s);
    if (message.contains("function_call"_L1) && !message.value("function_call"_L1).isNull())
        return refuse(path + u".function_call"_s, u"legacy function calls; use tool_calls."_s);
    blocks = thinkingBlocks(message);
    if (blocks.isEmpty() && message.contains("reasoning_content"_L1))
        m_dropped.append(path + u".reasoning_content"_s);
    if (!textBlocks(message.value("content"_L1), path + u".content"_s, blocks))
        return false;
    if (!message.value("refusal"_L1).toString().isEmpty())
        blocks.append(textBlock(message.value("refusal"_L1).toString()));
    const QJsonArray calls = message.value("tool_calls"_L1).toArray();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject call = calls.at(i).toObject();
        const QString callPath = elementPath(path + u".tool_calls"_s, i);
        if (call.value("type"_L1).toString(u"function"_s) != "function"_L1)
            return refuse(callPath + u".type"_s, u"only function tool calls are possible."_s);
        const std::optional<QJsonObject> toolUse = toolUseBlock(call);
        if (!toolUse)
            return fail(callPath + u".function.arguments"_s,
                        u"The arguments of tool call '%1' are not a JSON object."_s.arg(
                            call.value("id"_L1).toString()));
        blocks.append(*toolUse);
    }
    return true;
}

// Signed reasoning the way anthropicToChatResponse hands it out: `reasoning_details` entries
// {type: reasoning.text, text, signature} and {type: reasoning.encrypted, data}. An entry
// without its text takes the message's `reasoning_content` (streams deliver the text there).
QJsonArray ChatToAnthropic::thinkingBlocks(const QJsonObject &message)
{
    QJsonArray blocks;
    const QJsonArray details = message.value("reasoning_details"_L1).toArray();
    for (const QJsonValue &value : details) {
        const QJsonObject detail = value.toObject();
        const QString type = detail.value("type"_L1).toString();
        if (type == "reasoning.encrypted"_L1) {
            blocks.append(QJsonObject {{"type"_L1, u"redacted_thinking"_s},
                                       {"data"_L1, detail.value("data"_L1)}});
            continue;
        }
        const QString signature = detail.value("signature"_L1).toString();
        if (type != "reasoning.text"_L1 || signature.isEmpty())
            continue;
        const QString text = detail.contains("text"_L1)
            ? detail.value("text"_L1).toString()
            : message.value("reasoning_content"_L1).toString();
        blocks.append(QJsonObject {
            {"type"_L1, u"thinking"_s}, {"thinking"_L1, text}, {"signature"_L1, signature}});
    }
    return blocks;
}

std::optional<QJsonObject> ChatToAnthropic::toolResult(const QJsonObject &message,
                                                       const QString &path)
{
    QJsonObject result {{"type"_L1, u"tool_result"_s},
                        {"tool_use_id"_L1, message.value("tool_call_id"_L1)}};
    const QJsonValue content = message.value("content"_L1);
    if (content.isString()) {
        QString text = content.toString();
        // anthropicToChatRequest writes an error result as text starting with "Error: ".
        if (text.startsWith(kErrorPrefix)) {
            text.remove(0, kErrorPrefix.size());
            result.insert("is_error"_L1, true);
        }
        result.insert("content"_L1, text);
        return result;
    }
    QJsonArray blocks;
    if (!userBlocks(content, path + u".content"_s, blocks))
        return std::nullopt;
    result.insert("content"_L1, blocks);
    return result;
}

bool ChatToAnthropic::translateTools(const QJsonValue &tools)
{
    const QJsonArray list = tools.toArray();
    QJsonArray out;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject tool = list.at(i).toObject();
        if (tool.value("type"_L1).toString() != "function"_L1)
            return refuse(elementPath(u"tools"_s, i) + u".type"_s,
                          u"only function tools are possible."_s);
        const QJsonObject function = tool.value("function"_L1).toObject();
        QJsonValue schema = function.value("parameters"_L1);
        if (!schema.isObject())
            schema = QJsonObject {{"type"_L1, u"object"_s}, {"properties"_L1, QJsonObject()}};
        QJsonObject converted {{"name"_L1, function.value("name"_L1)}, {"input_schema"_L1, schema}};
        if (function.contains("description"_L1))
            converted.insert("description"_L1, function.value("description"_L1));
        if (function.contains("strict"_L1))
            m_dropped.append(elementPath(u"tools"_s, i) + u".function.strict"_s);
        out.append(converted);
    }
    if (!out.isEmpty())
        m_out.insert("tools"_L1, out);
    return true;
}

bool ChatToAnthropic::translateToolChoice(const QJsonObject &request)
{
    const QJsonValue value = request.value("tool_choice"_L1);
    QJsonObject choice;
    if (value.isString()) {
        const QString name = value.toString();
        if (name == "auto"_L1 || name == "none"_L1)
            choice = {{"type"_L1, name}};
        else if (name == "required"_L1)
            choice = {{"type"_L1, u"any"_s}};
        else
            return fail(u"tool_choice"_s,
                        u"tool_choice must be auto, required, none or a function."_s);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.value("type"_L1).toString() != "function"_L1)
            return refuse(u"tool_choice.type"_s, u"only a function can be chosen."_s);
        choice = {{"type"_L1, u"tool"_s},
                  {"name"_L1, object.value("function"_L1).toObject().value("name"_L1)}};
    }
    const bool serial = request.value("parallel_tool_calls"_L1) == QJsonValue(false);
    if (serial && m_out.contains("tools"_L1) && choice.value("type"_L1) != "none"_L1) {
        if (choice.isEmpty())
            choice = {{"type"_L1, u"auto"_s}};
        choice.insert("disable_parallel_tool_use"_L1, true);
    }
    if (!choice.isEmpty())
        m_out.insert("tool_choice"_L1, choice);
    return true;
}

} // namespace

Translation chatToAnthropicRequest(const QByteArray &body, const TranslationOptions &options)
{
    Translation failure;
    const std::optional<QJsonObject> request = requestObject(body, failure);
    return request ? chatToAnthropicRequest(*request, options) : failure;
}

Translation chatToAnthropicRequest(const QJsonObject &request, const TranslationOptions &options)
{
    return ChatToAnthropic(options).run(request);
}

} // namespace clawgate
