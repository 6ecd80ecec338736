#include "protocolbridge.h"

#include "formats/anthropicrequest.h"
#include "formats/anthropicresponse.h"
#include "formats/anthropictochatstream.h"
#include "formats/chattoanthropicstream.h"
#include "formats/chattoresponsesstream.h"
#include "formats/responsesrequest.h"
#include "formats/responsesresponse.h"

#include <QJsonDocument>

namespace clawgate {

namespace {

// What a client is told of a successful answer its protocol cannot express.
QByteArray anthropicUnusableBody(const QString &message)
{
    return anthropicErrorBody(anthropicErrorType(502), message);
}

QByteArray chatUnusableBody(const QString &message)
{
    return chatErrorBody(message, QStringLiteral("upstream_error"),
                         QStringLiteral("untranslatable_response"));
}

// A successful answer translated: the body, or the 502 `unusableBody` writes, flagged so the
// relay asks the next backend instead.
ClientAnswer answerOf(int status, const Translation &t,
                      QByteArray (*unusableBody)(const QString &message))
{
    if (!t.ok())
        return {t.status, unusableBody(t.message), t.message};
    return {status, t.body, {}};
}

ClientAnswer answerOf(const TranslatedError &error)
{
    return {error.status, error.body, {}};
}

// What every bridge does with its stream translator; `Stream` is one of the *Stream classes.
template<typename Stream> class StreamingBridge : public ProtocolBridge
{
public:
    QByteArray streamEvent(const SseEvent &event) override { return m_stream->translate(event); }
    QByteArray streamFinish() override { return m_stream->finish(); }
    bool streamEnded() const override { return m_stream->isEnded(); }
    bool streamFailed() const override { return m_stream->failed(); }
    std::optional<TokenUsage> streamUsage() const override { return m_stream->usage(); }

protected:
    std::optional<Stream> m_stream;
};

// An Anthropic Messages client on an OpenAI chat backend.
class MessagesOverChat final : public StreamingBridge<ChatToAnthropicStream>
{
public:
    explicit MessagesOverChat(const BridgeOptions &options)
        : m_options(options)
    {
        m_stream.emplace();
    }

    Translation request(const json::RequestBody &clientRequest) override
    {
        return anthropicToChatRequest(clientRequest.root(), m_options.translation);
    }

    ClientAnswer response(int status, const QByteArray &body) override
    {
        if (status >= 400)
            return answerOf(anthropicErrorFromChat(status, body));
        return answerOf(status, chatToAnthropicResponse(body), anthropicUnusableBody);
    }

private:
    BridgeOptions m_options;
};

// An OpenAI chat client on an Anthropic Messages backend.
class ChatOverMessages final : public StreamingBridge<AnthropicToChatStream>
{
public:
    explicit ChatOverMessages(const BridgeOptions &options)
        : m_options(options)
    {
        m_stream.emplace(options.clientAskedForUsage, options.nowSeconds);
    }

    Translation request(const json::RequestBody &clientRequest) override
    {
        return chatToAnthropicRequest(clientRequest.root(), m_options.translation);
    }

    ClientAnswer response(int status, const QByteArray &body) override
    {
        if (status >= 400)
            return answerOf(chatErrorFromAnthropic(status, body));
        return answerOf(status, anthropicToChatResponse(body, m_options.nowSeconds),
                        chatUnusableBody);
    }

private:
    BridgeOptions m_options;
};

// A Responses API client on an OpenAI chat backend. The answer repeats parts of the request, so
// the stream translator is made once the request is known.
class ResponsesOverChat final : public StreamingBridge<ChatToResponsesStream>
{
public:
    explicit ResponsesOverChat(const BridgeOptions &options)
        : m_options(options)
    {
        m_envelope.id = options.responseId;
        m_envelope.createdAt = options.nowSeconds;
    }

    Translation request(const json::RequestBody &clientRequest) override
    {
        Translation t = responsesToChatRequest(clientRequest.object(), m_options.translation);
        if (t.ok()) {
            m_envelope.request = clientRequest.object();
            m_stream.emplace(m_envelope);
        }
        return t;
    }

    ClientAnswer response(int status, const QByteArray &body) override
    {
        if (status >= 400) // the Responses API's errors are OpenAI's
            return {status, body, {}};
        return answerOf(status, chatToResponsesResponse(body, m_envelope), chatUnusableBody);
    }

private:
    BridgeOptions m_options;
    ResponsesEnvelope m_envelope;
};

// Two bridges in a row, for a pair no single translation joins: a Responses client on an
// Anthropic backend goes through chat. The inner bridge faces the backend; the events it
// writes are read again as SSE and fed to the outer one.
class ChainedBridge final : public ProtocolBridge
{
public:
    ChainedBridge(std::unique_ptr<ProtocolBridge> outer, std::unique_ptr<ProtocolBridge> inner)
        : m_outer(std::move(outer))
        , m_inner(std::move(inner))
    {
    }

    Translation request(const json::RequestBody &clientRequest) override
    {
        const Translation middle = m_outer->request(clientRequest);
        if (!middle.ok())
            return middle;
        // The outer bridge wrote this body itself: it parses.
        Translation t = m_inner->request(*json::RequestBody::parse(middle.body, nullptr));
        t.dropped = middle.dropped + t.dropped;
        return t;
    }

    ClientAnswer response(int status, const QByteArray &body) override
    {
        const ClientAnswer middle = m_inner->response(status, body);
        ClientAnswer answer = m_outer->response(middle.status, middle.body);
        if (!middle.unusable.isEmpty())
            answer.unusable = middle.unusable;
        return answer;
    }

    QByteArray streamEvent(const SseEvent &event) override
    {
        return throughOuter(m_inner->streamEvent(event));
    }
    QByteArray streamFinish() override
    {
        return throughOuter(m_inner->streamFinish()) + m_outer->streamFinish();
    }
    bool streamEnded() const override { return m_outer->streamEnded(); }
    bool streamFailed() const override { return m_outer->streamFailed(); }
    std::optional<TokenUsage> streamUsage() const override { return m_inner->streamUsage(); }

private:
    QByteArray throughOuter(const QByteArray &middleEvents)
    {
        QByteArray out;
        m_middle.feed(middleEvents,
                      [&](const SseEvent &event) { out += m_outer->streamEvent(event); });
        return out;
    }

    std::unique_ptr<ProtocolBridge> m_outer;
    std::unique_ptr<ProtocolBridge> m_inner;
    SseScanner m_middle;
};

} // namespace

std::unique_ptr<ProtocolBridge> protocolBridge(Endpoint client, Endpoint upstream,
                                               const BridgeOptions &options)
{
    if (client == upstream)
        return nullptr;
    if (client == Endpoint::Messages && upstream == Endpoint::ChatCompletions)
        return std::make_unique<MessagesOverChat>(options);
    if (client == Endpoint::ChatCompletions && upstream == Endpoint::Messages)
        return std::make_unique<ChatOverMessages>(options);
    if (client == Endpoint::Responses && upstream == Endpoint::ChatCompletions)
        return std::make_unique<ResponsesOverChat>(options);
    if (client == Endpoint::Responses && upstream == Endpoint::Messages) {
        BridgeOptions inner = options;
        inner.clientAskedForUsage = true; // the Responses answer reports usage
        return std::make_unique<ChainedBridge>(std::make_unique<ResponsesOverChat>(options),
                                               std::make_unique<ChatOverMessages>(inner));
    }
    // Every pair ProviderConfig::endpointFor can produce is covered above.
    Q_ASSERT_X(false, "protocolBridge", "a pair of endpoints without a bridge");
    return nullptr;
}

} // namespace clawgate
