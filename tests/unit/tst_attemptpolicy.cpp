// AttemptPolicy: the whole failover rule set as one table. Each row is one way an attempt at a
// backend can turn out, and what must follow: keep going, commit the stream, try the same
// backend again, fail over (with which cooldown), or end the client's response. Time, which
// only a Retry-After date needs, comes from a clock moved by hand.
#include "routing/attemptpolicy.h"
#include "routing/clock.h"

#include <QtTest>

using namespace clawgate;

Q_DECLARE_METATYPE(AttemptReport)
Q_DECLARE_METATYPE(AttemptDecision::Action)

namespace {

class FakeClock final : public Clock
{
public:
    qint64 nowMs() const override { return 1714564800000LL; } // 2024-05-01T12:00:00Z
};

using Action = AttemptDecision::Action;

AttemptReport headers(int status, bool stream = false)
{
    AttemptReport r;
    r.stage = AttemptStage::HeadersArrived;
    r.status = status;
    r.isStream = stream;
    return r;
}

// From a provider that logs in for its token, after `freshTokenRetries` logins again.
AttemptReport withLoginToken(AttemptReport r, int freshTokenRetries)
{
    r.loginToken = true;
    r.freshTokenRetries = freshTokenRetries;
    return r;
}

AttemptReport loginFailed(const QString &error)
{
    AttemptReport r;
    r.stage = AttemptStage::LoginFailed;
    r.loginToken = true;
    r.loginError = error;
    return r;
}

AttemptReport unusableAnswer(const QString &problem)
{
    AttemptReport r = headers(200, false);
    r.stage = AttemptStage::AnswerUnusable;
    r.unusableAnswer = problem;
    return r;
}

AttemptReport firstEvent(bool hasData, bool errorEvent)
{
    AttemptReport r = headers(200, true);
    r.stage = AttemptStage::FirstEvent;
    r.stream.hasData = hasData;
    r.stream.errorEvent = errorEvent;
    return r;
}

AttemptReport ended(UpstreamFailure failure, bool neverSent = false, int status = 0)
{
    AttemptReport r;
    r.stage = AttemptStage::TransferEnded;
    r.status = status;
    r.transport.failure = failure;
    r.transport.message = QStringLiteral("libcurl says");
    r.transport.requestNeverSent = neverSent;
    return r;
}

// A stream the client already sees, ended with `failure`, after the events in `seen`.
AttemptReport streamEnded(UpstreamFailure failure, StreamSeen seen)
{
    AttemptReport r = ended(failure, false, 200);
    r.isStream = true;
    r.committed = true;
    seen.hasData = true;
    r.stream = seen;
    return r;
}

StreamSeen seen(bool terminator, bool finishReason, bool errorEvent)
{
    StreamSeen s;
    s.terminator = terminator;
    s.finishReason = finishReason;
    s.errorEvent = errorEvent;
    return s;
}

} // namespace

class TestAttemptPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decides_data();
    void decides();
    void retryAfterSetsTheRateLimitCooldown_data();
    void retryAfterSetsTheRateLimitCooldown();
    void missingEndpointCoolsDownOnlyThatEndpoint();
    void sameBackendIsRetriedOnlyOnce();
    void allFailedAnswer_data();
    void allFailedAnswer();
};

