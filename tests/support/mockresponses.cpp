#include "mockresponses.h"

#include "httprequestparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

enum class Endpoint {
    Chat,
    Completions,
    Embeddings,
    Responses,
    Models,
    Messages,
    CountTokens,
    Unknown
};

// What the defaults need from the request body.
struct RequestInfo
{
    QByteArray model = QByteArrayLiteral("mock-model");
    bool stream = false;
    bool includeUsage = false;
    int inputCount = 1;
};

Endpoint endpointOf(const QByteArray &endpoint)
{
    if (endpoint.endsWith("/chat/completions"))
        return Endpoint::Chat;
    if (endpoint.endsWith("/completions"))
        return Endpoint::Completions;
    if (endpoint.endsWith("/embeddings"))
        return Endpoint::Embeddings;
    if (endpoint.endsWith("/responses"))
        return Endpoint::Responses;
    if (endpoint.endsWith("/models"))
        return Endpoint::Models;
    if (endpoint.endsWith("/messages/count_tokens"))
        return Endpoint::CountTokens;
    if (endpoint.endsWith("/messages"))
        return Endpoint::Messages;
    return Endpoint::Unknown;
}

RequestInfo requestInfo(const HttpRequest &request)
{
    RequestInfo info;
    if (request.body.isEmpty())
        return info;
    const QJsonObject o = QJsonDocument::fromJson(request.body).object();
    const QString model = o.value(QLatin1String("model")).toString();
    if (!model.isEmpty())
        info.model = model.toUtf8();
    info.stream = o.value(QLatin1String("stream")).toBool();
    info.includeUsage = o.value(QLatin1String("stream_options"))
                            .toObject()
                            .value(QLatin1String("include_usage"))
                            .toBool();
    const QJsonValue input = o.value(QLatin1String("input"));
    if (input.isArray())
        info.inputCount = qMax(1, int(input.toArray().size()));
    return info;
}

const QByteArray usageJson
    = QByteArrayLiteral(R"("usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9})");

QByteArray chatBody(const RequestInfo &info, const QByteArray &text)
{
    return QByteArrayLiteral(R"({"id":"chatcmpl-mock","object":"chat.completion",)")
        + QByteArrayLiteral(R"("created":1700000000,"model":")") + info.model
        + QByteArrayLiteral(R"(","choices":[{"index":0,"message":{"role":"assistant",)")
        + QByteArrayLiteral(R"("content":")") + text
        + QByteArrayLiteral(R"("},"finish_reason":"stop"}],)") + usageJson + '}';
}

QByteArray completionBody(const RequestInfo &info, const QByteArray &text)
{
    return QByteArrayLiteral(R"({"id":"cmpl-mock","object":"text_completion",)")
        + QByteArrayLiteral(R"("created":1700000000,"model":")") + info.model
        + QByteArrayLiteral(R"(","choices":[{"index":0,"text":")") + text
        + QByteArrayLiteral(R"(","logprobs":null,"finish_reason":"stop"}],)") + usageJson + '}';
}

QByteArray embeddingsBody(const RequestInfo &info)
{
    QByteArray data;
    for (int i = 0; i < info.inputCount; ++i) {
        if (i > 0)
            data += ',';
        data += QByteArrayLiteral(R"({"object":"embedding","index":)") + QByteArray::number(i)
            + QByteArrayLiteral(R"(,"embedding":[0.125,-0.25,0.5,0.0625]})");
    }
    return QByteArrayLiteral(R"({"object":"list","data":[)") + data
        + QByteArrayLiteral(R"(],"model":")") + info.model
        + QByteArrayLiteral(R"(","usage":{"prompt_tokens":5,"total_tokens":5}})");
}

