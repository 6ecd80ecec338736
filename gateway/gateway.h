// The gateway as one object: loads the configuration, listens, routes requests to upstreams,
// reloads on configuration changes and stops gracefully. Everything it creates lives on the
// thread it runs on: `clawgatectl serve` runs one on its main thread; the tray app and the tests
// use GatewayService (service/gatewayservice.h), which runs one on a worker thread.
#pragma once

#include "server/requestrecord.h"
#include "store/config.h"
#include "store/configparser.h"

#include <QJsonObject>
#include <QObject>

#include <memory>
#include <optional>

namespace clawgate {

class Clock;
class CooldownBook;
class CurlMulti;
class SecretStore;
class TokenCache;

struct GatewayOptions
{
    QString configPath;
    std::optional<QString> host; // overrides server.host
    std::optional<quint16> port; // overrides server.port (0: any free port)
    bool watchConfig = true;
    Clock *clock = nullptr; // null: the system clock
    // Where `keychain:` references are read; null: nowhere (those providers stay unavailable).
    // Not owned; it must outlive the gateway, and may live on another thread.
    SecretStore *secrets = nullptr;
    int keychainRetryMs = 30000; // how soon an entry that could not be read is tried again
};

class Gateway : public QObject
{
    Q_OBJECT
public:
    explicit Gateway(GatewayOptions options, QObject *parent = nullptr);
    ~Gateway() override;

    // Loads the configuration and starts listening; false with `error` set when it cannot.
    bool start(QString *error);
    // Stops accepting, lets requests in flight finish (bounded by server.shutdownGraceSeconds),
    // then emits stopped().
    void stop();

    quint16 port() const;
    QString url() const; // "http://127.0.0.1:18080"
    ConfigPtr config() const;
    // The configuration file's JSON as last loaded or saved, unknown fields included.
    QJsonObject configJson() const;
    // Validates and writes `root`; when valid it is in force for the very next request.
    ConfigParseResult saveConfig(const QJsonObject &root);
    CooldownBook *cooldowns() const;
    // Called on this thread with the record of every finished API request; none is built while
    // nothing is set.
    void setRequestObserver(std::function<void(RequestRecord &&)> observer);
    // The upstream client of the gateway's thread; null unless started.
    CurlMulti *upstreamClient() const;
    // The login tokens of the gateway's thread; null unless started.
    TokenCache *tokenCache() const;
    int requestsInFlight() const;
    int openConnections() const; // client connections, lingering ones included
    qint64 bufferedBodyBytes() const; // request body bytes admitted and not yet released
    bool isStopping() const; // stop() was called
    // True once every keychain entry the configuration refers to has been asked for once
    // (read, or found unreadable). Until then those providers answer as unavailable.
    bool keychainSettled() const;

Q_SIGNALS:
    void stopped();
    void keychainSettledChanged();
    void configReloaded();
    void configRejected(const QString &errors);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace clawgate