void TestAttemptPolicy::decides_data()
{
    QTest::addColumn<AttemptReport>("report");
    QTest::addColumn<AttemptDecision::Action>("action");
    QTest::addColumn<QString>("reason"); // cooldown reason name, empty: no cooldown
    QTest::addColumn<bool>("backendWorked");
    QTest::addColumn<QString>("outcome"); // a part of the outcome text, if any

    const UpstreamFailure none = UpstreamFailure::None;
    const QString noCooldown;

    // The response head.
    QTest::newRow("200 keeps receiving")
        << headers(200) << Action::Continue << noCooldown << false << QString();
    QTest::newRow("400 is the client's: keeps receiving")
        << headers(400) << Action::Continue << noCooldown << false << QString();
    QTest::newRow("422 is the client's")
        << headers(422) << Action::Continue << noCooldown << false << QString();
    QTest::newRow("429 fails over") << headers(429) << Action::FailOver << QStringLiteral("429")
                                    << false << QStringLiteral("HTTP 429");
    QTest::newRow("500 fails over") << headers(500) << Action::FailOver << QStringLiteral("5xx")
                                    << false << QStringLiteral("HTTP 500");
    QTest::newRow("503 on a stream fails over")
        << headers(503, true) << Action::FailOver << QStringLiteral("5xx") << false
        << QStringLiteral("HTTP 503");
    QTest::newRow("408 is a timeout")
        << headers(408) << Action::FailOver << QStringLiteral("timeout") << false << QString();
    QTest::newRow("401: the upstream rejected the key")
        << headers(401) << Action::FailOver << QStringLiteral("auth") << false
        << QStringLiteral("upstream rejected the key");
    QTest::newRow("403: the upstream rejected the key")
        << headers(403) << Action::FailOver << QStringLiteral("auth") << false
        << QStringLiteral("upstream rejected the key");
    QTest::newRow("401 to a login token: log in again, same backend")
        << withLoginToken(headers(401), 0) << Action::RetryWithFreshToken << noCooldown << false
        << QStringLiteral("refused the login token");
    QTest::newRow("401 to a fresh login token: fail over, no third login")
        << withLoginToken(headers(401, true), 1) << Action::FailOver << QStringLiteral("auth")
        << false << QStringLiteral("upstream rejected the key");
    QTest::newRow("403 to a login token: fail over, a new token would not help")
        << withLoginToken(headers(403), 0) << Action::FailOver << QStringLiteral("auth") << false
        << QStringLiteral("upstream rejected the key");
    QTest::newRow("200 with a login token keeps receiving")
        << withLoginToken(headers(200), 0) << Action::Continue << noCooldown << false << QString();
    QTest::newRow("402: out of credit")
        << headers(402) << Action::FailOver << QStringLiteral("credit") << false
        << QStringLiteral("out of credit");
    QTest::newRow("404: the endpoint is missing")
        << headers(404) << Action::FailOver << QStringLiteral("endpoint") << false
        << QStringLiteral("/v1/chat/completions");

    // A stream's first event decides whether the client sees this backend.
    QTest::newRow("good first event commits")
        << firstEvent(true, false) << Action::Commit << noCooldown << false << QString();
    QTest::newRow("first event is an error: fail over")
        << firstEvent(true, true) << Action::FailOver << QStringLiteral("stream") << false
        << QStringLiteral("began with an error event");
    QTest::newRow("first event without data: fail over")
        << firstEvent(false, false) << Action::FailOver << QStringLiteral("stream") << false
        << QStringLiteral("no data");

    // The login for a token failed: nothing was sent; the auth URL's answer is the outcome.
    QTest::newRow("login failed: fail over, auth cooldown")
        << loginFailed(QStringLiteral("login at https://auth.example/token failed: HTTP 401: no"))
        << Action::FailOver << QStringLiteral("auth") << false
        << QStringLiteral("login at https://auth.example/token failed: HTTP 401: no");

    // A whole answer in another protocol that cannot be translated for the client.
    QTest::newRow("untranslatable answer: fail over, 5xx cooldown")
        << unusableAnswer(QStringLiteral("tool_calls[0].function.arguments is not JSON"))
        << Action::FailOver << QStringLiteral("5xx") << false
        << QStringLiteral("answer could not be translated: tool_calls[0]");

    // Limits.
    AttemptReport overflow = headers(200, true);
    overflow.stage = AttemptStage::BufferOverflow;
    QTest::newRow("stream start past the limit: fail over")
        << overflow << Action::FailOver << QStringLiteral("stream") << false
        << QStringLiteral("no event in 16 MiB");
    overflow.committed = true;
    QTest::newRow("event past the limit ends the stream with an error")
        << overflow << Action::EndStreamWithError << QStringLiteral("stream") << false
        << QStringLiteral("larger than 16 MiB");
    overflow = headers(200);
    overflow.stage = AttemptStage::BufferOverflow;
    QTest::newRow("whole body past the limit: fail over")
        << overflow << Action::FailOver << QStringLiteral("5xx") << false
        << QStringLiteral("larger than 256 MiB");

    // The transfer ended before the client saw anything.
    QTest::newRow("never sent, connection broke: same backend again")
        << ended(UpstreamFailure::NoResponse, true) << Action::RetrySameBackend << noCooldown
        << false << QString();
    QTest::newRow("sent, then no response: fail over, never again here")
        << ended(UpstreamFailure::NoResponse, false) << Action::FailOver << QStringLiteral("stream")
        << false << QStringLiteral("closed without a response");
    QTest::newRow("sent, then reset during the response: fail over")
        << ended(UpstreamFailure::Reset, false, 200) << Action::FailOver << QStringLiteral("stream")
        << false << QStringLiteral("connection broke");
    QTest::newRow("connect failed: fail over, not the same unreachable host")
        << ended(UpstreamFailure::ConnectFailed, true) << Action::FailOver
        << QStringLiteral("connect") << false << QStringLiteral("connect failed");
    QTest::newRow("connect timed out: fail over")
        << ended(UpstreamFailure::ConnectTimeout, true) << Action::FailOver
        << QStringLiteral("timeout") << false << QString();
    QTest::newRow("silent before the first byte: fail over")
        << ended(UpstreamFailure::FirstByteTimeout) << Action::FailOver << QStringLiteral("timeout")
        << false << QStringLiteral("timed out");
    AttemptReport noEvent = ended(none, false, 200);
    noEvent.isStream = true;
    QTest::newRow("stream ended before its first event: fail over")
        << noEvent << Action::FailOver << QStringLiteral("stream") << false
        << QStringLiteral("before its first event");
    QTest::newRow("whole 200 response: answer, the backend works")
        << ended(none, false, 200) << Action::RespondAsIs << noCooldown << true << QString();
    QTest::newRow("whole 400 response: answer, no verdict on the backend")
        << ended(none, false, 400) << Action::RespondAsIs << noCooldown << false << QString();

    // The transfer ended after the client's stream began.
    QTest::newRow("[DONE] and a clean end: complete")
        << streamEnded(none, seen(true, true, false)) << Action::CompleteStream << noCooldown
        << true << QString();
    QTest::newRow("[DONE], then the connection broke: complete")
        << streamEnded(UpstreamFailure::Reset, seen(true, false, false)) << Action::CompleteStream
        << noCooldown << true << QString();
    QTest::newRow("finish_reason and a clean end without [DONE]: complete")
        << streamEnded(none, seen(false, true, false)) << Action::CompleteStream << noCooldown
        << true << QString();
    QTest::newRow("finish_reason, then the connection broke: error event")
        << streamEnded(UpstreamFailure::Reset, seen(false, true, false))
        << Action::EndStreamWithError << QStringLiteral("stream") << false
        << QStringLiteral("connection broke");
    QTest::newRow("clean end without finish_reason or [DONE]: truncated")
        << streamEnded(none, seen(false, false, false)) << Action::EndStreamWithError
        << QStringLiteral("stream") << false << QStringLiteral("before it was complete");
    QTest::newRow("silent mid-stream: error event, timeout")
        << streamEnded(UpstreamFailure::IdleTimeout, seen(false, false, false))
        << Action::EndStreamWithError << QStringLiteral("timeout") << false
        << QStringLiteral("timed out");
    QTest::newRow("the upstream's own error event: end as is")
        << streamEnded(none, seen(false, false, true)) << Action::EndStreamAsIs
        << QStringLiteral("stream") << false << QString();
    QTest::newRow("error event, then [DONE]: still the upstream's error")
        << streamEnded(none, seen(true, true, true)) << Action::EndStreamAsIs
        << QStringLiteral("stream") << false << QString();
    QTest::newRow("error event, then the connection broke: no second error")
        << streamEnded(UpstreamFailure::Reset, seen(false, false, true)) << Action::EndStreamAsIs
        << QStringLiteral("stream") << false << QString();
}

