#include "protocolbridge.h"

#include "formats/anthropicrequest.h"
#include "formats/anthropicresponse.h"
#include "formats/anthropictochatstream.h"
#include "formats/chattoanthropicstream.h"

namespace clawgate {

namespace {

// What every bridge does with its stream translator; `Stream` is one of the *Stream classes.
template<typename Stream> class StreamingBridge : public ProtocolBridge
{
public:
    QByteArray streamEvent(const SseEvent &event) override { return m_stream->translate(event); }
    QByteArray streamFinish() override { return m_stream->finish(); }
    QByteArray streamInterrupt(const QString &message) override
    {
        return m_stream->interrupt(message);
    }
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

    Translation request(const QByteArray &clientBody) override
    {
        return anthropicToChatRequest(clientBody, m_options.translation);
    }

    ClientAnswer response(int status, const QByteArray &body) override
    {
        if (status >= 400) {
            const TranslatedError error = anthropicErrorFromChat(status, body);
            return {error.status, error.body, {}};
        }
        const Translation t = chatToAnthropicResponse(body);
        if (!t.ok())
            return {t.status, anthropicErrorBody(anthropicErrorType(t.status), t.message),
                    t.message};
        return {status, t.body, {}};
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

    Translation request(const QByteArray &clientBody) override
    {
        return chatToAnthropicRequest(clientBody, m_options.translation);
    }

    ClientAnswer response(int status, const QByteArray &body) override
    {
        if (status >= 400) {
            const TranslatedError error = chatErrorFromAnthropic(status, body);
            return {error.status, error.body, {}};
        }
        const Translation t = anthropicToChatResponse(body, m_options.nowSeconds);
        if (!t.ok())
            return {t.status,
                    chatErrorBody(t.message, QStringLiteral("upstream_error"),
                                  QStringLiteral("untranslatable_response")),
                    t.message};
        return {status, t.body, {}};
    }

private:
    BridgeOptions m_options;
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
    return nullptr;
}

} // namespace clawgate
