#include "anthropicresponse.h"

#include "json.h"
#include "jsonsplice.h"

#include <QJsonDocument>
#include <QVarLengthArray>

#include <optional>
#include <string>

namespace clawgate {

using namespace Qt::StringLiterals;

namespace {

Translation unusable(const QString &param, const QString &message)
{
    return Translation::failure(502, param, message);
}

// Writes a string value as a text block when it is a non-empty string.
void writeTextBlock(json::Writer &writer, const json::Value *text)
{
    if (!text || !text->IsString() || text->GetStringLength() == 0)
        return;
    writer.StartObject();
    json::key(writer, "type");
    writer.String("text");
    json::key(writer, "text");
    text->Accept(writer);
    writer.EndObject();
}

// The answer's reasoning as thinking blocks: the signed ones of `reasoning_details` (the form
// anthropicToChatResponse writes), else its plain reasoning text as one unsigned block.
void writeThinkingBlocks(json::Writer &writer, const json::Value &message)
{
    bool wroteSigned = false;
    const json::Value *details = json::member(message, "reasoning_details");
    for (rapidjson::SizeType i = 0; details && details->IsArray() && i < details->Size(); ++i) {
        const json::Value &detail = (*details)[i];
        const json::Value *type = json::member(detail, "type");
        if (json::isString(type, "reasoning.encrypted")) {
            writer.StartObject();
            json::key(writer, "type");
            writer.String("redacted_thinking");
            json::copyMember(writer, detail, "data");
            writer.EndObject();
        } else if (json::isString(type, "reasoning.text") && json::member(detail, "signature")) {
            writer.StartObject();
            json::key(writer, "type");
            writer.String("thinking");
            if (const json::Value *text = json::member(detail, "text")) {
                json::key(writer, "thinking");
                text->Accept(writer);
            }
            json::copyMember(writer, detail, "signature");
            writer.EndObject();
        } else {
            continue;
        }
        wroteSigned = true;
    }
    if (wroteSigned)
        return;
    const json::Value *reasoning = json::member(message, "reasoning_content");
    if (!reasoning || !reasoning->IsString() || reasoning->GetStringLength() == 0)
        reasoning = json::member(message, "reasoning");
    if (!reasoning || !reasoning->IsString() || reasoning->GetStringLength() == 0)
        return;
    writer.StartObject();
    json::key(writer, "type");
    writer.String("thinking");
    json::key(writer, "thinking");
    reasoning->Accept(writer);
    json::key(writer, "signature");
    writer.String("");
    writer.EndObject();
}

// A chat tool call as a tool_use block, its argument text parsed into `input` (empty text
// stands for {}); false when the arguments are not a JSON object.
bool writeToolUse(json::Writer &writer, const json::Value &call)
{
    const json::Value *function = json::member(call, "function");
    const json::Value *arguments = function ? json::member(*function, "arguments") : nullptr;
    QByteArray text = arguments && arguments->IsString()
        ? QByteArray(arguments->GetString(), qsizetype(arguments->GetStringLength())).trimmed()
        : QByteArray();
    if (text.isEmpty())
        text = QByteArrayLiteral("{}");
    json::Document input;
    if (!json::parse(text, input, nullptr) || !input.IsObject())
        return false;
    writer.StartObject();
    json::key(writer, "type");
    writer.String("tool_use");
    json::copyMember(writer, call, "id");
    if (function)
        json::copyMember(writer, *function, "name");
    json::key(writer, "input");
    input.Accept(writer);
    writer.EndObject();
    return true;
}

// An Anthropic answer's content blocks by what they become in a chat message, gathered before
// it is written: its `content` and `reasoning_content` are the blocks' texts joined.
class ChatMessageParts
{
public:
    // Sorts the blocks; the index of the first one that has no chat form, if any.
    std::optional<rapidjson::SizeType> gather(const json::Value &content)
    {
        for (rapidjson::SizeType i = 0; content.IsArray() && i < content.Size(); ++i) {
            const json::Value &block = content[i];
            const json::Value *type = json::member(block, "type");
            if (json::isString(type, "text")) {
                addText(m_texts, json::member(block, "text"));
            } else if (json::isString(type, "tool_use")) {
                m_toolUses.append(i);
            } else if (json::isString(type, "thinking")
                       || json::isString(type, "redacted_thinking")) {
                addText(m_reasoning, json::member(block, "thinking"));
                m_thinking.append(&block);
            } else {
                return i;
            }
        }
        return std::nullopt;
    }

