// `"auth": {"type": "login", ...}`: platforms that hand out a token for a username and password.
// The strategy holds the login settings, builds the login request and reads its reply; the
// gateway's TokenCache runs the login, keeps the token and passes it in SigningContext::token,
// and sign() puts it in the configured header. The token is never part of the strategy: it
// changes while the configuration does not.
#pragma once

#include "authstrategy.h"

#include <memory>

namespace clawgate {

struct ProviderConfig;
struct UpstreamRequest;

// What a login reply gave: a token and how long it lasts, or why there is none.
struct LoginReply
{
    QByteArray token;
    qint64 lifetimeSeconds = 0;
    QString error; // the auth URL's answer in a few words; never the password or a token
    bool ok() const { return error.isEmpty(); }
};

class LoginAuth final : public AuthStrategy
{
public:
    struct Settings
    {
        QString url;
        QString username;
        QString password;
        QString bodyTemplate; // {username} and {password} are replaced, JSON-escaped
        QString tokenPath; // dotted; empty: the usual places
        QString expiresInPath; // dotted, seconds; empty: the usual places
        qint64 tokenTtlSeconds = 8 * 3600; // when the reply says nothing about expiry
        qint64 refreshAheadSeconds = 300;
        QByteArray header = QByteArrayLiteral("Authorization");
        QString prefix = QStringLiteral("Bearer ");
    };

    static const QString kDefaultBody;

    explicit LoginAuth(Settings settings);
    static std::shared_ptr<const AuthStrategy> fromConfig(AuthFieldReader &fields);
    // The provider's login strategy; null when it does not log in.
    static const LoginAuth *of(const ProviderConfig &provider);

    void sign(UpstreamRequest &request, const SigningContext &context) const override;
    QStringList secrets() const override { return {m_settings.password}; }
    bool needsToken() const override { return true; }

    const Settings &settings() const { return m_settings; }
    // Who logs in where: equal for two configurations whose url, username and password are
    // equal, so a reload that keeps them keeps the token. A digest, not the password.
    QByteArray accountKey() const;
    // The POST to the auth URL, with the provider's proxy, CA file and timeouts.
    UpstreamRequest loginRequest(const ProviderConfig &provider) const;
    // Reads the auth URL's answer.
    LoginReply readReply(int status, const QByteArray &body) const;

private:
    Settings m_settings;
};

} // namespace clawgate
