// Anthropic Messages request → OpenAI chat request; the rules are listed in anthropicrequest.h.
//
// An agent sends this on every turn, 10-40 KB of history, so the translation reads the parsed
// client body in place and writes the chat request with one writer in one pass: no tree is
// built for the output and no string is copied into Qt's types on the way. Paths of fields
// (for a 400 or a dropped field) are spelled out only when one is needed.
//
// The body reads the way Qt's JSON reader reads it, which the gateway used before and the other
// direction still uses: of duplicate keys the last counts, a field of the wrong type reads as
// what QJsonValue makes of it (toString: "", toArray: [], toObject: {}, toDouble: 0), and a
// field passed on as it is stays out when absent.
#include "anthropicrequest.h"

#include "translationoutcome.h"

#include <QVarLengthArray>

#include <cstring>
#include <string>
#include <utility>

namespace clawgate {

using namespace Qt::StringLiterals;

namespace {

using json::Value;
using rapidjson::SizeType;

// A request is written into a buffer about its own size: the chat request is the same
// history in other words. This is the guess when the size is not known.
constexpr size_t kTypicalRequestBytes = 16 * 1024;

// A value's place in the request as a chain of frames on the stack, e.g. messages → [3] →
// content, spelled out ("messages[3].content") only for a 400 or a dropped field. A Path
// points at its parent: keep the parent alive (a named variable or a caller's argument).
class Path
{
public:
    explicit Path(const char *name)
        : m_name(name)
    {
    }
    Path member(const char *name) const { return Path(this, name, -1); }
    Path element(SizeType index) const { return Path(this, nullptr, qsizetype(index)); }

    QString text() const
    {
        const QString prefix = m_parent ? m_parent->text() : QString();
        if (!m_name)
            return elementPath(prefix, m_index);
        return prefix.isEmpty() ? QString::fromLatin1(m_name)
                                : prefix + u'.' + QLatin1String(m_name);
    }

private:
    Path(const Path *parent, const char *name, qsizetype index)
        : m_parent(parent)
        , m_name(name)
        , m_index(index)
    {
    }

    const Path *m_parent = nullptr;
    const char *m_name = nullptr;
    qsizetype m_index = -1;
};

// The bytes of a string value; empty for anything else, as QJsonValue::toString() reads it.
struct Text
{
    const char *data = "";
    SizeType size = 0;

    bool isEmpty() const { return size == 0; }
    bool is(const char *literal) const
    {
        return std::strlen(literal) == size && std::memcmp(data, literal, size) == 0;
    }
    QString toQString() const { return QString::fromUtf8(data, qsizetype(size)); }
};

Text textOf(const Value *value)
{
    if (!value || !value->IsString())
        return {};
    return {value->GetString(), value->GetStringLength()};
}

bool isNamed(const Value &name, const char *literal)
{
    return textOf(&name).is(literal);
}

// A number as QJsonValue::toDouble() reads it: 0 for anything that is not a number.
double numberOf(const Value *value)
{
    return value && value->IsNumber() ? value->GetDouble() : 0;
}

bool isTrue(const Value *value)
{
    return value && value->IsTrue();
}

const Value *arrayOrNull(const Value *value)
{
    return value && value->IsArray() ? value : nullptr;
}

const char *reasoningEffortForBudget(qint64 budget)
{
    if (budget <= 4096)
        return "low";
    return budget <= 16384 ? "medium" : "high";
}

// The top-level fields the translation reads, found in one walk over the request.
struct TopLevel
{
    const Value *model = nullptr, *messages = nullptr, *system = nullptr, *tools = nullptr,
                *toolChoice = nullptr, *maxTokens = nullptr, *stopSequences = nullptr,
                *temperature = nullptr, *topP = nullptr, *topK = nullptr, *metadata = nullptr,
                *stream = nullptr, *thinking = nullptr, *outputConfig = nullptr,
                *container = nullptr, *mcpServers = nullptr;
    QVarLengthArray<const Value *, 4> unknownNames; // left out: cache_control, service_tier, ...

