#include "proxyexchange.h"

#include "clientconnection.h"
#include "formats/jsonsplice.h"
#include "formats/translation.h"
#include "forwardedheaders.h"
#include "routing/clock.h"
#include "routing/cooldownbook.h"
#include "routing/router.h"
#include "upstream/streamevents.h"
#include "upstream/upstreamrequest.h"

#include <QLoggingCategory>
#include <QUuid>

Q_LOGGING_CATEGORY(lcProxy, "clawgate.gateway.proxy")

namespace clawgate {

using Action = AttemptDecision::Action;

HeaderList clawgateHeaders(const QByteArray &backendId, int attempts)
{
    return {{QByteArrayLiteral("x-clawgate-backend"), backendId},
            {QByteArrayLiteral("x-clawgate-attempts"), QByteArray::number(attempts)}};
}

ProxyExchange::ProxyExchange(GatewayContext &context, ConfigPtr config, ClientConnection *client,
                             Params params)
    : m_context(context)
    , m_config(std::move(config))
    , m_client(client)
    , m_params(std::move(params))
    , m_policy(context.cooldowns->clock())
    , m_scanner(AttemptPolicy::kMaxEventBytes)
{
    ++m_context.inFlight;
    connect(client, &ClientConnection::clientGone, this, &ProxyExchange::onClientGone);
    connect(client, &QObject::destroyed, this, &ProxyExchange::onClientGone);
    connect(client, &ClientConnection::drained, this, [this] {
        if (m_transfer)
            m_transfer->setPaused(false);
    });
}

ProxyExchange::~ProxyExchange()
{
    --m_context.inFlight;
}

void ProxyExchange::start()
{
    m_started.start();
    if (m_context.requestFinished)
        m_startedAt = QDateTime::currentDateTime();
    tryNext();
}

void ProxyExchange::tryNext()
{
    if (m_finished)
        return;
    const bool onlyChoice = m_params.candidates.size() == 1;
    while (m_next < m_params.candidates.size()) {
        const BackendConfig backend = m_params.candidates.at(m_next++);
        const ProviderConfig &provider = *m_config->providers.constFind(backend.provider);
        const QString scope = endpointScope(*provider.endpointFor(m_params.endpoint));
        // Another request may have put it in a cooldown since the route was planned.
        if (!onlyChoice && m_context.cooldowns->blocking(backend.id(), scope)) {
            m_attempts.append({backend.id(), QStringLiteral("skipped: cooling down"), {}});
            continue;
        }
        if (!m_backend || m_backend->id() != backend.id())
            m_sameBackendRetries = 0;
        startTransfer(backend);
        return;
    }
    respondAllFailed();
}

void ProxyExchange::startTransfer(const BackendConfig &backend)
{
    m_backend = backend;
    m_status = 0;
    m_headers.clear();
    m_retryAfter.clear();
    m_isSse = false;
    m_committed = false;
    m_firstEventSeen = false;
    m_seen = StreamSeen();
    m_transport = UpstreamResult();
    m_pending.clear();
    m_scanner = SseScanner(AttemptPolicy::kMaxEventBytes);
    m_anthropicUsage = AnthropicStreamUsage();
    m_translated.clear();

    m_token.clear();
    const ProviderConfig &provider = *m_config->providers.constFind(backend.provider);
    if (!translateRequest(provider))
        return tryNext();
    m_usageFilter = StreamUsageFilter(carriesStreamUsage() && !m_params.clientAskedForUsage);
    m_loginToken = provider.auth && provider.auth->needsToken();
    if (!m_loginToken)
        return send(provider);
    // Usually at once from the cache; else after the one login all waiting requests share.
    m_context.tokens->acquire(provider, this,
                              [this](const TokenAnswer &answer) { onToken(answer); });
}

// A backend of another protocol gets the request translated, once per attempt. One that cannot
// be asked at all (the request uses what its protocol cannot express) is skipped, neither
// tried nor held against it: another backend of the alias may speak the client's protocol.
bool ProxyExchange::translateRequest(const ProviderConfig &provider)
{
    m_upstreamEndpoint = *provider.endpointFor(m_params.endpoint);
    BridgeOptions options;
    options.translation.model = m_backend->upstreamModel;
    options.translation.maxTokens = m_params.maxTokens;
    options.clientAskedForUsage = m_params.clientAskedForUsage;
    options.nowSeconds = QDateTime::currentSecsSinceEpoch();
    if (m_params.endpoint == Endpoint::Responses && m_upstreamEndpoint != Endpoint::Responses)
        options.responseId = QLatin1String("resp_") + QUuid::createUuid().toString(QUuid::Id128);
    m_bridge = protocolBridge(m_params.endpoint, m_upstreamEndpoint, options);
    m_upstreamBody.clear();
    if (!m_bridge)
        return true;
    Translation translation = m_bridge->request(*m_params.request);
    if (!translation.ok()) {
        m_attempts.append({m_backend->id(),
                           QStringLiteral("skipped: the request cannot be sent to a %1 backend: %2")
                               .arg(provider.type, translation.message),
                           {}});
        if (!m_untranslatable)
            m_untranslatable = std::move(translation);
        return false;
    }
    if (!translation.dropped.isEmpty())
        qCDebug(lcProxy).noquote() << "left out for" << m_backend->id() << ":"
                                   << translation.dropped.join(QStringLiteral(", "));
    m_upstreamBody = std::move(translation.body);
    // Usage on the stream is asked for by the translation; an upstream that refuses the
    // field is not asked.
    if (m_upstreamEndpoint == Endpoint::ChatCompletions && !provider.streamUsage)
        m_upstreamBody = removeTopLevelMember(m_upstreamBody, QLatin1String("stream_options"));
    return true;
}

void ProxyExchange::onToken(const TokenAnswer &answer)
{
    if (m_finished)
        return;
    if (!answer.ok()) {
        AttemptReport failed = report(AttemptStage::LoginFailed);
        failed.loginError = answer.error;
        return apply(m_policy.decide(failed));
    }
    m_token = answer.token;
    send(*m_config->providers.constFind(m_backend->provider));
}

void ProxyExchange::send(const ProviderConfig &provider)
{
    // Usage on every stream, so each request is accounted with the upstream's own counts. Done
    // before the request is built: a signature covers the body as sent.
    QByteArray body = m_params.body;
    if (m_bridge)
        body = m_upstreamBody;
    else if (carriesStreamUsage() && provider.streamUsage)
        body = withStreamUsageRequested(body);
    SigningContext signing;
    signing.token = m_token;
    UpstreamRequest request = upstreamRequestFor(
        provider, m_upstreamEndpoint, m_backend->upstreamModel, body,
        m_bridge ? withoutProtocolHeaders(m_params.forwardHeaders) : m_params.forwardHeaders,
        signing, m_bridge ? BodyModel::Upstream : BodyModel::Client);
    m_transfer = std::make_unique<UpstreamTransfer>(m_context.curl, std::move(request), this);
    m_transfer->start();
}

AttemptReport ProxyExchange::report(AttemptStage stage) const
{
    AttemptReport r;
    r.stage = stage;
    r.endpoint = m_upstreamEndpoint;
    r.status = m_status;
    r.retryAfter = m_retryAfter;
    r.isStream = m_isSse;
    r.committed = m_committed;
    r.stream = m_seen;
    r.transport = m_transport;
    r.sameBackendRetries = m_sameBackendRetries;
    r.loginToken = m_loginToken;
    r.freshTokenRetries = m_freshTokenRetries;
    return r;
}

void ProxyExchange::upstreamHeaders(int status, const HeaderList &headers)
{
    m_status = status;
    m_headers = headers;
    for (const auto &h : headers) {
        if (h.first.compare("content-type", Qt::CaseInsensitive) == 0)
            m_isSse = h.second.contains("text/event-stream");
        else if (h.first.compare("retry-after", Qt::CaseInsensitive) == 0)
            m_retryAfter = h.second;
    }
    apply(m_policy.decide(report(AttemptStage::HeadersArrived)));
}

void ProxyExchange::upstreamData(const QByteArray &data)
{
    if (!m_isSse) {
        m_pending.append(data); // a whole response, answered when it is complete
        if (m_pending.size() > AttemptPolicy::kMaxBufferedResponse)
            apply(m_policy.decide(report(AttemptStage::BufferOverflow)));
        return;
    }
    const qsizetype complete
        = m_scanner.feed(data, [this](const SseEvent &event) { onSseEvent(event); });
    if (!attemptRunning())
        return; // an event ended the attempt
    const bool tooMuchHeld = !m_committed
        && m_pending.size() + data.size() > AttemptPolicy::kMaxEventBytes; // no event yet
    if (m_scanner.overflowed() || tooMuchHeld)
        return apply(m_policy.decide(report(AttemptStage::BufferOverflow)));
    if (m_bridge) {
        // Before the first event the bytes are held only to bound what waits for it; from then
        // on the bridge has translated every complete event.
        if (m_committed) {
            m_pending.clear();
            flushTranslatedEvents();
        } else {
            m_pending.append(data);
        }
        return;
    }
    if (!m_committed || complete == 0) {
        m_pending.append(data);
        return;
    }
    // Complete events go out at once; the start of the next one waits for its end, so that if
    // the upstream breaks mid-event, our error event is not glued onto half an event.
    if (m_pending.isEmpty() && complete == data.size()) {
        relayCompleteEvents(data);
        return;
    }
    const QByteArray events = m_pending + data.left(complete);
    m_pending = data.mid(complete);
    relayCompleteEvents(events);
}

void ProxyExchange::onSseEvent(const SseEvent &event)
{
    if (!attemptRunning())
        return;
    const bool isError = isErrorEvent(event);
    if (!m_firstEventSeen) {
        m_firstEventSeen = true;
        AttemptReport first = report(AttemptStage::FirstEvent);
        first.stream.errorEvent = isError;
        first.stream.hasData = event.hasData;
        apply(m_policy.decide(first));
        if (!attemptRunning())
            return;
    }
    if (isError)
        m_seen.errorEvent = true;
    else if (isTerminalEvent(m_upstreamEndpoint, event))
        m_seen.terminator = true;
    else if (!m_seen.finishReason
             && (m_upstreamEndpoint == Endpoint::ChatCompletions
                 || m_upstreamEndpoint == Endpoint::Completions))
        m_seen.finishReason = hasFinishReason(event.data);
    if (!m_bridge) {
        if (m_upstreamEndpoint == Endpoint::Messages)
            m_anthropicUsage.observe(event.event, event.data);
        return;
    }
    m_translated += m_bridge->streamEvent(event);
    // The client's stream is over when the translation says so: with its terminator (whatever
    // the upstream still sends), or with an error event for an upstream event it could not read.
    if (m_bridge->streamFailed())
        m_seen.errorEvent = true;
    else if (m_bridge->streamEnded())
        m_seen.terminator = true;
}

void ProxyExchange::upstreamFinished(const UpstreamResult &result)
{
    if (m_finished || !m_backend)
        return;
    m_transport = result;
    apply(m_policy.decide(report(AttemptStage::TransferEnded)));
}

void ProxyExchange::apply(const AttemptDecision &decision)
{
    switch (decision.action) {
    case Action::Continue: return;
    case Action::Commit: return commit();
    case Action::RetrySameBackend:
        qCInfo(lcProxy).noquote() << "backend" << m_backend->id()
                                  << "never got the request; sending it again:" << decision.outcome;
        ++m_sameBackendRetries;
        --m_next;
        m_transfer.release()->deleteLater(); // we may be inside its callback
        // Never start a transfer from inside a libcurl callback.
        QMetaObject::invokeMethod(this, &ProxyExchange::tryNext, Qt::QueuedConnection);
        return;
    case Action::RetryWithFreshToken: return retryWithFreshToken(decision);
    case Action::FailOver: return failOver(decision);
    case Action::RespondAsIs:
        if (!m_client || !m_client->isOpen())
            return onClientGone();
        if (m_bridge) {
            if (!respondTranslated())
                return; // failed over instead
        } else {
            answered(m_status);
            m_client->respond(m_status, relayedHeaders(), m_pending);
        }
        if (decision.backendWorked)
            m_usage = findUsage(m_pending);
        break;
    case Action::CompleteStream:
    case Action::EndStreamAsIs:
    case Action::EndStreamWithError: endStream(decision); break;
    }
    if (decision.cooldown)
        applyCooldown(*decision.cooldown);
    if (decision.backendWorked) {
        m_served = true;
        m_context.cooldowns->recordSuccess(m_backend->id(), endpointScope(m_upstreamEndpoint));
        if (!m_usage)
            m_usage = m_bridge                             ? m_bridge->streamUsage()
                : m_upstreamEndpoint == Endpoint::Messages ? m_anthropicUsage.usage()
                                                           : m_usageFilter.usage();
        qCDebug(lcProxy).noquote()
            << m_params.alias << "served by" << m_backend->id() << "status" << m_status
            << "attempts" << m_attempts.size() + 1 << "in" << m_started.elapsed()
            << "ms, tokens in/out" << (m_usage ? m_usage->inputTokens : -1)
            << (m_usage ? m_usage->outputTokens : -1);
    }
    done();
}

void ProxyExchange::failOver(const AttemptDecision &decision)
{
    const QString backendId = m_backend->id();
    m_attempts.append({backendId, decision.outcome, decision.cooldown->reason});
    qCInfo(lcProxy).noquote() << "backend" << backendId << "failed:" << decision.outcome;
    applyCooldown(*decision.cooldown);
    if (m_transfer) {
        m_transfer->abort();
        m_transfer.release()->deleteLater(); // we may be inside its callback
    }
    QMetaObject::invokeMethod(this, &ProxyExchange::tryNext, Qt::QueuedConnection);
}

// The token lapsed or was revoked before its time: drop it, and send to the same backend once
// more with the token of a new login (shared with every request refused meanwhile).
void ProxyExchange::retryWithFreshToken(const AttemptDecision &decision)
{
    qCInfo(lcProxy).noquote() << "backend" << m_backend->id() << decision.outcome
                              << "- logging in again";
    ++m_freshTokenRetries;
    m_context.tokens->invalidate(*m_config->providers.constFind(m_backend->provider), m_token);
    --m_next;
    m_transfer->abort();
    m_transfer.release()->deleteLater(); // we are inside its callback
    QMetaObject::invokeMethod(this, &ProxyExchange::tryNext, Qt::QueuedConnection);
}

void ProxyExchange::endStream(const AttemptDecision &decision)
{
    // What is left is the start of an event that never ended: harmless after a clean end of
    // the body, but it would corrupt an error event written after it.
    if (decision.action != Action::CompleteStream)
        m_endOutcome = decision.outcome; // how the stream the client saw ended
    if (decision.action == Action::EndStreamWithError || !m_transport.ok() || m_bridge)
        m_pending.clear(); // a bridge has translated every complete event already
    else
        relayCompleteEvents(std::exchange(m_pending, QByteArray()));
    if (!m_client)
        return;
    // Closes a translated stream whose upstream ended without the terminator the client needs.
    if (m_bridge && decision.action != Action::EndStreamWithError)
        writeToClient(m_bridge->streamFinish());
    if (decision.action == Action::EndStreamWithError) {
        const QString message = QStringLiteral("The upstream stream from %1 failed: %2")
                                    .arg(m_backend->id(), decision.outcome);
        qCWarning(lcProxy).noquote() << message;
        m_client->streamWrite(
            streamErrorEvent(m_params.endpoint, message, "upstream_stream_failed"));
    }
    m_client->endStream();
}

void ProxyExchange::applyCooldown(const CooldownVerdict &verdict)
{
    const QString backendId = m_backend->id();
    if (verdict.reason == CooldownReason::RateLimited) {
        m_retryAfterSeconds = verdict.retryAfterSeconds;
        m_context.cooldowns->recordRateLimit(backendId, verdict.retryAfterSeconds,
                                             m_config->cooldown, verdict.detail);
        return;
    }
    m_context.cooldowns->recordFailure(backendId, verdict.reason, m_config->cooldown,
                                       verdict.detail, verdict.endpoint);
}

// From here on the client has seen the response start: no more failover. The bytes held so
// far go out with the rest of the piece that completed the first event.
void ProxyExchange::commit()
{
    if (!m_client || !m_client->isOpen())
        return onClientGone();
    m_committed = true;
    answered(m_status);
    m_client->beginStream(m_status, m_bridge ? translatedHeaders(true) : relayedHeaders());
}

bool ProxyExchange::carriesStreamUsage() const
{
    return m_params.stream
        && (m_params.endpoint == Endpoint::ChatCompletions
            || m_params.endpoint == Endpoint::Completions);
}

// The one place complete upstream events leave for the client: unchanged, but for the usage a
// client that did not ask for it must not see.
void ProxyExchange::relayCompleteEvents(const QByteArray &events)
{
    if (!events.isEmpty())
        writeToClient(carriesStreamUsage() ? m_usageFilter.applyToEvents(events) : events);
}

// The events a bridge made of what just arrived. A translation that ended the client's stream
// with an error event ends the attempt too: what the upstream still sends would reach no one.
void ProxyExchange::flushTranslatedEvents()
{
    writeToClient(std::exchange(m_translated, QByteArray()));
    if (m_bridge->streamFailed() && attemptRunning())
        apply(m_policy.decide(report(AttemptStage::TransferEnded)));
}

void ProxyExchange::writeToClient(const QByteArray &events)
{
    if (!m_client || events.isEmpty())
        return;
    m_client->streamWrite(events);
    if (m_transfer && m_client->bufferedBytes() > ClientConnection::kHighWater)
        m_transfer->setPaused(true);
}

// A whole answer of a backend of another protocol, in the client's; false when it cannot be
// translated, and the next backend is asked instead.
bool ProxyExchange::respondTranslated()
{
    const ClientAnswer answer = m_bridge->response(m_status, m_pending);
    if (!answer.unusable.isEmpty()) {
        AttemptReport unusable = report(AttemptStage::AnswerUnusable);
        unusable.unusableAnswer = answer.unusable;
        apply(m_policy.decide(unusable));
        return false;
    }
    answered(answer.status);
    m_client->respond(answer.status, translatedHeaders(false), answer.body);
    return true;
}

void ProxyExchange::respondAllFailed()
{
    QStringList parts;
    QList<CooldownReason> reasons;
    for (const Attempt &a : std::as_const(m_attempts)) {
        parts.append(QStringLiteral("%1 (%2)").arg(a.backendId, a.outcome));
        if (a.reason)
            reasons.append(*a.reason);
    }
    if (reasons.isEmpty() && m_untranslatable) {
        // No backend of the alias could be asked: the request is the client's to change.
        ApiError error = ApiError::badRequest(
            QStringLiteral("No backend of model '%1' can take this request: %2")
                .arg(m_params.alias, m_untranslatable->message),
            m_untranslatable->param);
        error.code = "unsupported_by_backends";
        return respondError(error);
    }
    if (reasons.isEmpty()) {
        // Every backend went into a cooldown between planning the route and trying it.
        const QString scope = endpointScope(m_params.endpoint);
        qint64 earliest = CooldownState::kForever;
        for (const BackendConfig &backend : std::as_const(m_params.candidates)) {
            if (const auto state = m_context.cooldowns->blocking(backend.id(), scope))
                earliest = std::min(earliest, state->untilMs);
        }
        respondError(ApiError::allCoolingDown(m_params.alias,
                                              earliest - m_context.cooldowns->clock()->nowMs(),
                                              parts.join(QStringLiteral(", "))));
        return;
    }
    const AllFailedAnswer answer = AttemptPolicy::allFailed(reasons);
    ApiError error;
    error.type = "upstream_error";
    error.status = answer.status;
    error.code = answer.code;
    if (answer.status == 429 && m_retryAfterSeconds)
        error.headers.append(
            {QByteArrayLiteral("Retry-After"), QByteArray::number(*m_retryAfterSeconds)});
    error.message = QStringLiteral("All backends of model '%1' failed: %2")
                        .arg(m_params.alias, parts.join(QStringLiteral(", ")));
    respondError(error);
}

void ProxyExchange::respondError(const ApiError &error)
{
    answered(error.status);
    m_error = error.message;
    if (m_client && m_client->isOpen())
        m_client->respondError(error.forEndpoint(m_params.endpoint), clientHeaders(false));
    done();
}

void ProxyExchange::shutDown()
{
    if (m_finished)
        return;
    if (!m_committed)
        return respondError(ApiError::shuttingDown());
    m_pending.clear(); // half an event would corrupt the error event after it
    m_endOutcome = QStringLiteral("cut: the gateway stopped");
    if (m_client) {
        m_client->streamWrite(streamErrorEvent(
            m_params.endpoint,
            QStringLiteral("ClawGate is shutting down; the stream from %1 was cut short.")
                .arg(m_backend->id()),
            "gateway_shutting_down"));
        m_client->endStream();
    }
    done();
}

void ProxyExchange::answered(int status)
{
    m_clientStatus = status;
    m_firstByteMs = m_started.elapsed();
}

// The request record, when someone listens for it.
void ProxyExchange::reportFinished()
{
    RequestRecord r;
    r.startedAt = m_startedAt;
    r.keyName = m_params.keyName;
    r.alias = m_params.alias;
    r.endpoint = endpointClientPath(m_params.endpoint);
    r.stream = m_params.stream;
    r.status = m_clientStatus;
    for (const Attempt &a : std::as_const(m_attempts))
        r.attempts.append({a.backendId, a.outcome});
    // The backend the client's answer came from, if it came from one (not an error of ours).
    if (m_backend && (m_clientStatus > 0 || m_served) && m_error.isEmpty()) {
        r.backend = m_backend->id();
        QString outcome = m_endOutcome;
        if (outcome.isEmpty())
            outcome = m_served ? QStringLiteral("ok") : QStringLiteral("HTTP %1").arg(m_status);
        r.attempts.append({r.backend, outcome});
    } else if (m_backend && !m_endOutcome.isEmpty()) {
        r.attempts.append({m_backend->id(), m_endOutcome}); // gone before any answer
    }
    r.latencyMs = m_started.elapsed();
    r.firstByteMs = m_firstByteMs;
    r.usage = m_usage;
    r.error = m_error;
    m_context.requestFinished(std::move(r));
}

void ProxyExchange::done()
{
    if (!m_finished && m_context.requestFinished)
        reportFinished();
    m_finished = true;
    if (m_transfer) {
        m_transfer->abort();
        m_transfer.release()->deleteLater();
    }
    deleteLater();
}

void ProxyExchange::onClientGone()
{
    if (m_finished)
        return;
    // The client will never read the answer: stop the upstream at once, and do not hold it
    // against the backend.
    qCDebug(lcProxy) << "client went away; aborting the upstream request";
    m_endOutcome = QStringLiteral("the client went away");
    done();
}

HeaderList ProxyExchange::clientHeaders(bool served) const
{
    int attempts = served ? 1 : 0;
    for (const Attempt &a : m_attempts)
        attempts += a.reason.has_value();
    return clawgateHeaders(served ? m_backend->id().toUtf8() : QByteArrayLiteral("none"), attempts);
}

HeaderList ProxyExchange::translatedHeaders(bool stream) const
{
    HeaderList headers;
    if (stream) {
        headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/event-stream")});
        headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache")});
    } else {
        headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    }
    headers.append(clientHeaders(true));
    return headers;
}

HeaderList ProxyExchange::relayedHeaders() const
{
    HeaderList headers;
    for (const auto &h : sanitizedHeaders(m_headers)) {
        if (!isHopByHopHeader(h.first) && h.first.compare("set-cookie", Qt::CaseInsensitive) != 0)
            headers.append(h);
    }
    headers.append(clientHeaders(true));
    return headers;
}

} // namespace clawgate
