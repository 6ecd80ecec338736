#include "gatewayworker.h"

#include "store/configstore.h"

#include "routing/cooldownbook.h"
#include "upstream/backendprobe.h"

namespace clawgate {

GatewayWorker::GatewayWorker(GatewayOptions options)
    : m_options(std::move(options))
    , m_publishTimer(this) // moves to the worker thread with it
    , m_statsTimer(this)
    , m_recordTimer(this)
{
    m_recordTimer.setSingleShot(true);
    m_recordTimer.setInterval(200);
    connect(&m_recordTimer, &QTimer::timeout, this, &GatewayWorker::publishRecords);
    m_statsTimer.setInterval(100);
    connect(&m_statsTimer, &QTimer::timeout, this, &GatewayWorker::publishStats);
    m_publishTimer.setSingleShot(true);
    m_publishTimer.setInterval(0);
    connect(&m_publishTimer, &QTimer::timeout, this, &GatewayWorker::publishBackends);
}

GatewayWorker::~GatewayWorker() = default;

void GatewayWorker::start()
{
    if (m_gateway)
        return;
    // Created here, on the worker thread, so every socket, timer and notifier it makes
    // belongs to this thread.
    m_gateway = std::make_unique<Gateway>(m_options);
    QString error;
    if (!m_gateway->start(&error)) {
        m_gateway.reset();
        Q_EMIT startFailed(error);
        return;
    }
    Gateway *gateway = m_gateway.get();
    connect(gateway, &Gateway::configReloaded, this, [this] {
        publishConfig();
        publishBackendsSoon();
    });
    connect(gateway->cooldowns(), &CooldownBook::changed, this,
            &GatewayWorker::publishBackendsSoon);
    connect(gateway, &Gateway::configRejected, this, &GatewayWorker::configRefused);
    gateway->setRequestObserver([this](RequestRecord &&record) { keepRecord(std::move(record)); });
    connect(gateway, &Gateway::stopped, this, [this] {
        // Not from inside the gateway's own signal: it is deleted here.
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_publishTimer.stop();
                m_gateway.reset();
                publishRecords(); // the last requests, cut short by the stop included
                publishStats(); // all back to zero
                m_statsTimer.stop();
                Q_EMIT stopped();
            },
            Qt::QueuedConnection);
    });
    // The values first: whoever sees Running finds the configuration and backends already in.
    publishConfig();
    publishBackends();
    Q_EMIT started(gateway->url());
    m_statsTimer.start();
}

void GatewayWorker::stop()
{
    if (!m_gateway) {
        Q_EMIT stopped();
        return;
    }
    if (!m_gateway->isStopping())
        m_gateway->stop();
}

void GatewayWorker::stopNow()
{
    m_publishTimer.stop();
    m_statsTimer.stop();
    if (m_gateway)
        disconnect(m_gateway.get(), nullptr, this, nullptr);
    m_gateway.reset();
}

void GatewayWorker::setCooldown(quint64 id, const QString &backendId, std::optional<qint64> seconds)
{
    if (!m_gateway || !m_gateway->config()->hasBackend(backendId))
        return finish(id, false, QStringLiteral("no backend %1").arg(backendId));
    m_gateway->cooldowns()->setManual(backendId, seconds);
    finish(id, true, QString());
}

void GatewayWorker::clearCooldown(quint64 id, const QString &backendId)
{
    if (!m_gateway)
        return finish(id, false, QStringLiteral("the gateway is not running"));
    m_gateway->cooldowns()->clear(backendId);
    finish(id, true, QString());
}

void GatewayWorker::saveConfig(quint64 id, const QJsonObject &root)
{
    if (!m_gateway) {
        // Stopped (or failed to start, say on a port that is taken): the edit is what lets it
        // start again, so it is validated and written all the same, for the next start.
        ConfigStore store(m_options.configPath);
        const ConfigParseResult result = store.save(root);
        if (result.ok())
            Q_EMIT configChanged(result.config, store.raw());
        return finish(id, result.ok(),
                      result.ok() ? result.warnings.join(QLatin1Char('\n')) : result.errorText());
    }
    const ConfigParseResult result = m_gateway->saveConfig(root);
    finish(id, result.ok(),
           result.ok() ? result.warnings.join(QLatin1Char('\n')) : result.errorText());
}

void GatewayWorker::testBackends(quint64 id, const QString &alias, const QString &backendId)
{
    const QString refusal = m_gateway
        ? BackendTestRun::refusal(*m_gateway->config(), alias, backendId)
        : QStringLiteral("the gateway is not running");
    if (!refusal.isEmpty()) {
        Q_EMIT testFinished(id, {{alias, backendId, false, 0, 0, refusal}});
        return;
    }
    // Parented to the gateway: a test still running when it stops goes with it, and the caller
    // still hears back.
    auto *run = new BackendTestRun(m_gateway->upstreamClient(), m_gateway->tokenCache(),
                                   *m_gateway->config(), alias, backendId, m_gateway.get());
    auto answered = std::make_shared<bool>(false);
    connect(run, &BackendTestRun::finished, this,
            [this, id, answered](const QList<BackendTestResult> &results) {
                *answered = true;
                Q_EMIT testFinished(id, results);
            });
    connect(run, &QObject::destroyed, this, [this, id, alias, backendId, answered] {
        if (!*answered)
            Q_EMIT testFinished(
                id, {{alias, backendId, false, 0, 0, QStringLiteral("the gateway stopped")}});
    });
    run->start();
}

void GatewayWorker::publishConfig()
{
    if (m_gateway)
        Q_EMIT configChanged(m_gateway->config(), m_gateway->configJson());
}

void GatewayWorker::publishBackendsSoon()
{
    if (!m_publishTimer.isActive())
        m_publishTimer.start();
}

void GatewayWorker::publishBackends()
{
    if (m_gateway)
        Q_EMIT backendsChanged(describeBackends(*m_gateway->config(), *m_gateway->cooldowns()));
}

void GatewayWorker::keepRecord(RequestRecord &&record)
{
    m_records.append(std::move(record));
    if (m_records.size() > GatewayService::kMaxRecordsPerBatch)
        m_records.removeFirst();
    if (!m_recordTimer.isActive())
        m_recordTimer.start();
}

void GatewayWorker::publishRecords()
{
    m_recordTimer.stop();
    if (!m_records.isEmpty())
        Q_EMIT requestsFinished(std::exchange(m_records, {}));
}

void GatewayWorker::publishStats()
{
    GatewayStats now;
    if (m_gateway)
        now = {m_gateway->openConnections(), m_gateway->requestsInFlight(),
               m_gateway->bufferedBodyBytes()};
    if (now != m_stats) {
        m_stats = now;
        Q_EMIT statsChanged(now);
    }
}

void GatewayWorker::finish(quint64 id, bool ok, const QString &message)
{
    Q_EMIT commandFinished({id, ok, message});
}

} // namespace clawgate