    explicit TopLevel(const Value &request);

private:
    const Value **fieldFor(const Value &name);
};

TopLevel::TopLevel(const Value &request)
{
    for (auto it = request.MemberBegin(); it != request.MemberEnd(); ++it) {
        if (const Value **found = fieldFor(it->name))
            *found = &it->value; // the last of duplicate keys wins
        else
            unknownNames.append(&it->name);
    }
}

const Value **TopLevel::fieldFor(const Value &name)
{
    using Member = const Value *TopLevel::*;
    static constexpr std::pair<const char *, Member> kFields[] {
        {"model", &TopLevel::model},
        {"messages", &TopLevel::messages},
        {"system", &TopLevel::system},
        {"tools", &TopLevel::tools},
        {"tool_choice", &TopLevel::toolChoice},
        {"max_tokens", &TopLevel::maxTokens},
        {"stop_sequences", &TopLevel::stopSequences},
        {"temperature", &TopLevel::temperature},
        {"top_p", &TopLevel::topP},
        {"top_k", &TopLevel::topK},
        {"metadata", &TopLevel::metadata},
        {"stream", &TopLevel::stream},
        {"thinking", &TopLevel::thinking},
        {"output_config", &TopLevel::outputConfig},
        {"container", &TopLevel::container},
        {"mcp_servers", &TopLevel::mcpServers},
    };
    for (const auto &[key, member] : kFields) {
        if (isNamed(name, key))
            return &(this->*member);
    }
    return nullptr;
}

// Each name once, in the order Qt's JSON object lists its keys (sorted by UTF-16 code units).
QStringList sortedNames(const QVarLengthArray<const Value *, 4> &names, const QString &prefix)
{
    QStringList list;
    for (const Value *name : names)
        list.append(prefix + textOf(name).toQString());
    list.sort();
    list.removeDuplicates();
    return list;
}

using Texts = QVarLengthArray<Text, 8>;
using Blocks = QVarLengthArray<const Value *, 8>;

// RapidJSON's writer with the steps the translation repeats: a key or a string known at compile
// time, a client's string as it is, a client's value passed on, texts joined into one string,
// an object as JSON text.
class ChatWriter : public json::Writer
{
public:
    explicit ChatWriter(rapidjson::StringBuffer &buffer)
        : json::Writer(buffer)
    {
    }

    template<size_t N> void key(const char (&name)[N]) { Key(name, SizeType(N - 1)); }
    template<size_t N> void literal(const char (&text)[N]) { String(text, SizeType(N - 1)); }
    void text(Text text) { String(text.data, text.size); }
    // `{"role": role`, the start of a message.
    template<size_t N> void startMessage(const char (&role)[N])
    {
        StartObject();
        key("role");
        literal(role);
    }
    // The member `name` with the client's value; nothing when it is absent, as a QJsonObject
    // leaves out an undefined value.
    template<size_t N> void passOn(const char (&name)[N], const Value *value)
    {
        if (value) {
            key(name);
            value->Accept(*this);
        }
    }
    void joined(const Texts &texts, const char *prefix = "");
    void jsonText(const Value &object);
    void dataUrl(Text mediaType, Text data);

private:
    std::string m_scratch; // a string put together from pieces: joined texts, a data: URL
    rapidjson::StringBuffer m_textBuffer;
    json::Writer m_textWriter {m_textBuffer};
};

// Texts joined by a blank line after `prefix`, written as one string.
void ChatWriter::joined(const Texts &texts, const char *prefix)
{
    if (texts.size() == 1 && !*prefix) {
        text(texts.front());
        return;
    }
    m_scratch.assign(prefix);
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (i > 0)
            m_scratch.append("\n\n");
        m_scratch.append(texts[i].data, texts[i].size);
    }
    String(m_scratch.data(), SizeType(m_scratch.size()));
}

// `object` as compact JSON text, its members in the client's order, written as a string.
void ChatWriter::jsonText(const Value &object)
{
    m_textBuffer.Clear();
    m_textWriter.Reset(m_textBuffer);
    object.Accept(m_textWriter);
    String(m_textBuffer.GetString(), SizeType(m_textBuffer.GetSize()));
}

void ChatWriter::dataUrl(Text mediaType, Text data)
{
    m_scratch.assign("data:");
    m_scratch.append(mediaType.data, mediaType.size).append(";base64,");
    m_scratch.append(data.data, data.size);
    String(m_scratch.data(), SizeType(m_scratch.size()));
}

class AnthropicToChat : TranslationOutcome
{
public:
    explicit AnthropicToChat(const TranslationOptions &options)
        : m_options(options)
    {
    }

