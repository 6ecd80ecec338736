// The OpenClaw provider entry for the gateway as it is now, for the OpenClaw page and the tray's
// copy action: its address (the running one, else the configured one), its aliases, the
// protocol last chosen on the OpenClaw page, and the default client key read from the keychain.
// Until the keychain has answered with that key there is no entry, and keyProblem() says why, so
// nobody copies an entry without a key.
#pragma once

#include "export/openclawsnippet.h"
#include "service/gatewayservice.h"
#include "store/secretstore.h"

#include <QObject>

#include <optional>

namespace clawgate::ui {

class OpenClawSnippetSource : public QObject
{
    Q_OBJECT
public:
    OpenClawSnippetSource(GatewayService &service, SecretStore &secrets, QObject *parent = nullptr);

    std::optional<OpenClawProvider> provider() const;
    OpenClawApi api() const;
    void setApi(OpenClawApi api); // remembered for every source, and after a restart
    QString keyProblem() const; // empty once the key is known
    // The whole snippet ({"models": {"providers": {"clawgate": ...}}}); empty without a key.
    QByteArray document() const;

Q_SIGNALS:
    void changed();

private:
    void readKey();
    void onKeyRead(const SecretResult &result);

    GatewayService &m_service;
    SecretStore &m_secrets;
    QString m_key;
    QString m_keyProblem;
};

} // namespace clawgate::ui
