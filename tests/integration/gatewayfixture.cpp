#include "gatewayfixture.h"

#include "keys/clientkeys.h"
#include "routing/cooldownbook.h"
#include "store/statelocation.h"

#include <QDir>

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSignalSpy>
#include <QUrl>

GatewayFixture::GatewayFixture()
{
    QJsonObject server;
    server.insert(QLatin1String("host"), QStringLiteral("127.0.0.1"));
    server.insert(QLatin1String("port"), 0);
    m_config.insert(QLatin1String("version"), 1);
    m_config.insert(QLatin1String("server"), server);
    m_config.insert(QLatin1String("providers"), QJsonObject());
    m_config.insert(QLatin1String("models"), QJsonArray());
    clawgate::ClientKeys::add(m_config, QStringLiteral("test"), key);
}

GatewayFixture::~GatewayFixture()
{
    stop();
    // The gateway's state lives outside m_dir, in a directory of its own for this configuration.
    QDir(clawgate::StateLocation::forConfig(configPath())).removeRecursively();
}

void GatewayFixture::addProvider(const QString &name, const QString &route,
                                 const QJsonObject &extra)
{
    QJsonObject provider = extra;
    if (!provider.contains(QLatin1String("type")))
        provider.insert(QLatin1String("type"), QStringLiteral("openai"));
    if (!provider.contains(QLatin1String("baseUrl")))
        provider.insert(QLatin1String("baseUrl"), mock.baseUrl(route));
    QJsonObject providers = m_config.value(QLatin1String("providers")).toObject();
    providers.insert(name, provider);
    m_config.insert(QLatin1String("providers"), providers);
}

void GatewayFixture::addModel(const QString &alias, const QStringList &backends)
{
    QJsonArray list;
    for (const QString &b : backends) {
        QJsonObject backend;
        backend.insert(QLatin1String("provider"), b.section(QLatin1Char(':'), 0, 0));
        backend.insert(QLatin1String("model"), b.section(QLatin1Char(':'), 1));
        list.append(backend);
    }
    QJsonObject model;
    model.insert(QLatin1String("alias"), alias);
    model.insert(QLatin1String("backends"), list);
    QJsonArray models = m_config.value(QLatin1String("models")).toArray();
    models.append(model);
    m_config.insert(QLatin1String("models"), models);
}

void GatewayFixture::setBackendField(int modelIndex, int backendIndex, const QString &field,
                                     const QJsonValue &value)
{
    QJsonArray models = m_config.value(QLatin1String("models")).toArray();
    QJsonObject model = models.at(modelIndex).toObject();
    QJsonArray backends = model.value(QLatin1String("backends")).toArray();
    QJsonObject backend = backends.at(backendIndex).toObject();
    backend.insert(field, value);
    backends.replace(backendIndex, backend);
    model.insert(QLatin1String("backends"), backends);
    models.replace(modelIndex, model);
    m_config.insert(QLatin1String("models"), models);
}

QString GatewayFixture::configPath() const
{
    return m_dir.filePath(QStringLiteral("config.json"));
}

void GatewayFixture::writeConfig()
{
    QSaveFile file(configPath());
    file.open(QIODevice::WriteOnly);
    file.write(QJsonDocument(m_config).toJson());
    file.commit();
}

bool GatewayFixture::start(QString *error)
{
    writeConfig();
    clawgate::GatewayOptions options;
    options.configPath = configPath();
    options.clock = clock;
    m_service = std::make_unique<clawgate::GatewayService>(options);
    QSignalSpy states(m_service.get(), &clawgate::GatewayService::statusChanged);
    m_service->start();
    QDeadlineTimer deadline(10000);
    while (m_service->status().state == clawgate::GatewayState::Starting && !deadline.hasExpired())
        states.wait(100);
    const clawgate::GatewayStatus status = m_service->status();
    const bool ok = status.state == clawgate::GatewayState::Running;
    if (!ok) {
        qWarning("gateway did not start: %s", qPrintable(status.error));
        m_service.reset();
    }
    if (error)
        *error = status.error;
    return ok;
}

void GatewayFixture::stop()
{
    if (!m_service)
        return;
    QSignalSpy states(m_service.get(), &clawgate::GatewayService::statusChanged);
    m_service->stop();
    QDeadlineTimer deadline(30000);
    auto busy = [this] {
        const clawgate::GatewayState state = m_service->status().state;
        return state == clawgate::GatewayState::Running
            || state == clawgate::GatewayState::Stopping;
    };
    while (busy() && !deadline.hasExpired())
        states.wait(100);
    m_service.reset();
}

quint16 GatewayFixture::port() const
{
    return m_service ? quint16(QUrl(m_service->status().url).port()) : 0;
}

QString GatewayFixture::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path);
}

TestHeaders GatewayFixture::auth() const
{
    return {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + key}};
}

TestResponse GatewayFixture::post(const QString &path, const QByteArray &body,
                                  const TestHeaders &extra, int timeoutMs) const
{
    return TestClient::post(url(path), body, auth() + extra, timeoutMs);
}

TestResponse GatewayFixture::chat(const QByteArray &body, int timeoutMs) const
{
    return post(QStringLiteral("/v1/chat/completions"), body, {}, timeoutMs);
}

TestResponse GatewayFixture::get(const QString &path) const
{
    return TestClient::get(url(path), auth());
}

QJsonObject GatewayFixture::health() const
{
    return TestClient::get(url(QStringLiteral("/health"))).json();
}

void GatewayFixture::clearCooldowns()
{
    if (!m_service)
        return;
    // Every backend the configuration names, cooling or not: the service's list of backends
    // may not show a cooldown of a moment ago yet, the configuration always has the backend.
    QSet<QString> ids;
    for (const clawgate::ModelAlias &model : m_service->config()->models) {
        for (const clawgate::BackendConfig &backend : model.backends)
            ids.insert(backend.id());
    }
    QSignalSpy results(m_service.get(), &clawgate::GatewayService::commandFinished);
    for (const QString &id : std::as_const(ids))
        m_service->clearCooldown(id);
    QDeadlineTimer deadline(10000);
    while (results.size() < ids.size() && !deadline.hasExpired())
        results.wait(100);
}

QJsonObject GatewayFixture::backendHealth(const QString &backendId) const
{
    const QJsonArray backends = health().value(QLatin1String("backends")).toArray();
    for (const QJsonValue &v : backends) {
        if (v.toObject().value(QLatin1String("backend")).toString() == backendId)
            return v.toObject();
    }
    return {};
}

QByteArray GatewayFixture::chatBody(const QString &model, bool stream)
{
    return QByteArrayLiteral("{\"model\":\"") + model.toUtf8()
        + QByteArrayLiteral("\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]")
        + (stream ? QByteArrayLiteral(",\"stream\":true}") : QByteArrayLiteral("}"));
}
