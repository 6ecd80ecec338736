#include "proxyexchange.h"

#include "clientconnection.h"
#include "formats/jsonsplice.h"
#include "routing/clock.h"
#include "routing/cooldownbook.h"
#include "routing/retryafter.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcProxy, "clawgate.gateway.proxy")

namespace clawgate {

namespace {

constexpr qint64 kMaxBufferedResponse = 256LL << 20;

bool isFailoverStatus(int status)
{
    // 401/403/404 from an upstream mean this backend is misconfigured (key, model name), not
    // that the client asked for something wrong: another backend may well answer.
    // 402: out of credit at this provider (DeepSeek and others); another may have some.
    return status == 429 || status >= 500 || status == 408 || status == 401 || status == 402
        || status == 403 || status == 404;
}

CooldownReason reasonForStatus(int status)
{
    if (status == 429)
        return CooldownReason::RateLimited;
    if (status == 401 || status == 402 || status == 403 || status == 404)
        return CooldownReason::AuthFailed;
    if (status == 408)
        return CooldownReason::Timeout;
    return CooldownReason::ServerError;
}

CooldownReason reasonForFailure(UpstreamFailure failure)
{
    switch (failure) {
    case UpstreamFailure::ConnectFailed: return CooldownReason::ConnectFailed;
    case UpstreamFailure::ConnectTimeout:
    case UpstreamFailure::FirstByteTimeout:
    case UpstreamFailure::IdleTimeout: return CooldownReason::Timeout;
    default: return CooldownReason::StreamFailed;
    }
}

QString describe(const UpstreamResult &result)
{
    switch (result.failure) {
    case UpstreamFailure::ConnectFailed:
        return QStringLiteral("connect failed: %1").arg(result.message);
    case UpstreamFailure::ConnectTimeout: return QStringLiteral("connect timed out");
    case UpstreamFailure::FirstByteTimeout:
    case UpstreamFailure::IdleTimeout: return QStringLiteral("timed out: %1").arg(result.message);
    case UpstreamFailure::NoResponse:
        return QStringLiteral("closed without a response: %1").arg(result.message);
    case UpstreamFailure::Reset: return QStringLiteral("connection broke: %1").arg(result.message);
    default: return result.message;
    }
}

bool looksLikeErrorEvent(const SseEvent &event)
{
    if (event.event == "error")
        return true;
    // {"error": {...}} at the top level; cheap test first, then a real parse.
    if (!event.data.contains("\"error\""))
        return false;
    const QByteArray trimmed = event.data.trimmed();
    return trimmed.startsWith('{') && trimmed.mid(1).trimmed().startsWith("\"error\"");
}

} // namespace

ProxyExchange::ProxyExchange(GatewayContext &context, ConfigPtr config, ClientConnection *client,
                             Params params)
    : m_context(context)
    , m_config(std::move(config))
    , m_client(client)
    , m_params(std::move(params))
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
    tryNext();
}

