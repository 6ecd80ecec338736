// OpenAI chat request → Anthropic Messages request; the rules are listed in anthropicrequest.h.
// Read from the client's parsed body and written with one json::Writer in one pass: a chat
// client on an Anthropic backend pays this on every attempt, and building a tree for the output
// (and sorting its keys) cost more than relaying an untranslated request.
#include "anthropicrequest.h"

#include "translationoutcome.h"

#include <QVarLengthArray>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <optional>

namespace clawgate {

using namespace Qt::StringLiterals;

namespace {

// The output buffer's first size. Only the parsed body reaches the translator, so the input's
// size is not known here; an agent's request (10-40 KB) grows the buffer once or twice, and
// reserving for the largest measured slower (a fresh 64 KB block costs page faults each time).
constexpr size_t kOutputReserve = 16 * 1024;

// The top-level fields the translation reads or accepts; any other is dropped.
constexpr const char *kHandledFields[] = {"model",
                                          "messages",
                                          "tools",
                                          "tool_choice",
                                          "max_tokens",
                                          "max_completion_tokens",
                                          "stop",
                                          "temperature",
                                          "top_p",
                                          "top_k",
                                          "user",
                                          "stream",
                                          "reasoning_effort",
                                          "parallel_tool_calls",
                                          "n",
                                          "logprobs",
                                          "response_format",
                                          "modalities"};
// Options Anthropic has nothing like: refused unless null.
constexpr const char *kRefusedFields[]
    = {"top_logprobs", "audio", "web_search_options", "functions", "function_call"};

const json::Value kNull;

bool isNonEmptyString(const json::Value *value)
{
    return value && value->IsString() && value->GetStringLength() > 0;
}

// `object`'s member `name`, or null: so that a chain of lookups needs no checks in between.
const json::Value &memberOrNull(const json::Value &object, const char *name)
{
    const json::Value *value = json::member(object, name);
    return value ? *value : kNull;
}

// Opens an object whose first member is its `type`: a content block, an image source, the
// empty schema, thinking.
void startBlock(json::Writer &writer, const char *type)
{
    writer.StartObject();
    json::key(writer, "type");
    writer.String(type);
}

void writeTextBlock(json::Writer &writer, const json::Value &text)
{
    startBlock(writer, "text");
    json::key(writer, "text");
    text.Accept(writer);
    writer.EndObject();
}

// QJsonValue::toInt's rule, which the check of `n` always used: an integral number that fits,
// else `fallback`.
int intOr(const json::Value *value, int fallback)
{
    if (value && value->IsInt())
        return value->GetInt();
    if (value && value->IsDouble()) {
        const double number = value->GetDouble();
        if (number >= INT_MIN && number <= INT_MAX && number == std::trunc(number))
            return int(number);
    }
    return fallback;
}

// What the top-level field `name` with `value` needs: nothing, to be dropped, or a refusal.
struct FieldVerdict
{
    const char *refused = nullptr; // the field's name when refused
    const char *why = nullptr;
    bool dropped = false;
};

FieldVerdict verdictOn(const json::Value &name, const json::Value &value)
{
    for (const char *refused : kRefusedFields) {
        if (json::isString(&name, refused))
            return value.IsNull() ? FieldVerdict {}
                                  : FieldVerdict {refused, "Anthropic has no such option."};
    }
    if (json::isString(&name, "logit_bias") && value.IsObject() && !value.ObjectEmpty())
        return {"logit_bias", "Anthropic has no token biases."};
    for (const char *penalty : {"frequency_penalty", "presence_penalty"}) {
        if (json::isString(&name, penalty) && value.IsNumber() && value.GetDouble() != 0)
            return {penalty, "Anthropic has no penalties."};
    }
    for (const char *handled : kHandledFields) {
        if (json::isString(&name, handled))
            return {};
    }
    return {nullptr, nullptr, true}; // stream_options, seed, store, metadata, zero penalties ...
}

std::optional<qint64> thinkingBudget(const json::Value *effort)
{
    if (json::isString(effort, "minimal") || json::isString(effort, "low"))
        return 1024;
    if (json::isString(effort, "medium"))
        return 8192;
    if (json::isString(effort, "high"))
        return 24576;
    if (json::isString(effort, "xhigh"))
        return 32768;
    return std::nullopt;
}

// Whether text is empty once QByteArray::trimmed's whitespace is taken away.
bool isBlank(const char *text, size_t length)
{
    return std::all_of(text, text + length,
                       [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

QString messagePath(qsizetype message, QLatin1String field)
{
    return elementPath(u"messages"_s, message) + field;
}

// The path of a part of a message's `content`, e.g. "messages[3].content[1].type".
QString partPath(qsizetype message, qsizetype part, QLatin1String field)
{
    return elementPath(messagePath(message, ".content"_L1), part) + field;
}

QString callPath(qsizetype message, qsizetype call, QLatin1String field)
{
    return elementPath(messagePath(message, ".tool_calls"_L1), call) + field;
}

// The `messages` array as Anthropic wants it: consecutive turns of one role are one message
// (every tool result of a turn must be in the user message after it) and a turn with nothing
// in it is left out. A block opens its turn when it is written, so nothing is looked at ahead.
class TurnWriter
{
public:
    enum class Role { InsideBlock, User, Assistant };

    explicit TurnWriter(json::Writer &writer)
        : m_writer(writer)
    {
    }

    // Before a block of a `role` turn: the open turn takes it when it has that role, else a new
    // one is opened. Blocks inside another block (a tool result's content) open nothing.
    void beginBlock(Role role)
    {
        if (role == Role::InsideBlock || role == m_open)
            return;
        finish();
        m_writer.StartObject();
        json::key(m_writer, "role");
        m_writer.String(role == Role::User ? "user" : "assistant");
        json::key(m_writer, "content");
        m_writer.StartArray();
        m_open = role;
    }

    // Closes the last turn.
    void finish()
    {
        if (m_open == Role::InsideBlock)
            return;
        m_writer.EndArray();
        m_writer.EndObject();
        m_open = Role::InsideBlock;
    }

private:
    json::Writer &m_writer;
    Role m_open = Role::InsideBlock; // no turn open
};

using Role = TurnWriter::Role;

// What every part of the translation writes into: one writer for the whole request, the
// fields left out, and the failure. Each part returns false once the request has failed: the
// first failure is the one the client hears about, and what was written is thrown away.
class TranslationOutput : public TranslationOutcome
{
public:
    TranslationOutput()
        : m_writer(m_buffer)
    {
        m_buffer.Reserve(kOutputReserve);
    }

    json::Writer &writer() { return m_writer; }
    using TranslationOutcome::drop;
    using TranslationOutcome::fail;
    bool refuse(const QString &param, const QString &why)
    {
        return fail(param,
                    u"The field '%1' cannot be sent to an Anthropic backend: %2"_s.arg(param, why));
    }
    // The failure, or the request written with the paths left out.
    Translation result() const
    {
        return m_failure ? *m_failure : succeeded(json::bytesOf(m_buffer));
    }

private:
    rapidjson::StringBuffer m_buffer;
    json::Writer m_writer;
};

// The chat messages as Anthropic's `messages` and `system`.
class MessagesWriter
{
public:
    explicit MessagesWriter(TranslationOutput &out)
        : m_out(out)
        , m_writer(out.writer())
        , m_turns(m_writer)
    {
    }

    bool write(const json::Value &messages);
    void writeSystem();

private:
    bool writeMessage(const json::Value &message, qsizetype index);
    template<typename Take>
    bool textBlocks(const json::Value *content, qsizetype message, const Take &take);
    bool writeUserBlocks(const json::Value *content, qsizetype message, Role role);
    bool writeImage(const json::Value &part, qsizetype message, qsizetype index);
    bool writeAssistant(const json::Value &message, qsizetype index);
    int writeThinking(const json::Value &message);
    bool writeToolUse(const json::Value &call, qsizetype message, qsizetype index);
    bool parseArguments(const json::Value *arguments);
    bool writeToolResult(const json::Value &message, qsizetype index);

    TranslationOutput &m_out;
    json::Writer &m_writer;
    TurnWriter m_turns;
    QVarLengthArray<const json::Value *, 4> m_system; // the system text, written after the turns
    json::Document m_arguments; // each tool call's arguments in turn, parsed
};

// Options Anthropic has only in one setting: one choice, no log probabilities, text out.
bool checkOptions(const json::Value &request, TranslationOutput &out)
{
    if (intOr(json::member(request, "n"), 1) > 1)
        return out.refuse(u"n"_s, u"Anthropic answers with one choice only."_s);
    const json::Value *logprobs = json::member(request, "logprobs");
    if (logprobs && logprobs->IsTrue())
        return out.refuse(u"logprobs"_s, u"Anthropic returns no log probabilities."_s);
    const json::Value *modalities = json::member(request, "modalities");
    for (rapidjson::SizeType i = 0; modalities && modalities->IsArray() && i < modalities->Size();
         ++i) {
        if (json::isString(&(*modalities)[i], "audio"))
            return out.refuse(u"modalities"_s, u"Anthropic does not answer with audio."_s);
    }
    const json::Value *format = json::member(memberOrNull(request, "response_format"), "type");
    if (isNonEmptyString(format) && !json::isString(format, "text"))
        return out.refuse(u"response_format"_s,
                          u"Anthropic has no %1 mode."_s.arg(json::toQString(format)));
    return true;
}

// The fields refused whatever the messages say, and those dropped. When several are refused,
// the one first in key order is reported (Qt's JSON object, which this translator was first
// written on, sorted its keys), and the dropped ones are listed in that order too.
bool checkTopLevel(const json::Value &request, TranslationOutput &out)
{
    FieldVerdict first;
    QStringList dropped;
    for (auto it = request.MemberBegin(); it != request.MemberEnd(); ++it) {
        const FieldVerdict verdict = verdictOn(it->name, it->value);
        if (verdict.refused && (!first.refused || std::strcmp(verdict.refused, first.refused) < 0))
            first = verdict;
        if (verdict.dropped)
            dropped.append(json::toQString(&it->name));
    }
    if (first.refused)
        return out.refuse(QLatin1String(first.refused), QLatin1String(first.why));
    dropped.sort();
    dropped.removeDuplicates();
    for (const QString &name : std::as_const(dropped))
        out.drop(name);
    return checkOptions(request, out);
}

// The route's model when it names one, else the client's.
void writeModel(json::Writer &writer, const json::Value &request, const QString &routeModel)
{
    if (routeModel.isEmpty()) {
        json::copyMember(writer, request, "model");
        return;
    }
    json::key(writer, "model");
    json::string(writer, routeModel);
}

bool MessagesWriter::write(const json::Value &messages)
{
    json::key(m_writer, "messages");
    m_writer.StartArray();
    for (rapidjson::SizeType i = 0; i < messages.Size(); ++i) {
        if (!writeMessage(messages[i], i))
            return false;
    }
    m_turns.finish();
    m_writer.EndArray();
    return true;
}

bool MessagesWriter::writeMessage(const json::Value &message, qsizetype index)
{
    if (!message.IsObject())
        return m_out.fail(elementPath(u"messages"_s, index), u"Each message must be an object."_s);
    if (json::member(message, "name"))
        m_out.drop(messagePath(index, ".name"_L1));
    const json::Value *role = json::member(message, "role");
    const json::Value *content = json::member(message, "content");
    if (json::isString(role, "system") || json::isString(role, "developer"))
        return textBlocks(content, index,
                          [this](const json::Value &text) { m_system.append(&text); });
    if (json::isString(role, "user"))
        return writeUserBlocks(content, index, Role::User);
    if (json::isString(role, "assistant"))
        return writeAssistant(message, index);
    if (json::isString(role, "tool"))
        return writeToolResult(message, index);
    if (json::isString(role, "function"))
        return m_out.refuse(messagePath(index, ".role"_L1),
                            u"legacy function messages; use tool messages."_s);
    return m_out.fail(messagePath(index, ".role"_L1),
                      u"Unknown message role '%1'."_s.arg(json::toQString(role)));
}

// The texts of `content` (a string, or text and refusal parts), each non-empty one handed to
// `take` (not called `emit`: that is a Qt macro wherever QT_NO_KEYWORDS is not set). Where only
// text can go (system, an assistant turn) any other part is refused.
template<typename Take>
bool MessagesWriter::textBlocks(const json::Value *content, qsizetype message, const Take &take)
{
    if (content && content->IsString()) {
        if (content->GetStringLength() > 0)
            take(*content);
        return true;
    }
    for (rapidjson::SizeType i = 0; content && content->IsArray() && i < content->Size(); ++i) {
        const json::Value &part = (*content)[i];
        const json::Value *type = json::member(part, "type");
        const bool refusal = json::isString(type, "refusal");
        if (!refusal && !json::isString(type, "text"))
            return m_out.refuse(partPath(message, i, ".type"_L1),
                                u"only text parts are possible here."_s);
        const json::Value *text = json::member(part, refusal ? "refusal" : "text");
        if (isNonEmptyString(text))
            take(*text);
    }
    return true;
}

// A user turn's content, or a tool result's (`role` InsideBlock): text and images.
bool MessagesWriter::writeUserBlocks(const json::Value *content, qsizetype message, Role role)
{
    const auto writeText = [&](const json::Value &text) {
        m_turns.beginBlock(role);
        writeTextBlock(m_writer, text);
    };
    if (!content || !content->IsArray())
        return textBlocks(content, message, writeText);
    for (rapidjson::SizeType i = 0; i < content->Size(); ++i) {
        const json::Value &part = (*content)[i];
        const json::Value *type = json::member(part, "type");
        if (json::isString(type, "text")) {
            const json::Value *text = json::member(part, "text");
            if (isNonEmptyString(text))
                writeText(*text);
        } else if (json::isString(type, "image_url")) {
            m_turns.beginBlock(role);
            if (!writeImage(part, message, i))
                return false;
        } else {
            return m_out.refuse(
                partPath(message, i, ".type"_L1),
                u"'%1' parts have no Anthropic counterpart here."_s.arg(json::toQString(type)));
        }
    }
    return true;
}

// An image_url part as an image block: a data: URL becomes a base64 source, any other URL a
// url source.
bool MessagesWriter::writeImage(const json::Value &part, qsizetype message, qsizetype index)
{
    const json::Value &image = memberOrNull(part, "image_url");
    const json::Value *url = image.IsString() ? &image : json::member(image, "url");
    const bool isString = url && url->IsString();
    const char *text = isString ? url->GetString() : "";
    const size_t length = isString ? url->GetStringLength() : 0;
    const bool isData = length >= 5 && std::memcmp(text, "data:", 5) == 0;
    // data:<media type>;base64,<data>
    const char *comma
        = isData ? static_cast<const char *>(std::memchr(text, ',', length)) : nullptr;
    if (isData && (!comma || comma - text < 5 + 7 || std::memcmp(comma - 7, ";base64", 7) != 0))
        return m_out.fail(partPath(message, index, ".image_url.url"_L1),
                          u"An image data: URL must be base64 encoded."_s);
    startBlock(m_writer, "image");
    json::key(m_writer, "source");
    startBlock(m_writer, isData ? "base64" : "url");
    if (isData) {
        json::key(m_writer, "media_type");
        m_writer.String(text + 5, rapidjson::SizeType(comma - 7 - (text + 5)));
        json::key(m_writer, "data");
        m_writer.String(comma + 1, rapidjson::SizeType(text + length - comma - 1));
    } else {
        json::key(m_writer, "url");
        m_writer.String(text, rapidjson::SizeType(length));
    }
    m_writer.EndObject();
    m_writer.EndObject();
    return true;
}

bool MessagesWriter::writeAssistant(const json::Value &message, qsizetype index)
{
    if (memberOrNull(message, "audio").IsObject())
        return m_out.refuse(messagePath(index, ".audio"_L1), u"Anthropic takes no audio back."_s);
    if (!memberOrNull(message, "function_call").IsNull())
        return m_out.refuse(messagePath(index, ".function_call"_L1),
                            u"legacy function calls; use tool_calls."_s);
    if (writeThinking(message) == 0 && json::member(message, "reasoning_content"))
        m_out.drop(messagePath(index, ".reasoning_content"_L1));
    const auto writeText = [this](const json::Value &text) {
        m_turns.beginBlock(Role::Assistant);
        writeTextBlock(m_writer, text);
    };
    if (!textBlocks(json::member(message, "content"), index, writeText))
        return false;
    const json::Value *refusal = json::member(message, "refusal");
    if (isNonEmptyString(refusal))
        writeText(*refusal);
    const json::Value *calls = json::member(message, "tool_calls");
    for (rapidjson::SizeType i = 0; calls && calls->IsArray() && i < calls->Size(); ++i) {
        if (!writeToolUse((*calls)[i], index, i))
            return false;
    }
    return true;
}

// Signed reasoning the way anthropicToChatResponse hands it out: `reasoning_details` entries
// {type: reasoning.text, text, signature} and {type: reasoning.encrypted, data}. An entry
// without its text takes the message's `reasoning_content` (streams deliver the text there).
// Returns how many blocks it wrote.
int MessagesWriter::writeThinking(const json::Value &message)
{
    int written = 0;
    const json::Value *details = json::member(message, "reasoning_details");
    for (rapidjson::SizeType i = 0; details && details->IsArray() && i < details->Size(); ++i) {
        const json::Value &detail = (*details)[i];
        const json::Value *type = json::member(detail, "type");
        const json::Value *signature = json::member(detail, "signature");
        const bool encrypted = json::isString(type, "reasoning.encrypted");
        if (!encrypted && (!json::isString(type, "reasoning.text") || !isNonEmptyString(signature)))
            continue;
        m_turns.beginBlock(Role::Assistant);
        startBlock(m_writer, encrypted ? "redacted_thinking" : "thinking");
        if (encrypted) {
            json::copyMember(m_writer, detail, "data");
        } else {
            const json::Value *text = json::member(detail, "text");
            if (!text)
                text = json::member(message, "reasoning_content");
            json::key(m_writer, "thinking");
            text && text->IsString() ? text->Accept(m_writer) : m_writer.String("");
            json::key(m_writer, "signature");
            signature->Accept(m_writer);
        }
        m_writer.EndObject();
        ++written;
    }
    return written;
}

// A function tool call as a tool_use block, its arguments parsed into `input` with the
// client's key order and numbers as they were written.
bool MessagesWriter::writeToolUse(const json::Value &call, qsizetype message, qsizetype index)
{
    const json::Value *type = json::member(call, "type");
    if (type && type->IsString() && !json::isString(type, "function")) // absent: a function
        return m_out.refuse(callPath(message, index, ".type"_L1),
                            u"only function tool calls are possible."_s);
    const json::Value &function = memberOrNull(call, "function");
    if (!parseArguments(json::member(function, "arguments")))
        return m_out.fail(callPath(message, index, ".function.arguments"_L1),
                          u"The arguments of tool call '%1' are not a JSON object."_s.arg(
                              json::toQString(json::member(call, "id"))));
    m_turns.beginBlock(Role::Assistant);
    startBlock(m_writer, "tool_use");
    json::copyMember(m_writer, call, "id");
    json::copyMember(m_writer, function, "name");
    json::key(m_writer, "input");
    m_arguments.Accept(m_writer);
    m_writer.EndObject();
    return true;
}

// A call's argument text into m_arguments; blank text (or none) stands for {}. False when it
// is not a JSON object.
bool MessagesWriter::parseArguments(const json::Value *arguments)
{
    const bool isString = arguments && arguments->IsString();
    const char *text = isString ? arguments->GetString() : "";
    const size_t length = isString ? arguments->GetStringLength() : 0;
    if (isBlank(text, length)) {
        m_arguments.SetObject();
        return true;
    }
    return json::parse(QByteArray::fromRawData(text, qsizetype(length)), m_arguments, nullptr)
        && m_arguments.IsObject();
}

// A tool message as a tool_result block of the user turn that follows the calls.
bool MessagesWriter::writeToolResult(const json::Value &message, qsizetype index)
{
    m_turns.beginBlock(Role::User);
    startBlock(m_writer, "tool_result");
    if (const json::Value *id = json::member(message, "tool_call_id")) {
        json::key(m_writer, "tool_use_id");
        id->Accept(m_writer);
    }
    const json::Value *content = json::member(message, "content");
    if (content && content->IsString()) {
        const char *text = content->GetString();
        rapidjson::SizeType length = content->GetStringLength();
        // anthropicToChatRequest writes an error result as text starting with "Error: ".
        if (length >= 7 && std::memcmp(text, "Error: ", 7) == 0) {
            text += 7;
            length -= 7;
            json::key(m_writer, "is_error");
            m_writer.Bool(true);
        }
        json::key(m_writer, "content");
        m_writer.String(text, length);
    } else {
        json::key(m_writer, "content");
        m_writer.StartArray();
        if (!writeUserBlocks(content, index, Role::InsideBlock))
            return false;
        m_writer.EndArray();
    }
    m_writer.EndObject();
    return true;
}

// System and developer messages, wherever they stood: the text itself when there is one block
// of it, else the text blocks in order. Written after the turns: those are read in one pass, and
// JSON members have no order Anthropic reads.
void MessagesWriter::writeSystem()
{
    if (m_system.isEmpty())
        return;
    json::key(m_writer, "system");
    if (m_system.size() == 1) {
        m_system.front()->Accept(m_writer);
        return;
    }
    m_writer.StartArray();
    for (const json::Value *text : m_system)
        writeTextBlock(m_writer, *text);
    m_writer.EndArray();
}

// A function tool: `parameters` become `input_schema` (Anthropic requires one: an empty object
// schema when the client sent none).
void writeTool(const json::Value &function, qsizetype index, TranslationOutput &out)
{
    json::Writer &writer = out.writer();
    writer.StartObject();
    json::copyMember(writer, function, "name");
    json::copyMember(writer, function, "description");
    json::key(writer, "input_schema");
    const json::Value *schema = json::member(function, "parameters");
    if (schema && schema->IsObject()) {
        schema->Accept(writer);
    } else {
        startBlock(writer, "object");
        json::key(writer, "properties");
        writer.StartObject();
        writer.EndObject();
        writer.EndObject();
    }
    writer.EndObject();
    if (json::member(function, "strict"))
        out.drop(elementPath(u"tools"_s, index) + u".function.strict"_s);
}

// The function tools; false when another kind is among them.
bool writeTools(const json::Value *tools, TranslationOutput &out)
{
    json::Writer &writer = out.writer();
    if (!tools || !tools->IsArray() || tools->Empty())
        return true;
    json::key(writer, "tools");
    writer.StartArray();
    for (rapidjson::SizeType i = 0; i < tools->Size(); ++i) {
        const json::Value &tool = (*tools)[i];
        if (!json::isString(json::member(tool, "type"), "function"))
            return out.refuse(elementPath(u"tools"_s, i) + u".type"_s,
                              u"only function tools are possible."_s);
        writeTool(memberOrNull(tool, "function"), i, out);
    }
    writer.EndArray();
    return true;
}

// `wroteTools`: whether a tool list was written, which `parallel_tool_calls: false` needs.
bool writeToolChoice(const json::Value &request, bool wroteTools, TranslationOutput &out)
{
    json::Writer &writer = out.writer();
    const json::Value *value = json::member(request, "tool_choice");
    const char *type = nullptr; // Anthropic's tool_choice type, when one is sent
    const json::Value *name = nullptr;
    if (value && value->IsString()) {
        if (json::isString(value, "auto") || json::isString(value, "none"))
            type = value->GetString();
        else if (json::isString(value, "required"))
            type = "any";
        else
            return out.fail(u"tool_choice"_s,
                            u"tool_choice must be auto, required, none or a function."_s);
    } else if (value && value->IsObject()) {
        if (!json::isString(json::member(*value, "type"), "function"))
            return out.refuse(u"tool_choice.type"_s, u"only a function can be chosen."_s);
        type = "tool";
        name = json::member(memberOrNull(*value, "function"), "name");
    }
    const json::Value *parallel = json::member(request, "parallel_tool_calls");
    const bool serial = parallel && parallel->IsFalse() && wroteTools
        && !(type && std::strcmp(type, "none") == 0);
    if (serial && !type)
        type = "auto";
    if (!type)
        return true;
    json::key(writer, "tool_choice");
    writer.StartObject();
    json::key(writer, "type");
    writer.String(type);
    if (name) {
        json::key(writer, "name");
        name->Accept(writer);
    }
    if (serial) {
        json::key(writer, "disable_parallel_tool_use");
        writer.Bool(true);
    }
    writer.EndObject();
    return true;
}

// Anthropic requires max_tokens: the client's (max_completion_tokens first), else the alias's
// limit, else a default; never above the alias's limit.
qint64 maxTokens(const json::Value &request, qint64 aliasLimit)
{
    const json::Value *requested = json::member(request, "max_completion_tokens");
    if (!requested || !requested->IsNumber())
        requested = json::member(request, "max_tokens");
    qint64 limit = requested && requested->IsNumber() ? qint64(requested->GetDouble())
        : aliasLimit > 0                              ? aliasLimit
                                                      : kDefaultAnthropicMaxTokens;
    if (aliasLimit > 0)
        limit = std::min(limit, aliasLimit);
    return limit;
}

// reasoning_effort as a thinking budget, which Anthropic wants below max_tokens.
bool writeThinkingBudget(const json::Value &request, qint64 maxTokens, TranslationOutput &out)
{
    json::Writer &writer = out.writer();
    const json::Value *effort = json::member(request, "reasoning_effort");
    if (!isNonEmptyString(effort) || json::isString(effort, "none"))
        return true;
    const std::optional<qint64> budget = thinkingBudget(effort);
    if (!budget)
        return out.fail(u"reasoning_effort"_s,
                        u"reasoning_effort must be minimal, low, medium, high or xhigh."_s);
    const qint64 fitted = std::min(*budget, maxTokens - 1);
    if (fitted < 1024)
        return out.fail(u"reasoning_effort"_s,
                        u"reasoning_effort needs max_tokens above 1024 on an Anthropic backend."_s);
    json::key(writer, "thinking");
    startBlock(writer, "enabled");
    json::key(writer, "budget_tokens");
    writer.Int64(fitted);
    writer.EndObject();
    return true;
}

bool writeSampling(const json::Value &request, qint64 aliasLimit, TranslationOutput &out)
{
    json::Writer &writer = out.writer();
    const qint64 limit = maxTokens(request, aliasLimit);
    json::key(writer, "max_tokens");
    writer.Int64(limit);
    for (const char *name : {"temperature", "top_p", "top_k"}) {
        const json::Value *value = json::member(request, name);
        if (value && value->IsNumber()) {
            json::key(writer, name);
            value->Accept(writer);
        }
    }
    const json::Value &stop = memberOrNull(request, "stop");
    if (stop.IsString()) {
        json::key(writer, "stop_sequences");
        writer.StartArray();
        stop.Accept(writer);
        writer.EndArray();
    } else if (stop.IsArray()) {
        json::key(writer, "stop_sequences");
        stop.Accept(writer);
    }
    const json::Value *user = json::member(request, "user");
    if (user && user->IsString()) {
        json::key(writer, "metadata");
        writer.StartObject();
        json::key(writer, "user_id");
        user->Accept(writer);
        writer.EndObject();
    }
    if (memberOrNull(request, "stream").IsTrue()) {
        json::key(writer, "stream");
        writer.Bool(true);
    }
    return writeThinkingBudget(request, limit, out);
}

Translation notAnObject(const QString &why)
{
    return Translation::failure(400, {}, u"The request body is not a JSON object: %1"_s.arg(why));
}

} // namespace

Translation chatToAnthropicRequest(const QByteArray &body, const TranslationOptions &options)
{
    json::Document request;
    QString error;
    if (!json::parse(body, request, &error))
        return notAnObject(error);
    return chatToAnthropicRequest(request, options);
}

Translation chatToAnthropicRequest(const json::Value &request, const TranslationOptions &options)
{
    if (!request.IsObject())
        return notAnObject(u"not an object"_s);
    TranslationOutput out;
    if (!checkTopLevel(request, out))
        return out.result();
    json::Writer &writer = out.writer();
    writer.StartObject();
    writeModel(writer, request, options.model);
    const json::Value *messages = json::member(request, "messages");
    if (!messages || !messages->IsArray())
        return Translation::failure(400, u"messages"_s,
                                    u"The field 'messages' must be an array."_s);
    MessagesWriter conversation(out);
    if (!conversation.write(*messages))
        return out.result();
    conversation.writeSystem();
    const json::Value *tools = json::member(request, "tools");
    const bool hasTools = tools && tools->IsArray() && !tools->Empty();
    if (writeTools(tools, out) && writeToolChoice(request, hasTools, out)
        && writeSampling(request, options.maxTokens, out))
        writer.EndObject();
    return out.result();
}

} // namespace clawgate
