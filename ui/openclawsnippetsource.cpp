#include "openclawsnippetsource.h"

#include "desktopintegration.h"
#include "keys/clientkeys.h"

#include <QPointer>

namespace clawgate::ui {

OpenClawSnippetSource::OpenClawSnippetSource(GatewayService &service, SecretStore &secrets,
                                             QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_secrets(secrets)
    , m_keyProblem(tr("Waiting for the keychain to hand over the default client key…"))
{
    connect(&service, &GatewayService::configChanged, this, &OpenClawSnippetSource::changed);
    connect(&service, &GatewayService::statusChanged, this, &OpenClawSnippetSource::changed);
    connect(&secrets, &SecretStore::secretChanged, this, [this](const QString &name) {
        if (name == ClientKeys::defaultKeyKeychainName())
            readKey();
    });
    readKey();
}

void OpenClawSnippetSource::readKey()
{
    QPointer<OpenClawSnippetSource> self(this);
    m_secrets.read(ClientKeys::defaultKeyKeychainName(), [self](const SecretResult &result) {
        if (self)
            self->onKeyRead(result);
    });
}

void OpenClawSnippetSource::onKeyRead(const SecretResult &result)
{
    m_key.clear();
    m_keyProblem.clear();
    if (result.ok() && !result.value.isEmpty())
        m_key = result.value;
    else if (result.status == SecretResult::Status::NotFound || result.ok())
        m_keyProblem = tr("The keychain holds no default client key. Make a key on the Keys page "
                          "and put it into OpenClaw's configuration by hand.");
    else if (result.status == SecretResult::Status::NoBackend)
        m_keyProblem = tr("No keychain is running, so the default client key cannot be read. "
                          "Start your desktop's keychain, or use 'clawgatectl export openclaw "
                          "--api-key KEY'.");
    else
        m_keyProblem
            = tr("The keychain did not hand over the default client key: %1").arg(result.error);
    Q_EMIT changed();
}

std::optional<OpenClawProvider> OpenClawSnippetSource::provider() const
{
    const ConfigPtr config = m_service.config();
    if (m_key.isEmpty() || !config)
        return std::nullopt;
    const GatewayStatus status = m_service.status();
    const QString address = status.state == GatewayState::Running
        ? OpenClawSnippet::gatewayAddressFromServerUrl(status.url)
        : OpenClawSnippet::gatewayAddress(config->server.host, config->server.port);
    return OpenClawSnippet::provider(*config, address, m_key, api());
}

OpenClawApi OpenClawSnippetSource::api() const
{
    return OpenClawApiSetting::stored();
}

void OpenClawSnippetSource::setApi(OpenClawApi api)
{
    if (api == this->api())
        return;
    OpenClawApiSetting::store(api);
    Q_EMIT changed();
}

QString OpenClawSnippetSource::keyProblem() const
{
    if (!m_keyProblem.isEmpty() || m_service.config())
        return m_keyProblem;
    return tr("The gateway has not read its configuration yet.");
}

QByteArray OpenClawSnippetSource::document() const
{
    const std::optional<OpenClawProvider> entry = provider();
    return entry ? OpenClawSnippet::document(*entry) : QByteArray();
}

} // namespace clawgate::ui
