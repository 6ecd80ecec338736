#include "upstreamtransfer.h"

#include "curlmulti.h"
#include "server/httpmessage.h"

#include <QMetaObject>

#include <openssl/ssl.h>

namespace clawgate {

void UpstreamRequest::setHeader(const QByteArray &name, const QByteArray &value)
{
    headers.removeIf(
        [&](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
    headers.append({name, value});
}

bool UpstreamRequest::hasHeader(QByteArrayView name) const
{
    return std::any_of(headers.begin(), headers.end(), [&](const auto &h) {
        return QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0;
    });
}

UpstreamTransfer::UpstreamTransfer(CurlMulti *multi, UpstreamRequest request,
                                   UpstreamListener *listener, QObject *parent)
    : QObject(parent)
    , m_multi(multi)
    , m_request(std::move(request))
    , m_listener(listener)
    , m_easy(multi->takeEasyHandle())
{
    CURL *e = m_easy;
    curl_easy_setopt(e, CURLOPT_URL, m_request.url.constData());
    curl_easy_setopt(e, CURLOPT_PRIVATE, this);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    // h2c connection reuse is broken in libcurl 7.88 (curl#10634): plain http stays on 1.1,
    // https lets ALPN pick HTTP/2.
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
                     m_request.url.startsWith("https:") ? long(CURL_HTTP_VERSION_2TLS)
                                                        : long(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(m_request.timeouts.connectSeconds) * 1000);
    if (!m_request.proxy.isEmpty())
        curl_easy_setopt(e, CURLOPT_PROXY, m_request.proxy.toUtf8().constData());
    if (!m_request.caFile.isEmpty())
        curl_easy_setopt(e, CURLOPT_CAINFO, m_request.caFile.constData());
    if (m_request.method == "POST") {
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, m_request.body.constData());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(m_request.body.size()));
    } else if (m_request.method != "GET") {
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, m_request.method.constData());
    }
    // No "Expect: 100-continue" round trip, and a body always says what it is.
    m_headerList = curl_slist_append(m_headerList, "Expect:");
    for (const auto &header : std::as_const(m_request.headers)) {
        const QByteArray line = header.first + ": " + header.second;
        m_headerList = curl_slist_append(m_headerList, line.constData());
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, m_headerList);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &UpstreamTransfer::onHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &UpstreamTransfer::onWrite);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &UpstreamTransfer::onPrerequest);
    curl_easy_setopt(e, CURLOPT_PREREQDATA, this);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, m_errorBuffer);

    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, &UpstreamTransfer::onWatchdog);
}

UpstreamTransfer::~UpstreamTransfer()
{
    if (m_multi) {
        if (m_running)
            detachCutShort();
        m_multi->returnEasyHandle(m_easy);
    } else {
        curl_easy_cleanup(m_easy);
    }
    curl_slist_free_all(m_headerList);
}

// Fires at the earliest moment the transfer could have been silent for too long; data that
// arrived in the meantime only pushes the deadline on.
void UpstreamTransfer::onWatchdog()
{
    const bool firstByte = m_watchdogFailure == UpstreamFailure::FirstByteTimeout;
    const qint64 limitMs
        = qint64(firstByte ? m_request.timeouts.firstByteSeconds : m_request.timeouts.idleSeconds)
        * 1000;
    const qint64 remainingMs = limitMs - m_sinceActivity.elapsed();
    if (remainingMs > 0) {
        m_watchdog.start(int(remainingMs));
        return;
    }
    detachCutShort();
    finish({m_watchdogFailure,
            firstByte
                ? QStringLiteral("no response within %1 s").arg(m_request.timeouts.firstByteSeconds)
                : QStringLiteral("stream silent for %1 s").arg(m_request.timeouts.idleSeconds)});
}

void UpstreamTransfer::start()
{
    m_running = true;
    m_watchdogFailure = UpstreamFailure::FirstByteTimeout;
    m_sinceActivity.start();
    m_watchdog.start(m_request.timeouts.firstByteSeconds * 1000);
    m_multi->add(this);
}

