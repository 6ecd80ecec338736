#include "tokencache.h"

#include "loginauth.h"
#include "logintransfer.h"
#include "routing/clock.h"
#include "upstream/upstreamerrortext.h"
#include "upstream/upstreamtransfer.h"

#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcTokens, "clawgate.auth.login")

namespace clawgate {

TokenCache::TokenCache(CurlMulti *curl, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_curl(curl)
    , m_clock(clock)
{
}

TokenCache::~TokenCache() = default; // logins in flight are children: they go with us

void TokenCache::acquire(const ProviderConfig &provider, QObject *receiver, Callback done)
{
    const LoginAuth *auth = LoginAuth::of(provider);
    if (!auth) {
        done({{},
              QStringLiteral("provider %1 has no login to get a token from").arg(provider.name)});
        return;
    }
    const QByteArray key = auth->accountKey();
    Account &account = m_accounts[key];
    if (!account.token.isEmpty() && m_clock->nowMs() < account.refreshAtMs) {
        done({account.token, {}});
        return;
    }
    account.waiters.append({receiver, std::move(done)});
    if (!account.login)
        startLogin(key, provider, *auth);
}

void TokenCache::startLogin(const QByteArray &key, const ProviderConfig &provider,
                            const LoginAuth &auth)
{
    Account &account = m_accounts[key];
    account.token.clear();
    ++m_loginsStarted;
    qCInfo(lcTokens).noquote() << "provider" << provider.name << "logs in at"
                               << auth.settings().url;
    std::shared_ptr<const AuthStrategy> keepAlive = provider.auth;
    account.login = new LoginTransfer(
        m_curl, auth.loginRequest(provider),
        [this, key, keepAlive](const LoginAnswer &answer) {
            onLoginFinished(key, keepAlive, answer);
        },
        this);
    account.login->start();
}

void TokenCache::onLoginFinished(const QByteArray &key,
                                 const std::shared_ptr<const AuthStrategy> &strategy,
                                 const LoginAnswer &answer)
{
    const auto found = m_accounts.find(key);
    if (found == m_accounts.end())
        return;
    Account &account = found->second;
    account.login->deleteLater(); // we are inside its callback
    account.login = nullptr;
    const auto &auth = static_cast<const LoginAuth &>(*strategy);
    const TokenAnswer result = store(account, auth, answer);
    // A waiter may ask for the next token from its callback: the list is ours to walk.
    const QList<Waiter> waiters = std::exchange(account.waiters, {});
    for (const Waiter &waiter : waiters) {
        if (waiter.receiver)
            waiter.done(result);
    }
}

TokenAnswer TokenCache::store(Account &account, const LoginAuth &auth, const LoginAnswer &answer)
{
    const QString url = auth.settings().url;
    QString error;
    LoginReply reply;
    if (!answer.transport.ok()) {
        error = redactSecrets(describe(answer.transport), auth.secrets());
    } else {
        reply = auth.readReply(answer.status, answer.body);
        error = reply.error;
    }
    if (!error.isEmpty()) {
        error = QStringLiteral("login at %1 failed: %2").arg(url, error);
        qCWarning(lcTokens).noquote() << error;
        return {{}, error};
    }
    // Renewed ahead of expiry, so a request never leaves with a token about to lapse; a
    // short-lived token is still used for half its life.
    const qint64 lead = std::min(auth.settings().refreshAheadSeconds, reply.lifetimeSeconds / 2);
    account.token = reply.token;
    account.refreshAtMs = m_clock->nowMs() + (reply.lifetimeSeconds - lead) * 1000;
    qCInfo(lcTokens).noquote() << "logged in at" << url << "- the token is used for"
                               << reply.lifetimeSeconds - lead << "s";
    return {reply.token, {}};
}

void TokenCache::invalidate(const ProviderConfig &provider, const QByteArray &token)
{
    const LoginAuth *auth = LoginAuth::of(provider);
    if (!auth)
        return;
    const auto found = m_accounts.find(auth->accountKey());
    if (found != m_accounts.end() && found->second.token == token)
        found->second.token.clear();
}

void TokenCache::retainAccountsOf(const Config &config)
{
    QSet<QByteArray> used;
    for (const ProviderConfig &provider : config.providers) {
        if (const LoginAuth *auth = LoginAuth::of(provider))
            used.insert(auth->accountKey());
    }
    for (auto it = m_accounts.begin(); it != m_accounts.end();) {
        // A login in flight still owes its waiters an answer.
        if (!used.contains(it->first) && !it->second.login)
            it = m_accounts.erase(it);
        else
            ++it;
    }
}

} // namespace clawgate