    // The assistant message, its tool calls' arguments taken from `body` (the raw answer).
    void write(json::Writer &writer, const json::Value &content, const QByteArray &body) const;

private:
    using Texts = QVarLengthArray<const json::Value *, 2>;

    // A block's text joins the others when it is a string (Qt's reader made anything else "").
    static void addText(Texts &texts, const json::Value *text)
    {
        if (text && text->IsString() && text->GetStringLength() > 0)
            texts.append(text);
    }
    static void writeJoined(json::Writer &writer, const Texts &texts);
    static void writeReasoningDetail(json::Writer &writer, const json::Value &block);
    void writeToolCalls(json::Writer &writer, const json::Value &content,
                        const QByteArray &body) const;

    Texts m_texts;
    Texts m_reasoning;
    QVarLengthArray<const json::Value *, 2> m_thinking; // thinking and redacted_thinking blocks
    QVarLengthArray<rapidjson::SizeType, 4> m_toolUses; // indexes in `content`
};

void ChatMessageParts::write(json::Writer &writer, const json::Value &content,
                             const QByteArray &body) const
{
    writer.StartObject();
    json::key(writer, "role");
    writer.String("assistant");
    json::key(writer, "content");
    if (m_texts.isEmpty() && !m_toolUses.isEmpty())
        writer.Null();
    else
        writeJoined(writer, m_texts);
    if (!m_thinking.isEmpty()) {
        json::key(writer, "reasoning_content");
        writeJoined(writer, m_reasoning);
        json::key(writer, "reasoning_details");
        writer.StartArray();
        for (const json::Value *block : m_thinking)
            writeReasoningDetail(writer, *block);
        writer.EndArray();
    }
    if (!m_toolUses.isEmpty())
        writeToolCalls(writer, content, body);
    writer.EndObject();
}

// One text is written as it is (the common answer); several are joined.
void ChatMessageParts::writeJoined(json::Writer &writer, const Texts &texts)
{
    if (texts.size() == 1) {
        texts.front()->Accept(writer);
        return;
    }
    std::string joined;
    for (const json::Value *text : texts)
        joined.append(text->GetString(), text->GetStringLength());
    writer.String(joined.data(), rapidjson::SizeType(joined.size()), true);
}

// A thinking block as OpenRouter's reasoning detail, signature kept; redacted thinking as an
// encrypted one.
void ChatMessageParts::writeReasoningDetail(json::Writer &writer, const json::Value &block)
{
    writer.StartObject();
    json::key(writer, "type");
    if (json::isString(json::member(block, "type"), "redacted_thinking")) {
        writer.String("reasoning.encrypted");
        json::copyMember(writer, block, "data");
    } else {
        writer.String("reasoning.text");
        json::copyMember(writer, block, "thinking", "text");
        json::copyMember(writer, block, "signature");
    }
    writer.EndObject();
}

// Each tool_use block as a chat tool call. Its arguments are the block's `input` as the backend
// wrote it, with only the whitespace taken out: key order, number spelling (1.50, not 1.5) and
// escapes reach the client unchanged, for clients that compare or hash arguments. The raw
// blocks are found only when the answer has tool calls.
void ChatMessageParts::writeToolCalls(json::Writer &writer, const json::Value &content,
                                      const QByteArray &body) const
{
    const QList<QByteArrayView> rawContent
        = jsonArrayElements(topLevelValue(body, "content"_L1).value_or(QByteArrayView()));
    const bool rawFound = rawContent.size() == qsizetype(content.Size());
    json::key(writer, "tool_calls");
    writer.StartArray();
    for (const rapidjson::SizeType i : m_toolUses) {
        const json::Value &block = content[i];
        const std::optional<QByteArrayView> rawInput
            = rawFound ? topLevelValue(rawContent.at(i), "input"_L1) : std::nullopt;
        const json::Value *input = json::member(block, "input");
        const QByteArray arguments = rawInput && rawInput->startsWith('{') ? compactJson(*rawInput)
            : input && input->IsObject()                                   ? json::compact(*input)
                                         : QByteArrayLiteral("{}");
        writer.StartObject();
        json::copyMember(writer, block, "id");
        json::key(writer, "type");
        writer.String("function");
        json::key(writer, "function");
        writer.StartObject();
        json::copyMember(writer, block, "name");
        json::key(writer, "arguments");
        json::string(writer, arguments);
        writer.EndObject();
        writer.EndObject();
    }
    writer.EndArray();
}

} // namespace

Translation anthropicToChatResponse(const QByteArray &body, qint64 createdSeconds)
{
    json::Document answer;
    if (!json::parse(body, answer, nullptr) || !answer.IsObject())
        return unusable({}, u"The backend's answer is not a JSON object."_s);
    const json::Value *content = json::member(answer, "content");
    const json::Value noContent(rapidjson::kArrayType);
    ChatMessageParts parts;
    if (const auto bad = parts.gather(content ? *content : noContent))
        return unusable(
            u"content[%1].type"_s.arg(*bad),
            u"The backend answered with a '%1' block, which has no OpenAI chat form."_s.arg(
                json::toQString(json::member((*content)[*bad], "type"))));

    rapidjson::StringBuffer buffer;
    buffer.Reserve(size_t(body.size()));
    json::Writer writer(buffer);
    writer.StartObject();
    json::copyMember(writer, answer, "id");
    json::key(writer, "object");
    writer.String("chat.completion");
    json::key(writer, "created");
    writer.Int64(createdSeconds);
    json::copyMember(writer, answer, "model");
    json::key(writer, "choices");
    writer.StartArray();
    writer.StartObject();
    json::key(writer, "index");
    writer.Int(0);
    json::key(writer, "message");
    parts.write(writer, content ? *content : noContent, body);
    json::key(writer, "logprobs");
    writer.Null();
    const QString finish = chatFinishReason(json::toQString(json::member(answer, "stop_reason")));
    json::key(writer, "finish_reason");
    finish.isEmpty() ? writer.Null() : writer.String(finish.toLatin1().constData());
    writer.EndObject();
    writer.EndArray();
    json::key(writer, "usage");
    writeChatUsageFromAnthropic(writer, json::member(answer, "usage"));
    writer.EndObject();
    return Translation::success(json::bytesOf(buffer));
}

Translation chatToAnthropicResponse(const QByteArray &body)
{
    json::Document answer;
    if (!json::parse(body, answer, nullptr) || !answer.IsObject())
        return unusable({}, u"The backend's answer is not a JSON object."_s);
    const json::Value *choices = json::member(answer, "choices");
    const json::Value empty(rapidjson::kObjectType);
    const json::Value &choice
        = choices && choices->IsArray() && !choices->Empty() ? (*choices)[0] : empty;
    const json::Value *message = json::member(choice, "message");
    if (!message)
        message = &empty;

    rapidjson::StringBuffer buffer;
    buffer.Reserve(size_t(body.size()));
    json::Writer writer(buffer);
    writer.StartObject();
    json::copyMember(writer, answer, "id");
    json::key(writer, "type");
    writer.String("message");
    json::key(writer, "role");
    writer.String("assistant");
    json::copyMember(writer, answer, "model");
    json::key(writer, "content");
    writer.StartArray();
    writeThinkingBlocks(writer, *message);
    writeTextBlock(writer, json::member(*message, "content"));
    writeTextBlock(writer, json::member(*message, "refusal"));
    const json::Value *calls = json::member(*message, "tool_calls");
    for (rapidjson::SizeType i = 0; calls && calls->IsArray() && i < calls->Size(); ++i) {
        if (!writeToolUse(writer, (*calls)[i]))
            return unusable(
                u"choices[0].message.tool_calls[%1].function.arguments"_s.arg(i),
                u"The backend wrote arguments for tool call '%1' that are not a JSON object."_s.arg(
                    json::toQString(json::member((*calls)[i], "id"))));
    }
    writer.EndArray();
    const QString stop
        = anthropicStopReason(json::toQString(json::member(choice, "finish_reason")));
    json::key(writer, "stop_reason");
    stop.isEmpty() ? writer.Null() : writer.String(stop.toLatin1().constData());
    json::key(writer, "stop_sequence");
    writer.Null();
    json::key(writer, "usage");
    writeAnthropicUsageFromChat(writer, json::member(answer, "usage"));
    writer.EndObject();
    return Translation::success(json::bytesOf(buffer));
}

} // namespace clawgate