QByteArray responseObject(const RequestInfo &info, const QByteArray &text, bool completed)
{
    const QByteArray output = completed
        ? QByteArrayLiteral(R"([{"type":"message","id":"msg_mock","status":"completed",)")
            + QByteArrayLiteral(R"("role":"assistant","content":[{"type":"output_text",)")
            + QByteArrayLiteral(R"("text":")") + text
            + QByteArrayLiteral(R"(","annotations":[]}]}])")
        : QByteArrayLiteral("[]");
    return QByteArrayLiteral(R"({"id":"resp_mock","object":"response","created_at":1700000000,)")
        + QByteArrayLiteral(R"("status":")")
        + (completed ? QByteArrayLiteral("completed") : QByteArrayLiteral("in_progress"))
        + QByteArrayLiteral(R"(","model":")") + info.model + QByteArrayLiteral(R"(","output":)")
        + output
        + QByteArrayLiteral(R"(,"usage":{"input_tokens":5,"output_tokens":4,"total_tokens":9}})");
}

QByteArray modelsBody(const QByteArray &route)
{
    return QByteArrayLiteral(R"({"object":"list","data":[{"id":"mock-model","object":"model",)")
        + QByteArrayLiteral(R"("created":1700000000,"owned_by":")") + route
        + QByteArrayLiteral(R"("}]})");
}

QList<QByteArray> contentPieces(const QByteArray &route)
{
    return {QByteArrayLiteral("Hello"), QByteArrayLiteral(" from"), ' ' + route};
}

QList<MockChunk> chatEvents(const RequestInfo &info, const QByteArray &route, MockEnd end)
{
    const QByteArray head
        = QByteArrayLiteral(R"({"id":"chatcmpl-mock","object":"chat.completion.chunk",)")
        + QByteArrayLiteral(R"("created":1700000000,"model":")") + info.model + "\",";
    QList<MockChunk> events;
    events.append(MockBehavior::sse(
        head + R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},)"
        + R"("finish_reason":null}]})"));
    for (const QByteArray &piece : contentPieces(route))
        events.append(MockBehavior::sse(MockBehavior::chatChunkJson(info.model, piece)));
    if (end == MockEnd::Cut || end == MockEnd::Stall)
        return events;
    events.append(
        MockBehavior::sse(head + R"("choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"));
    if (info.includeUsage)
        events.append(MockBehavior::sse(head + R"("choices":[],)" + usageJson + '}'));
    if (end == MockEnd::Complete)
        events.append(MockBehavior::done());
    return events;
}

QList<MockChunk> completionEvents(const RequestInfo &info, const QByteArray &route, MockEnd end)
{
    const QByteArray head = QByteArrayLiteral(R"({"id":"cmpl-mock","object":"text_completion",)")
        + QByteArrayLiteral(R"("created":1700000000,"model":")") + info.model
        + QByteArrayLiteral(R"(","choices":[{"index":0,"text":")");
    QList<MockChunk> events;
    for (const QByteArray &piece : contentPieces(route))
        events.append(MockBehavior::sse(head + piece + R"(","finish_reason":null}]})"));
    if (end == MockEnd::Cut || end == MockEnd::Stall)
        return events;
    events.append(MockBehavior::sse(head + R"(","finish_reason":"stop"}]})"));
    if (end == MockEnd::Complete)
        events.append(MockBehavior::done());
    return events;
}

MockChunk responsesEvent(const QByteArray &type, const QByteArray &fields)
{
    return MockChunk {QByteArrayLiteral("event: ") + type
                          + QByteArrayLiteral("\ndata: {\"type\":\"") + type + "\"," + fields
                          + QByteArrayLiteral("}\n\n"),
                      0};
}

QList<MockChunk> responsesEvents(const RequestInfo &info, const QByteArray &route, MockEnd end)
{
    const QByteArray text = QByteArrayLiteral("Hello from ") + route;
    const QByteArray where
        = QByteArrayLiteral(R"("item_id":"msg_mock","output_index":0,"content_index":0,)");
    QList<MockChunk> events;
    events.append(responsesEvent(QByteArrayLiteral("response.created"),
                                 "\"response\":" + responseObject(info, text, false)));
    for (const QByteArray &piece : contentPieces(route)) {
        events.append(responsesEvent(QByteArrayLiteral("response.output_text.delta"),
                                     where + "\"delta\":\"" + piece + '"'));
    }
    if (end == MockEnd::Cut || end == MockEnd::Stall)
        return events;
    events.append(responsesEvent(QByteArrayLiteral("response.output_text.done"),
                                 where + "\"text\":\"" + text + '"'));
    if (end == MockEnd::Complete) {
        events.append(responsesEvent(QByteArrayLiteral("response.completed"),
                                     "\"response\":" + responseObject(info, text, true)));
    }
    return events;
}

