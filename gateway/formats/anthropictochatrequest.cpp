// Anthropic Messages request → OpenAI chat request; the rules are listed in anthropicrequest.h.
#include "anthropicrequest.h"

#include "requesttranslator.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <optional>

namespace clawgate {

using namespace Qt::StringLiterals;

namespace {

const QString kBlankLine = u"\n\n"_s;

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString reasoningEffortForBudget(qint64 budget)
{
    if (budget <= 4096)
        return u"low"_s;
    return budget <= 16384 ? u"medium"_s : u"high"_s;
}

class AnthropicToChat : RequestTranslator
{
public:
    explicit AnthropicToChat(const TranslationOptions &options)
        : RequestTranslator(options)
    {
    }

    Translation run(const QJsonObject &request);

private:
    bool translateTopLevel(const QJsonObject &request);
    bool translateSampling(const QJsonObject &request);
    void translateReasoning(const QJsonObject &request);
    bool translateSystem(const QJsonValue &system, const QString &path);
    bool translateMessage(const QJsonValue &value, const QString &path);
    bool translateUser(const QJsonArray &blocks, const QString &path);
    bool translateAssistant(const QJsonArray &blocks, const QString &path);
    std::optional<QJsonObject> imagePart(const QJsonObject &block, const QString &path);
    std::optional<QJsonObject> toolMessage(const QJsonObject &block, const QString &path,
                                           QJsonArray &images);
    bool translateTools(const QJsonValue &tools);
    bool translateToolChoice(const QJsonValue &choice);
};

Translation AnthropicToChat::run(const QJsonObject &request)
{
    if (!translateTopLevel(request))
        return *m_failure;
    m_out.insert("messages"_L1, m_messages);
    return finished();
}

bool AnthropicToChat::translateTopLevel(const QJsonObject &request)
{
    static const QStringList refused {u"container"_s, u"mcp_servers"_s};
    static const QStringList handled {
        u"model"_s,      u"messages"_s,       u"system"_s,      u"tools"_s,        u"tool_choice"_s,
        u"max_tokens"_s, u"stop_sequences"_s, u"temperature"_s, u"top_p"_s,        u"top_k"_s,
        u"metadata"_s,   u"stream"_s,         u"thinking"_s,    u"output_config"_s};
    for (auto it = request.begin(); it != request.end(); ++it) {
        if (refused.contains(it.key()))
            return fail(
                it.key(),
                u"The field '%1' cannot be sent to an OpenAI chat backend."_s.arg(it.key()));
        if (!handled.contains(it.key()))
            drop(it.key()); // cache_control, context_management, service_tier, unknown
    }
    writeModel(request);
    if (request.contains("system"_L1) && !translateSystem(request.value("system"_L1), u"system"_s))
        return false;
    const QJsonValue messages = request.value("messages"_L1);
    if (!messages.isArray())
        return fail(u"messages"_s, u"The field 'messages' must be an array."_s);
    const QJsonArray list = messages.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!translateMessage(list.at(i), elementPath(u"messages"_s, i)))
            return false;
    }
    if (request.contains("tools"_L1) && !translateTools(request.value("tools"_L1)))
        return false;
    if (request.contains("tool_choice"_L1) && !translateToolChoice(request.value("tool_choice"_L1)))
        return false;
    translateReasoning(request);
    return translateSampling(request);
}

