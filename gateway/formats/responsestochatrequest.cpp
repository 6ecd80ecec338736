// OpenAI Responses request → OpenAI chat request; the rules are listed in responsesrequest.h.
#include "responsesrequest.h"

#include "requesttranslator.h"

#include <QJsonArray>

#include <optional>

namespace clawgate {

using namespace Qt::StringLiterals;

namespace {

const QString kBlankLine = u"\n\n"_s;
const QString kNoStoredState
    = u"ClawGate keeps no responses for chat backends; send the whole conversation in input."_s;

// Present and not null: a client that sends `"previous_response_id": null` asks for nothing.
bool isSet(const QJsonObject &request, QLatin1String key)
{
    const QJsonValue value = request.value(key);
    return !value.isUndefined() && !value.isNull()
        && !(value.isString() && value.toString().isEmpty());
}

QJsonObject textPart(const QString &text)
{
    return {{"type"_L1, u"text"_s}, {"text"_L1, text}};
}

// The texts of chat content parts, joined by a blank line.
QString joinedText(const QJsonArray &parts)
{
    QStringList texts;
    for (const QJsonValue &part : parts)
        texts.append(part.toObject().value("text"_L1).toString());
    return texts.join(kBlankLine);
}

class ResponsesToChat : RequestTranslator
{
public:
    explicit ResponsesToChat(const TranslationOptions &options)
        : RequestTranslator(options)
    {
    }

    Translation run(const QJsonObject &request);

private:
    bool translateTopLevel(const QJsonObject &request);
    bool refuseStoredState(const QJsonObject &request);
    bool translateInput(const QJsonValue &input);
    bool translateItem(const QJsonValue &value, const QString &path);
    bool translateMessage(const QJsonObject &item, const QString &path);
    std::optional<QJsonArray> contentParts(const QJsonArray &content, const QString &path,
                                           bool imagesAllowed);
    std::optional<QJsonObject> imagePart(const QJsonObject &part, const QString &path);
    void translateFunctionCall(const QJsonObject &item);
    bool translateFunctionCallOutput(const QJsonObject &item, const QString &path);
    void append(const QJsonObject &message, bool assistantTurn = false);
    bool translateTools(const QJsonValue &tools);
    bool translateToolChoice(const QJsonValue &choice);
    void translateSampling(const QJsonObject &request);
    void leaveOutToolSettingsWithoutTools();
    void translateTextFormat(const QJsonObject &text);
    void translateReasoning(const QJsonObject &reasoning);

    // True while the last message is an assistant turn that function_call items join.
    bool m_assistantOpen = false;
};

Translation ResponsesToChat::run(const QJsonObject &request)
{
    if (!translateTopLevel(request))
        return *m_failure;
    m_out.insert("messages"_L1, m_messages);
    return finished();
}

bool ResponsesToChat::translateTopLevel(const QJsonObject &request)
{
    static const QStringList handled {
        u"model"_s,       u"input"_s,     u"instructions"_s,       u"tools"_s, u"tool_choice"_s,
        u"temperature"_s, u"top_p"_s,     u"max_output_tokens"_s,  u"user"_s,  u"stream"_s,
        u"text"_s,        u"reasoning"_s, u"parallel_tool_calls"_s};
    if (!refuseStoredState(request))
        return false;
    for (auto it = request.begin(); it != request.end(); ++it) {
        if (!handled.contains(it.key()))
            drop(it.key()); // include, truncation, metadata, service_tier, store: false, ...
    }
    writeModel(request);
    const QJsonValue instructions = request.value("instructions"_L1);
    if (instructions.isString())
        append({{"role"_L1, u"system"_s}, {"content"_L1, instructions}});
    else if (!instructions.isUndefined() && !instructions.isNull())
        return fail(u"instructions"_s, u"The field 'instructions' must be a string."_s);
    if (request.contains("input"_L1) && !translateInput(request.value("input"_L1)))
        return false;
    if (isSet(request, "tools"_L1) && !translateTools(request.value("tools"_L1)))
        return false;
    if (isSet(request, "tool_choice"_L1) && !translateToolChoice(request.value("tool_choice"_L1)))
        return false;
    translateSampling(request);
    leaveOutToolSettingsWithoutTools();
    translateTextFormat(request.value("text"_L1).toObject());
    translateReasoning(request.value("reasoning"_L1).toObject());
    return true;
}

// What would need a response store the gateway does not have, or a run in the background.
bool ResponsesToChat::refuseStoredState(const QJsonObject &request)
{
    for (const QLatin1String key : {"previous_response_id"_L1, "conversation"_L1}) {
        if (isSet(request, key))
            return fail(key, u"The field '%1' cannot be used here: %2"_s.arg(key, kNoStoredState));
    }
    if (request.value("store"_L1).toBool())
        return fail(u"store"_s,
                    u"The field 'store' cannot be true here: "_s + kNoStoredState
                        + u" Send store: false."_s);
    if (request.value("background"_L1).toBool())
        return fail(u"background"_s,
                    u"The field 'background' cannot be true: a chat backend answers only while "
                    "the request is open."_s);
    if (isSet(request, "prompt"_L1))
        return fail(u"prompt"_s,
                    u"The field 'prompt' (a stored prompt) cannot be used with a chat backend; "
                    "send the prompt's text as instructions and input."_s);
    return true;
}

bool ResponsesToChat::translateInput(const QJsonValue &input)
{
    if (input.isString()) {
        append({{"role"_L1, u"user"_s}, {"content"_L1, input}});
        return true;
    }
    if (!input.isArray())
        return fail(u"input"_s, u"The field 'input' must be a string or an array of items."_s);
    const QJsonArray items = input.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!translateItem(items.at(i), elementPath(u"input"_s, i)))
            return false;
    }
    return true;
}

