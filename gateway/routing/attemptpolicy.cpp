#include "attemptpolicy.h"

#include "clock.h"
#include "retryafter.h"
#include "router.h"
#include "upstream/upstreamerrortext.h"

namespace clawgate {

namespace {

using Action = AttemptDecision::Action;

AttemptDecision failOver(CooldownReason reason, const QString &outcome)
{
    AttemptDecision d;
    d.action = Action::FailOver;
    d.cooldown = CooldownVerdict {reason, {}, std::nullopt, outcome};
    d.outcome = outcome;
    return d;
}

AttemptDecision endStream(Action action, CooldownReason reason, const QString &outcome)
{
    AttemptDecision d = failOver(reason, outcome);
    d.action = action;
    return d;
}

AttemptDecision succeed(Action action)
{
    AttemptDecision d;
    d.action = action;
    d.backendWorked = true;
    return d;
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

// A connection that broke after it was made, as opposed to one that never came about or an
// upstream that stayed silent: the only kind a retry on the same backend may help.
bool isBrokenConnection(UpstreamFailure failure)
{
    return failure == UpstreamFailure::NoResponse || failure == UpstreamFailure::Reset
        || failure == UpstreamFailure::Other;
}

} // namespace

AttemptPolicy::AttemptPolicy(const Clock *clock)
    : m_clock(clock)
{
}

AttemptDecision AttemptPolicy::decide(const AttemptReport &report) const
{
    switch (report.stage) {
    case AttemptStage::HeadersArrived: return onHeaders(report);
    case AttemptStage::FirstEvent: return onFirstEvent(report);
    case AttemptStage::BufferOverflow: return onOverflow(report);
    case AttemptStage::LoginFailed: return failOver(CooldownReason::AuthFailed, report.loginError);
    case AttemptStage::AnswerUnusable: // as broken as a 5xx, for a client of this protocol
        return failOver(CooldownReason::ServerError,
                        QStringLiteral("answer could not be translated: ") + report.unusableAnswer);
    case AttemptStage::TransferEnded: break;
    }
    return report.committed ? onStreamEnded(report) : onEnded(report);
}

// An upstream error status says this backend cannot serve the request now; another may. Only
// a client error that is not about the backend (400, 413, 422, ...) goes back to the client.
AttemptDecision AttemptPolicy::onHeaders(const AttemptReport &report) const
{
    const int status = report.status;
    const QString http = QStringLiteral("HTTP %1").arg(status);
    if (status == 429) {
        AttemptDecision d = failOver(CooldownReason::RateLimited, http);
        d.cooldown->retryAfterSeconds = parseRetryAfterSeconds(report.retryAfter, m_clock->nowMs());
        return d;
    }
    if (logsInAgain(status, report.loginToken, report.freshTokenRetries)) {
        AttemptDecision d;
        d.action = Action::RetryWithFreshToken;
        d.outcome = http + QLatin1String(": the upstream refused the login token");
        return d;
    }
    if (status == 401 || status == 403)
        return failOver(CooldownReason::AuthFailed,
                        http + QLatin1String(": upstream rejected the key"));
    if (status == 402)
        return failOver(CooldownReason::OutOfCredit,
                        http + QLatin1String(": out of credit at the upstream"));
    if (status == 404) {
        // A provider without this endpoint (or without this model) still serves its others.
        const QString scope = endpointScope(report.endpoint);
        AttemptDecision d = failOver(CooldownReason::EndpointMissing,
                                     http + QLatin1String(": the upstream does not offer ") + scope
                                         + QLatin1String(" for this model"));
        d.cooldown->endpoint = scope;
        return d;
    }
    if (status == 408)
        return failOver(CooldownReason::Timeout, http);
    if (status >= 500)
        return failOver(CooldownReason::ServerError, http);
    return {};
}

AttemptDecision AttemptPolicy::onFirstEvent(const AttemptReport &report)
{
    if (report.stream.errorEvent)
        return failOver(CooldownReason::StreamFailed,
                        QStringLiteral("stream began with an error event"));
    if (!report.stream.hasData)
        return failOver(CooldownReason::StreamFailed, QStringLiteral("malformed stream: no data"));
    AttemptDecision d;
    d.action = Action::Commit;
    return d;
}

AttemptDecision AttemptPolicy::onOverflow(const AttemptReport &report)
{
    if (report.committed)
        return endStream(Action::EndStreamWithError, CooldownReason::StreamFailed,
                         QStringLiteral("an event larger than %1 MiB").arg(kMaxEventBytes >> 20));
    if (report.isStream)
        return failOver(
            CooldownReason::StreamFailed,
            QStringLiteral("malformed stream: no event in %1 MiB").arg(kMaxEventBytes >> 20));
    return failOver(CooldownReason::ServerError,
                    QStringLiteral("response larger than %1 MiB").arg(kMaxBufferedResponse >> 20));
}

// The transfer ended before the client saw anything.
AttemptDecision AttemptPolicy::onEnded(const AttemptReport &report)
{
    const UpstreamResult &transport = report.transport;
    if (!transport.ok()) {
        if (transport.requestNeverSent && isBrokenConnection(transport.failure)
            && report.sameBackendRetries < kMaxSameBackendRetries) {
            AttemptDecision d;
            d.action = Action::RetrySameBackend;
            d.outcome = describe(transport);
            return d;
        }
        return failOver(reasonForFailure(transport.failure), describe(transport));
    }
    if (report.isStream)
        return failOver(CooldownReason::StreamFailed,
                        QStringLiteral("stream ended before its first event"));
    AttemptDecision d = succeed(Action::RespondAsIs);
    d.backendWorked = report.status < 400; // a 400 is the client's, not the backend's
    return d;
}

// The transfer ended after the client's stream began.
AttemptDecision AttemptPolicy::onStreamEnded(const AttemptReport &report)
{
    const UpstreamResult &transport = report.transport;
    if (report.stream.errorEvent) // the client already has the upstream's own words
        return endStream(Action::EndStreamAsIs, CooldownReason::StreamFailed,
                         QStringLiteral("error event in stream"));
    if (report.stream.terminator) // complete, even if the connection broke afterwards
        return succeed(Action::CompleteStream);
    // Several vendors end with a finish_reason and a clean end of the body, without [DONE].
    if (report.stream.finishReason && transport.ok())
        return succeed(Action::CompleteStream);
    if (!transport.ok())
        return endStream(Action::EndStreamWithError, reasonForFailure(transport.failure),
                         describe(transport));
    return endStream(Action::EndStreamWithError, CooldownReason::StreamFailed,
                     QStringLiteral("it ended before it was complete"));
}

bool AttemptPolicy::logsInAgain(int status, bool loginToken, int freshTokenRetries)
{
    return status == 401 && loginToken && freshTokenRetries < kMaxFreshTokenRetries;
}

AllFailedAnswer AttemptPolicy::allFailed(const QList<CooldownReason> &reasons)
{
    const auto all = [&reasons](CooldownReason r) {
        return !reasons.isEmpty()
            && std::all_of(reasons.begin(), reasons.end(),
                           [r](CooldownReason x) { return x == r; });
    };
    if (all(CooldownReason::RateLimited))
        return {429, "rate_limit_exceeded"};
    if (all(CooldownReason::Timeout))
        return {504, "upstream_timeout"};
    return {};
}

} // namespace clawgate
