// Testing a backend: one real, minimal chat completion sent the way relayed requests are sent
// (same URL, headers, key, proxy, CA file and timeouts), and a value saying how it went. Shared
// by the tray app's Test button, `POST /v1/models/{alias}/test` and `clawgatectl test`.
//
// A provider that logs in gets its token from the gateway's TokenCache first, and a 401 makes
// it log in again once, as relayed requests do.
//
// A test is not traffic: its outcome never touches the cooldown book. A backend that fails its
// test is not cooled down, and one that passes is not taken out of a cooldown.
#pragma once

#include "store/config.h"
#include "upstreamtransfer.h"

#include <QElapsedTimer>
#include <QList>
#include <QMetaType>
#include <QObject>

#include <memory>

namespace clawgate {

class CurlMulti;
class TokenCache;
struct TokenAnswer;

struct BackendTestResult
{
    QString alias;
    QString backendId; // "provider:model"; empty when the test could not start at all
    bool ok = false; // the upstream answered with a 2xx status
    int status = 0; // the upstream's HTTP status; 0 when none came
    qint64 latencyMs = 0; // from sending the request to the end of the response
    QString error; // the upstream's error text or the transport failure; never a secret
};

// The body of a test request: as small as a chat completion gets, and valid as an Anthropic
// Messages request too.
QByteArray backendTestBody(const QString &upstreamModel);

class BackendProbe : public QObject, public UpstreamListener
{
    Q_OBJECT
public:
    BackendProbe(CurlMulti *curl, TokenCache *tokens, const ProviderConfig &provider,
                 const QString &alias, const BackendConfig &backend, QObject *parent = nullptr);
    ~BackendProbe() override;

    void start();
    const BackendTestResult &result() const { return m_result; }

Q_SIGNALS:
    void finished(const clawgate::BackendTestResult &result);

private:
    void acquireTokenAndSend();
    void onToken(const TokenAnswer &answer);
    void send();
    void retryWithFreshToken();
    QStringList secrets() const; // the provider's, and the token this test was sent with
    void upstreamHeaders(int status, const HeaderList &headers) override;
    void upstreamData(const QByteArray &data) override;
    void upstreamFinished(const UpstreamResult &result) override;
    void finish();

    CurlMulti *m_curl;
    TokenCache *m_tokens;
    ProviderConfig m_provider;
    BackendConfig m_backend;
    BackendTestResult m_result;
    std::unique_ptr<UpstreamTransfer> m_transfer;
    QElapsedTimer m_elapsed;
    QByteArray m_body; // the start of the response, for its error text
    QByteArray m_token; // from the provider's login, when it logs in
    int m_freshTokenRetries = 0;
};

// Tests backends of one alias in parallel and reports every result at once, in the alias's
// order. Deletes itself after finished().
class BackendTestRun : public QObject
{
    Q_OBJECT
public:
    // `backendId` empty: every backend of the alias. `config` must know the alias.
    BackendTestRun(CurlMulti *curl, TokenCache *tokens, const Config &config, const QString &alias,
                   const QString &backendId = {}, QObject *parent = nullptr);

    // Why a test of `alias` (and `backendId`, when given) cannot run; empty when it can.
    static QString refusal(const Config &config, const QString &alias,
                           const QString &backendId = {});

    void start();

Q_SIGNALS:
    void finished(const QList<clawgate::BackendTestResult> &results);

private:
    void onProbeFinished();

    QList<BackendProbe *> m_probes;
    int m_pending = 0;
};

} // namespace clawgate

Q_DECLARE_METATYPE(clawgate::BackendTestResult)