void ProxyExchange::tryNext()
{
    if (m_finished)
        return;
    const bool onlyChoice = m_params.candidates.size() == 1;
    while (m_next < m_params.candidates.size()) {
        const BackendConfig backend = m_params.candidates.at(m_next++);
        // Another request may have put it in a cooldown since the route was planned.
        if (!onlyChoice && m_context.cooldowns->isCooling(backend.id())) {
            m_attempts.append({backend.id(), QStringLiteral("skipped: cooling down"), true});
            continue;
        }
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
    m_isSse = false;
    m_committed = false;
    m_firstEventChecked = false;
    m_sawTerminator = false;
    m_sawErrorEvent = false;
    m_held.clear();
    m_partialEvent.clear();
    m_scanner = SseScanner();
    m_retryAfterSeconds.reset();

    const ProviderConfig &provider = *m_config->providers.constFind(backend.provider);
    UpstreamRequest request;
    request.url = provider.urlFor(m_params.endpoint).toUtf8();
    request.body = replaceTopLevelString(m_params.body, "model", backend.upstreamModel);
    request.proxy = provider.proxy;
    request.caFile = provider.caFile.toLocal8Bit();
    request.timeouts = provider.timeouts;
    request.headers = m_params.forwardHeaders;
    for (const auto &header : provider.headers) {
        request.headers.removeIf(
            [&](const auto &h) { return h.first.compare(header.first, Qt::CaseInsensitive) == 0; });
        request.headers.append(header);
    }
    m_transfer = std::make_unique<UpstreamTransfer>(m_context.curl, std::move(request), this);
    m_transfer->start();
}

void ProxyExchange::upstreamHeaders(int status, const HeaderList &headers)
{
    m_status = status;
    m_headers = headers;
    for (const auto &h : headers) {
        if (h.first.compare("content-type", Qt::CaseInsensitive) == 0)
            m_isSse = h.second.contains("text/event-stream");
        else if (h.first.compare("retry-after", Qt::CaseInsensitive) == 0)
            m_retryAfterSeconds
                = parseRetryAfterSeconds(h.second, m_context.cooldowns->clock()->nowMs());
    }
    if (isFailoverStatus(status))
        failAttempt(reasonForStatus(status), QStringLiteral("HTTP %1").arg(status));
}

void ProxyExchange::upstreamData(const QByteArray &data)
{
    if (m_committed) {
        // Scanned only to know how the stream ends; the bytes go out unchanged.
        m_scanner.feed(data, [this](const SseEvent &event) { onSseEvent(event); });
        relayCompleteEvents(data);
        return;
    }
    m_held.append(data);
    if (!m_isSse) {
        if (m_held.size() > kMaxBufferedResponse)
            failAttempt(CooldownReason::ServerError,
                        QStringLiteral("response larger than 256 MiB"));
        return;
    }
    // Hold the client's response until the first event shows whether this backend works.
    m_scanner.feed(data, [this](const SseEvent &event) { onSseEvent(event); });
    if (!m_committed && !m_finished && m_transfer && !m_firstEventChecked
        && m_held.size() > (1 << 20))
        failAttempt(CooldownReason::StreamFailed,
                    QStringLiteral("malformed stream: no event in 1 MiB"));
}

void ProxyExchange::onSseEvent(const SseEvent &event)
{
    const bool isError = looksLikeErrorEvent(event);
    if (!m_firstEventChecked) {
        m_firstEventChecked = true;
        if (isError) {
            failAttempt(CooldownReason::StreamFailed,
                        QStringLiteral("stream began with an error event"));
            return;
        }
        if (!event.hasData) {
            failAttempt(CooldownReason::StreamFailed, QStringLiteral("malformed stream: no data"));
            return;
        }
        commit();
    }
    if (isError)
        m_sawErrorEvent = true;
    else if (isTerminalEvent(event))
        m_sawTerminator = true;
}

bool ProxyExchange::isTerminalEvent(const SseEvent &event) const
{
    if (m_params.endpoint == Endpoint::Responses) {
        // The Responses API ends with a typed event instead of [DONE].
        return event.event == "response.completed" || event.event == "response.incomplete"
            || event.event == "response.failed" || event.data.contains("\"response.completed\"")
            || event.data.contains("\"response.incomplete\"");
    }
    return event.data == "[DONE]";
}

// From here on the client has seen the response start: no more failover.
void ProxyExchange::commit()
{
    if (!m_client || !m_client->isOpen())
        return onClientGone();
    m_committed = true;
    m_client->beginStream(m_status, relayedHeaders());
    relayCompleteEvents(std::exchange(m_held, QByteArray()));
}

// Forwards everything up to the last complete event and keeps the incomplete rest, so that if
// the upstream breaks mid-event, the error event we send is not glued onto half an event.
// Complete events go out at once; nothing waits for a later piece.
void ProxyExchange::relayCompleteEvents(const QByteArray &data)
{
    m_partialEvent.append(data);
    qsizetype end = 0;
    for (const char *separator : {"\n\n", "\r\r", "\r\n\r\n"}) {
        const qsizetype at = m_partialEvent.lastIndexOf(separator);
        if (at >= 0)
            end = std::max(end, at + qsizetype(qstrlen(separator)));
    }
    if (end == m_partialEvent.size())
        relay(std::exchange(m_partialEvent, QByteArray()));
    else if (end > 0) {
        relay(m_partialEvent.left(end));
        m_partialEvent.remove(0, end);
    }
}

void ProxyExchange::relay(const QByteArray &data)
{
    if (!m_client)
        return;
    m_client->streamWrite(data);
    if (m_transfer && m_client->bufferedBytes() > ClientConnection::kHighWater)
        m_transfer->setPaused(true);
}

void ProxyExchange::upstreamFinished(const UpstreamResult &result)
{
    if (m_finished || !m_backend)
        return;
    const QString backendId = m_backend->id();
    if (m_committed && m_sawTerminator && !m_sawErrorEvent) {
        // Complete as far as the protocol goes, even if the connection broke afterwards.
        relay(std::exchange(m_partialEvent, QByteArray()));
        m_client->endStream();
        succeed();
        return;
    }
    if (!result.ok()) {
        if (m_committed) {
            const QString why = describe(result);
            finishStreamWithError(
                QStringLiteral("The upstream stream from %1 failed: %2").arg(backendId, why),
                reasonForFailure(result.failure));
            return;
        }
        // A request refused without any answer (e.g. after an HTTP/2 GOAWAY) never reached the
        // model: one retry on a fresh connection is safe before blaming the backend.
        if (result.failure == UpstreamFailure::NoResponse && !m_retriedUnanswered) {
            m_retriedUnanswered = true;
            m_transfer.release()->deleteLater();
            --m_next;
            QMetaObject::invokeMethod(this, &ProxyExchange::tryNext, Qt::QueuedConnection);
            return;
        }
        failAttempt(reasonForFailure(result.failure), describe(result));
        return;
    }
    if (m_committed) {
        if (m_sawErrorEvent) {
            // The upstream already told the client in its own words; end without [DONE].
            relay(std::exchange(m_partialEvent, QByteArray()));
            m_client->endStream();
            m_context.cooldowns->recordFailure(backendId, CooldownReason::StreamFailed,
                                               m_config->cooldown,
                                               QStringLiteral("error event in stream"));
            done();
        } else {
            finishStreamWithError(
                QStringLiteral("The upstream stream from %1 ended before it was complete.")
                    .arg(backendId),
                CooldownReason::StreamFailed);
        }
        return;
    }
    if (m_isSse) {
        failAttempt(CooldownReason::StreamFailed,
                    QStringLiteral("stream ended before its first event"));
        return;
    }
    if (!m_client || !m_client->isOpen())
        return onClientGone();
    m_client->respond(m_status, relayedHeaders(), m_held);
    if (m_status < 400)
        succeed();
    else
        done();
}

void ProxyExchange::failAttempt(CooldownReason reason, const QString &outcome)
{
    const QString backendId = m_backend->id();
    m_attempts.append({backendId, outcome});
    qCInfo(lcProxy).noquote() << "backend" << backendId << "failed:" << outcome;
    if (reason == CooldownReason::RateLimited)
        m_context.cooldowns->recordRateLimit(backendId, m_retryAfterSeconds, m_config->cooldown,
                                             outcome);
    else
        m_context.cooldowns->recordFailure(backendId, reason, m_config->cooldown, outcome);
    if (m_transfer) {
        m_transfer->abort();
        m_transfer.release()->deleteLater(); // we may be inside its callback
    }
    // Never start a transfer from inside a libcurl callback.
    QMetaObject::invokeMethod(this, &ProxyExchange::tryNext, Qt::QueuedConnection);
}

void ProxyExchange::finishStreamWithError(const QString &message, CooldownReason reason)
{
    const QString backendId = m_backend->id();
    m_attempts.append({backendId, message});
    qCWarning(lcProxy).noquote() << message;
    m_partialEvent.clear(); // half an event would corrupt the error event after it
    if (m_client) {
        m_client->streamWrite(streamErrorEvent(message, "upstream_stream_failed"));
        m_client->endStream();
    }
    m_context.cooldowns->recordFailure(backendId, reason, m_config->cooldown, message);
    done();
}

void ProxyExchange::respondAllFailed()
{
    ApiError error;
    error.type = "upstream_error";
    QStringList parts;
    int rateLimited = 0;
    int timeouts = 0;
    int tried = 0;
    for (const Attempt &a : std::as_const(m_attempts)) {
        parts.append(QStringLiteral("%1 (%2)").arg(a.backendId, a.outcome));
        if (a.skipped)
            continue;
        ++tried;
        rateLimited += a.outcome == QLatin1String("HTTP 429");
        timeouts += a.outcome.startsWith(QLatin1String("timed out"))
            || a.outcome.startsWith(QLatin1String("connect timed"));
    }
    if (tried == 0) {
        // Every backend went into a cooldown between planning the route and trying it.
        qint64 earliest = CooldownState::kForever;
        for (const BackendConfig &backend : std::as_const(m_params.candidates)) {
            if (const auto state = m_context.cooldowns->state(backend.id()))
                earliest = std::min(earliest, state->untilMs);
        }
        respondError(ApiError::allCoolingDown(m_params.alias,
                                              earliest - m_context.cooldowns->clock()->nowMs(),
                                              parts.join(QStringLiteral(", "))));
        return;
    }
    if (rateLimited == tried) {
        error.status = 429;
        error.code = "rate_limit_exceeded";
        if (m_retryAfterSeconds)
            error.headers.append(
                {QByteArrayLiteral("Retry-After"), QByteArray::number(*m_retryAfterSeconds)});
    } else if (timeouts == tried) {
        error.status = 504;
        error.code = "upstream_timeout";
    } else {
        error.status = 502;
        error.code = "all_backends_failed";
    }
    error.message = QStringLiteral("All backends of model '%1' failed: %2")
                        .arg(m_params.alias, parts.join(QStringLiteral(", ")));
    respondError(error);
}

void ProxyExchange::respondError(const ApiError &error)
{
    if (m_client && m_client->isOpen())
        m_client->respondError(error, clientHeaders(false));
    done();
}

void ProxyExchange::succeed()
{
    m_context.cooldowns->recordSuccess(m_backend->id());
    qCDebug(lcProxy).noquote() << m_params.alias << "served by" << m_backend->id() << "status"
                               << m_status << "attempts" << m_attempts.size() + 1 << "in"
                               << m_started.elapsed() << "ms";
    done();
}

void ProxyExchange::done()
{
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
    done();
}

HeaderList ProxyExchange::clientHeaders(bool served) const
{
    int attempts = served ? 1 : 0;
    for (const Attempt &a : m_attempts)
        attempts += !a.skipped;
    HeaderList headers;
    headers.append({QByteArrayLiteral("x-clawgate-backend"),
                    served ? m_backend->id().toUtf8() : QByteArrayLiteral("none")});
    headers.append({QByteArrayLiteral("x-clawgate-attempts"), QByteArray::number(attempts)});
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
