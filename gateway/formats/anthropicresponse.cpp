#include "anthropicresponse.h"

#include "json.h"
#include "jsonsplice.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace clawgate {

using namespace Qt::StringLiterals;

namespace {

QJsonObject parseObject(const QByteArray &body, QJsonParseError &error)
{
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (document.isObject())
        error.error = QJsonParseError::NoError;
    else if (error.error == QJsonParseError::NoError)
        error.error = QJsonParseError::IllegalValue;
    return document.object();
}

Translation unusable(const QString &param, const QString &message)
{
    return Translation::failure(502, param, message);
}

Translation done(const QJsonObject &object)
{
    return Translation::success(object);
}

QJsonObject reasoningDetail(const QJsonObject &block)
{
    if (block.value("type"_L1).toString() == "redacted_thinking"_L1)
        return {{"type"_L1, u"reasoning.encrypted"_s}, {"data"_L1, block.value("data"_L1)}};
    return {{"type"_L1, u"reasoning.text"_s},
            {"text"_L1, block.value("thinking"_L1)},
            {"signature"_L1, block.value("signature"_L1)}};
}

// `rawBlock` is the block's bytes as the backend wrote them, when found: the arguments are
// its `input` with only the whitespace taken out, so their key order and spelling reach the
// client unchanged (a QJsonObject would sort the keys).
QJsonObject toolCall(const QJsonObject &block, QByteArrayView rawBlock)
{
    const std::optional<QByteArrayView> rawInput
        = rawBlock.isEmpty() ? std::nullopt : topLevelValue(rawBlock, "input"_L1);
    const QByteArray arguments = rawInput && rawInput->startsWith('{')
        ? compactJson(*rawInput)
        : QJsonDocument(block.value("input"_L1).toObject()).toJson(QJsonDocument::Compact);
    const QJsonObject function {{"name"_L1, block.value("name"_L1)},
                                {"arguments"_L1, QString::fromUtf8(arguments)}};
    return {{"id"_L1, block.value("id"_L1)}, {"type"_L1, u"function"_s}, {"function"_L1, function}};
}

// Writes `name` with `object`'s member of that name, when it has one (Qt's reader left an absent
// member out of what it built; so does this).
void copyMember(json::Writer &writer, const json::Value &object, const char *name)
{
    if (const json::Value *value = json::member(object, name)) {
        json::key(writer, name);
        value->Accept(writer);
    }
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
            copyMember(writer, detail, "data");
            writer.EndObject();
        } else if (json::isString(type, "reasoning.text") && json::member(detail, "signature")) {
            writer.StartObject();
            json::key(writer, "type");
            writer.String("thinking");
            if (const json::Value *text = json::member(detail, "text")) {
                json::key(writer, "thinking");
                text->Accept(writer);
            }
            copyMember(writer, detail, "signature");
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
    copyMember(writer, call, "id");
    if (function)
        copyMember(writer, *function, "name");
    json::key(writer, "input");
    input.Accept(writer);
    writer.EndObject();
    return true;
}

// The usage object in Anthropic's terms. Small, so it goes through the one mapping streams use
// too (anthropicUsageFromChat) rather than a second copy of its rules.
void writeUsage(json::Writer &writer, const json::Value &answer)
{
    const json::Value *usage = json::member(answer, "usage");
    const QJsonObject chatUsage = usage && usage->IsObject()
        ? QJsonDocument::fromJson(json::compact(*usage)).object()
        : QJsonObject();
    const QByteArray written
        = QJsonDocument(anthropicUsageFromChat(chatUsage)).toJson(QJsonDocument::Compact);
    json::key(writer, "usage");
    writer.RawValue(written.constData(), size_t(written.size()), rapidjson::kObjectType);
}

} // namespace

Translation anthropicToChatResponse(const QByteArray &body, qint64 createdSeconds)
{
    QJsonParseError error;
    const QJsonObject answer = parseObject(body, error);
    if (error.error != QJsonParseError::NoError)
        return unusable({}, u"The backend's answer is not a JSON object."_s);
    QString text;
    QString reasoning;
    QJsonArray details;
    QJsonArray toolCalls;
    const QJsonArray content = answer.value("content"_L1).toArray();
    const QList<QByteArrayView> rawContent
        = jsonArrayElements(topLevelValue(body, "content"_L1).value_or(QByteArrayView()));
    for (qsizetype i = 0; i < content.size(); ++i) {
        const QJsonObject block = content.at(i).toObject();
        const QString type = block.value("type"_L1).toString();
        if (type == "text"_L1) {
            text += block.value("text"_L1).toString();
        } else if (type == "tool_use"_L1) {
            toolCalls.append(toolCall(
                block, rawContent.size() == content.size() ? rawContent.at(i) : QByteArrayView()));
        } else if (type == "thinking"_L1 || type == "redacted_thinking"_L1) {
            reasoning += block.value("thinking"_L1).toString();
            details.append(reasoningDetail(block));
        } else {
            return unusable(
                u"content[%1].type"_s.arg(i),
                u"The backend answered with a '%1' block, which has no OpenAI chat form."_s.arg(
                    type));
        }
    }
    QJsonObject message {
        {"role"_L1, u"assistant"_s},
        {"content"_L1, text.isEmpty() && !toolCalls.isEmpty() ? QJsonValue() : QJsonValue(text)}};
    if (!details.isEmpty()) {
        message.insert("reasoning_content"_L1, reasoning);
        message.insert("reasoning_details"_L1, details);
    }
    if (!toolCalls.isEmpty())
        message.insert("tool_calls"_L1, toolCalls);
    const QString finish = chatFinishReason(answer.value("stop_reason"_L1).toString());
    const QJsonObject choice {
        {"index"_L1, 0},
        {"message"_L1, message},
        {"logprobs"_L1, QJsonValue()},
        {"finish_reason"_L1, finish.isEmpty() ? QJsonValue() : QJsonValue(finish)}};
    return done({{"id"_L1, answer.value("id"_L1)},
                 {"object"_L1, u"chat.completion"_s},
                 {"created"_L1, createdSeconds},
                 {"model"_L1, answer.value("model"_L1)},
                 {"choices"_L1, QJsonArray {choice}},
                 {"usage"_L1, chatUsageFromAnthropic(answer.value("usage"_L1).toObject())}});
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
    copyMember(writer, answer, "id");
    json::key(writer, "type");
    writer.String("message");
    json::key(writer, "role");
    writer.String("assistant");
    copyMember(writer, answer, "model");
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
    writeUsage(writer, answer);
    writer.EndObject();
    Translation t;
    t.body = json::bytesOf(buffer);
    return t;
}

} // namespace clawgate
