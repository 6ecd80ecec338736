// The gateway as a GUI (or a test) sees it: one object on the caller's thread that runs the
// gateway on a worker thread of its own and talks to it only by queued calls and signals that
// carry values. start(), stop() and restart() return at once and report the way there through
// statusChanged(); commands return an id that their commandFinished() carries. Nothing here
// blocks the caller on the gateway, and nothing the caller does delays a request. How many
// threads serve requests is the service's business: observers only see these signals.
#pragma once

#include "gateway.h"
#include "logsink.h"
#include "routing/backendstatus.h"
#include "upstream/backendprobe.h"

#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <optional>

namespace clawgate {

class GatewayWorker;

enum class GatewayState { Stopped, Starting, Running, Stopping, Failed };

struct GatewayStatus
{
    GatewayState state = GatewayState::Stopped;
    QString url; // "http://127.0.0.1:18080" while running
    QString error; // why it failed to start
};

// What the gateway is busy with, for a status line (and for tests that check it lets go).
struct GatewayStats
{
    int connections = 0; // client connections open
    int requestsInFlight = 0;
    qint64 bufferedBodyBytes = 0; // request bodies being received, all connections together
    bool operator==(const GatewayStats &o) const
    {
        return connections == o.connections && requestsInFlight == o.requestsInFlight
            && bufferedBodyBytes == o.bufferedBodyBytes;
    }
    bool operator!=(const GatewayStats &o) const { return !(*this == o); }
};

struct CommandResult
{
    quint64 id = 0;
    bool ok = false;
    QString message; // what went wrong, or what was done; never a secret
};

class GatewayService : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxRecordsPerBatch = 10000;

    explicit GatewayService(GatewayOptions options, QObject *parent = nullptr);
    // Stops a running gateway at once (requests in flight are cut); stop() first and wait for
    // Stopped to let them finish.
    ~GatewayService() override;

    GatewayStatus status() const { return m_status; }
    // The configuration file this service runs; the secret index and admin token are beside it.
    QString configPath() const { return m_configPath; }
    // The latest values reported, for a view that opens after the signals went out.
    ConfigPtr config() const { return m_config; }
    QJsonObject configJson() const { return m_configJson; }
    QList<BackendStatus> backends() const { return m_backends; }
    GatewayStats stats() const { return m_stats; }

    void start();
    // Stops accepting, lets requests in flight finish (at most server.shutdownGraceSeconds).
    void stop();
    void restart();

    // `seconds` nullopt: until cleared.
    quint64 setCooldown(const QString &backendId, std::optional<qint64> seconds);
    quint64 clearCooldown(const QString &backendId);
    // Validates and writes the configuration; the very next request is routed by it. A refused
    // configuration changes nothing and the result names the field and line. While the gateway
    // is stopped the configuration is still written, for the next start.
    quint64 saveConfig(const QJsonObject &root);
    // Sends one real, minimal request through a backend (or through every backend of an alias,
    // in parallel); testFinished() carries the outcome. A test never changes a cooldown.
    quint64 testBackend(const QString &alias, const QString &backendId);
    quint64 testAlias(const QString &alias);

Q_SIGNALS:
    void statusChanged(const clawgate::GatewayStatus &status);
    // The configuration now in force: an immutable snapshot, and the file's JSON for editing.
    void configChanged(clawgate::ConfigPtr config, const QJsonObject &json);
    // Every backend of every alias, whenever any of them changes.
    void backendsChanged(const QList<clawgate::BackendStatus> &backends);
    // The configuration file changed on disk and was refused; the one in force stays. `errors`
    // names each field and line.
    void configRefused(const QString &errors);
    // A few times a second at most, when the numbers change.
    void statsChanged(const clawgate::GatewayStats &stats);
    void commandFinished(const clawgate::CommandResult &result);
    // The requests finished since the last batch (a few times a second at most, at most
    // kMaxRecordsPerBatch: under a flood the oldest of a batch are left out).
    void requestsFinished(const QList<clawgate::RequestRecord> &records);
    // One result per backend tested, in the alias's order; a test that could not start at all
    // has a single result with an empty backendId and the reason.
    void testFinished(quint64 id, const QList<clawgate::BackendTestResult> &results);
    // The gateway's own log lines since the last batch (a few times a second at most).
    void logLines(const QList<clawgate::LogLine> &lines);

private:
    void setStatus(GatewayState state, const QString &url = {}, const QString &error = {});
    void onWorkerStopped();
    void takeLogLines();
    // Runs `work(worker, id)` on the gateway's thread when it is running.
    template<typename Work> quint64 command(Work work);
    quint64 test(const QString &alias, const QString &backendId);

    const QString m_configPath;
    QThread m_thread;
    GatewayWorker *m_worker = nullptr;
    GatewayStatus m_status;
    ConfigPtr m_config;
    QJsonObject m_configJson;
    QList<BackendStatus> m_backends;
    GatewayStats m_stats;
    QTimer m_logTimer;
    qint64 m_lastLogLine = 0;
    quint64 m_nextCommandId = 1;
    bool m_restartPending = false;
};

} // namespace clawgate

Q_DECLARE_METATYPE(clawgate::GatewayStatus)
Q_DECLARE_METATYPE(clawgate::CommandResult)
Q_DECLARE_METATYPE(clawgate::GatewayStats)
