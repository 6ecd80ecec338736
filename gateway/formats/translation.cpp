#include "translation.h"

#include <QJsonDocument>

namespace clawgate {

namespace {

// What an unexpected error body says, short enough for a message.
QString quoteBody(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("(empty body)");
    return QString::fromUtf8(trimmed.left(300));
}

// Token usage in neither protocol's names, so that each mapping's rules are written once for
// Qt's JSON classes (streams) and RapidJSON (whole answers) alike.
struct UsageCounts
{
    qint64 uncachedInput = 0; // prompt tokens neither read from nor written to a cache
    qint64 output = 0;
    qint64 cacheRead = 0;
    qint64 cacheWrite = 0;

    qint64 prompt() const { return uncachedInput + cacheRead + cacheWrite; }
};

// Readers of a usage object: count(key, inner) is the number at [key] (at [key][inner] when
// inner is given), 0 when absent or not a number.
auto qtCount(const QJsonObject &usage)
{
    return [&usage](const char *key, const char *inner) {
        QJsonValue value = usage.value(QLatin1String(key));
        if (inner)
            value = value.toObject().value(QLatin1String(inner));
        return qint64(value.toDouble());
    };
}

auto jsonCount(const json::Value *usage)
{
    return [usage](const char *key, const char *inner) {
        const json::Value *value = json::member(usage, key);
        if (inner)
            value = json::member(value, inner);
        return value && value->IsNumber() ? qint64(value->GetDouble()) : qint64(0);
    };
}

template<typename Count> UsageCounts anthropicUsageCounts(const Count &count)
{
    return {count("input_tokens", nullptr), count("output_tokens", nullptr),
            count("cache_read_input_tokens", nullptr),
            count("cache_creation_input_tokens", nullptr)};
}

template<typename Count> UsageCounts chatUsageCounts(const Count &count)
{
    UsageCounts c;
    c.cacheRead = count("prompt_tokens_details", "cached_tokens");
    c.cacheWrite = count("prompt_tokens_details", "cache_creation_tokens");
    c.uncachedInput
        = std::max<qint64>(0, count("prompt_tokens", nullptr) - c.cacheRead - c.cacheWrite);
    c.output = count("completion_tokens", nullptr);
    return c;
}

// Writers of a usage object: numbers, and one level of nested object.
class QtUsageSink
{
public:
    void number(const char *key, qint64 value) { current().insert(QLatin1String(key), value); }
    void beginObject(const char *key)
    {
        m_innerKey = QLatin1String(key);
        m_inner.emplace();
    }
    void endObject()
    {
        m_outer.insert(m_innerKey, *m_inner);
        m_inner.reset();
    }
    const QJsonObject &result() const { return m_outer; }

private:
    QJsonObject &current() { return m_inner ? *m_inner : m_outer; }

    QJsonObject m_outer;
    std::optional<QJsonObject> m_inner;
    QLatin1String m_innerKey;
};

struct WriterUsageSink
{
    json::Writer &writer;