bool AnthropicToChat::translateSampling(const QJsonObject &request)
{
    if (request.contains("max_tokens"_L1)) {
        qint64 maxTokens = qint64(request.value("max_tokens"_L1).toDouble());
        if (m_options.maxTokens > 0)
            maxTokens = std::min(maxTokens, m_options.maxTokens);
        m_out.insert("max_tokens"_L1, maxTokens);
    }
    for (const QLatin1String key : {"temperature"_L1, "top_p"_L1, "top_k"_L1}) {
        if (request.contains(key))
            m_out.insert(key, request.value(key));
    }
    if (request.contains("stop_sequences"_L1))
        m_out.insert("stop"_L1, request.value("stop_sequences"_L1));
    const QJsonObject metadata = request.value("metadata"_L1).toObject();
    for (auto it = metadata.begin(); it != metadata.end(); ++it) {
        if (it.key() == "user_id"_L1)
            m_out.insert("user"_L1, it.value());
        else
            drop(u"metadata."_s + it.key());
    }
    if (request.value("stream"_L1).toBool()) {
        m_out.insert("stream"_L1, true);
        m_out.insert("stream_options"_L1, QJsonObject {{"include_usage"_L1, true}});
    }
    return true;
}

void AnthropicToChat::translateReasoning(const QJsonObject &request)
{
    const QJsonObject outputConfig = request.value("output_config"_L1).toObject();
    const QJsonObject format = outputConfig.value("format"_L1).toObject();
    if (format.value("type"_L1).toString() == "json_schema"_L1) {
        const QJsonObject schema {{"name"_L1, u"output"_s},
                                  {"schema"_L1, format.value("schema"_L1)}};
        m_out.insert("response_format"_L1,
                     QJsonObject {{"type"_L1, u"json_schema"_s}, {"json_schema"_L1, schema}});
    }
    const QJsonObject thinking = request.value("thinking"_L1).toObject();
    const QString type = thinking.value("type"_L1).toString();
    QString effort = outputConfig.value("effort"_L1).toString();
    if (type == "enabled"_L1)
        effort = reasoningEffortForBudget(qint64(thinking.value("budget_tokens"_L1).toDouble()));
    else if (type == "adaptive"_L1 && effort.isEmpty())
        effort = u"medium"_s;
    if (effort.isEmpty() || type == "disabled"_L1)
        return;
    if (m_options.thinking == ThinkingTranslation::Drop) {
        drop(request.contains("thinking"_L1) ? u"thinking"_s : u"output_config.effort"_s);
        return;
    }
    m_out.insert("reasoning_effort"_L1, effort == "max"_L1 ? u"high"_s : effort);
}

bool AnthropicToChat::translateSystem(const QJsonValue &system, const QString &path)
{
    QString text;
    if (system.isString()) {
        text = system.toString();
    } else if (system.isArray()) {
        const QJsonArray blocks = system.toArray();
        QStringList parts;
        for (qsizetype i = 0; i < blocks.size(); ++i) {
            const QJsonObject block = blocks.at(i).toObject();
            if (block.value("type"_L1).toString() != "text"_L1)
                return fail(
                    elementPath(path, i),
                    u"Only text blocks can be a system prompt for an OpenAI chat backend."_s);
            parts.append(block.value("text"_L1).toString());
        }
        text = parts.join(kBlankLine);
    } else {
        return fail(path, u"The system prompt must be a string or an array of text blocks."_s);
    }
    m_messages.append(QJsonObject {{"role"_L1, u"system"_s}, {"content"_L1, text}});
    return true;
}

bool AnthropicToChat::translateMessage(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return fail(path, u"Each message must be an object."_s);
    const QJsonObject message = value.toObject();
    const QString role = message.value("role"_L1).toString();
    const QJsonValue content = message.value("content"_L1);
    const QString contentPath = path + u".content"_s;
    if (role == "system"_L1)
        return translateSystem(content, contentPath);
    if (role != "user"_L1 && role != "assistant"_L1)
        return fail(path + u".role"_s, u"A message's role must be user or assistant."_s);
    if (content.isString()) {
        m_messages.append(QJsonObject {{"role"_L1, role}, {"content"_L1, content}});
        return true;
    }
    if (!content.isArray())
        return fail(contentPath, u"A message's content must be a string or an array."_s);
    return role == "user"_L1 ? translateUser(content.toArray(), contentPath)
                             : translateAssistant(content.toArray(), contentPath);
}

