// The failover rules in one place: what happens when something decisive happens to one attempt
// at one backend (its response head arrives, its first stream event arrives, a buffer limit is
// passed, the transfer ends). A pure function of a value, so every rule is table-tested:
// - the same backend is tried again only when the request provably never reached it, since an
//   LLM upstream bills every request it received, or once per request when it refused the
//   token the gateway logged in for (the token lapsed early: log in again, send again);
// - while the client has seen nothing, any failure of the backend moves on to the next one and
//   cools the failed one down for a reason of its own (429, 5xx, timeout, rejected key, out of
//   credit, a missing endpoint that cools down only that endpoint, an answer that cannot be
//   translated for the client);
// - once the client has seen the response start, a broken stream ends with an error event
//   instead of a silent cut; a stream that ended as its protocol says streams end is complete.
#pragma once

#include "cooldownbook.h"
#include "store/config.h"
#include "upstream/ssescanner.h"
#include "upstream/upstreamresult.h"

#include <optional>

namespace clawgate {

class Clock;

enum class AttemptStage {
    HeadersArrived, // the response status and headers are in
    FirstEvent, // a stream's first event is in, nothing has gone to the client yet
    BufferOverflow, // more bytes are waiting than the limits below allow
    TransferEnded,
    LoginFailed, // the provider's login for a token failed; nothing was sent
    AnswerUnusable, // a whole answer arrived that cannot be put into the client's protocol
};

// What a stream's events have shown so far (for FirstEvent: what the first event is).
struct StreamSeen
{
    bool hasData = false; // FirstEvent: the event carries data
    bool errorEvent = false; // an {"error":...} or `event: error` event
    bool terminator = false; // data: [DONE], or a Responses API terminal event
    bool finishReason = false; // a chunk with a non-null "finish_reason"
};

struct AttemptReport
{
    AttemptStage stage = AttemptStage::TransferEnded;
    Endpoint endpoint = Endpoint::ChatCompletions;
    int status = 0; // 0: no response head yet
    QByteArray retryAfter; // the response's Retry-After header as sent
    bool isStream = false; // text/event-stream
    bool committed = false; // the client has seen the response start
    StreamSeen stream;
    UpstreamResult transport; // TransferEnded: how the transfer ended
    int sameBackendRetries = 0; // how often this backend was already tried again
    bool loginToken = false; // the provider's auth logs in for a token (needsToken())
    int freshTokenRetries = 0; // how often this request logged in again after a 401
    QString loginError; // LoginFailed: the auth URL's answer
    QString unusableAnswer; // AnswerUnusable: what is wrong with it
};

// What to hold against the backend.
struct CooldownVerdict
{
    CooldownReason reason = CooldownReason::ServerError;
    QString endpoint; // empty: the whole backend; else only this endpoint
    std::optional<qint64> retryAfterSeconds; // RateLimited only
    QString detail; // shown in /health and `clawgatectl cooldown list`
};

struct AttemptDecision
{
    enum class Action {
        Continue, // nothing decided yet: keep receiving
        Commit, // the stream's first event is good: start the client's response
        RetrySameBackend, // the request never reached the upstream: send it there again
        RetryWithFreshToken, // the upstream refused the login token: log in, send again
        FailOver, // drop this attempt and try the next backend
        RespondAsIs, // a whole (non-stream) response: give it to the client
        CompleteStream, // the stream ended as its protocol says a stream ends
        EndStreamAsIs, // the upstream ended the stream with its own error event
        EndStreamWithError, // the stream broke: append an error event and end it
    };
    Action action = Action::Continue;
    std::optional<CooldownVerdict> cooldown;
    bool backendWorked = false; // a success: ends the backend's failure streak
    QString outcome; // why, for the list of attempts, the log and error messages
};

// The answer when every backend failed.
struct AllFailedAnswer
{
    int status = 502;
    QByteArray code = "all_backends_failed";
};

class AttemptPolicy
{
public:
    // Limits on what the gateway holds for one attempt.
    // One SSE event, or what a stream sends before its first event.
    static constexpr qsizetype kMaxEventBytes = SseScanner::kDefaultMaxBlockBytes;
    static constexpr qsizetype kMaxBufferedResponse = 256LL << 20; // a whole non-stream body
    static constexpr int kMaxSameBackendRetries = 1;
    static constexpr int kMaxFreshTokenRetries = 1; // per request, whatever the backend

    // A 401 from a provider that logs in means its token lapsed or was revoked, not that the
    // backend is broken: log in again and send once more. Backend tests follow the same rule.
    static bool logsInAgain(int status, bool loginToken, int freshTokenRetries);

    explicit AttemptPolicy(const Clock *clock);

    AttemptDecision decide(const AttemptReport &report) const;

    // 429 when every tried backend was rate limited, 504 when every one timed out, else 502.
    static AllFailedAnswer allFailed(const QList<CooldownReason> &reasons);

private:
    AttemptDecision onHeaders(const AttemptReport &report) const;
    static AttemptDecision onFirstEvent(const AttemptReport &report);
    static AttemptDecision onOverflow(const AttemptReport &report);
    static AttemptDecision onEnded(const AttemptReport &report);
    static AttemptDecision onStreamEnded(const AttemptReport &report);

    const Clock *m_clock;
};

} // namespace clawgate
