// clawgate-stamped-upstream: an OpenAI-compatible upstream that answers every POST with one
// chat-completions stream whose text deltas carry the moment they were written.
//
// Each content event's text is "stamp=<ns> ", <ns> being CLOCK_MONOTONIC (std::chrono::
// steady_clock, one clock for every process on the machine) read just before the event's
// write(). A client that reads the stamp back on receipt (clawgate-loadgen --stamps) gets the
// delay of every event from the upstream's socket to its own, whatever relayed or translated
// the stream in between: the gateway's Anthropic translation keeps text byte for byte.
//
// The regular mock upstream cannot put a send time into its events, hence this one. It does
// one job only: N events at a fixed interval (absolute schedule, so a late event does not push
// the next ones), then a finish chunk with usage and [DONE]; keep-alive connections, one thread
// per connection, at most --max-connections of them, 127.0.0.1 only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

struct StreamShape
{
    int events = 200;
    int intervalMs = 5;
};

std::atomic<int> g_connections {0};

bool writeAll(int fd, const std::string &bytes)
{
    size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += size_t(n);
    }
    return true;
}

std::string chunked(const std::string &payload)
{
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", payload.size());
    return size + payload + "\r\n";
}

std::string chatEvent(const std::string &delta, const char *finishReason,
                      const std::string &extra = {})
{
    return "data: {\"id\":\"chatcmpl-stamped\",\"object\":\"chat.completion.chunk\","
           "\"created\":1764470000,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{"
        + delta + "},\"finish_reason\":" + finishReason + "}]" + extra + "}\n\n";
}

// Reads one request (headers and a Content-Length body) from the connection; false at EOF.
bool readRequest(int fd, std::string &pending)
{
    size_t headerEnd;
    while ((headerEnd = pending.find("\r\n\r\n")) == std::string::npos) {
        char buf[16384];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0 || pending.size() > (1u << 20))
            return false;
        pending.append(buf, size_t(n));
    }
    size_t bodyLength = 0;
    for (size_t at = 0; at < headerEnd;) {
        const size_t eol = pending.find("\r\n", at);
        const std::string line = pending.substr(at, eol - at);
        if (strncasecmp(line.c_str(), "content-length:", 15) == 0)
            bodyLength = std::strtoul(line.c_str() + 15, nullptr, 10);
        at = eol + 2;
    }
    const size_t total = headerEnd + 4 + bodyLength;
    while (pending.size() < total) {
        char buf[16384];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            return false;
        pending.append(buf, size_t(n));
    }
    pending.erase(0, total);
    return true;
}

bool streamStamped(int fd, const StreamShape &shape)
{
    if (!writeAll(fd,
                  "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                  "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n"))
        return false;
    const Clock::time_point start = Clock::now();
    for (int i = 1; i <= shape.events; ++i) {
        std::this_thread::sleep_until(start + std::chrono::milliseconds(i * shape.intervalMs));
        const long long ns
            = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
                  .count();
        const std::string role = i == 1 ? "\"role\":\"assistant\"," : "";
        const std::string event
            = chatEvent(role + "\"content\":\"stamp=" + std::to_string(ns) + " \"", "null");
        if (!writeAll(fd, chunked(event)))
            return false;
    }
    const std::string tail = chatEvent("", "\"stop\"",
                                       ",\"usage\":{\"prompt_tokens\":2000,\"completion_tokens\":"
                                           + std::to_string(shape.events * 8) + ",\"total_tokens\":"
                                           + std::to_string(2000 + shape.events * 8) + "}")
        + "data: [DONE]\n\n";
    return writeAll(fd, chunked(tail) + "0\r\n\r\n");
}

void serveConnection(int fd, StreamShape shape)
{
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string pending;
    while (readRequest(fd, pending) && streamStamped(fd, shape)) { }
    ::close(fd);
    --g_connections;
}

int listenLoopback(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(fd, 128) != 0)
        return -1;
    return fd;
}

void usage()
{
    std::fprintf(stderr,
                 "usage: clawgate-stamped-upstream [--port P] [--events N] [--interval-ms MS]\n"
                 "                                 [--max-connections N]\n"
                 "Answers every POST with N stamped chat-completions chunks MS apart.\n");
}

} // namespace

int main(int argc, char **argv)
{
    int port = 0;
    int maxConnections = 64;
    StreamShape shape;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) {
            usage();
            return 2;
        }
        const int value = std::atoi(argv[++i]);
        if (a == "--port")
            port = value;
        else if (a == "--events")
            shape.events = value;
        else if (a == "--interval-ms")
            shape.intervalMs = value;
        else if (a == "--max-connections")
            maxConnections = value;
        else {
            usage();
            return 2;
        }
    }
    if (shape.events < 1 || shape.events > 100000 || shape.intervalMs < 0 || maxConnections < 1) {
        usage();
        return 2;
    }
    const int listener = listenLoopback(port);
    if (listener < 0) {
        std::perror("listen");
        return 1;
    }
    sockaddr_in bound {};
    socklen_t length = sizeof bound;
    getsockname(listener, reinterpret_cast<sockaddr *>(&bound), &length);
    std::printf("listening on http://127.0.0.1:%d\n", ntohs(bound.sin_port));
    std::fflush(stdout);
    for (;;) {
        const int fd = ::accept(listener, nullptr, nullptr);
        if (fd < 0)
            continue;
        if (g_connections >= maxConnections) { // bounded: refuse rather than pile up threads
            ::close(fd);
            continue;
        }
        ++g_connections;
        std::thread(serveConnection, fd, shape).detach();
    }
}