bool ResponsesToChat::translateItem(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return fail(path, u"Each input item must be an object."_s);
    const QJsonObject item = value.toObject();
    const QString type = item.value("type"_L1).toString();
    if (type.isEmpty() || type == "message"_L1)
        return translateMessage(item, path);
    if (type == "function_call"_L1) {
        translateFunctionCall(item);
        return true;
    }
    if (type == "function_call_output"_L1)
        return translateFunctionCallOutput(item, path);
    if (type == "reasoning"_L1) {
        drop(path);
        return true;
    }
    if (type == "item_reference"_L1)
        return fail(path + u".type"_s,
                    u"Input items of type 'item_reference' cannot be resolved: "_s
                        + kNoStoredState);
    return fail(path + u".type"_s,
                u"Input items of type '%1' cannot be sent to an OpenAI chat backend."_s.arg(type));
}

bool ResponsesToChat::translateMessage(const QJsonObject &item, const QString &path)
{
    QString role = item.value("role"_L1).toString();
    if (role == "developer"_L1)
        role = u"system"_s;
    if (role != "user"_L1 && role != "assistant"_L1 && role != "system"_L1)
        return fail(path + u".role"_s,
                    u"A message's role must be user, assistant, system or developer."_s);
    const QJsonValue content = item.value("content"_L1);
    const QString contentPath = path + u".content"_s;
    QJsonValue chatContent = content;
    if (content.isArray()) {
        const auto parts = contentParts(content.toArray(), contentPath, role == "user"_L1);
        if (!parts)
            return false;
        if (role != "user"_L1
            || (parts->size() == 1 && !parts->at(0).toObject().contains("image_url"_L1)))
            chatContent = joinedText(*parts);
        else
            chatContent = parts->isEmpty() ? QJsonValue(QString()) : QJsonValue(*parts);
    } else if (!content.isString()) {
        return fail(contentPath, u"A message's content must be a string or an array."_s);
    }
    append({{"role"_L1, role}, {"content"_L1, chatContent}}, role == "assistant"_L1);
    return true;
}

std::optional<QJsonArray> ResponsesToChat::contentParts(const QJsonArray &content,
                                                        const QString &path, bool imagesAllowed)
{
    QJsonArray parts;
    for (qsizetype i = 0; i < content.size(); ++i) {
        const QJsonObject part = content.at(i).toObject();
        const QString type = part.value("type"_L1).toString();
        const QString partPath = elementPath(path, i);
        if (type == "input_text"_L1 || type == "output_text"_L1) {
            parts.append(textPart(part.value("text"_L1).toString()));
        } else if (type == "refusal"_L1) {
            parts.append(textPart(part.value("refusal"_L1).toString()));
        } else if (type == "input_image"_L1 && imagesAllowed) {
            const auto image = imagePart(part, partPath);
            if (!image)
                return std::nullopt;
            parts.append(*image);
        } else {
            fail(partPath + u".type"_s,
                 u"Content parts of type '%1' cannot be sent to an OpenAI chat backend here."_s.arg(
                     type));
            return std::nullopt;
        }
    }
    return parts;
}

