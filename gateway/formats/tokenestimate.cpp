#include "tokenestimate.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace clawgate {

namespace {

// What Anthropic charges for an image of about a megapixel, its largest usual size.
constexpr qint64 kImageTokens = 1600;
// The role and framing of each message, and the preamble of a tool list.
constexpr qint64 kMessageTokens = 4;
constexpr qint64 kToolListTokens = 300;

qint64 jsonTokens(const QJsonValue &value)
{
    if (value.isString())
        return estimateTextTokens(value.toString());
    if (value.isObject())
        return estimateTextTokens(
            QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)));
    if (value.isArray())
        return estimateTextTokens(
            QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)));
    return 0;
}

qint64 contentTokens(const QJsonValue &content);

qint64 blockTokens(const QJsonObject &block)
{
    const QString type = block.value(QLatin1String("type")).toString();
    if (type == QLatin1String("image") || type == QLatin1String("document"))
        return kImageTokens;
    if (type == QLatin1String("tool_use"))
        return jsonTokens(block.value(QLatin1String("name")))
            + jsonTokens(block.value(QLatin1String("input")));
    if (type == QLatin1String("tool_result"))
        return contentTokens(block.value(QLatin1String("content")));
    if (type == QLatin1String("thinking"))
        return jsonTokens(block.value(QLatin1String("thinking")));
    return jsonTokens(block.value(QLatin1String("text")));
}

qint64 contentTokens(const QJsonValue &content)
{
    if (!content.isArray())
        return jsonTokens(content);
    qint64 tokens = 0;
    for (const QJsonValue &block : content.toArray())
        tokens += blockTokens(block.toObject());
    return tokens;
}

} // namespace

qint64 estimateTextTokens(QStringView text)
{
    qint64 latin = 0;
    qint64 other = 0;
    for (const QChar c : text) {
        if (c.isLowSurrogate())
            continue; // counted with its high half
        if (c.unicode() < 0x250)
            ++latin;
        else
            ++other;
    }
    return (latin + 3) / 4 + other;
}

qint64 estimateInputTokens(const QJsonObject &request)
{
    qint64 tokens = contentTokens(request.value(QLatin1String("system")));
    for (const QJsonValue &message : request.value(QLatin1String("messages")).toArray())
        tokens
            += kMessageTokens + contentTokens(message.toObject().value(QLatin1String("content")));
    const QJsonArray tools = request.value(QLatin1String("tools")).toArray();
    if (!tools.isEmpty())
        tokens += kToolListTokens + jsonTokens(tools);
    return std::max<qint64>(tokens, 1);
}

} // namespace clawgate
