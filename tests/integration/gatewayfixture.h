// Everything an integration test needs: a real mock upstream on its own thread, a real gateway
// behind GatewayService (on its own thread, as in the tray app) listening on an ephemeral port
// with a configuration in a temporary directory, and helpers to build that configuration and to
// call the gateway through a real socket.
#pragma once

#include "mockupstream.h"
#include "service/gatewayservice.h"
#include "testclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

namespace clawgate {
class Clock;
}

class GatewayFixture
{
public:
    GatewayFixture();
    ~GatewayFixture();

    // Configuration building, before start() (or before writeConfig() for a reload).
    // `extra` holds further provider fields; "type" defaults to "openai".
    void addProvider(const QString &name, const QString &route, const QJsonObject &extra = {});
    // Backends as "provider:model" strings, in failover order.
    void addModel(const QString &alias, const QStringList &backends);
    // Sets one field of the backend at `backendIndex` of the model at `modelIndex`.
    void setBackendField(int modelIndex, int backendIndex, const QString &field,
                         const QJsonValue &value);
    QJsonObject &config() { return m_config; }
    QString configPath() const;
    void writeConfig();

    // Starts the gateway and waits until it listens (or failed to).
    bool start(QString *error = nullptr);
    void stop(); // waits until it has stopped
    clawgate::GatewayService *service() const { return m_service.get(); }
    quint16 port() const;
    QString url(const QString &path) const;

    TestHeaders auth() const;
    TestResponse post(const QString &path, const QByteArray &body, const TestHeaders &extra = {},
                      int timeoutMs = 30000) const;
    TestResponse chat(const QByteArray &body, int timeoutMs = 30000) const;
    TestResponse get(const QString &path) const;
    QJsonObject health() const;
    // Forgets every cooldown through the service, and waits for it, so one test starts clean.
    void clearCooldowns();
    // The /health entry of one backend ("provider:model").
    QJsonObject backendHealth(const QString &backendId) const;

    static QByteArray chatBody(const QString &model, bool stream = false);

    MockUpstreamThread mock;
    clawgate::Clock *clock = nullptr; // set before start(); null: the system clock
    const QByteArray key = QByteArrayLiteral("sk-test-client-key");

private:
    QTemporaryDir m_dir;
    QJsonObject m_config;
    std::unique_ptr<clawgate::GatewayService> m_service;
};