    Translation run(const Value &request, size_t sizeHint);

private:
    bool writeRequest(const TopLevel &top);
    bool writeMessages(const TopLevel &top);
    void writeModel(const TopLevel &top);
    void writeSampling(const TopLevel &top);
    void writeMetadata(const Value *metadata);
    void writeReasoning(const TopLevel &top);
    bool writeSystem(const Value *system, const Path &path);
    bool writeMessage(const Value &message, const Path &path);
    bool writeUser(const Value &blocks, const Path &path);
    void writeUserTurn(const Blocks &parts);
    bool writeAssistant(const Value &blocks, const Path &path);
    void writeToolCall(const Value &block);
    void writeArguments(const Value *input);
    bool writeToolMessage(const Value &block, const Path &path, Blocks &images);
    bool checkImage(const Value &block, const Path &path);
    void writeImagePart(const Value &block);
    bool writeTools(const Value &tools);
    bool writeToolChoice(const Value &choice);
    bool refuseBlock(const Path &blockPath, Text type);

    const TranslationOptions &m_options;
    rapidjson::StringBuffer m_buffer;
    ChatWriter m_writer {m_buffer};
};

Translation AnthropicToChat::run(const Value &request, size_t sizeHint)
{
    const TopLevel top(request);
    // Checked in the order Qt's sorted keys met them, so that the same field is named.
    for (const auto &[name, value] :
         {std::pair {"container", top.container}, std::pair {"mcp_servers", top.mcpServers}}) {
        if (value) {
            const QString field = QLatin1String(name);
            fail(field, u"The field '%1' cannot be sent to an OpenAI chat backend."_s.arg(field));
            return *m_failure;
        }
    }
    if (!top.unknownNames.isEmpty())
        m_dropped = sortedNames(top.unknownNames, {});
    m_buffer.Reserve(sizeHint);
    if (!writeRequest(top))
        return *m_failure;
    return succeeded(json::bytesOf(m_buffer));
}

bool AnthropicToChat::writeRequest(const TopLevel &top)
{
    m_writer.StartObject();
    writeModel(top);
    if (!writeMessages(top))
        return false;
    if (top.tools && !writeTools(*top.tools))
        return false;
    if (top.toolChoice && !writeToolChoice(*top.toolChoice))
        return false;
    writeReasoning(top);
    writeSampling(top);
    m_writer.EndObject();
    return true;
}

void AnthropicToChat::writeModel(const TopLevel &top)
{
    if (m_options.model.isEmpty()) {
        m_writer.passOn("model", top.model);
        return;
    }
    m_writer.key("model");
    json::string(m_writer, m_options.model);
}

bool AnthropicToChat::writeMessages(const TopLevel &top)
{
    m_writer.key("messages");
    m_writer.StartArray();
    if (top.system && !writeSystem(top.system, Path("system")))
        return false;
    if (!top.messages || !top.messages->IsArray())
        return fail(u"messages"_s, u"The field 'messages' must be an array."_s);
    const Path messages("messages");
    for (SizeType i = 0; i < top.messages->Size(); ++i) {
        if (!writeMessage((*top.messages)[i], messages.element(i)))
            return false;
    }
    m_writer.EndArray();
    return true;
}

void AnthropicToChat::writeSampling(const TopLevel &top)
{
    if (top.maxTokens) {
        qint64 maxTokens = qint64(numberOf(top.maxTokens));
        if (m_options.maxTokens > 0)
            maxTokens = std::min(maxTokens, m_options.maxTokens);
        m_writer.key("max_tokens");
        m_writer.Int64(maxTokens);
    }
    m_writer.passOn("temperature", top.temperature);
    m_writer.passOn("top_p", top.topP);
    m_writer.passOn("top_k", top.topK);
    m_writer.passOn("stop", top.stopSequences);
    writeMetadata(top.metadata);
    if (isTrue(top.stream)) {
        m_writer.key("stream");
        m_writer.Bool(true);
        m_writer.key("stream_options");
        m_writer.StartObject();
        m_writer.key("include_usage");
        m_writer.Bool(true);
        m_writer.EndObject();
    }
}

void AnthropicToChat::writeMetadata(const Value *metadata)
{
    if (!metadata || !metadata->IsObject())
        return;
    m_writer.passOn("user", json::member(metadata, "user_id"));
    QVarLengthArray<const Value *, 4> others;
    for (auto it = metadata->MemberBegin(); it != metadata->MemberEnd(); ++it) {
        if (!isNamed(it->name, "user_id"))
            others.append(&it->name);
    }
    if (!others.isEmpty())
        m_dropped += sortedNames(others, u"metadata."_s);
}

void AnthropicToChat::writeReasoning(const TopLevel &top)
{
    const Value *format = json::member(top.outputConfig, "format");
    if (textOf(json::member(format, "type")).is("json_schema")) {
        m_writer.key("response_format");
        m_writer.StartObject();
        m_writer.key("type");
        m_writer.literal("json_schema");
        m_writer.key("json_schema");
        m_writer.StartObject();
        m_writer.key("name");
        m_writer.literal("output");
        m_writer.passOn("schema", json::member(format, "schema"));
        m_writer.EndObject();
        m_writer.EndObject();
    }
    const Text type = textOf(json::member(top.thinking, "type"));
    Text effort = textOf(json::member(top.outputConfig, "effort"));
    if (type.is("enabled")) {
        const char *word = reasoningEffortForBudget(
            qint64(numberOf(json::member(top.thinking, "budget_tokens"))));
        effort = {word, SizeType(std::strlen(word))};
    } else if (type.is("adaptive") && effort.isEmpty()) {
        effort = {"medium", 6};
    }
    if (effort.isEmpty() || type.is("disabled"))
        return;
    if (m_options.thinking == ThinkingTranslation::Drop) {
        drop(top.thinking ? u"thinking"_s : u"output_config.effort"_s);
        return;
    }
    m_writer.key("reasoning_effort");
    if (effort.is("max"))
        m_writer.literal("high");
    else
        m_writer.text(effort);
}

bool AnthropicToChat::writeSystem(const Value *system, const Path &path)
{
    Texts parts;
    if (system && system->IsString()) {
        parts.append(textOf(system));
    } else if (system && system->IsArray()) {
        for (SizeType i = 0; i < system->Size(); ++i) {
            const Value &block = (*system)[i];
            if (!textOf(json::member(&block, "type")).is("text"))
                return fail(
                    path.element(i).text(),
                    u"Only text blocks can be a system prompt for an OpenAI chat backend."_s);
            parts.append(textOf(json::member(&block, "text")));
        }
    } else {
        return fail(path.text(),
                    u"The system prompt must be a string or an array of text blocks."_s);
    }
    m_writer.startMessage("system");
    m_writer.key("content");
    m_writer.joined(parts);
    m_writer.EndObject();
    return true;
}

bool AnthropicToChat::writeMessage(const Value &message, const Path &path)
{
    if (!message.IsObject())
        return fail(path.text(), u"Each message must be an object."_s);
    const Text role = textOf(json::member(&message, "role"));
    const Value *content = json::member(&message, "content");
    const Path contentPath = path.member("content");
    if (role.is("system"))
        return writeSystem(content, contentPath);
    if (!role.is("user") && !role.is("assistant"))
        return fail(path.member("role").text(), u"A message's role must be user or assistant."_s);
    if (content && content->IsString()) {
        m_writer.StartObject();
        m_writer.key("role");
        m_writer.text(role);
        m_writer.key("content");
        content->Accept(m_writer);
        m_writer.EndObject();
        return true;
    }
    if (!content || !content->IsArray())
        return fail(contentPath.text(), u"A message's content must be a string or an array."_s);
    return role.is("user") ? writeUser(*content, contentPath)
                           : writeAssistant(*content, contentPath);
}

bool AnthropicToChat::refuseBlock(const Path &blockPath, Text type)
{
    return fail(blockPath.member("type").text(),
                u"Content blocks of type '%1' cannot be sent to an OpenAI chat backend."_s.arg(
                    type.toQString()));
}

// Tool messages are written as their blocks come; the turn's text and images, and the images
// of its tool results, are kept as pointers and written after them.
bool AnthropicToChat::writeUser(const Value &blocks, const Path &path)
{
    Blocks parts;
    Blocks toolImages; // tool messages hold text only; their images follow in a user turn
    for (SizeType i = 0; i < blocks.Size(); ++i) {
        const Value &block = blocks[i];
        const Path blockPath = path.element(i);
        const Text type = textOf(json::member(&block, "type"));
        if (type.is("text")) {
            parts.append(&block);
        } else if (type.is("image")) {
            if (!checkImage(block, blockPath))
                return false;
            parts.append(&block);
        } else if (type.is("tool_result")) {
            if (!writeToolMessage(block, blockPath, toolImages))
                return false;
        } else {
            return refuseBlock(blockPath, type);
        }
    }
    if (!toolImages.isEmpty()) {
        m_writer.startMessage("user");
        m_writer.key("content");
        m_writer.StartArray();
        for (const Value *image : toolImages)
            writeImagePart(*image);
        m_writer.EndArray();
        m_writer.EndObject();
    }
    if (parts.isEmpty() && !blocks.Empty())
        return true; // only tool results
    writeUserTurn(parts);
    return true;
}

// One text block becomes a plain string, no block an empty one.
void AnthropicToChat::writeUserTurn(const Blocks &parts)
{
    const auto isText
        = [](const Value *part) { return textOf(json::member(part, "type")).is("text"); };
    m_writer.startMessage("user");
    if (parts.isEmpty()) {
        m_writer.key("content");
        m_writer.literal("");
    } else if (parts.size() == 1 && isText(parts.front())) {
        m_writer.passOn("content", json::member(parts.front(), "text"));
    } else {
        m_writer.key("content");
        m_writer.StartArray();
        for (const Value *part : parts) {
            if (!isText(part)) {
                writeImagePart(*part);
                continue;
            }
            m_writer.StartObject();
            m_writer.key("type");
            m_writer.literal("text");
            m_writer.passOn("text", json::member(part, "text"));
            m_writer.EndObject();
        }
        m_writer.EndArray();
    }
    m_writer.EndObject();
}

bool AnthropicToChat::writeAssistant(const Value &blocks, const Path &path)
{
    Texts texts;
    Blocks toolUses;
    for (SizeType i = 0; i < blocks.Size(); ++i) {
        const Value &block = blocks[i];
        const Text type = textOf(json::member(&block, "type"));
        if (type.is("text")) {
            const Text text = textOf(json::member(&block, "text"));
            if (!text.isEmpty())
                texts.append(text);
        } else if (type.is("tool_use")) {
            toolUses.append(&block);
        } else if (type.is("thinking") || type.is("redacted_thinking")) {
            drop(path.element(i).text());
        } else {
            return refuseBlock(path.element(i), type);
        }
    }
    m_writer.startMessage("assistant");
    m_writer.key("content");
    if (texts.isEmpty() && !toolUses.isEmpty())
        m_writer.Null();
    else
        m_writer.joined(texts);
    if (!toolUses.isEmpty()) {
        m_writer.key("tool_calls");
        m_writer.StartArray();
        for (const Value *block : toolUses)
            writeToolCall(*block);
        m_writer.EndArray();
    }
    m_writer.EndObject();
    return true;
}

void AnthropicToChat::writeToolCall(const Value &block)
{
    m_writer.StartObject();
    m_writer.passOn("id", json::member(&block, "id"));
    m_writer.key("type");
    m_writer.literal("function");
    m_writer.key("function");
    m_writer.StartObject();
    m_writer.passOn("name", json::member(&block, "name"));
    m_writer.key("arguments");
    writeArguments(json::member(&block, "input"));
    m_writer.EndObject();
    m_writer.EndObject();
}

// `input` as JSON text, its keys in the client's order; not an object: {}.
void AnthropicToChat::writeArguments(const Value *input)
{
    if (input && input->IsObject())
        m_writer.jsonText(*input);
    else
        m_writer.literal("{}");
}

bool AnthropicToChat::writeToolMessage(const Value &block, const Path &path, Blocks &images)
{
    const Value *content = json::member(&block, "content");
    const Path contentPath = path.member("content");
    Texts texts;
    if (content && content->IsString()) {
        texts.append(textOf(content));
    } else if (const Value *parts = arrayOrNull(content)) {
        for (SizeType i = 0; i < parts->Size(); ++i) {
            const Value &part = (*parts)[i];
            const Path partPath = contentPath.element(i);
            const Text type = textOf(json::member(&part, "type"));
            if (type.is("text")) {
                texts.append(textOf(json::member(&part, "text")));
            } else if (type.is("image")) {
                if (!checkImage(part, partPath))
                    return false;
                images.append(&part);
            } else {
                return fail(
                    partPath.member("type").text(),
                    u"Tool results with '%1' blocks cannot be sent to an OpenAI chat backend."_s
                        .arg(type.toQString()));
            }
        }
    }
    m_writer.startMessage("tool");
    m_writer.passOn("tool_call_id", json::member(&block, "tool_use_id"));
    m_writer.key("content");
    m_writer.joined(texts, isTrue(json::member(&block, "is_error")) ? "Error: " : "");
    m_writer.EndObject();
    return true;
}

bool AnthropicToChat::checkImage(const Value &block, const Path &path)
{
    const Text type = textOf(json::member(json::member(&block, "source"), "type"));
    if (type.is("base64") || type.is("url"))
        return true;
    return fail(
        path.member("source").member("type").text(),
        u"Image sources of type '%1' cannot be sent to an OpenAI chat backend; use base64 or url."_s
            .arg(type.toQString()));
}

// An image block checkImage() let through, as an image_url part.
void AnthropicToChat::writeImagePart(const Value &block)
{
    const Value *source = json::member(&block, "source");
    m_writer.StartObject();
    m_writer.key("type");
    m_writer.literal("image_url");
    m_writer.key("image_url");
    m_writer.StartObject();
    m_writer.key("url");
    if (textOf(json::member(source, "type")).is("url")) {
        m_writer.text(textOf(json::member(source, "url")));
    } else {
        m_writer.dataUrl(textOf(json::member(source, "media_type")),
                         textOf(json::member(source, "data")));
    }
    m_writer.EndObject();
    m_writer.EndObject();
}

bool AnthropicToChat::writeTools(const Value &tools)
{
    m_writer.key("tools");
    m_writer.StartArray();
    const Path path("tools");
    const SizeType count = tools.IsArray() ? tools.Size() : 0;
    for (SizeType i = 0; i < count; ++i) {
        const Value &tool = tools[i];
        const Text type = textOf(json::member(&tool, "type"));
        if (!type.isEmpty() && !type.is("custom"))
            return fail(
                path.element(i).member("type").text(),
                u"The server tool '%1' cannot be used through an OpenAI chat backend."_s.arg(
                    type.toQString()));
        m_writer.StartObject();
        m_writer.key("type");
        m_writer.literal("function");
        m_writer.key("function");
        m_writer.StartObject();
        m_writer.passOn("name", json::member(&tool, "name"));
        m_writer.passOn("parameters", json::member(&tool, "input_schema"));
        m_writer.passOn("description", json::member(&tool, "description"));
        m_writer.passOn("strict", json::member(&tool, "strict"));
        m_writer.EndObject();
        m_writer.EndObject();
    }
    m_writer.EndArray();
    return true;
}

bool AnthropicToChat::writeToolChoice(const Value &choice)
{
    const Text type = textOf(json::member(&choice, "type"));
    if (!type.is("auto") && !type.is("any") && !type.is("none") && !type.is("tool"))
        return fail(u"tool_choice.type"_s, u"tool_choice must be auto, any, tool or none."_s);
    m_writer.key("tool_choice");
    if (type.is("tool")) {
        m_writer.StartObject();
        m_writer.key("type");
        m_writer.literal("function");
        m_writer.key("function");
        m_writer.StartObject();
        m_writer.passOn("name", json::member(&choice, "name"));
        m_writer.EndObject();
        m_writer.EndObject();
    } else {
        // auto and none keep their word
        m_writer.text(type.is("any") ? Text {"required", 8} : type);
    }
    if (isTrue(json::member(&choice, "disable_parallel_tool_use"))) {
        m_writer.key("parallel_tool_calls");
        m_writer.Bool(false);
    }
    return true;
}

Translation notAnObject(const QString &why)
{
    return Translation::failure(400, {}, u"The request body is not a JSON object: %1"_s.arg(why));
}

Translation translate(const Value &request, const TranslationOptions &options, size_t sizeHint)
{
    if (!request.IsObject())
        return notAnObject(u"not an object"_s);
    return AnthropicToChat(options).run(request, sizeHint);
}

} // namespace

Translation anthropicToChatRequest(const QByteArray &body, const TranslationOptions &options)
{
    json::Document document;
    QString error;
    if (!json::parse(body, document, &error))
        return notAnObject(error);
    return translate(document, options, size_t(body.size()));
}

Translation anthropicToChatRequest(const json::Value &request, const TranslationOptions &options)
{
    return translate(request, options, kTypicalRequestBytes);
}

} // namespace clawgate
