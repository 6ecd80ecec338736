// clawgate-loadgen: one burst of N concurrent HTTP requests (typically SSE streams) over
// libcurl's multi interface, one fresh connection per request, no per-host cap.
//
// For every request it records the time to the first *body* byte (TTFB, measured from the
// moment the burst is started, so connect and queueing are included), the completion time,
// the HTTP status and the number of SSE "data:" events. It prints one line of
// key=value pairs that bench/run.sh parses, e.g.
//   ok=500 failed=0 wall_ms=1012.3 ttfb_p50_ms=101.2 ttfb_p99_ms=104.9 ...
//
// With --stamps it also reads "stamp=<ns>" from every received "data:" line (written by
// clawgate-stamped-upstream: CLOCK_MONOTONIC just before the upstream's write) and reports
// the per-event delay from the upstream's socket to this client (event_p50_ms ...).
//
// Bounded: a single burst, every transfer has a hard timeout (--timeout seconds).
#include <curl/curl.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Transfer
{
    CURL *easy = nullptr;
    Clock::time_point firstByte {};
    Clock::time_point done {};
    bool gotByte = false;
    bool finished = false;
    CURLcode result = CURLE_OK;
    long status = 0;
    size_t bytes = 0;
    int events = 0;
    bool lineStart = true; // SSE event counting state
    int matched = 0;
    bool readStamps = false;
    std::string line; // the current SSE line, kept only with --stamps
    std::vector<double> eventDelaysMs;
};

long long monotonicNs(Clock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// Every "stamp=<ns>" in a received "data:" line gives one event's delay (now - ns).
void readStamps(Transfer *t, const char *data, size_t len, long long nowNs)
{
    static const std::string key = "stamp=";
    for (size_t i = 0; i < len; ++i) {
        if (data[i] != '\n') {
            t->line.push_back(data[i]);
            continue;
        }
        if (t->line.compare(0, 5, "data:") == 0) {
            for (size_t at = t->line.find(key); at != std::string::npos;
                 at = t->line.find(key, at + key.size())) {
                const long long sentNs = std::atoll(t->line.c_str() + at + key.size());
                t->eventDelaysMs.push_back(double(nowNs - sentNs) / 1e6);
            }
        }
        t->line.clear();
    }
}

size_t onWrite(char *data, size_t size, size_t n, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t len = size * n;
    const Clock::time_point now = Clock::now();
    if (!t->gotByte && len > 0) {
        t->firstByte = now;
        t->gotByte = true;
    }
    if (t->readStamps)
        readStamps(t, data, len, monotonicNs(now));
    t->bytes += len;
    // Count SSE events: "data:" at the start of a line, tracked byte by byte so a marker
    // split across two writes still counts once.
    static const char marker[] = "data:";
    for (size_t i = 0; i < len; ++i) {
        const char c = data[i];
        if (c == '\n') {
            t->matched = 0;
            t->lineStart = true;
        } else if (t->lineStart && c == marker[t->matched]) {
            if (++t->matched == 5) {
                ++t->events;
                t->lineStart = false;
            }
        } else {
            t->lineStart = false;
        }
    }
    return len;
}

double ms(Clock::duration d)
{
    return std::chrono::duration<double, std::milli>(d).count();
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    // nearest-rank
    size_t rank = size_t(p / 100.0 * double(v.size()) + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > v.size())
        rank = v.size();
    return v[rank - 1];
}

void usage()
{
    std::fprintf(stderr,
                 "usage: clawgate-loadgen --url URL [--concurrency N] [--key KEY]\n"
                 "                        [--body JSON | --body-file FILE] [--timeout SECONDS]\n"
                 "                        [--stamps]\n"
                 "One burst of N concurrent POSTs (one connection each); prints key=value stats.\n"
                 "--stamps: per-event delays from the stamps clawgate-stamped-upstream writes.\n");
}

void raiseFileLimit()
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
}

} // namespace