void TestAttemptPolicy::decides()
{
    QFETCH(AttemptReport, report);
    QFETCH(AttemptDecision::Action, action);
    QFETCH(QString, reason);
    QFETCH(bool, backendWorked);
    QFETCH(QString, outcome);
    FakeClock clock;
    const AttemptDecision d = AttemptPolicy(&clock).decide(report);
    QCOMPARE(int(d.action), int(action));
    QCOMPARE(d.cooldown ? cooldownReasonName(d.cooldown->reason) : QString(), reason);
    QCOMPARE(d.backendWorked, backendWorked);
    QVERIFY2(d.outcome.contains(outcome), qPrintable(d.outcome));
    if (d.cooldown) {
        QCOMPARE(d.cooldown->detail, d.outcome); // what the views show is what happened
        QCOMPARE(d.cooldown->endpoint.isEmpty(),
                 d.cooldown->reason != CooldownReason::EndpointMissing);
    }
}

void TestAttemptPolicy::retryAfterSetsTheRateLimitCooldown_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<std::optional<qint64>>("seconds");
    QTest::newRow("delay-seconds") << QByteArrayLiteral("120") << std::optional<qint64>(120);
    QTest::newRow("HTTP date ten minutes after now")
        << QByteArrayLiteral("Wed, 01 May 2024 12:10:00 GMT") << std::optional<qint64>(600);
    QTest::newRow("none: the configured default") << QByteArray() << std::optional<qint64>();
}

