// One client request relayed to an alias's backends in order. Tries the next backend on a
// connect failure, a timeout before the first byte, 429, 5xx, an auth failure at the upstream,
// or a stream whose first event is an error; holds the client's response until the first
// upstream event, so failover stays possible until then; afterwards forwards every upstream
// piece as it arrives and ends a broken stream with an error event instead of a silent cut.
// Feeds every outcome into the cooldown book. Deletes itself when done.
#pragma once

#include "apierror.h"
#include "formats/streamusage.h"
#include "gatewaycontext.h"
#include "upstream/ssescanner.h"
#include "upstream/upstreamtransfer.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>

namespace clawgate {

class ClientConnection;
enum class CooldownReason;

class ProxyExchange : public QObject, public UpstreamListener
{
    Q_OBJECT
public:
    struct Params
    {
        Endpoint endpoint = Endpoint::ChatCompletions;
        QString alias;
        QByteArray body; // as the client sent it
        HeaderList forwardHeaders; // client headers that go upstream
        QList<BackendConfig> candidates;
        bool stream = false; // the body's "stream": true
        bool clientAskedForUsage = false; // stream_options.include_usage in the client's body
    };

    ProxyExchange(GatewayContext &context, ConfigPtr config, ClientConnection *client,
                  Params params);
    ~ProxyExchange() override;

    void start();

private:
    struct Attempt
    {
        QString backendId;
        QString outcome; // "HTTP 503", "connect failed: ...", ...
        bool skipped = false; // cooling down by the time its turn came: never sent
    };

    void tryNext();
    void startTransfer(const BackendConfig &backend);
    void upstreamHeaders(int status, const HeaderList &headers) override;
    void upstreamData(const QByteArray &data) override;
    void upstreamFinished(const UpstreamResult &result) override;
    void onSseEvent(const SseEvent &event);
    void commit();
    void relay(const QByteArray &data);
    void relayCompleteEvents(const QByteArray &data);
    void failAttempt(CooldownReason reason, const QString &outcome);
    void finishStreamWithError(const QString &message, CooldownReason reason);
    void respondAllFailed();
    void respondError(const ApiError &error);
    void succeed();
    void done();
    void onClientGone();
    HeaderList clientHeaders(bool served) const;
    HeaderList relayedHeaders() const; // upstream's, plus ours
    bool isTerminalEvent(const SseEvent &event) const;
    bool carriesStreamUsage() const; // chat and completion streams

    GatewayContext &m_context;
    ConfigPtr m_config;
    QPointer<ClientConnection> m_client;
    Params m_params;
    int m_next = 0;
    QList<Attempt> m_attempts;
    std::optional<BackendConfig> m_backend; // the one being tried
    std::unique_ptr<UpstreamTransfer> m_transfer;
    QElapsedTimer m_started;

    // The current attempt's response.
    int m_status = 0;
    HeaderList m_headers;
    bool m_isSse = false;
    bool m_committed = false;
    bool m_firstEventChecked = false;
    bool m_sawTerminator = false;
    bool m_sawErrorEvent = false;
    bool m_retriedUnanswered = false;
    QByteArray m_held; // bytes received before commit
    QByteArray m_partialEvent; // after commit: the start of an event not yet complete
    SseScanner m_scanner;
    std::optional<qint64> m_retryAfterSeconds;
    StreamUsageFilter m_usageFilter;
    std::optional<TokenUsage> m_usage; // of the answer that reached the client
    bool m_finished = false;
};

} // namespace clawgate
