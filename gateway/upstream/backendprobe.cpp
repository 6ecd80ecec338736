#include "backendprobe.h"

#include "upstreamerrortext.h"
#include "upstreamrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace clawgate {

namespace {

// Enough for any error body's message; a probe never holds a long answer.
constexpr qsizetype kMaxHeldBody = 64 * 1024;

} // namespace

QByteArray backendTestBody(const QString &upstreamModel)
{
    QJsonObject message;
    message.insert(QLatin1String("role"), QStringLiteral("user"));
    message.insert(QLatin1String("content"), QStringLiteral("ping"));
    QJsonObject body;
    body.insert(QLatin1String("model"), upstreamModel);
    body.insert(QLatin1String("messages"), QJsonArray {message});
    body.insert(QLatin1String("max_tokens"), 5);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

BackendProbe::BackendProbe(CurlMulti *curl, const ProviderConfig &provider, const QString &alias,
                           const BackendConfig &backend, QObject *parent)
    : QObject(parent)
    , m_curl(curl)
    , m_provider(provider)
    , m_backend(backend)
{
    m_result.alias = alias;
    m_result.backendId = backend.id();
}

BackendProbe::~BackendProbe() = default;

void BackendProbe::start()
{
    m_elapsed.start();
    if (!m_provider.isAvailable()) {
        m_result.error = m_provider.unavailableReason; // never holds a secret
        QMetaObject::invokeMethod(this, &BackendProbe::finish, Qt::QueuedConnection);
        return;
    }
    const HeaderList json = {{QByteArrayLiteral("content-type"), "application/json"}};
    m_transfer = std::make_unique<UpstreamTransfer>(
        m_curl,
        upstreamRequestFor(m_provider, Endpoint::ChatCompletions, m_backend.upstreamModel,
                           backendTestBody(m_backend.upstreamModel), json),
        this);
    m_transfer->start();
}

void BackendProbe::upstreamHeaders(int status, const HeaderList &)
{
    m_result.status = status;
}

void BackendProbe::upstreamData(const QByteArray &data)
{
    if (m_body.size() < kMaxHeldBody)
        m_body.append(data.left(kMaxHeldBody - m_body.size()));
}

void BackendProbe::upstreamFinished(const UpstreamResult &result)
{
    m_result.latencyMs = m_elapsed.elapsed();
    if (!result.ok())
        m_result.error = redactSecrets(describe(result), secretValuesOf(m_provider));
    else if (m_result.status < 200 || m_result.status > 299)
        m_result.error = upstreamErrorText(m_result.status, m_body, secretValuesOf(m_provider));
    m_result.ok = result.ok() && m_result.status >= 200 && m_result.status <= 299;
    // Called from inside libcurl: the transfer is let go of from the event loop.
    QMetaObject::invokeMethod(this, &BackendProbe::finish, Qt::QueuedConnection);
}

void BackendProbe::finish()
{
    m_transfer.reset();
    Q_EMIT finished(m_result);
}

BackendTestRun::BackendTestRun(CurlMulti *curl, const Config &config, const QString &alias,
                               const QString &backendId, QObject *parent)
    : QObject(parent)
{
    const ModelAlias *model = config.findAlias(alias);
    if (!model)
        return;
    for (const BackendConfig &backend : model->backends) {
        if (!backendId.isEmpty() && backend.id() != backendId)
            continue;
        auto *probe = new BackendProbe(curl, *config.providers.constFind(backend.provider),
                                       model->alias, backend, this);
        connect(probe, &BackendProbe::finished, this, &BackendTestRun::onProbeFinished);
        m_probes.append(probe);
    }
}

QString BackendTestRun::refusal(const Config &config, const QString &alias,
                                const QString &backendId)
{
    const ModelAlias *model = config.findAlias(alias);
    if (!model)
        return QStringLiteral("no model alias '%1'").arg(alias);
    if (model->backends.isEmpty())
        return QStringLiteral("model '%1' has no backends").arg(alias);
    if (backendId.isEmpty())
        return {};
    for (const BackendConfig &backend : model->backends) {
        if (backend.id() == backendId)
            return {};
    }
    return QStringLiteral("model '%1' has no backend '%2'").arg(alias, backendId);
}

void BackendTestRun::start()
{
    m_pending = m_probes.size();
    if (m_pending == 0) {
        QMetaObject::invokeMethod(this, &BackendTestRun::onProbeFinished, Qt::QueuedConnection);
        return;
    }
    for (BackendProbe *probe : std::as_const(m_probes))
        probe->start();
}

void BackendTestRun::onProbeFinished()
{
    if (--m_pending > 0)
        return;
    QList<BackendTestResult> results;
    for (const BackendProbe *probe : std::as_const(m_probes))
        results.append(probe->result());
    Q_EMIT finished(results);
    deleteLater();
}

} // namespace clawgate