void TestAttemptPolicy::retryAfterSetsTheRateLimitCooldown()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(std::optional<qint64>, seconds);
    FakeClock clock;
    AttemptReport report = headers(429);
    report.retryAfter = retryAfter;
    const AttemptDecision d = AttemptPolicy(&clock).decide(report);
    QVERIFY(d.cooldown);
    QCOMPARE(d.cooldown->reason, CooldownReason::RateLimited);
    QCOMPARE(d.cooldown->retryAfterSeconds, seconds);
}

void TestAttemptPolicy::missingEndpointCoolsDownOnlyThatEndpoint()
{
    FakeClock clock;
    for (const auto &[endpoint, scope] :
         {std::pair {Endpoint::Responses, QStringLiteral("/v1/responses")},
          std::pair {Endpoint::Embeddings, QStringLiteral("/v1/embeddings")}}) {
        AttemptReport report = headers(404);
        report.endpoint = endpoint;
        const AttemptDecision d = AttemptPolicy(&clock).decide(report);
        QCOMPARE(d.cooldown->endpoint, scope);
        // Everything else about a backend is the whole backend's.
        report.status = 503;
        QVERIFY(AttemptPolicy(&clock).decide(report).cooldown->endpoint.isEmpty());
    }
}

void TestAttemptPolicy::sameBackendIsRetriedOnlyOnce()
{
    FakeClock clock;
    AttemptReport report = ended(UpstreamFailure::NoResponse, true);
    QCOMPARE(int(AttemptPolicy(&clock).decide(report).action), int(Action::RetrySameBackend));
    report.sameBackendRetries = 1;
    const AttemptDecision d = AttemptPolicy(&clock).decide(report);
    QCOMPARE(int(d.action), int(Action::FailOver));
    QCOMPARE(d.cooldown->reason, CooldownReason::StreamFailed);
}

void TestAttemptPolicy::allFailedAnswer_data()
{
    QTest::addColumn<QList<CooldownReason>>("reasons");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");
    using R = CooldownReason;
    QTest::newRow("all rate limited") << QList<R> {R::RateLimited, R::RateLimited} << 429
                                      << QByteArrayLiteral("rate_limit_exceeded");
    QTest::newRow("all timed out")
        << QList<R> {R::Timeout, R::Timeout} << 504 << QByteArrayLiteral("upstream_timeout");
    QTest::newRow("mixed") << QList<R> {R::RateLimited, R::ServerError} << 502
                           << QByteArrayLiteral("all_backends_failed");
    QTest::newRow("rejected keys") << QList<R> {R::AuthFailed, R::OutOfCredit} << 502
                                   << QByteArrayLiteral("all_backends_failed");
}

void TestAttemptPolicy::allFailedAnswer()
{
    QFETCH(QList<CooldownReason>, reasons);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    const AllFailedAnswer answer = AttemptPolicy::allFailed(reasons);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.code, code);
}

QTEST_GUILESS_MAIN(TestAttemptPolicy)
#include "tst_attemptpolicy.moc"