// Anthropic Messages API answers, for providers of type anthropic.
QByteArray anthropicMessageBody(const RequestInfo &info, const QByteArray &text)
{
    return QByteArrayLiteral(R"({"id":"msg_mock","type":"message","role":"assistant","model":")")
        + info.model + QByteArrayLiteral(R"(","content":[{"type":"text","text":")") + text
        + QByteArrayLiteral(R"("}],"stop_reason":"end_turn","stop_sequence":null,)")
        + QByteArrayLiteral(R"("usage":{"input_tokens":5,"output_tokens":4}})");
}

// Anthropic frames every event with its type: "event: <type>" then the data line.
MockChunk anthropicEvent(const QByteArray &type, const QByteArray &fields = {})
{
    return MockChunk {
        QByteArrayLiteral("event: ") + type + QByteArrayLiteral("\ndata: {\"type\":\"") + type + '"'
            + (fields.isEmpty() ? QByteArray() : ',' + fields) + QByteArrayLiteral("}\n\n"),
        0};
}

// message_start, a text block in three deltas, the block's end, message_delta with the stop
// reason and usage, message_stop. Cut and Stall end after the deltas; CloseWithoutDone leaves
// out message_stop, Anthropic's success terminator.
QList<MockChunk> anthropicEvents(const RequestInfo &info, const QByteArray &route, MockEnd end)
{
    QList<MockChunk> events;
    events.append(anthropicEvent(
        QByteArrayLiteral("message_start"),
        QByteArrayLiteral(R"("message":{"id":"msg_mock","type":"message","role":"assistant",)")
            + QByteArrayLiteral(R"("model":")") + info.model
            + QByteArrayLiteral(R"(","content":[],"stop_reason":null,"stop_sequence":null,)")
            + QByteArrayLiteral(R"("usage":{"input_tokens":5,"output_tokens":1}})")));
    events.append(anthropicEvent(QByteArrayLiteral("content_block_start"),
                                 R"("index":0,"content_block":{"type":"text","text":""})"));
    events.append(anthropicEvent(QByteArrayLiteral("ping")));
    for (const QByteArray &piece : contentPieces(route)) {
        events.append(
            anthropicEvent(QByteArrayLiteral("content_block_delta"),
                           R"("index":0,"delta":{"type":"text_delta","text":")" + piece + "\"}"));
    }
    if (end == MockEnd::Cut || end == MockEnd::Stall)
        return events;
    events.append(anthropicEvent(QByteArrayLiteral("content_block_stop"), R"("index":0)"));
    events.append(anthropicEvent(
        QByteArrayLiteral("message_delta"),
        R"("delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4})"));
    if (end == MockEnd::Complete)
        events.append(anthropicEvent(QByteArrayLiteral("message_stop")));
    return events;
}

QByteArray anthropicErrorType(int status)
{
    switch (status) {
    case 401: return QByteArrayLiteral("authentication_error");
    case 403: return QByteArrayLiteral("permission_error");
    case 404: return QByteArrayLiteral("not_found_error");
    case 429: return QByteArrayLiteral("rate_limit_error");
    case 529: return QByteArrayLiteral("overloaded_error");
    default:
        return status >= 500 ? QByteArrayLiteral("api_error")
                             : QByteArrayLiteral("invalid_request_error");
    }
}

QByteArray anthropicErrorBody(int status, const QByteArray &message)
{
    return QByteArrayLiteral(R"({"type":"error","error":{"type":")") + anthropicErrorType(status)
        + QByteArrayLiteral(R"(","message":")") + message + QByteArrayLiteral("\"}}");
}

