// Keeps every backend's cooldown: until when routing skips it, why, and how many failures in a
// row it has had. 429s cool for `Retry-After` (or the configured default); other failures back
// off exponentially; a user can set or clear a cooldown by hand. Most cooldowns hold the whole
// backend; one for an endpoint the upstream lacks (a 404) holds only that endpoint, so the
// backend keeps serving its others. No automatic cooldown lasts longer than
// kMaxAutomaticCooldownSeconds, no manual one with an end longer than kMaxManualCooldownSeconds
// (duration.h). The book persists itself to a JSON file so cooldowns survive a restart: changes
// are gathered for up to a second and written on a worker thread, so a burst of failures costs
// one write and the event loop never waits for the disk. Expiry needs no action: a cooldown
// whose time has passed simply no longer counts.
#pragma once

#include "store/config.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace clawgate {

class BackgroundFileWriter;
class Clock;

enum class CooldownReason {
    RateLimited,
    ServerError,
    Timeout,
    ConnectFailed,
    StreamFailed,
    AuthFailed, // 401/403: the upstream rejected the key
    OutOfCredit, // 402
    EndpointMissing, // 404: scoped to one endpoint of the backend
    Manual
};
QString cooldownReasonName(CooldownReason reason); // "429", "5xx", "timeout", ...
std::optional<CooldownReason> cooldownReasonFromName(const QString &name);

struct CooldownState
{
    QString backendId;
    QString endpoint; // empty: the whole backend; else only this endpoint ("/v1/responses")
    qint64 untilMs = 0; // kForever for a manual cooldown without end
    CooldownReason reason = CooldownReason::Manual;
    QString detail; // e.g. "HTTP 503", never a secret
    int consecutiveFailures = 0;

    static constexpr qint64 kForever = std::numeric_limits<qint64>::max();
    bool isCooling(qint64 nowMs) const { return untilMs > nowMs; }
    // For /health, the admin API and `clawgatectl cooldown list`.
    QJsonObject toJson(qint64 nowMs) const;
};

class CooldownBook : public QObject
{
    Q_OBJECT
public:
    // `persistPath` empty: in memory only.
    explicit CooldownBook(const QString &persistPath, Clock *clock, QObject *parent = nullptr);
    ~CooldownBook() override;

    // Reads the persisted file, if any. A file that is not a cooldown file is moved aside to
    // `<file>.corrupt` (replacing an older one) with one warning, and the book starts empty;
    // false only when the file cannot be read at all.
    bool load(QString *error = nullptr);
    // Writes the current state and waits until it is on disk: for shutdown and the command line.
    bool saveNow(QString *error = nullptr);
    // Writes that reached the disk so far: lets tests check that bursts are coalesced.
    int savesWritten() const;
    static constexpr int kSaveDelayMs = 1000; // at most one write a second

    bool isCooling(const QString &backendId) const;
    std::optional<CooldownState> state(const QString &backendId,
                                       const QString &endpoint = {}) const;
    // The cooldown that keeps the backend from serving `endpoint` now, if any: its own or the
    // endpoint's, whichever ends later.
    std::optional<CooldownState> blocking(const QString &backendId, const QString &endpoint) const;
    QList<CooldownState> activeCooldowns() const; // cooling now, soonest expiry first

    // A request to `endpoint` succeeded: the backend's failure streak and that endpoint's end.
    void recordSuccess(const QString &backendId, const QString &endpoint = {});
    // Returns the cooldown now in force for the backend.
    CooldownState recordRateLimit(const QString &backendId, std::optional<qint64> retryAfterSeconds,
                                  const CooldownPolicy &policy, const QString &detail);
    // `endpoint` non-empty: the failure concerns that endpoint only.
    CooldownState recordFailure(const QString &backendId, CooldownReason reason,
                                const CooldownPolicy &policy, const QString &detail,
                                const QString &endpoint = {});
    void setManual(const QString &backendId, std::optional<qint64> seconds); // nullopt: forever
    bool clear(const QString &backendId); // the backend's cooldown and its endpoints'

    Clock *clock() const { return m_clock; }

Q_SIGNALS:
    void changed();

private:
    static QString key(const QString &backendId, const QString &endpoint);
    void forgetFailures(const QString &key);
    void scheduleSave();
    void writeSnapshot();
    QByteArray snapshot() const;
    void moveCorruptFileAside(const QString &problem);
    void armExpiryTimer();

    QString m_path;
    std::unique_ptr<BackgroundFileWriter> m_writer; // null when in memory only
    Clock *m_clock;
    QHash<QString, CooldownState> m_states;
    QTimer m_saveTimer;
    QTimer m_expiryTimer; // emits changed() when the next cooldown ends, for live views
};

} // namespace clawgate