std::optional<QJsonObject> ResponsesToChat::imagePart(const QJsonObject &part, const QString &path)
{
    const QString url = part.value("image_url"_L1).toString();
    if (url.isEmpty()) {
        fail(isSet(part, "file_id"_L1) ? path + u".file_id"_s : path + u".image_url"_s,
             u"Images must be given by image_url (a data: or http URL): a chat backend has no "
             "files."_s);
        return std::nullopt;
    }
    QJsonObject image {{"url"_L1, url}};
    if (isSet(part, "detail"_L1))
        image.insert("detail"_L1, part.value("detail"_L1));
    return QJsonObject {{"type"_L1, u"image_url"_s}, {"image_url"_L1, image}};
}

// Parallel calls are consecutive function_call items; chat wants them, and the assistant text
// before them, in one assistant message.
void ResponsesToChat::translateFunctionCall(const QJsonObject &item)
{
    const QJsonObject function {{"name"_L1, item.value("name"_L1)},
                                {"arguments"_L1, item.value("arguments"_L1).toString()}};
    const QJsonObject call {
        {"id"_L1, item.value("call_id"_L1)}, {"type"_L1, u"function"_s}, {"function"_L1, function}};
    if (!m_assistantOpen) {
        append({{"role"_L1, u"assistant"_s},
                {"content"_L1, QJsonValue()},
                {"tool_calls"_L1, QJsonArray {call}}},
               true);
        return;
    }
    QJsonObject last = m_messages.last().toObject();
    QJsonArray calls = last.value("tool_calls"_L1).toArray();
    calls.append(call);
    last.insert("tool_calls"_L1, calls);
    if (last.value("content"_L1).toString().isEmpty())
        last.insert("content"_L1, QJsonValue());
    m_messages.replace(m_messages.size() - 1, last);
}

bool ResponsesToChat::translateFunctionCallOutput(const QJsonObject &item, const QString &path)
{
    const QJsonValue output = item.value("output"_L1);
    QString text = output.toString();
    QJsonArray images;
    if (output.isArray()) {
        const auto parts = contentParts(output.toArray(), path + u".output"_s, true);
        if (!parts)
            return false;
        QJsonArray texts;
        for (const QJsonValue &part : *parts)
            (part.toObject().contains("image_url"_L1) ? images : texts).append(part);
        text = joinedText(texts);
    } else if (!output.isString()) {
        return fail(path + u".output"_s,
                    u"A function_call_output's output must be a string or an array."_s);
    }
    append({{"role"_L1, u"tool"_s},
            {"tool_call_id"_L1, item.value("call_id"_L1)},
            {"content"_L1, text}});
    if (!images.isEmpty())
        append({{"role"_L1, u"user"_s}, {"content"_L1, images}});
    return true;
}

void ResponsesToChat::append(const QJsonObject &message, bool assistantTurn)
{
    m_messages.append(message);
    m_assistantOpen = assistantTurn;
}

bool ResponsesToChat::translateTools(const QJsonValue &tools)
{
    if (!tools.isArray())
        return fail(u"tools"_s, u"The field 'tools' must be an array."_s);
    const QJsonArray list = tools.toArray();
    QJsonArray out;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject tool = list.at(i).toObject();
        const QString type = tool.value("type"_L1).toString();
        if (type != "function"_L1)
            return fail(elementPath(u"tools"_s, i) + u".type"_s,
                        u"Tools of type '%1' cannot be used through an OpenAI chat backend; only "
                        "function tools can."_s.arg(type));
        QJsonObject function {{"name"_L1, tool.value("name"_L1)}};
        for (const QLatin1String key : {"description"_L1, "parameters"_L1, "strict"_L1}) {
            if (isSet(tool, key))
                function.insert(key, tool.value(key));
        }
        out.append(QJsonObject {{"type"_L1, u"function"_s}, {"function"_L1, function}});
    }
    if (out.isEmpty())
        drop(u"tools"_s); // OpenAI's chat API refuses an empty list
    else
        m_out.insert("tools"_L1, out);
    return true;
}