QList<MockChunk> streamEvents(Endpoint kind, const RequestInfo &info, const QByteArray &route,
                              MockEnd end)
{
    switch (kind) {
    case Endpoint::Chat: return chatEvents(info, route, end);
    case Endpoint::Completions: return completionEvents(info, route, end);
    case Endpoint::Responses: return responsesEvents(info, route, end);
    case Endpoint::Messages: return anthropicEvents(info, route, end);
    default: return {};
    }
}

} // namespace

namespace MockResponses {

MockPlan resolve(const QString &route, const QByteArray &endpoint, const HttpRequest &request,
                 const MockBehavior &behavior)
{
    MockPlan plan {behavior, false};
    MockBehavior &b = plan.behavior;
    const RequestInfo info = requestInfo(request);
    const QByteArray routeText = mockJsonEscape(route.toUtf8());
    const Endpoint kind = endpointOf(endpoint);
    const bool streamable = kind == Endpoint::Chat || kind == Endpoint::Completions
        || kind == Endpoint::Responses || kind == Endpoint::Messages;

    plan.stream = b.stream.value_or(!b.chunks.isEmpty() || (info.stream && streamable));
    if (b.status >= 400 && b.chunks.isEmpty())
        plan.stream = false;
    if (plan.stream && b.chunks.isEmpty()) {
        b.chunks = streamEvents(kind, info, routeText, b.end);
        plan.stream = !b.chunks.isEmpty();
    }
    if (plan.stream || !b.body.isEmpty())
        return plan;

    const QByteArray text = QByteArrayLiteral("Hello from ") + routeText;
    const QByteArray errorMessage
        = QByteArrayLiteral("mock upstream error ") + QByteArray::number(b.status);
    const bool anthropic = kind == Endpoint::Messages || kind == Endpoint::CountTokens;
    if (b.status >= 400) {
        b.body = anthropic ? anthropicErrorBody(b.status, errorMessage)
                           : errorBody(b.status, errorMessage);
    } else if (kind == Endpoint::Chat) {
        b.body = chatBody(info, text);
    } else if (kind == Endpoint::Completions) {
        b.body = completionBody(info, text);
    } else if (kind == Endpoint::Embeddings) {
        b.body = embeddingsBody(info);
    } else if (kind == Endpoint::Responses) {
        b.body = responseObject(info, text, true);
    } else if (kind == Endpoint::Models) {
        b.body = modelsBody(routeText);
    } else if (kind == Endpoint::Messages) {
        b.body = anthropicMessageBody(info, text);
    } else if (kind == Endpoint::CountTokens) {
        b.body = QByteArrayLiteral(R"({"input_tokens":5})");
    } else {
        b.status = 404;
        b.body = errorBody(404, QByteArrayLiteral("unknown endpoint ") + mockJsonEscape(endpoint));
    }
    return plan;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return QByteArrayLiteral("Continue");
    case 200: return QByteArrayLiteral("OK");
    case 201: return QByteArrayLiteral("Created");
    case 204: return QByteArrayLiteral("No Content");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 413: return QByteArrayLiteral("Payload Too Large");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    default: return QByteArrayLiteral("Status");
    }
}

QByteArray errorBody(int status, const QByteArray &message)
{
    QByteArray type = QByteArrayLiteral("server_error");
    QByteArray code = "\"" + QByteArray::number(status) + '"';
    if (status == 401) {
        type = QByteArrayLiteral("authentication_error");
        code = QByteArrayLiteral("\"invalid_api_key\"");
    } else if (status == 403) {
        type = QByteArrayLiteral("permission_error");
    } else if (status == 404) {
        type = QByteArrayLiteral("not_found_error");
        code = QByteArrayLiteral("\"model_not_found\"");
    } else if (status == 429) {
        type = QByteArrayLiteral("rate_limit_error");
        code = QByteArrayLiteral("\"rate_limit_exceeded\"");
    } else if (status >= 400 && status < 500) {
        type = QByteArrayLiteral("invalid_request_error");
    }
    return QByteArrayLiteral(R"({"error":{"message":")") + message
        + QByteArrayLiteral(R"(","type":")") + type + QByteArrayLiteral(R"(","code":)") + code
        + QByteArrayLiteral("}}");
}

} // namespace MockResponses