int main(int argc, char **argv)
{
    std::string url;
    std::string key;
    std::string body
        = R"({"model":"chat","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    int concurrency = 1;
    long timeoutSeconds = 30;
    bool stamps = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage();
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--url")
            url = next();
        else if (a == "--concurrency" || a == "-c")
            concurrency = std::atoi(next().c_str());
        else if (a == "--key")
            key = next();
        else if (a == "--body")
            body = next();
        else if (a == "--body-file") {
            std::ifstream in(next(), std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            body = ss.str();
        } else if (a == "--timeout")
            timeoutSeconds = std::atol(next().c_str());
        else if (a == "--stamps")
            stamps = true;
        else {
            usage();
            return 2;
        }
    }
    if (url.empty() || concurrency < 1 || concurrency > 20000 || timeoutSeconds < 1
        || timeoutSeconds > 600) {
        usage();
        return 2;
    }
    raiseFileLimit();
    curl_global_init(CURL_GLOBAL_DEFAULT);

    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, long(concurrency));
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_NOTHING);

    curl_slist *headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip
    if (!key.empty())
        headers = curl_slist_append(headers, ("Authorization: Bearer " + key).c_str());

    std::vector<Transfer> transfers(static_cast<size_t>(concurrency));
    for (Transfer &t : transfers) {
        CURL *e = curl_easy_init();
        t.easy = e;
        t.readStamps = stamps;
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
        curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L); // one connection per stream
        curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &onWrite);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeoutSeconds * 1000L);
    }

    const Clock::time_point start = Clock::now();
    for (Transfer &t : transfers)
        curl_multi_add_handle(multi, t.easy);

    int running = concurrency;
    int peakRunning = 0;
    const Clock::time_point hardStop = start + std::chrono::seconds(timeoutSeconds + 5);
    while (running > 0 && Clock::now() < hardStop) {
        curl_multi_perform(multi, &running);
        peakRunning = std::max(peakRunning, running);
        int queued = 0;
        while (CURLMsg *msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            Transfer *t = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char **>(&t));
            t->done = Clock::now();
            t->finished = true;
            t->result = msg->data.result;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &t->status);
        }
        if (running > 0)
            curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
    const Clock::time_point end = Clock::now();

    int ok = 0;
    int failed = 0;
    int unfinished = 0;
    long totalEvents = 0;
    std::vector<double> ttfb;
    std::vector<double> total;
    std::vector<double> eventDelays;
    std::string firstError;
    for (Transfer &t : transfers) {
        if (!t.finished) {
            ++unfinished;
            ++failed;
        } else if (t.result == CURLE_OK && t.status >= 200 && t.status < 300) {
            ++ok;
            totalEvents += t.events;
            eventDelays.insert(eventDelays.end(), t.eventDelaysMs.begin(), t.eventDelaysMs.end());
            if (t.gotByte)
                ttfb.push_back(ms(t.firstByte - start));
            total.push_back(ms(t.done - start));
        } else {
            ++failed;
            if (firstError.empty()) {
                firstError = t.result != CURLE_OK ? curl_easy_strerror(t.result)
                                                  : "HTTP " + std::to_string(t.status);
            }
        }
        curl_multi_remove_handle(multi, t.easy);
        curl_easy_cleanup(t.easy);
    }
    curl_slist_free_all(headers);
    curl_multi_cleanup(multi);
    curl_global_cleanup();

    for (char &c : firstError) {
        if (c == ' ')
            c = '_';
    }
    std::printf("requests=%d ok=%d failed=%d unfinished=%d peak_running=%d wall_ms=%.1f "
                "ttfb_p50_ms=%.2f ttfb_p90_ms=%.2f ttfb_p99_ms=%.2f ttfb_max_ms=%.2f "
                "done_p50_ms=%.1f done_max_ms=%.1f events_per_stream=%.2f first_error=%s\n",
                concurrency, ok, failed, unfinished, peakRunning, ms(end - start),
                percentile(ttfb, 50), percentile(ttfb, 90), percentile(ttfb, 99),
                percentile(ttfb, 100), percentile(total, 50), percentile(total, 100),
                ok > 0 ? double(totalEvents) / ok : 0.0,
                firstError.empty() ? "-" : firstError.c_str());
    if (stamps) {
        std::printf("stamped_events=%zu event_p50_ms=%.3f event_p90_ms=%.3f event_p99_ms=%.3f "
                    "event_max_ms=%.3f\n",
                    eventDelays.size(), percentile(eventDelays, 50), percentile(eventDelays, 90),
                    percentile(eventDelays, 99), percentile(eventDelays, 100));
    }
    return failed == 0 ? 0 : 1;
}
