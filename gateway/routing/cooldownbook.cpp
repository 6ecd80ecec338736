#include "cooldownbook.h"

#include "clock.h"
#include "duration.h"
#include "store/backgroundfilewriter.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcCooldown, "clawgate.routing.cooldown")

namespace clawgate {

namespace {

struct ReasonName
{
    CooldownReason reason;
    const char *name;
};
constexpr ReasonName kReasonNames[] = {
    {CooldownReason::RateLimited, "429"},     {CooldownReason::ServerError, "5xx"},
    {CooldownReason::Timeout, "timeout"},     {CooldownReason::ConnectFailed, "connect"},
    {CooldownReason::StreamFailed, "stream"}, {CooldownReason::AuthFailed, "auth"},
    {CooldownReason::OutOfCredit, "credit"},  {CooldownReason::EndpointMissing, "endpoint"},
    {CooldownReason::Manual, "manual"},
};

} // namespace

QString cooldownReasonName(CooldownReason reason)
{
    for (const ReasonName &r : kReasonNames) {
        if (r.reason == reason)
            return QLatin1String(r.name);
    }
    return {};
}

std::optional<CooldownReason> cooldownReasonFromName(const QString &name)
{
    for (const ReasonName &r : kReasonNames) {
        if (name == QLatin1String(r.name))
            return r.reason;
    }
    return std::nullopt;
}

QJsonObject CooldownState::toJson(qint64 nowMs) const
{
    QJsonObject o;
    o.insert(QLatin1String("backend"), backendId);
    if (!endpoint.isEmpty())
        o.insert(QLatin1String("endpoint"), endpoint);
    o.insert(QLatin1String("cooling"), isCooling(nowMs));
    o.insert(QLatin1String("reason"), cooldownReasonName(reason));
    o.insert(QLatin1String("detail"), detail);
    o.insert(QLatin1String("consecutiveFailures"), consecutiveFailures);
    o.insert(QLatin1String("forever"), untilMs == kForever);
    if (untilMs != kForever && isCooling(nowMs)) {
        o.insert(QLatin1String("until"),
                 QDateTime::fromMSecsSinceEpoch(untilMs, Qt::UTC).toString(Qt::ISODate));
        o.insert(QLatin1String("secondsLeft"), double((untilMs - nowMs + 999) / 1000));
    }
    return o;
}

CooldownBook::CooldownBook(const QString &persistPath, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_path(persistPath)
    , m_writer(persistPath.isEmpty() ? nullptr : new BackgroundFileWriter(persistPath))
    , m_clock(clock)
{
    // Coalesce bursts (many streams failing at once) into one write.
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(kSaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &CooldownBook::writeSnapshot);
    m_expiryTimer.setSingleShot(true);
    m_expiryTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire up to 5% early
    connect(&m_expiryTimer, &QTimer::timeout, this, [this] {
        armExpiryTimer();
        Q_EMIT changed();
    });
}

CooldownBook::~CooldownBook()
{
    if (m_saveTimer.isActive())
        writeSnapshot();
    // m_writer's destructor waits for the write under way: nothing is lost at shutdown.
}

bool CooldownBook::load(QString *error)
{
    if (m_path.isEmpty())
        return true;
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    file.close();
    if (!doc.isObject()) {
        // What the book already knows stays; the damaged file is kept for a person to look at.
        moveCorruptFileAside(parseError.error != QJsonParseError::NoError
                                 ? parseError.errorString()
                                 : QStringLiteral("not a JSON object"));
        return true;
    }
    m_states.clear();
    const QJsonObject backends = doc.object().value(QLatin1String("backends")).toObject();
    const qint64 now = m_clock->nowMs();
    for (auto it = backends.begin(); it != backends.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        CooldownState s;
        s.endpoint = o.value(QLatin1String("endpoint")).toString();
        s.backendId = s.endpoint.isEmpty() ? it.key() : it.key().chopped(s.endpoint.size() + 1);
        s.reason = cooldownReasonFromName(o.value(QLatin1String("reason")).toString())
                       .value_or(CooldownReason::Manual);
        // A file written before the limits existed (or by hand) may reach far into the future.
        const qint64 limitSeconds = s.reason == CooldownReason::Manual
            ? kMaxManualCooldownSeconds
            : kMaxAutomaticCooldownSeconds;
        s.untilMs = o.value(QLatin1String("forever")).toBool()
            ? CooldownState::kForever
            : qint64(std::clamp(o.value(QLatin1String("untilMs")).toDouble(), 0.0,
                                double(now + limitSeconds * 1000)));
        s.detail = o.value(QLatin1String("detail")).toString();
        s.consecutiveFailures = o.value(QLatin1String("consecutiveFailures")).toInt();
        m_states.insert(it.key(), s);
    }
    armExpiryTimer();
    Q_EMIT changed();
    return true;
}

void CooldownBook::moveCorruptFileAside(const QString &problem)
{
    // Only the newest damaged file is kept: it is the one worth a look, and a gateway that keeps
    // meeting damaged files must not fill the disk with them.
    const QString aside = m_path + QStringLiteral(".corrupt");
    QFile::remove(aside);
    if (QFile::rename(m_path, aside))
        qCWarning(lcCooldown).noquote()
            << QStringLiteral("%1 is not a cooldown file (%2); moved it to %3 and starting "
                              "without saved cooldowns")
                   .arg(m_path, problem, aside);
    else
        qCWarning(lcCooldown).noquote()
            << QStringLiteral("%1 is not a cooldown file (%2) and cannot be moved to %3; starting "
                              "without saved cooldowns, and the next save replaces it")
                   .arg(m_path, problem, aside);
}

bool CooldownBook::saveNow(QString *error)
{
    if (!m_writer)
        return true;
    writeSnapshot();
    const QString problem = m_writer->waitForIdle();
    if (!problem.isEmpty() && error)
        *error = problem;
    return problem.isEmpty();
}

int CooldownBook::savesWritten() const
{
    return m_writer ? m_writer->writesCompleted() : 0;
}

void CooldownBook::writeSnapshot()
{
    m_saveTimer.stop();
    if (m_writer)
        m_writer->write(snapshot());
}

QByteArray CooldownBook::snapshot() const
{
    QJsonObject backends;
    for (const CooldownState &s : std::as_const(m_states)) {
        QJsonObject o;
        if (s.untilMs == CooldownState::kForever)
            o.insert(QLatin1String("forever"), true);
        else
            o.insert(QLatin1String("untilMs"), double(s.untilMs));
        o.insert(QLatin1String("reason"), cooldownReasonName(s.reason));
        o.insert(QLatin1String("detail"), s.detail);
        o.insert(QLatin1String("consecutiveFailures"), s.consecutiveFailures);
        if (!s.endpoint.isEmpty())
            o.insert(QLatin1String("endpoint"), s.endpoint);
        backends.insert(key(s.backendId, s.endpoint), o);
    }
    QJsonObject root;
    root.insert(QLatin1String("version"), 1);
    root.insert(QLatin1String("backends"), backends);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool CooldownBook::isCooling(const QString &backendId) const
{
    const auto it = m_states.constFind(backendId);
    return it != m_states.constEnd() && it->isCooling(m_clock->nowMs());
}

QString CooldownBook::key(const QString &backendId, const QString &endpoint)
{
    // Endpoints are paths ("/v1/responses"), so the space cannot be mistaken for part of one.
    return endpoint.isEmpty() ? backendId : backendId + QLatin1Char(' ') + endpoint;
}

std::optional<CooldownState> CooldownBook::state(const QString &backendId,
                                                 const QString &endpoint) const
{
    const auto it = m_states.constFind(key(backendId, endpoint));
    if (it == m_states.constEnd())
        return std::nullopt;
    return *it;
}

std::optional<CooldownState> CooldownBook::blocking(const QString &backendId,
                                                    const QString &endpoint) const
{
    const qint64 now = m_clock->nowMs();
    std::optional<CooldownState> found;
    for (const QString &k : {backendId, key(backendId, endpoint)}) {
        const auto it = m_states.constFind(k);
        if (it != m_states.constEnd() && it->isCooling(now)
            && (!found || it->untilMs > found->untilMs))
            found = *it;
        if (endpoint.isEmpty())
            break;
    }
    return found;
}

QList<CooldownState> CooldownBook::activeCooldowns() const
{
    const qint64 now = m_clock->nowMs();
    QList<CooldownState> out;
    for (const CooldownState &s : m_states) {
        if (s.isCooling(now))
            out.append(s);
    }
    std::sort(out.begin(), out.end(),
              [](const CooldownState &a, const CooldownState &b) { return a.untilMs < b.untilMs; });
    return out;
}

void CooldownBook::recordSuccess(const QString &backendId, const QString &endpoint)
{
    forgetFailures(backendId);
    if (!endpoint.isEmpty())
        forgetFailures(key(backendId, endpoint));
}

void CooldownBook::forgetFailures(const QString &key)
{
    const auto it = m_states.find(key);
    if (it == m_states.end())
        return;
    if (it->isCooling(m_clock->nowMs())) {
        // A request that was already in flight, or a tryEarliest attempt, succeeded: the
        // backend works again, so the next failure starts the backoff afresh. The cooldown
        // itself stays: it may have been set on purpose.
        if (it->consecutiveFailures == 0)
            return;
        it->consecutiveFailures = 0;
    } else {
        m_states.erase(it);
    }
    scheduleSave();
    Q_EMIT changed();
}

CooldownState CooldownBook::recordRateLimit(const QString &backendId,
                                            std::optional<qint64> retryAfterSeconds,
                                            const CooldownPolicy &policy, const QString &detail)
{
    CooldownState &s = m_states[backendId];
    s.backendId = backendId;
    const qint64 seconds = std::clamp<qint64>(retryAfterSeconds.value_or(policy.rateLimitSeconds),
                                              0, kMaxAutomaticCooldownSeconds);
    const qint64 now = m_clock->nowMs();
    const qint64 until = now + seconds * 1000;
    // A user's cooldown that lasts longer stays as it is, reason included.
    const bool manualHolds
        = s.reason == CooldownReason::Manual && s.isCooling(now) && s.untilMs >= until;
    if (!manualHolds) {
        s.untilMs = std::max(until, s.isCooling(now) ? s.untilMs : 0);
        s.reason = CooldownReason::RateLimited;
        s.detail = detail;
    }
    armExpiryTimer();
    scheduleSave();
    Q_EMIT changed();
    return s;
}

CooldownState CooldownBook::recordFailure(const QString &backendId, CooldownReason reason,
                                          const CooldownPolicy &policy, const QString &detail,
                                          const QString &endpoint)
{
    CooldownState &s = m_states[key(backendId, endpoint)];
    s.backendId = backendId;
    s.endpoint = endpoint;
    const qint64 now = m_clock->nowMs();
    // Requests that were already in flight when the backend started failing report their
    // failures too; they describe the same incident and must not double the backoff again.
    if (!s.isCooling(now)) {
        s.consecutiveFailures = std::min(s.consecutiveFailures + 1, 62);
        const int doublings = std::min(s.consecutiveFailures - 1, 30);
        const qint64 seconds
            = std::min({qint64(policy.failureBaseSeconds) << doublings,
                        qint64(policy.failureMaxSeconds), kMaxAutomaticCooldownSeconds});
        s.untilMs = now + seconds * 1000;
        s.reason = reason;
        s.detail = detail;
        armExpiryTimer();
        scheduleSave();
        Q_EMIT changed();
    }
    return s;
}

void CooldownBook::setManual(const QString &backendId, std::optional<qint64> seconds)
{
    CooldownState &s = m_states[backendId];
    s.backendId = backendId;
    s.untilMs = seconds
        ? m_clock->nowMs() + std::clamp<qint64>(*seconds, 0, kMaxManualCooldownSeconds) * 1000
        : CooldownState::kForever;
    s.reason = CooldownReason::Manual;
    s.detail = QStringLiteral("set by the user");
    armExpiryTimer();
    scheduleSave();
    Q_EMIT changed();
}

bool CooldownBook::clear(const QString &backendId)
{
    const qsizetype removed = m_states.removeIf(
        [&backendId](const auto &entry) { return entry.value().backendId == backendId; });
    if (removed == 0)
        return false;
    armExpiryTimer();
    scheduleSave();
    Q_EMIT changed();
    return true;
}

void CooldownBook::scheduleSave()
{
    if (m_writer && !m_saveTimer.isActive())
        m_saveTimer.start();
}

void CooldownBook::armExpiryTimer()
{
    const qint64 now = m_clock->nowMs();
    qint64 next = CooldownState::kForever;
    for (const CooldownState &s : std::as_const(m_states)) {
        if (s.isCooling(now))
            next = std::min(next, s.untilMs);
    }
    if (next == CooldownState::kForever) {
        m_expiryTimer.stop();
        return;
    }
    // QTimer takes an int; a far expiry is re-armed when this one fires.
    m_expiryTimer.start(int(std::min<qint64>(next - now + 1, 24LL * 3600 * 1000)));
}

} // namespace clawgate