bool AnthropicToChat::translateUser(const QJsonArray &blocks, const QString &path)
{
    QJsonArray parts;
    QJsonArray toolImages; // tool messages hold text only; their images follow in a user turn
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QJsonObject block = blocks.at(i).toObject();
        const QString type = block.value("type"_L1).toString();
        const QString blockPath = elementPath(path, i);
        if (type == "text"_L1) {
            parts.append(QJsonObject {{"type"_L1, u"text"_s}, {"text"_L1, block.value("text"_L1)}});
        } else if (type == "image"_L1) {
            const auto part = imagePart(block, blockPath);
            if (!part)
                return false;
            parts.append(*part);
        } else if (type == "tool_result"_L1) {
            const auto tool = toolMessage(block, blockPath, toolImages);
            if (!tool)
                return false;
            m_messages.append(*tool);
        } else {
            return fail(
                blockPath + u".type"_s,
                u"Content blocks of type '%1' cannot be sent to an OpenAI chat backend."_s.arg(
                    type));
        }
    }
    if (!toolImages.isEmpty())
        m_messages.append(QJsonObject {{"role"_L1, u"user"_s}, {"content"_L1, toolImages}});
    if (parts.isEmpty() && !blocks.isEmpty())
        return true; // only tool results
    QJsonValue content = parts;
    if (parts.isEmpty())
        content = QString();
    else if (parts.size() == 1 && parts.at(0).toObject().value("type"_L1) == "text"_L1)
        content = parts.at(0).toObject().value("text"_L1);
    m_messages.append(QJsonObject {{"role"_L1, u"user"_s}, {"content"_L1, content}});
    return true;
}

bool AnthropicToChat::translateAssistant(const QJsonArray &blocks, const QString &path)
{
    QStringList texts;
    QJsonArray toolCalls;
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QJsonObject block = blocks.at(i).toObject();
        const QString type = block.value("type"_L1).toString();
        if (type == "text"_L1) {
            if (!block.value("text"_L1).toString().isEmpty())
                texts.append(block.value("text"_L1).toString());
        } else if (type == "tool_use"_L1) {
            const QJsonObject function {
                {"name"_L1, block.value("name"_L1)},
                {"arguments"_L1, compactJson(block.value("input"_L1).toObject())}};
            toolCalls.append(QJsonObject {{"id"_L1, block.value("id"_L1)},
                                          {"type"_L1, u"function"_s},
                                          {"function"_L1, function}});
        } else if (type == "thinking"_L1 || type == "redacted_thinking"_L1) {
            drop(elementPath(path, i));
        } else {
            return fail(
                elementPath(path, i) + u".type"_s,
                u"Content blocks of type '%1' cannot be sent to an OpenAI chat backend."_s.arg(
                    type));
        }
    }
    QJsonObject message {{"role"_L1, u"assistant"_s}};
    message.insert("content"_L1,
                   texts.isEmpty() && !toolCalls.isEmpty() ? QJsonValue()
                                                           : QJsonValue(texts.join(kBlankLine)));
    if (!toolCalls.isEmpty())
        message.insert("tool_calls"_L1, toolCalls);
    m_messages.append(message);
    return true;
}

std::optional<QJsonObject> AnthropicToChat::imagePart(const QJsonObject &block, const QString &path)
{
    const QJsonObject source = block.value("source"_L1).toObject();
    const QString type = source.value("type"_L1).toString();
    QString url;
    if (type == "base64"_L1) {
        url = u"data:"_s + source.value("media_type"_L1).toString() + u";base64,"_s
            + source.value("data"_L1).toString();
    } else if (type == "url"_L1) {
        url = source.value("url"_L1).toString();
    } else {
        fail(
            path + u".source.type"_s,
            u"Image sources of type '%1' cannot be sent to an OpenAI chat backend; use base64 or url."_s
                .arg(type));
        return std::nullopt;
    }
    return QJsonObject {{"type"_L1, u"image_url"_s},
                        {"image_url"_L1, QJsonObject {{"url"_L1, url}}}};
}

