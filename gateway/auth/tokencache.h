// The login tokens of one gateway, on the gateway's thread. A request to a provider that logs
// in asks for a token before it is sent: a token still fresh comes at once; otherwise one login
// runs (a POST to the auth URL through the gateway's upstream client, never blocking the thread)
// and every request that asks meanwhile waits for that same login. A token is used until
// `refreshAheadSeconds` before it expires (at most half its lifetime), then replaced by a new
// login; one the upstream refused (401) is dropped at once. Tokens are kept per account (url,
// username and password), so a reload that keeps those keeps the token, and a changed password
// logs in again. Time comes from the injected Clock.
#pragma once

#include "store/config.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <map>
#include <memory>

namespace clawgate {

class Clock;
class CurlMulti;
class LoginAuth;
class LoginTransfer;
struct LoginAnswer;

struct TokenAnswer
{
    QByteArray token;
    QString error; // why there is none: "login at URL failed: HTTP 401: ..."; never a secret
    bool ok() const { return error.isEmpty(); }
};

class TokenCache : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const TokenAnswer &)>;

    TokenCache(CurlMulti *curl, const Clock *clock, QObject *parent = nullptr);
    ~TokenCache() override;

    // Calls `done` with a token for `provider`: at once when a fresh one is cached, else when
    // the login in flight for its account ends. Never called once `receiver` is gone.
    void acquire(const ProviderConfig &provider, QObject *receiver, Callback done);
    // The upstream refused `token`: the next acquire() logs in again, unless a newer token
    // replaced it already (twenty requests refused at once cause one login, not twenty).
    void invalidate(const ProviderConfig &provider, const QByteArray &token);
    // After a reload: forgets the tokens of accounts no provider of `config` logs in with.
    void retainAccountsOf(const Config &config);

    int loginsStarted() const { return m_loginsStarted; }

private:
    struct Waiter
    {
        QPointer<QObject> receiver;
        Callback done;
    };
    struct Account
    {
        QByteArray token;
        qint64 refreshAtMs = 0; // from then on the token is not handed out any more
        LoginTransfer *login = nullptr; // the login in flight, if any
        QList<Waiter> waiters;
    };

    void startLogin(const QByteArray &key, const ProviderConfig &provider, const LoginAuth &auth);
    void onLoginFinished(const QByteArray &key, const std::shared_ptr<const AuthStrategy> &auth,
                         const LoginAnswer &answer);
    TokenAnswer store(Account &account, const LoginAuth &auth, const LoginAnswer &answer);

    CurlMulti *m_curl;
    const Clock *m_clock;
    std::map<QByteArray, Account> m_accounts;
    int m_loginsStarted = 0;
};

} // namespace clawgate
