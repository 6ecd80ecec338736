// One HTTP request to an upstream, run by libcurl on the gateway thread and delivered piece by
// piece to a listener as the bytes arrive. Enforces the provider's three timeouts: connect
// (libcurl), first byte and idle (our own timer, since libcurl has neither). Never lets libcurl
// send the request a second time unless the first send provably never reached the upstream.
#pragma once

#include "curlmulti.h"
#include "store/config.h"
#include "upstreamresult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <curl/curl.h>

namespace clawgate {

struct UpstreamRequest
{
    QByteArray url;
    QByteArray method = QByteArrayLiteral("POST");
    HeaderList headers;
    QByteArray body;
    QString proxy; // empty: libcurl follows the *_proxy environment variables
    QByteArray caFile; // empty: the system's CA bundle
    Timeouts timeouts;

    // Sets `name` to `value`, replacing every header of that name whatever its case.
    void setHeader(const QByteArray &name, const QByteArray &value);
    bool hasHeader(QByteArrayView name) const;
};

// Receives a transfer's events. Calls may come from inside libcurl: a listener may write to
// its client and may call `abort()` or `pause()` on the transfer, nothing else of libcurl.
class UpstreamListener
{
public:
    virtual ~UpstreamListener() = default;
    virtual void upstreamHeaders(int status, const HeaderList &headers) = 0;
    virtual void upstreamData(const QByteArray &data) = 0;
    virtual void upstreamFinished(const UpstreamResult &result) = 0;
};

class UpstreamTransfer : public QObject
{
    Q_OBJECT
public:
    UpstreamTransfer(CurlMulti *multi, UpstreamRequest request, UpstreamListener *listener,
                     QObject *parent = nullptr);
    ~UpstreamTransfer() override;

    void start();
    // Stops the transfer now; the listener hears nothing more.
    void abort();
    // Back-pressure from a slow client: stop reading from upstream until resumed.
    void setPaused(bool paused);

    CURL *easyHandle() const { return m_easy; }

    // Called by CurlMulti when libcurl is done with the transfer.
    void complete(CURLcode code);

private:
    static size_t onHeader(char *data, size_t size, size_t count, void *self);
    static size_t onWrite(char *data, size_t size, size_t count, void *self);
    static int onPrerequest(void *self, char *, char *, int, int);
    bool previousSendNeverArrived(long requestBytesNow) const;
    void onWatchdog();
    void detachCutShort();
    void finish(const UpstreamResult &result);

    QPointer<CurlMulti> m_multi; // may go first when the whole gateway is torn down
    UpstreamRequest m_request;
    UpstreamListener *m_listener;
    CURL *m_easy = nullptr;
    curl_slist *m_headerList = nullptr;
    HeaderList m_responseHeaders;
    QTimer m_watchdog;
    QElapsedTimer m_sinceActivity; // restarted per piece; cheaper than restarting a timer
    UpstreamFailure m_watchdogFailure = UpstreamFailure::None;
    bool m_running = false;
    bool m_headersDelivered = false;
    bool m_gotBody = false;
    bool m_paused = false;
    bool m_abortRequested = false;
    bool m_inCallback = false; // a listener is being called from inside libcurl
    // What libcurl has sent so far, to judge its own attempts to send the request again.
    int m_sends = 0;
    long m_requestBytesBeforeSend = 0; // CURLINFO_REQUEST_SIZE when the last send began
    bool m_lastSendOnHttp2 = false;
    bool m_resendRefused = false; // we stopped libcurl from sending the request again
    char m_errorBuffer[CURL_ERROR_SIZE] = {};
};

} // namespace clawgate
