#include "anthropicresponse.h"

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

QJsonObject textBlock(const QString &text)
{
    return {{"type"_L1, u"text"_s}, {"text"_L1, text}};
}

QJsonArray thinkingBlocks(const QJsonObject &message)
{
    QJsonArray blocks;
    for (const QJsonValue &value : message.value("reasoning_details"_L1).toArray()) {
        const QJsonObject detail = value.toObject();
        const QString type = detail.value("type"_L1).toString();
        if (type == "reasoning.encrypted"_L1)
            blocks.append(QJsonObject {{"type"_L1, u"redacted_thinking"_s},
                                       {"data"_L1, detail.value("data"_L1)}});
        else if (type == "reasoning.text"_L1 && detail.contains("signature"_L1))
            blocks.append(QJsonObject {{"type"_L1, u"thinking"_s},
                                       {"thinking"_L1, detail.value("text"_L1)},
                                       {"signature"_L1, detail.value("signature"_L1)}});
    }
    if (!blocks.isEmpty())
        return blocks;
    QString reasoning = message.value("reasoning_content"_L1).toString();
    if (reasoning.isEmpty())
        reasoning = message.value("reasoning"_L1).toString();
    if (!reasoning.isEmpty())
        blocks.append(QJsonObject {
            {"type"_L1, u"thinking"_s}, {"thinking"_L1, reasoning}, {"signature"_L1, QString()}});
    return blocks;
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
    QJsonParseError error;
    const QJsonObject answer = parseObject(body, error);
    if (error.error != QJsonParseError::NoError)
        return unusable({}, u"The backend's answer is not a JSON object."_s);
    const QJsonObject choice = answer.value("choices"_L1).toArray().at(0).toObject();
    const QJsonObject message = choice.value("message"_L1).toObject();
    QJsonArray blocks = thinkingBlocks(message);
    for (const QLatin1String key : {"content"_L1, "refusal"_L1}) {
        const QString text = message.value(key).toString();
        if (!text.isEmpty())
            blocks.append(textBlock(text));
    }
    const QJsonArray calls = message.value("tool_calls"_L1).toArray();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject call = calls.at(i).toObject();
        const std::optional<QJsonObject> toolUse = toolUseBlock(call);
        if (!toolUse)
            return unusable(
                u"choices[0].message.tool_calls[%1].function.arguments"_s.arg(i),
                u"The backend wrote arguments for tool call '%1' that are not a JSON object."_s.arg(
                    call.value("id"_L1).toString()));
        blocks.append(*toolUse);
    }
    const QString stop = anthropicStopReason(choice.value("finish_reason"_L1).toString());
    return done({{"id"_L1, answer.value("id"_L1)},
                 {"type"_L1, u"message"_s},
                 {"role"_L1, u"assistant"_s},
                 {"model"_L1, answer.value("model"_L1)},
                 {"content"_L1, blocks},
                 {"stop_reason"_L1, stop.isEmpty() ? QJsonValue() : QJsonValue(stop)},
                 {"stop_sequence"_L1, QJsonValue()},
                 {"usage"_L1, anthropicUsageFromChat(answer.value("usage"_L1).toObject())}});
}

} // namespace clawgate
