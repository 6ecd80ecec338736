#include "curlmulti.h"

#include "upstreamtransfer.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcCurl, "clawgate.upstream.curl")

namespace clawgate {

namespace {

// libcurl's global state, set up once per process by whoever needs it first. This libcurl is
// built thread-safe (7.84+ with the "threadsafe" feature), so a gateway thread may be first.
CURLM *initialisedMulti()
{
    static const CURLcode ready = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (ready != CURLE_OK)
        qCCritical(lcCurl) << "libcurl could not be initialised:" << curl_easy_strerror(ready);
    return curl_multi_init();
}

} // namespace

CurlMulti::CurlMulti(QObject *parent)
    : QObject(parent)
    , m_multi(initialisedMulti())
{
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlMulti::onSocket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlMulti::onTimer);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0L); // no per-host cap
    curl_multi_setopt(m_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, 2048L); // idle connections kept for reuse
    curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { socketAction(CURL_SOCKET_TIMEOUT, 0); });
}

CurlMulti::~CurlMulti()
{
    const QList<UpstreamTransfer *> transfers = m_transfers.values();
    for (UpstreamTransfer *transfer : transfers)
        remove(transfer);
    for (CURL *easy : std::as_const(m_spareHandles))
        curl_easy_cleanup(easy);
    curl_multi_cleanup(m_multi);
}

CURL *CurlMulti::takeEasyHandle()
{
    return m_spareHandles.isEmpty() ? curl_easy_init() : m_spareHandles.takeLast();
}

void CurlMulti::returnEasyHandle(CURL *easy)
{
    constexpr int kMaxSpare = 256;
    if (m_spareHandles.size() >= kMaxSpare) {
        curl_easy_cleanup(easy);
        return;
    }
    curl_easy_reset(easy); // forgets every option; connections stay in the multi's cache
    m_spareHandles.append(easy);
}

void CurlMulti::add(UpstreamTransfer *transfer)
{
    m_transfers.insert(transfer->easyHandle(), transfer);
    curl_multi_add_handle(m_multi, transfer->easyHandle());
}

void CurlMulti::remove(UpstreamTransfer *transfer)
{
    if (m_transfers.remove(transfer->easyHandle()))
        curl_multi_remove_handle(m_multi, transfer->easyHandle());
}

int CurlMulti::onSocket(CURL *, curl_socket_t fd, int what, void *self, void *)
{
    static_cast<CurlMulti *>(self)->watchSocket(fd, what);
    return 0;
}

int CurlMulti::onTimer(CURLM *, long timeoutMs, void *self)
{
    auto *multi = static_cast<CurlMulti *>(self);
    if (timeoutMs < 0)
        multi->m_timer.stop();
    else
        multi->m_timer.start(int(timeoutMs));
    return 0;
}

// Called from inside libcurl: only (de)activate notifiers here, never call back into libcurl,
// and never delete a notifier (one of them may be the reason we are here).
void CurlMulti::watchSocket(curl_socket_t fd, int what)
{
    SocketWatch &watch = m_watches[fd];
    const bool wantRead = (what == CURL_POLL_IN || what == CURL_POLL_INOUT);
    const bool wantWrite = (what == CURL_POLL_OUT || what == CURL_POLL_INOUT);
    auto ensure = [this, fd](QSocketNotifier *&n, QSocketNotifier::Type type, int mask, bool want) {
        if (!n && want) {
            n = new QSocketNotifier(qintptr(fd), type, this);
            connect(n, &QSocketNotifier::activated, this,
                    [this, fd, mask] { socketAction(fd, mask); });
        }
        if (n && n->isEnabled() != want)
            n->setEnabled(want);
    };
    ensure(watch.read, QSocketNotifier::Read, CURL_CSELECT_IN, wantRead);
    ensure(watch.write, QSocketNotifier::Write, CURL_CSELECT_OUT, wantWrite);
}

void CurlMulti::socketAction(curl_socket_t fd, int eventMask)
{
    int running = 0;
    const CURLMcode rc = curl_multi_socket_action(m_multi, fd, eventMask, &running);
    if (rc != CURLM_OK)
        qCWarning(lcCurl) << "curl_multi_socket_action:" << curl_multi_strerror(rc);
    collectFinished();
}

void CurlMulti::collectFinished()
{
    int queued = 0;
    while (CURLMsg *msg = curl_multi_info_read(m_multi, &queued)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        const CURLcode result = msg->data.result;
        UpstreamTransfer *transfer = m_transfers.value(msg->easy_handle);
        if (!transfer)
            continue;
        remove(transfer);
        transfer->complete(result);
    }
}

} // namespace clawgate
