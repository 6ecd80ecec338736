// One client request relayed to an alias's backends in order. Holds the client's response until
// the first upstream event, so failover stays possible until then; afterwards forwards every
// complete upstream event as it arrives. What each turn of an attempt means (retry, fail over,
// commit, complete, end with an error event) is AttemptPolicy's decision; this class runs the
// transfers, relays the bytes and applies the decisions, cooldowns included. A backend that
// speaks another protocol than the client is reached through a ProtocolBridge, which
// translates the request, the answer and each stream event; the rest is the same on every
// protocol. Deletes itself when done.
#pragma once

#include "apierror.h"
#include "auth/tokencache.h"
#include "formats/protocolbridge.h"
#include "formats/streamusage.h"
#include "gatewaycontext.h"
#include "routing/attemptpolicy.h"
#include "upstream/ssescanner.h"
#include "upstream/upstreamtransfer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>

namespace clawgate {

class ClientConnection;

// The headers every answer to a relayed endpoint carries: which backend served it ("none" when
// none did) and how many backends were asked.
HeaderList clawgateHeaders(const QByteArray &backendId, int attempts);

class ProxyExchange : public QObject, public UpstreamListener
{
    Q_OBJECT
public:
    struct Params
    {
        Endpoint endpoint = Endpoint::ChatCompletions;
        QString alias;
        QByteArray body; // as the client sent it
        // The body parsed, when a candidate needs it translated (else null: a relay needs only
        // the bytes, and holding a parsed copy of a large body for a whole stream costs memory).
        std::shared_ptr<const json::RequestBody> request;
        HeaderList forwardHeaders; // client headers that go upstream
        QList<BackendConfig> candidates;
        QString keyName; // the client key's name, for the request record
        bool stream = false; // the body's "stream": true
        bool clientAskedForUsage = false; // stream_options.include_usage in the client's body
        int maxTokens = 0; // the alias's output limit, applied when a request is translated
    };

    ProxyExchange(GatewayContext &context, ConfigPtr config, ClientConnection *client,
                  Params params);
    ~ProxyExchange() override;

    void start();
    // The gateway is stopping and the grace time is over: end now, with an answer the client
    // can read (an error event on a stream that has begun, else 503).
    void shutDown();

private:
    struct Attempt
    {
        QString backendId;
        QString outcome; // "HTTP 503", "connect failed: ...", ...
        std::optional<CooldownReason> reason; // unset: skipped, never sent
    };

    void tryNext();
    void startTransfer(const BackendConfig &backend);
    bool translateRequest(const ProviderConfig &provider);
    void onToken(const TokenAnswer &answer);
    void send(const ProviderConfig &provider);
    void retryWithFreshToken(const AttemptDecision &decision);
    void upstreamHeaders(int status, const HeaderList &headers) override;
    void upstreamData(const QByteArray &data) override;
    void upstreamFinished(const UpstreamResult &result) override;
    void onSseEvent(const SseEvent &event);
    AttemptReport report(AttemptStage stage) const;
    void apply(const AttemptDecision &decision);
    void failOver(const AttemptDecision &decision);
    void endStream(const AttemptDecision &decision);
    void applyCooldown(const CooldownVerdict &verdict);
    void commit();
    void relayCompleteEvents(const QByteArray &events);
    void flushTranslatedEvents();
    void writeToClient(const QByteArray &events);
    bool respondTranslated();
    void respondAllFailed();
    void respondError(const ApiError &error);
    void done();
    void onClientGone();
    bool attemptRunning() const { return m_transfer && !m_finished; }
    bool carriesStreamUsage() const; // chat and completion streams
    void answered(int status); // the client got the first byte of its answer
    void reportFinished();
    HeaderList clientHeaders(bool served) const;
    HeaderList relayedHeaders() const; // upstream's, plus ours
    HeaderList translatedHeaders(bool stream) const; // a translated answer's: ours only

    GatewayContext &m_context;
    ConfigPtr m_config;
    QPointer<ClientConnection> m_client;
    Params m_params;
    AttemptPolicy m_policy;
    int m_next = 0;
    int m_sameBackendRetries = 0; // of the backend being tried
    int m_freshTokenRetries = 0; // logins again after a 401, whatever the backend
    bool m_loginToken = false; // the backend being tried needs a token from a login
    QByteArray m_token; // the one the current attempt was sent with
    QList<Attempt> m_attempts;
    std::optional<BackendConfig> m_backend; // the one being tried
    Endpoint m_upstreamEndpoint = Endpoint::ChatCompletions; // what the backend is asked for
    std::unique_ptr<ProtocolBridge> m_bridge; // null: the backend speaks the client's protocol
    QByteArray m_upstreamBody; // the translated request, when there is a bridge
    std::optional<Translation> m_untranslatable; // why the first skipped backend could not be asked
    std::unique_ptr<UpstreamTransfer> m_transfer;
    QElapsedTimer m_started;
    std::optional<qint64> m_retryAfterSeconds; // the last 429's, for the all-failed answer

    // The current attempt's response.
    int m_status = 0;
    HeaderList m_headers;
    QByteArray m_retryAfter;
    bool m_isSse = false;
    bool m_committed = false;
    bool m_firstEventSeen = false;
    StreamSeen m_seen;
    UpstreamResult m_transport;
    // Before commit: everything received. After: the start of a block not yet complete.
    QByteArray m_pending;
    SseScanner m_scanner;
    StreamUsageFilter m_usageFilter;
    AnthropicStreamUsage m_anthropicUsage; // of a relayed Anthropic stream
    QByteArray m_translated; // the client's events for the upstream events just received
    std::optional<TokenUsage> m_usage; // of the answer that reached the client
    // For the request record: what the client got, when, and the gateway's error if any.
    QDateTime m_startedAt;
    int m_clientStatus = 0;
    qint64 m_firstByteMs = -1;
    QString m_error;
    QString m_endOutcome; // a stream that did not end as its protocol says, or a client gone
    bool m_served = false;
    bool m_finished = false;
};

} // namespace clawgate