void UpstreamTransfer::abort()
{
    m_listener = nullptr;
    m_watchdog.stop();
    if (!m_running)
        return;
    m_abortRequested = true;
    if (!m_inCallback) {
        m_running = false;
        detachCutShort();
        return;
    }
    // Inside one of its own callbacks the handle cannot be removed: the callback returns an
    // error instead, libcurl ends the transfer and complete() sees no listener to tell.
    curl_easy_setopt(m_easy, CURLOPT_FORBID_REUSE, 1L); // see detachCutShort()
}

// The response was cut short, so the upstream must learn that nobody listens any more. Over
// HTTP/1.1 libcurl closes such a connection itself. Over HTTP/2 libcurl 7.88 queues an
// RST_STREAM but sends it only with the connection's next frames: on a connection no other
// stream uses, the upstream would go on generating (and billing) for a client that is gone.
// Forbidding reuse makes libcurl close the connection instead, and only when no other stream
// uses it; when others do, their traffic carries the RST_STREAM out at once.
void UpstreamTransfer::detachCutShort()
{
    curl_easy_setopt(m_easy, CURLOPT_FORBID_REUSE, 1L);
    if (m_multi)
        m_multi->remove(this);
}

// A slow client pauses its transfer with CURL_WRITEFUNC_PAUSE, over HTTP/1.1 and HTTP/2 alike.
// Measured with libcurl 7.88.1 (tests/integration/tst_slowreader.cpp,
// tests/h2/h2_slowreader.test.mjs):
// - HTTP/1.1: the transfer has its connection to itself; the upstream stops at TCP flow
//   control, a few MiB of socket buffers away, and the gateway holds about kHighWater.
// - HTTP/2: the paused stream shares its connection with other clients' streams, and they do
//   not stall: libcurl closes the paused stream's window, reads on for the others, and holds
//   what the upstream had already been allowed to send on the paused stream (at most its fixed
//   32 MiB window) until we resume, or until the client's idle timeout drops the client.
// Buffering the paused stream ourselves instead would keep its window open and grow without
// bound. Turning multiplexing off would bound the held bytes by socket buffers, but costs a TLS
// connection per concurrent request and gives up HTTP/2's handling of GOAWAY with streams in
// flight; a bounded 32 MiB per stalled client was judged the better trade.
void UpstreamTransfer::setPaused(bool paused)
{
    if (paused == m_paused || !m_running)
        return;
    m_paused = paused;
    if (paused) {
        m_watchdog.stop(); // silence caused by our client is not the upstream's fault
        return;
    }
    // Unpausing must not happen inside a libcurl callback.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_running && !m_paused) {
                m_sinceActivity.restart();
                m_watchdog.start(m_request.timeouts.idleSeconds * 1000);
                curl_easy_pause(m_easy, CURLPAUSE_CONT);
            }
        },
        Qt::QueuedConnection);
}

size_t UpstreamTransfer::onHeader(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<UpstreamTransfer *>(self);
    const size_t length = size * count;
    if (t->m_abortRequested)
        return 0;
    QByteArray line = QByteArray::fromRawData(data, qsizetype(length));
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.startsWith("HTTP/")) { // a new response (after 1xx or a redirect): start over
        t->m_responseHeaders.clear();
        return length;
    }
    if (!line.trimmed().isEmpty()) {
        // Not trimmed first: a line that starts with a space continues the previous header
        // (obs-fold) and must not be read as a header of its own.
        appendHeaderLine(t->m_responseHeaders, line);
        return length;
    }
    long status = 0;
    curl_easy_getinfo(t->m_easy, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && !t->m_headersDelivered && t->m_listener) {
        t->m_headersDelivered = true;
        t->m_inCallback = true;
        t->m_listener->upstreamHeaders(int(status), t->m_responseHeaders);
        t->m_inCallback = false;
    }
    return t->m_abortRequested ? 0 : length;
}

