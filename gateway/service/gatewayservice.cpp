#include "gatewayservice.h"

#include "gatewayworker.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcService, "clawgate.service")

namespace clawgate {

GatewayService::GatewayService(GatewayOptions options, QObject *parent)
    : QObject(parent)
    , m_configPath(options.configPath)
    , m_worker(new GatewayWorker(std::move(options)))
{
    m_thread.setObjectName(QStringLiteral("clawgate-gateway"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // The worker's signals cross threads: queued, so they arrive here on the caller's loop.
    connect(m_worker, &GatewayWorker::started, this,
            [this](const QString &url) { setStatus(GatewayState::Running, url); });
    connect(m_worker, &GatewayWorker::startFailed, this,
            [this](const QString &error) { setStatus(GatewayState::Failed, {}, error); });
    connect(m_worker, &GatewayWorker::stopped, this, &GatewayService::onWorkerStopped);
    connect(m_worker, &GatewayWorker::configChanged, this,
            [this](ConfigPtr config, const QJsonObject &json) {
                m_config = config;
                m_configJson = json;
                Q_EMIT configChanged(config, json);
            });
    connect(m_worker, &GatewayWorker::backendsChanged, this,
            [this](const QList<BackendStatus> &backends) {
                m_backends = backends;
                Q_EMIT backendsChanged(backends);
            });
    connect(m_worker, &GatewayWorker::configRefused, this, &GatewayService::configRefused);
    connect(m_worker, &GatewayWorker::requestsFinished, this, &GatewayService::requestsFinished);
    connect(m_worker, &GatewayWorker::statsChanged, this, [this](const GatewayStats &stats) {
        m_stats = stats;
        Q_EMIT statsChanged(stats);
    });
    connect(m_worker, &GatewayWorker::commandFinished, this, &GatewayService::commandFinished);
    connect(m_worker, &GatewayWorker::testFinished, this, &GatewayService::testFinished);
    m_thread.start();
    m_lastLogLine = LogSink::instance().lastSequence();
    m_logTimer.setInterval(250);
    connect(&m_logTimer, &QTimer::timeout, this, &GatewayService::takeLogLines);
    m_logTimer.start();
}

GatewayService::~GatewayService()
{
    GatewayWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->stopNow(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void GatewayService::start()
{
    if (m_status.state == GatewayState::Running || m_status.state == GatewayState::Starting)
        return;
    if (m_status.state == GatewayState::Stopping) {
        m_restartPending = true; // starts again once stopped
        return;
    }
    setStatus(GatewayState::Starting);
    GatewayWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->start(); }, Qt::QueuedConnection);
}

void GatewayService::stop()
{
    m_restartPending = false;
    if (m_status.state != GatewayState::Running && m_status.state != GatewayState::Starting)
        return;
    setStatus(GatewayState::Stopping);
    GatewayWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->stop(); }, Qt::QueuedConnection);
}

void GatewayService::restart()
{
    if (m_status.state == GatewayState::Stopped || m_status.state == GatewayState::Failed)
        return start();
    stop();
    m_restartPending = true;
}

void GatewayService::onWorkerStopped()
{
    setStatus(GatewayState::Stopped);
    if (std::exchange(m_restartPending, false))
        start();
}

void GatewayService::takeLogLines()
{
    const QList<LogLine> lines = LogSink::instance().linesAfter(m_lastLogLine);
    if (lines.isEmpty())
        return;
    m_lastLogLine = lines.last().sequence;
    Q_EMIT logLines(lines);
}

void GatewayService::setStatus(GatewayState state, const QString &url, const QString &error)
{
    m_status = {state, url, error};
    if (state == GatewayState::Failed)
        qCWarning(lcService).noquote() << "the gateway could not start:" << error;
    Q_EMIT statusChanged(m_status);
}

template<typename Work> quint64 GatewayService::command(Work work)
{
    const quint64 id = m_nextCommandId++;
    if (m_status.state != GatewayState::Running) {
        // Answered as asynchronously as a real command, so callers handle one path.
        QMetaObject::invokeMethod(
            this,
            [this, id] {
                Q_EMIT commandFinished({id, false, QStringLiteral("the gateway is not running")});
            },
            Qt::QueuedConnection);
        return id;
    }
    GatewayWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id, work] { work(worker, id); }, Qt::QueuedConnection);
    return id;
}

quint64 GatewayService::setCooldown(const QString &backendId, std::optional<qint64> seconds)
{
    return command([backendId, seconds](GatewayWorker *worker, quint64 id) {
        worker->setCooldown(id, backendId, seconds);
    });
}

quint64 GatewayService::clearCooldown(const QString &backendId)
{
    return command(
        [backendId](GatewayWorker *worker, quint64 id) { worker->clearCooldown(id, backendId); });
}

quint64 GatewayService::saveConfig(const QJsonObject &root)
{
    // Not refused while stopped: an edit may be what lets the gateway start again.
    const quint64 id = m_nextCommandId++;
    GatewayWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id, root] { worker->saveConfig(id, root); }, Qt::QueuedConnection);
    return id;
}

quint64 GatewayService::testBackend(const QString &alias, const QString &backendId)
{
    return test(alias, backendId);
}

quint64 GatewayService::testAlias(const QString &alias)
{
    return test(alias, QString());
}

quint64 GatewayService::test(const QString &alias, const QString &backendId)
{
    const quint64 id = m_nextCommandId++;
    // Asked of the worker even when stopped: it answers "not running" the same queued way.
    GatewayWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id, alias, backendId] { worker->testBackends(id, alias, backendId); },
        Qt::QueuedConnection);
    return id;
}

} // namespace clawgate
