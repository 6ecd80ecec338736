// `clawgatectl chat ALIAS MESSAGE`: one chat completion through the running gateway, streamed
// to the terminal as it is written, then which backend answered and how long it took: the
// quickest way to see that an alias works end to end, failover and all.
#include "commandcontext.h"
#include "formats/chatstreamtext.h"
#include "store/adminclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <curl/curl.h>

#include <cstdio>

namespace clawgate::ctl {

namespace {

constexpr qsizetype kMaxErrorBody = 64 * 1024;

// One streamed request and what came back of it.
struct ChatExchange
{
    int status = 0;
    bool isStream = false;
    QByteArray backend; // x-clawgate-backend
    QByteArray errorBody; // a response that is not a stream
    SseScanner scanner;
    bool printedText = false;
    bool endsWithNewline = false;
    bool done = false;
    QString streamError;

    void onHeader(const QByteArray &line)
    {
        if (line.startsWith("HTTP/")) { // a new response (after a 100 Continue, say)
            status = line.split(' ').value(1).toInt();
            isStream = false;
            backend.clear();
            return;
        }
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-type")
            isStream = value.startsWith("text/event-stream");
        else if (name == "x-clawgate-backend")
            backend = value;
    }

    void onBody(const QByteArray &bytes)
    {
        if (!isStream || status != 200) {
            errorBody.append(bytes.left(kMaxErrorBody - errorBody.size()));
            return;
        }
        scanner.feed(bytes, [this](const SseEvent &event) { onEvent(event); });
    }

    void onEvent(const SseEvent &event)
    {
        const ChatStreamPiece piece = readChatStreamEvent(event);
        done = done || piece.done;
        if (!piece.error.isEmpty())
            streamError = piece.error;
        if (piece.text.isEmpty())
            return;
        const QByteArray text = piece.text.toUtf8();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::fflush(stdout);
        printedText = true;
        endsWithNewline = text.endsWith('\n');
    }
};

size_t onCurlHeader(char *data, size_t size, size_t count, void *exchange)
{
    static_cast<ChatExchange *>(exchange)->onHeader(QByteArray(data, qsizetype(size * count)));
    return size * count;
}

size_t onCurlBody(char *data, size_t size, size_t count, void *exchange)
{
    static_cast<ChatExchange *>(exchange)->onBody(QByteArray(data, qsizetype(size * count)));
    return size * count;
}

QByteArray chatBody(const QString &alias, const QString &message)
{
    const QJsonObject user {{QStringLiteral("role"), QStringLiteral("user")},
                            {QStringLiteral("content"), message}};
    const QJsonObject body {{QStringLiteral("model"), alias},
                            {QStringLiteral("messages"), QJsonArray {user}},
                            {QStringLiteral("stream"), true}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// Sends the request and streams the answer to stdout; the curl error text, empty when the
// transfer completed.
QString sendChat(const QString &url, const QString &key, const QByteArray &body,
                 ChatExchange &exchange)
{
    CURL *curl = curl_easy_init();
    const QByteArray urlBytes = url.toUtf8();
    curl_slist *headers = curl_slist_append(nullptr, "Content-Type: application/json");
    if (!key.isEmpty())
        headers = curl_slist_append(headers, ("Authorization: Bearer " + key.toUtf8()).constData());
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, urlBytes.constData());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*"); // the gateway is local, never behind a proxy
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onCurlHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onCurlBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK)
        return {};
    return QString::fromLocal8Bit(error[0] ? error : curl_easy_strerror(rc));
}

// The client key to send: --api-key, else none when the gateway asks for none, else the
// default key from the keychain. nullopt after printing why there is none.
std::optional<QString> clientKey(const CommandContext &context, const Config &config)
{
    if (context.apiKey)
        return *context.apiKey;
    if (config.clientKeys.isEmpty())
        return QString();
    const QString key = defaultClientKey();
    return key.isEmpty() ? std::nullopt : std::optional<QString>(key);
}

int report(const ChatExchange &exchange, const QString &transportError, qint64 elapsedMs)
{
    if (exchange.printedText && !exchange.endsWithNewline)
        out(QString());
    if (exchange.status != 200 || !exchange.isStream) {
        if (exchange.status == 0)
            return fail(Ctl::tr("the gateway did not answer: %1").arg(transportError));
        return fail(Ctl::tr("the gateway answered HTTP %1: %2")
                        .arg(exchange.status)
                        .arg(errorMessageOf(exchange.errorBody)));
    }
    if (!exchange.streamError.isEmpty())
        return fail(Ctl::tr("the answer broke off: %1").arg(exchange.streamError));
    if (!transportError.isEmpty())
        return fail(Ctl::tr("the answer broke off: %1").arg(transportError));
    std::fputs(qPrintable(Ctl::tr("answered by %1 in %2 ms")
                              .arg(QString::fromUtf8(exchange.backend))
                              .arg(elapsedMs)
                          + QLatin1Char('\n')),
               stderr);
    return 0;
}

} // namespace

int runChat(const CommandContext &context)
{
    if (context.words.size() != 2)
        return fail(Ctl::tr("usage: clawgatectl chat ALIAS MESSAGE [--api-key KEY]"));
    ConfigStore store(context.configPath);
    if (!loadStore(store))
        return 1;
    const ConfigPtr config = store.current();
    const auto admin
        = AdminClient::connect(store.adminTokenPath(), context.host.value_or(config->server.host));
    if (!admin)
        return fail(Ctl::tr("no gateway is running for %1; start it with 'clawgatectl serve' "
                            "(or the ClawGate tray app) and try again")
                        .arg(store.path()));
    const std::optional<QString> key = clientKey(context, *config);
    if (!key)
        return 1;
    ChatExchange exchange;
    QElapsedTimer elapsed;
    elapsed.start();
    const QString error = sendChat(admin->baseUrl() + QLatin1String("/v1/chat/completions"), *key,
                                   chatBody(context.words.at(0), context.words.at(1)), exchange);
    return report(exchange, error, elapsed.elapsed());
}

} // namespace clawgate::ctl