size_t UpstreamTransfer::onWrite(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<UpstreamTransfer *>(self);
    const size_t length = size * count;
    if (t->m_abortRequested || !t->m_listener)
        return 0;
    if (t->m_paused)
        return CURL_WRITEFUNC_PAUSE;
    t->m_sinceActivity.restart();
    if (!t->m_gotBody) {
        t->m_gotBody = true;
        t->m_watchdogFailure = UpstreamFailure::IdleTimeout;
        t->m_watchdog.start(t->m_request.timeouts.idleSeconds * 1000);
    }
    t->m_inCallback = true;
    t->m_listener->upstreamData(QByteArray(data, qsizetype(length)));
    t->m_inCallback = false;
    return t->m_abortRequested ? 0 : length;
}

namespace {

// Whether the connection a send is about to use speaks HTTP/2 (ALPN "h2"). Plain http://
// upstreams always use HTTP/1.1 here.
bool usesHttp2(CURL *easy)
{
    curl_tlssessioninfo *tls = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_TLS_SSL_PTR, &tls) != CURLE_OK || !tls
        || tls->backend != CURLSSLBACKEND_OPENSSL || !tls->internals)
        return false;
    const unsigned char *protocol = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(static_cast<SSL *>(tls->internals), &protocol, &length);
    return length == 2 && protocol[0] == 'h' && protocol[1] == '2';
}

} // namespace

// libcurl calls this right before every send of the request. A second call means libcurl is
// sending it again by itself: libcurl 7.88 does so when a reused connection died before any
// response byte (Curl_retry_request in lib/transfer.c), even if the whole request had gone
// out and the upstream may be working on it, and after an HTTP/2 REFUSED_STREAM (which
// includes the streams a GOAWAY left unprocessed). Only a resend of a request that never
// arrived is let through; anything else ends the transfer, and the failover decides.
int UpstreamTransfer::onPrerequest(void *self, char *, char *, int, int)
{
    auto *t = static_cast<UpstreamTransfer *>(self);
    long requestBytes = 0;
    curl_easy_getinfo(t->m_easy, CURLINFO_REQUEST_SIZE, &requestBytes);
    if (t->m_sends > 0 && !t->previousSendNeverArrived(requestBytes)) {
        t->m_resendRefused = true;
        return CURL_PREREQFUNC_ABORT;
    }
    ++t->m_sends;
    t->m_requestBytesBeforeSend = requestBytes;
    t->m_lastSendOnHttp2 = usesHttp2(t->m_easy);
    return CURL_PREREQFUNC_OK;
}

bool UpstreamTransfer::previousSendNeverArrived(long requestBytesNow) const
{
    // CURLINFO_REQUEST_SIZE counts the request bytes written to the socket, over all sends.
    if (requestBytesNow == m_requestBytesBeforeSend)
        return true; // not one byte of it was written
    // On HTTP/2 libcurl resends without any error of its own only for a refused stream, which
    // the server promises it never processed; a connection that died reports an error first.
    return m_lastSendOnHttp2 && m_errorBuffer[0] == '\0';
}

void UpstreamTransfer::complete(CURLcode code)
{
    if (!m_running)
        return;
    long status = 0;
    curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
    UpstreamResult result;
    switch (code) {
    case CURLE_OK: break;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION: result.failure = UpstreamFailure::ConnectFailed; break;
    case CURLE_OPERATION_TIMEDOUT:
        result.failure = m_gotBody || status > 0 ? UpstreamFailure::IdleTimeout
                                                 : UpstreamFailure::ConnectTimeout;
        break;
    default:
        result.failure = status == 0 ? UpstreamFailure::NoResponse : UpstreamFailure::Reset;
        break;
    }
    if (m_resendRefused) {
        result.failure = UpstreamFailure::NoResponse;
        result.message = QStringLiteral("the connection closed after the request was sent");
    } else if (!result.ok()) {
        result.message = QString::fromUtf8(curl_easy_strerror(code));
    }
    long requestBytes = 0;
    curl_easy_getinfo(m_easy, CURLINFO_REQUEST_SIZE, &requestBytes);
    result.requestNeverSent = !result.ok() && requestBytes == 0;
    finish(result);
}

void UpstreamTransfer::finish(const UpstreamResult &result)
{
    m_running = false;
    m_watchdog.stop();
    if (UpstreamListener *listener = std::exchange(m_listener, nullptr))
        listener->upstreamFinished(result);
}

} // namespace clawgate
