#include "testclient.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QUrl>

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include <sys/resource.h>

namespace {

void initOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        struct rlimit lim;
        if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
            lim.rlim_cur = lim.rlim_max;
            setrlimit(RLIMIT_NOFILE, &lim);
        }
    });
}

// One libcurl easy transfer and everything its callbacks fill in.
struct Transfer
{
    CURL *easy = nullptr;
    curl_slist *headerList = nullptr;
    QByteArray method;
    QByteArray url;
    QByteArray body;
    bool abortAfterFirstPiece = false;
    QElapsedTimer clock;
    TestResponse response;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    ~Transfer()
    {
        if (easy)
            curl_easy_cleanup(easy);
        curl_slist_free_all(headerList);
    }
};

size_t onBody(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const qsizetype bytes = qsizetype(size * count);
    t->response.pieces.append(QByteArray(data, bytes));
    t->response.pieceArrivalMs.append(t->clock.elapsed());
    t->response.body.append(data, bytes);
    return t->abortAfterFirstPiece ? 0 : size_t(bytes);
}

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const QByteArray line = QByteArray(data, qsizetype(size * count)).trimmed();
    if (t->response.firstByteMs < 0)
        t->response.firstByteMs = t->clock.elapsed();
    if (line.startsWith("HTTP/")) {
        t->response.headers.clear(); // a new (possibly interim 1xx) response
    } else if (const qsizetype colon = line.indexOf(':'); colon > 0) {
        t->response.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return size * count;
}

bool isLocal(const QUrl &url)
{
    return url.scheme() == QLatin1String("http")
        && (url.host() == QLatin1String("127.0.0.1") || url.host() == QLatin1String("localhost"));
}

std::unique_ptr<Transfer> makeTransfer(const QByteArray &method, const QString &url,
                                       const QByteArray &body, const TestHeaders &headers,
                                       int timeoutMs)
{
    initOnce();
    auto t = std::make_unique<Transfer>();
    t->method = method;
    t->url = url.toUtf8();
    t->body = body;
    if (!isLocal(QUrl(url))) {
        t->response.curlError = QStringLiteral("TestClient only talks to 127.0.0.1: ") + url;
        return t;
    }
    bool hasContentType = false;
    for (const auto &h : headers) {
        t->headerList
            = curl_slist_append(t->headerList, QByteArray(h.first + ": " + h.second).constData());
        hasContentType
            = hasContentType || h.first.compare("content-type", Qt::CaseInsensitive) == 0;
    }
    if (!hasContentType && method != "GET")
        t->headerList = curl_slist_append(t->headerList, "Content-Type: application/json");
    // Some servers never answer 100-continue; curl would then wait a second per request.
    t->headerList = curl_slist_append(t->headerList, "Expect:");

    CURL *e = t->easy = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, t->url.constData());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http");
    curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(qMin(timeoutMs, 10000)));
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headerList);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errorBuffer);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    if (method == "GET") {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
        if (method != "POST")
            curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, t->method.constData());
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->body.constData());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(t->body.size()));
    }
    return t;
}

void finishTransfer(Transfer *t, CURLcode code)
{
    t->response.totalMs = t->clock.elapsed();
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    t->response.status = int(status);
    t->response.curlCode = int(code);
    if (code != CURLE_OK) {
        const char *detail = t->errorBuffer[0] ? t->errorBuffer : curl_easy_strerror(code);
        t->response.curlError = QString::fromUtf8(detail);
    }
}

TestResponse perform(std::unique_ptr<Transfer> t)
{
    if (!t->easy)
        return t->response;
    t->clock.start();
    finishTransfer(t.get(), curl_easy_perform(t->easy));
    return t->response;
}

} // namespace

QByteArray TestResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonObject TestResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QList<QByteArray> TestResponse::sseDataLines() const
{
    QList<QByteArray> out;
    const QList<QByteArray> lines = body.split('\n');
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.startsWith("data:"))
            continue;
        line.remove(0, 5);
        if (line.startsWith(' '))
            line.remove(0, 1);
        out.append(line);
    }
    return out;
}

TestResponse TestClient::get(const QString &url, const TestHeaders &headers, int timeoutMs)
{
    return request(QByteArrayLiteral("GET"), url, {}, headers, timeoutMs);
}

TestResponse TestClient::post(const QString &url, const QByteArray &body,
                              const TestHeaders &headers, int timeoutMs)
{
    return request(QByteArrayLiteral("POST"), url, body, headers, timeoutMs);
}

TestResponse TestClient::request(const QByteArray &method, const QString &url,
                                 const QByteArray &body, const TestHeaders &headers, int timeoutMs)
{
    return perform(makeTransfer(method, url, body, headers, timeoutMs));
}

TestResponse TestClient::postAbortAfterFirstPiece(const QString &url, const QByteArray &body,
                                                  const TestHeaders &headers, int timeoutMs)
{
    std::unique_ptr<Transfer> t
        = makeTransfer(QByteArrayLiteral("POST"), url, body, headers, timeoutMs);
    t->abortAfterFirstPiece = true;
    return perform(std::move(t));
}

QList<TestResponse> TestClient::postConcurrently(int n, const QString &url, const QByteArray &body,
                                                 const TestHeaders &headers, int timeoutMs)
{
    std::vector<std::unique_ptr<Transfer>> transfers;
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, long(CURLPIPE_NOTHING));
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, long(n));
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < n; ++i) {
        transfers.push_back(makeTransfer(QByteArrayLiteral("POST"), url, body, headers, timeoutMs));
        Transfer *t = transfers.back().get();
        if (!t->easy)
            continue;
        t->clock = clock;
        // One connection per request, so n requests really are n concurrent connections.
        curl_easy_setopt(t->easy, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(t->easy, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
        curl_multi_add_handle(multi, t->easy);
    }
    int running = 0;
    do {
        curl_multi_perform(multi, &running);
        int queued = 0;
        while (CURLMsg *msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            Transfer *t = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
            finishTransfer(t, msg->data.result);
        }
        if (running > 0)
            curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    } while (running > 0);

    QList<TestResponse> results;
    for (const auto &t : transfers) {
        if (t->easy)
            curl_multi_remove_handle(multi, t->easy);
        results.append(t->response);
    }
    curl_multi_cleanup(multi);
    return results;
}