    void number(const char *key, qint64 value)
    {
        writer.Key(key);
        writer.Int64(value);
    }
    void beginObject(const char *key)
    {
        writer.Key(key);
        writer.StartObject();
    }
    void endObject() { writer.EndObject(); }
};

// OpenAI counts cached prompt tokens inside `prompt_tokens` and repeats the cache reads in
// `prompt_tokens_details.cached_tokens`; cache writes travel as `cache_creation_tokens`.
template<typename Sink> void writeChatUsage(const UsageCounts &c, Sink &sink)
{
    sink.number("prompt_tokens", c.prompt());
    sink.number("completion_tokens", c.output);
    sink.number("total_tokens", c.prompt() + c.output);
    sink.beginObject("prompt_tokens_details");
    sink.number("cached_tokens", c.cacheRead);
    if (c.cacheWrite > 0)
        sink.number("cache_creation_tokens", c.cacheWrite);
    sink.endObject();
}

// Anthropic counts them apart from `input_tokens`, and names each only when there is one.
template<typename Sink> void writeAnthropicUsage(const UsageCounts &c, Sink &sink)
{
    sink.number("input_tokens", c.uncachedInput);
    sink.number("output_tokens", c.output);
    if (c.cacheRead > 0)
        sink.number("cache_read_input_tokens", c.cacheRead);
    if (c.cacheWrite > 0)
        sink.number("cache_creation_input_tokens", c.cacheWrite);
}

} // namespace

Translation Translation::failure(int status, const QString &param, const QString &message)
{
    Translation t;
    t.status = status;
    t.param = param;
    t.message = message;
    if (!param.isEmpty() && !message.contains(param))
        t.message += QStringLiteral(" (field '%1')").arg(param);
    return t;
}

Translation Translation::success(const QJsonObject &body, const QStringList &dropped)
{
    return success(QJsonDocument(body).toJson(QJsonDocument::Compact), dropped);
}

Translation Translation::success(QByteArray body, const QStringList &dropped)
{
    Translation t;
    t.body = std::move(body);
    t.dropped = dropped;
    return t;
}

std::optional<QJsonObject> requestObject(const QByteArray &body, Translation &failure)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (document.isObject())
        return document.object();
    failure = Translation::failure(400, {},
                                   QStringLiteral("The request body is not a JSON object: %1")
                                       .arg(error.error == QJsonParseError::NoError
                                                ? QStringLiteral("not an object")
                                                : error.errorString()));
    return std::nullopt;
}

std::optional<TokenUsage> tokenUsageFromAnthropic(const QJsonObject &anthropicUsage)
{
    if (anthropicUsage.isEmpty())
        return std::nullopt;
    const UsageCounts c = anthropicUsageCounts(qtCount(anthropicUsage));
    return TokenUsage {c.prompt(), c.output, c.prompt() + c.output};
}

QString elementPath(const QString &path, qsizetype index)
{
    return path + u'[' + QString::number(index) + u']';
}

QString chatFinishReason(const QString &reason)
{
    if (reason.isEmpty())
        return {};
    if (reason == QLatin1String("max_tokens")
        || reason == QLatin1String("model_context_window_exceeded"))
        return QStringLiteral("length");
    if (reason == QLatin1String("tool_use"))
        return QStringLiteral("tool_calls");
    if (reason == QLatin1String("refusal"))
        return QStringLiteral("content_filter");
    return QStringLiteral("stop"); // end_turn, stop_sequence, pause_turn
}

QString anthropicStopReason(const QString &reason)
{
    if (reason.isEmpty())
        return {};
    if (reason == QLatin1String("length"))
        return QStringLiteral("max_tokens");
    if (reason == QLatin1String("tool_calls") || reason == QLatin1String("function_call"))
        return QStringLiteral("tool_use");
    if (reason == QLatin1String("content_filter"))
        return QStringLiteral("refusal");
    return QStringLiteral("end_turn");
}

QJsonObject chatUsageFromAnthropic(const QJsonObject &usage)
{
    QtUsageSink sink;
    writeChatUsage(anthropicUsageCounts(qtCount(usage)), sink);
    return sink.result();
}

QJsonObject anthropicUsageFromChat(const QJsonObject &usage)
{
    QtUsageSink sink;
    writeAnthropicUsage(chatUsageCounts(qtCount(usage)), sink);
    return sink.result();
}

void writeChatUsageFromAnthropic(json::Writer &writer, const json::Value *anthropicUsage)
{
    writer.StartObject();
    WriterUsageSink sink {writer};
    writeChatUsage(anthropicUsageCounts(jsonCount(anthropicUsage)), sink);
    writer.EndObject();
}

void writeAnthropicUsageFromChat(json::Writer &writer, const json::Value *chatUsage)
{
    writer.StartObject();
    WriterUsageSink sink {writer};
    writeAnthropicUsage(chatUsageCounts(jsonCount(chatUsage)), sink);
    writer.EndObject();
}

QString anthropicErrorType(int status)
{
    switch (status) {
    case 401: return QStringLiteral("authentication_error");
    case 403: return QStringLiteral("permission_error");
    case 404: return QStringLiteral("not_found_error");
    case 413: return QStringLiteral("request_too_large");
    case 429: return QStringLiteral("rate_limit_error");
    case 503:
    case 529: return QStringLiteral("overloaded_error");
    default: break;
    }
    return status >= 500 ? QStringLiteral("api_error") : QStringLiteral("invalid_request_error");
}

