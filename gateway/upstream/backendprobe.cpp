#include "backendprobe.h"

#include "auth/tokencache.h"
#include "routing/attemptpolicy.h"
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

BackendProbe::BackendProbe(CurlMulti *curl, TokenCache *tokens, const ProviderConfig &provider,
                           const QString &alias, const BackendConfig &backend, QObject *parent)
    : QObject(parent)
    , m_curl(curl)
    , m_tokens(tokens)
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
    if (m_provider.auth && m_provider.auth->needsToken())
        return acquireTokenAndSend();
    send();
}

void BackendProbe::acquireTokenAndSend()
{
    m_tokens->acquire(m_provider, this, [this](const TokenAnswer &answer) { onToken(answer); });
}

void BackendProbe::onToken(const TokenAnswer &answer)
{
    if (!answer.ok()) {
        m_result.error = answer.error; // the auth URL's answer, never a secret
        QMetaObject::invokeMethod(this, &BackendProbe::finish, Qt::QueuedConnection);
        return;
    }
    m_token = answer.token;
    send();
}

void BackendProbe::send()
{
    const HeaderList json = {{QByteArrayLiteral("content-type"), "application/json"}};
    SigningContext signing;
    signing.token = m_token;
    // The test body is both a chat and an Anthropic Messages request: each provider gets it on
    // the endpoint a chat client's request would reach.
    const Endpoint endpoint = *m_provider.endpointFor(Endpoint::ChatCompletions);
    m_transfer = std::make_unique<UpstreamTransfer>(
        m_curl,
        upstreamRequestFor(m_provider, endpoint, m_backend.upstreamModel,
                           backendTestBody(m_backend.upstreamModel), json, signing),
        this);
    m_transfer->start();
}

void BackendProbe::retryWithFreshToken()
{
    m_transfer.reset();
    ++m_freshTokenRetries;
    m_tokens->invalidate(m_provider, m_token);
    m_result.status = 0;
    m_body.clear();
    acquireTokenAndSend();
}

QStringList BackendProbe::secrets() const
{
    QStringList secrets = secretValuesOf(m_provider);
    if (!m_token.isEmpty())
        secrets.prepend(QString::fromUtf8(m_token));
    return secrets;
}

void BackendProbe::upstreamHeaders(int status, const HeaderList &)
{
    m_result.status = status;
    if (AttemptPolicy::logsInAgain(status, !m_token.isEmpty(), m_freshTokenRetries)) {
        m_transfer->abort(); // the listener hears nothing more of it
        // Never start a transfer from inside a libcurl callback.
        QMetaObject::invokeMethod(this, &BackendProbe::retryWithFreshToken, Qt::QueuedConnection);
    }
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
        m_result.error = redactSecrets(describe(result), secrets());
    else if (m_result.status < 200 || m_result.status > 299)
        m_result.error = upstreamErrorText(m_result.status, m_body, secrets());
    m_result.ok = result.ok() && m_result.status >= 200 && m_result.status <= 299;
    // Called from inside libcurl: the transfer is let go of from the event loop.
    QMetaObject::invokeMethod(this, &BackendProbe::finish, Qt::QueuedConnection);
}

void BackendProbe::finish()
{
    m_transfer.reset();
    Q_EMIT finished(m_result);
}

BackendTestRun::BackendTestRun(CurlMulti *curl, TokenCache *tokens, const Config &config,
                               const QString &alias, const QString &backendId, QObject *parent)
    : QObject(parent)
{
    const ModelAlias *model = config.findAlias(alias);
    if (!model)
        return;
    for (const BackendConfig &backend : model->backends) {
        if (!backendId.isEmpty() && backend.id() != backendId)
            continue;
        auto *probe = new BackendProbe(curl, tokens, *config.providers.constFind(backend.provider),
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
