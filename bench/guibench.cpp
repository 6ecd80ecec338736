// clawgate-guibench: what the tray app costs and how its GUI thread holds up, measured with the
// real GatewayService, main window and live log on an in-process mock upstream.
//
//   clawgate-guibench [--rate N] [--seconds S] [--requests TOTAL] [--streams N] [--glib-worker]
//
// 1. idle RSS once the gateway runs and the window is shown;
// 2. the GUI thread's longest stall while the gateway serves --rate requests a second (non-
//    stream, kept-alive connections) for --seconds, with the live log showing them;
// 3. RSS after --requests requests in all (the live log keeps the newest 10 000);
// 4. the GUI thread's longest stall during Quit with --streams open streams (stop(), then the
//    grace time, then every stream ends with an error event), and how long Quit took.
// The worker thread runs Qt's UNIX event loop as in the tray app; --glib-worker gives it GLib's
// to compare. Bounded: every phase has a fixed length or count and a hard timeout; all traffic
// stays on 127.0.0.1.
#include "mainwindow.h"
#include "mockupstream.h"
#include "service/gatewayservice.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTimer>

#include <curl/curl.h>

#include <atomic>
#include <cstdio>
#include <thread>

using namespace clawgate;

namespace {

long rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

// The longest time the GUI thread's event loop went without running a 5 ms timer.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            m_worst = std::max(m_worst, m_sinceTick.restart() - 5);
        });
    }
    void restart()
    {
        m_worst = 0;
        m_sinceTick.start();
        m_timer.start();
    }
    qint64 worstMs() const { return m_worst; }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    qint64 m_worst = 0;
};

size_t discard(char *, size_t size, size_t count, void *)
{
    return size * count;
}

// Requests from a thread of their own: `total` of them, at `rate` a second (0: as fast as
// `parallel` transfers at a time allow), each bounded by a 30 s timeout.
struct Load
{
    std::string url;
    std::string body;
    int total = 0;
    int rate = 0;
    int parallel = 32;
    std::atomic<int> done {0};
    std::atomic<int> failed {0};
    double seconds = 0;

    void run()
    {
        CURLM *multi = curl_multi_init();
        curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, long(parallel));
        curl_slist *headers = curl_slist_append(nullptr, "Content-Type: application/json");
        int started = 0;
        int running = 0;
        const auto begin = std::chrono::steady_clock::now();
        while (done + failed < total) {
            const double elapsed
                = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
            const int due = rate > 0 ? std::min(total, int(elapsed * rate) + 1) : total;
            while (started < due && started - done - failed < parallel) {
                CURL *easy = curl_easy_init();
                curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
                curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.c_str());
                curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
                curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &discard);
                curl_easy_setopt(easy, CURLOPT_TIMEOUT, 30L);
                curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
                curl_multi_add_handle(multi, easy);
                ++started;
            }
            curl_multi_perform(multi, &running);
            int left = 0;
            while (CURLMsg *m = curl_multi_info_read(multi, &left)) {
                if (m->msg != CURLMSG_DONE)
                    continue;
                long status = 0;
                curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &status);
                (m->data.result == CURLE_OK && status == 200 ? done : failed)++;
                curl_multi_remove_handle(multi, m->easy_handle);
                curl_easy_cleanup(m->easy_handle);
            }
            curl_multi_poll(multi, nullptr, 0, 1, nullptr);
        }
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        curl_slist_free_all(headers);
        curl_multi_cleanup(multi);
    }
};

QJsonObject configFor(const MockUpstreamThread &mock)
{
    QJsonObject providers;
    for (const QString &route : {QStringLiteral("fast"), QStringLiteral("slow")}) {
        QJsonObject provider;
        provider.insert(QStringLiteral("type"), QStringLiteral("openai"));
        provider.insert(QStringLiteral("baseUrl"), mock.baseUrl(route));
        providers.insert(route, provider);
    }
    QJsonArray models;
    for (const QString &route : {QStringLiteral("fast"), QStringLiteral("slow")}) {
        QJsonObject backend;
        backend.insert(QStringLiteral("provider"), route);
        backend.insert(QStringLiteral("model"), QStringLiteral("m"));
        QJsonObject model;
        model.insert(QStringLiteral("alias"), route);
        model.insert(QStringLiteral("backends"), QJsonArray {backend});
        models.append(model);
    }
    QJsonObject server;
    server.insert(QStringLiteral("port"), 0);
    server.insert(QStringLiteral("shutdownGraceSeconds"), 1);
    QJsonObject root;
    root.insert(QStringLiteral("version"), 1);
    root.insert(QStringLiteral("server"), server);
    root.insert(QStringLiteral("providers"), providers);
    root.insert(QStringLiteral("models"), models);
    return root;
}