bool ResponsesToChat::translateToolChoice(const QJsonValue &value)
{
    static const QStringList words {u"auto"_s, u"none"_s, u"required"_s};
    if (value.isString() && words.contains(value.toString())) {
        m_out.insert("tool_choice"_L1, value);
        return true;
    }
    const QJsonObject choice = value.toObject();
    if (choice.value("type"_L1).toString() != "function"_L1)
        return fail(value.isObject() ? u"tool_choice.type"_s : u"tool_choice"_s,
                    u"tool_choice must be auto, none, required or {\"type\": \"function\", "
                    "\"name\": ...} for an OpenAI chat backend."_s);
    const QJsonObject function {{"name"_L1, choice.value("name"_L1)}};
    m_out.insert("tool_choice"_L1,
                 QJsonObject {{"type"_L1, u"function"_s}, {"function"_L1, function}});
    return true;
}

// OpenAI's chat API refuses tool_choice and parallel_tool_calls in a request without tools;
// without tools they mean nothing anyway.
void ResponsesToChat::leaveOutToolSettingsWithoutTools()
{
    if (m_out.contains("tools"_L1))
        return;
    for (const QLatin1String key : {"tool_choice"_L1, "parallel_tool_calls"_L1}) {
        if (m_out.contains(key)) {
            m_out.remove(key);
            drop(key);
        }
    }
}

void ResponsesToChat::translateSampling(const QJsonObject &request)
{
    if (isSet(request, "max_output_tokens"_L1)) {
        qint64 maxTokens = qint64(request.value("max_output_tokens"_L1).toDouble());
        if (m_options.maxTokens > 0)
            maxTokens = std::min(maxTokens, m_options.maxTokens);
        m_out.insert("max_tokens"_L1, maxTokens);
    }
    for (const QLatin1String key :
         {"temperature"_L1, "top_p"_L1, "user"_L1, "parallel_tool_calls"_L1}) {
        if (isSet(request, key))
            m_out.insert(key, request.value(key));
    }
    if (request.value("stream"_L1).toBool()) {
        m_out.insert("stream"_L1, true);
        m_out.insert("stream_options"_L1, QJsonObject {{"include_usage"_L1, true}});
    }
}

void ResponsesToChat::translateTextFormat(const QJsonObject &text)
{
    for (auto it = text.begin(); it != text.end(); ++it) {
        if (it.key() != "format"_L1)
            drop(u"text."_s + it.key()); // verbosity
    }
    const QJsonObject format = text.value("format"_L1).toObject();
    const QString type = format.value("type"_L1).toString();
    if (type == "json_object"_L1) {
        m_out.insert("response_format"_L1, QJsonObject {{"type"_L1, u"json_object"_s}});
    } else if (type == "json_schema"_L1) {
        QJsonObject schema;
        for (const QLatin1String key : {"name"_L1, "description"_L1, "schema"_L1, "strict"_L1}) {
            if (isSet(format, key))
                schema.insert(key, format.value(key));
        }
        m_out.insert("response_format"_L1,
                     QJsonObject {{"type"_L1, u"json_schema"_s}, {"json_schema"_L1, schema}});
    }
}

void ResponsesToChat::translateReasoning(const QJsonObject &reasoning)
{
    for (auto it = reasoning.begin(); it != reasoning.end(); ++it) {
        if (it.key() != "effort"_L1 && !it.value().isNull())
            drop(u"reasoning."_s + it.key()); // summary, generate_summary
    }
    if (!isSet(reasoning, "effort"_L1))
        return;
    if (m_options.thinking == ThinkingTranslation::Drop)
        drop(u"reasoning.effort"_s);
    else
        m_out.insert("reasoning_effort"_L1, reasoning.value("effort"_L1));
}

} // namespace

Translation responsesToChatRequest(const QByteArray &body, const TranslationOptions &options)
{
    Translation failure;
    const std::optional<QJsonObject> request = requestObject(body, failure);
    return request ? responsesToChatRequest(*request, options) : failure;
}

Translation responsesToChatRequest(const QJsonObject &request, const TranslationOptions &options)
{
    return ResponsesToChat(options).run(request);
}

} // namespace clawgate
