// The gateway service's half on the worker thread: owns the Gateway while it runs, carries out
// the service's commands there, and reports what happens as values. Not a public header:
// observers use GatewayService.
#pragma once

#include "gatewayservice.h"

#include <QTimer>

#include <memory>

namespace clawgate {

class GatewayWorker : public QObject
{
    Q_OBJECT
public:
    explicit GatewayWorker(GatewayOptions options);
    ~GatewayWorker() override;

    void start();
    void stop();
    // Tears the gateway down now, requests in flight included.
    void stopNow();

    void setCooldown(quint64 id, const QString &backendId, std::optional<qint64> seconds);
    void clearCooldown(quint64 id, const QString &backendId);
    void saveConfig(quint64 id, const QJsonObject &root);
    // `backendId` empty: every backend of the alias.
    void testBackends(quint64 id, const QString &alias, const QString &backendId);

Q_SIGNALS:
    void started(const QString &url);
    void startFailed(const QString &error);
    void stopped();
    void configChanged(clawgate::ConfigPtr config, const QJsonObject &json);
    void backendsChanged(const QList<clawgate::BackendStatus> &backends);
    void configRefused(const QString &errors);
    void statsChanged(const clawgate::GatewayStats &stats);
    void requestsFinished(const QList<clawgate::RequestRecord> &records);
    void commandFinished(const clawgate::CommandResult &result);
    void testFinished(quint64 id, const QList<clawgate::BackendTestResult> &results);

private:
    void publishConfig();
    void publishBackendsSoon();
    void publishBackends();
    void publishStats();
    void keepRecord(RequestRecord &&record);
    void publishRecords();
    void finish(quint64 id, bool ok, const QString &message);

    GatewayOptions m_options;
    std::unique_ptr<Gateway> m_gateway;
    // Bursts of cooldown changes (many streams failing at once) become one report.
    QTimer m_publishTimer;
    // The counters change with every request: looked at a few times a second, sent on change.
    QTimer m_statsTimer;
    GatewayStats m_stats;
    // Request records gathered between two batches: a flood of requests is a handful of
    // signals a second, not one a request.
    QList<RequestRecord> m_records;
    QTimer m_recordTimer;
};

} // namespace clawgate