int anthropicErrorStatus(const QString &type)
{
    static const QList<QPair<QLatin1String, int>> table {
        {QLatin1String("invalid_request_error"), 400}, {QLatin1String("authentication_error"), 401},
        {QLatin1String("billing_error"), 402},         {QLatin1String("permission_error"), 403},
        {QLatin1String("not_found_error"), 404},       {QLatin1String("request_too_large"), 413},
        {QLatin1String("rate_limit_error"), 429},      {QLatin1String("timeout_error"), 504},
        {QLatin1String("overloaded_error"), 529},
    };
    for (const auto &[name, status] : table) {
        if (type == name)
            return status;
    }
    return 500; // api_error and anything unknown
}

QByteArray anthropicErrorBody(const QString &type, const QString &message)
{
    const QJsonObject error {{QLatin1String("type"), type}, {QLatin1String("message"), message}};
    return QJsonDocument(QJsonObject {{QLatin1String("type"), QStringLiteral("error")},
                                      {QLatin1String("error"), error}})
        .toJson(QJsonDocument::Compact);
}

QByteArray chatErrorBody(const QString &message, const QString &type, const QString &code,
                         const QString &param)
{
    const QJsonObject error {
        {QLatin1String("message"), message},
        {QLatin1String("type"), type},
        {QLatin1String("code"), code.isEmpty() ? QJsonValue() : QJsonValue(code)},
        {QLatin1String("param"), param.isEmpty() ? QJsonValue() : QJsonValue(param)}};
    return QJsonDocument(QJsonObject {{QLatin1String("error"), error}})
        .toJson(QJsonDocument::Compact);
}

TranslatedError anthropicErrorFromChat(int status, const QByteArray &body)
{
    const QJsonValue error = QJsonDocument::fromJson(body).object().value(QLatin1String("error"));
    QString message = error.toObject().value(QLatin1String("message")).toString();
    if (message.isEmpty())
        message = error.isString() ? error.toString() : quoteBody(body);
    return {status, anthropicErrorBody(anthropicErrorType(status), message)};
}

TranslatedError chatErrorFromAnthropic(int status, const QByteArray &body)
{
    const QJsonObject error
        = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    QString type = error.value(QLatin1String("type")).toString();
    if (type.isEmpty())
        type = anthropicErrorType(status);
    QString message = error.value(QLatin1String("message")).toString();
    if (message.isEmpty())
        message = quoteBody(body);
    // The codes OpenAI clients look at: a bad key and a rate limit.
    QString code;
    if (status == 401)
        code = QStringLiteral("invalid_api_key");
    else if (status == 429)
        code = QStringLiteral("rate_limit_exceeded");
    return {status, chatErrorBody(message, type, code)};
}

void AnthropicStreamUsage::observe(const QString &type, const QJsonObject &event)
{
    if (type == QLatin1String("message_start")) {
        m_usage = event.value(QLatin1String("message"))
                      .toObject()
                      .value(QLatin1String("usage"))
                      .toObject();
        return;
    }
    if (type != QLatin1String("message_delta"))
        return;
    const QJsonObject usage = event.value(QLatin1String("usage")).toObject();
    for (auto it = usage.begin(); it != usage.end(); ++it) {
        if (!it.value().isNull())
            m_usage.insert(it.key(), it.value());
    }
}

void AnthropicStreamUsage::observe(const QByteArray &eventName, const QByteArray &data)
{
    if (eventName != "message_start" && eventName != "message_delta")
        return;
    observe(QString::fromLatin1(eventName), QJsonDocument::fromJson(data).object());
}

QByteArray anthropicSseEvent(const QJsonObject &event)
{
    return "event: " + event.value(QLatin1String("type")).toString().toUtf8()
        + "\ndata: " + QJsonDocument(event).toJson(QJsonDocument::Compact) + "\n\n";
}

QByteArray chatSseEvent(const QJsonObject &chunk)
{
    return "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n";
}

QByteArray chatSseDone()
{
    return QByteArrayLiteral("data: [DONE]\n\n");
}

} // namespace clawgate