// Runs the GUI's event loop until `done` holds or `timeoutMs` passed.
template<typename Done>
bool runUntil(Done done, int timeoutMs)
{
    QElapsedTimer waited;
    waited.start();
    while (!done() && waited.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const bool glibWorker = std::find_if(argv, argv + argc, [](const char *a) {
                                return qstrcmp(a, "--glib-worker") == 0;
                            }) != argv + argc;
    if (!glibWorker)
        qputenv("QT_NO_THREADED_GLIB", "1"); // as the tray app does
    QApplication app(argc, argv);
    // As in the tray app: the live log shows each request, so no debug line for each one.
    QLoggingCategory::setFilterRules(QStringLiteral("clawgate.*.debug=false"));
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("rate"), QStringLiteral("requests a second"),
                      QStringLiteral("N"), QStringLiteral("2000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("length of the rated phase"),
                      QStringLiteral("S"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("requests"), QStringLiteral("requests in all"),
                      QStringLiteral("N"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("streams"), QStringLiteral("open streams at Quit"),
                      QStringLiteral("N"), QStringLiteral("200")});
    parser.addOption({QStringLiteral("glib-worker"), QStringLiteral("GLib's loop on the worker")});
    parser.process(app);
    const int rate = std::clamp(parser.value(QStringLiteral("rate")).toInt(), 1, 100000);
    const int seconds = std::clamp(parser.value(QStringLiteral("seconds")).toInt(), 1, 120);
    const int total = std::clamp(parser.value(QStringLiteral("requests")).toInt(), 1, 1000000);
    const int streams = std::clamp(parser.value(QStringLiteral("streams")).toInt(), 1, 2000);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    MockUpstreamThread mock;
    mock->setRecording(false);
    mock->setBehavior(QStringLiteral("slow"), MockBehavior::slowStream(600, 100)); // 60 s
    QTemporaryDir dir;
    const QString configPath = dir.filePath(QStringLiteral("config.json"));
    QFile file(configPath);
    file.open(QIODevice::WriteOnly);
    file.write(QJsonDocument(configFor(mock)).toJson());
    file.close();

    GatewayOptions options;
    options.configPath = configPath;
    GatewayService service(options);
    ui::MainWindow window(service);
    window.show();
    window.showPage(QStringLiteral("liveLogPage"));
    service.start();
    if (!runUntil([&] { return service.status().state == GatewayState::Running; }, 10000)) {
        std::fprintf(stderr, "the gateway did not start: %s\n", qPrintable(service.status().error));
        return 1;
    }
    runUntil([] { return false; }, 1000);
    const long idleRss = rssKiB();
    const std::string base = service.status().url.toStdString() + "/v1/chat/completions";

    StallMeter meter;
    Load rated;
    rated.url = base;
    rated.body = R"({"model":"fast","messages":[{"role":"user","content":"hi"}]})";
    rated.total = rate * seconds;
    rated.rate = rate;
    std::thread ratedThread([&rated] { rated.run(); });
    meter.restart();
    runUntil([&] { return rated.done + rated.failed >= rated.total; }, (seconds + 60) * 1000);
    const qint64 stallUnderLoad = meter.worstMs();
    ratedThread.join();

    Load rest;
    rest.url = base;
    rest.body = rated.body;
    rest.total = std::max(0, total - rated.total);
    rest.parallel = 64;
    std::thread restThread([&rest] { rest.run(); });
    runUntil([&] { return rest.done + rest.failed >= rest.total; }, 600000);
    restThread.join();
    runUntil([] { return false; }, 1000); // the last batches reach the live log
    const long rssAfter = rssKiB();

    Load open;
    open.url = base;
    open.body = R"({"model":"slow","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    open.total = streams;
    open.parallel = streams;
    std::thread openThread([&open] { open.run(); });
    runUntil([&] { return service.stats().requestsInFlight >= streams; }, 30000);
    meter.restart();
    QElapsedTimer quitting;
    quitting.start();
    service.stop();
    runUntil([&] { return service.status().state == GatewayState::Stopped; }, 30000);
    const qint64 quitMs = quitting.elapsed();
    const qint64 stallAtQuit = meter.worstMs();
    openThread.join();

    std::printf("worker event loop: %s\n", glibWorker ? "GLib" : "UNIX");
    std::printf("idle RSS: %.1f MiB\n", idleRss / 1024.0);
    std::printf("rated phase: %d requests at %d/s asked, %.0f/s served, %d failed; "
                "GUI thread's longest stall: %lld ms\n",
                rated.total, rate, rated.done / std::max(rated.seconds, 0.001), rated.failed.load(),
                stallUnderLoad);
    std::printf("as fast as possible: %d requests, %.0f/s, %d failed\n", rest.total,
                rest.done / std::max(rest.seconds, 0.001), rest.failed.load());
    std::printf("RSS after %d requests (live log keeps 10000): %.1f MiB\n", total,
                rssAfter / 1024.0);
    std::printf("Quit with %d open streams: stopped after %lld ms (grace 1 s), GUI thread's "
                "longest stall: %lld ms; streams ended: %d properly, %d not\n",
                streams, quitMs, stallAtQuit, open.done.load(), open.failed.load());
    return 0;
}