std::optional<QJsonObject> AnthropicToChat::toolMessage(const QJsonObject &block,
                                                        const QString &path, QJsonArray &images)
{
    const QJsonValue content = block.value("content"_L1);
    QStringList texts;
    if (content.isString()) {
        texts.append(content.toString());
    } else {
        const QJsonArray parts = content.toArray();
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QJsonObject part = parts.at(i).toObject();
            const QString type = part.value("type"_L1).toString();
            if (type == "text"_L1) {
                texts.append(part.value("text"_L1).toString());
            } else if (type == "image"_L1) {
                const auto image = imagePart(part, elementPath(path + u".content"_s, i));
                if (!image)
                    return std::nullopt;
                images.append(*image);
            } else {
                fail(elementPath(path + u".content"_s, i) + u".type"_s,
                     u"Tool results with '%1' blocks cannot be sent to an OpenAI chat backend."_s
                         .arg(type));
                return std::nullopt;
            }
        }
    }
    QString text = texts.join(kBlankLine);
    if (block.value("is_error"_L1).toBool())
        text.prepend(u"Error: "_s);
    return QJsonObject {{"role"_L1, u"tool"_s},
                        {"tool_call_id"_L1, block.value("tool_use_id"_L1)},
                        {"content"_L1, text}};
}

bool AnthropicToChat::translateTools(const QJsonValue &tools)
{
    const QJsonArray list = tools.toArray();
    QJsonArray out;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject tool = list.at(i).toObject();
        const QString type = tool.value("type"_L1).toString();
        if (!type.isEmpty() && type != "custom"_L1)
            return fail(
                elementPath(u"tools"_s, i) + u".type"_s,
                u"The server tool '%1' cannot be used through an OpenAI chat backend."_s.arg(type));
        QJsonObject function {{"name"_L1, tool.value("name"_L1)},
                              {"parameters"_L1, tool.value("input_schema"_L1)}};
        for (const QLatin1String key : {"description"_L1, "strict"_L1}) {
            if (tool.contains(key))
                function.insert(key, tool.value(key));
        }
        out.append(QJsonObject {{"type"_L1, u"function"_s}, {"function"_L1, function}});
    }
    m_out.insert("tools"_L1, out);
    return true;
}

bool AnthropicToChat::translateToolChoice(const QJsonValue &value)
{
    const QJsonObject choice = value.toObject();
    const QString type = choice.value("type"_L1).toString();
    if (type == "auto"_L1) {
        m_out.insert("tool_choice"_L1, u"auto"_s);
    } else if (type == "any"_L1) {
        m_out.insert("tool_choice"_L1, u"required"_s);
    } else if (type == "none"_L1) {
        m_out.insert("tool_choice"_L1, u"none"_s);
    } else if (type == "tool"_L1) {
        const QJsonObject function {{"name"_L1, choice.value("name"_L1)}};
        m_out.insert("tool_choice"_L1,
                     QJsonObject {{"type"_L1, u"function"_s}, {"function"_L1, function}});
    } else {
        return fail(u"tool_choice.type"_s, u"tool_choice must be auto, any, tool or none."_s);
    }
    if (choice.value("disable_parallel_tool_use"_L1).toBool())
        m_out.insert("parallel_tool_calls"_L1, false);
    return true;
}

} // namespace

Translation anthropicToChatRequest(const QByteArray &body, const TranslationOptions &options)
{
    Translation failure;
    const std::optional<QJsonObject> request = requestObject(body, failure);
    return request ? anthropicToChatRequest(*request, options) : failure;
}

Translation anthropicToChatRequest(const QJsonObject &request, const TranslationOptions &options)
{
    return AnthropicToChat(options).run(request);
}

} // namespace clawgate
