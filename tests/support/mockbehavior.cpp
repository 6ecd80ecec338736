#include "mockbehavior.h"

#include <QJsonDocument>

MockChunk MockBehavior::sse(const QByteArray &json, int delayMs)
{
    return MockChunk {QByteArrayLiteral("data: ") + json + QByteArrayLiteral("\n\n"), delayMs};
}

MockChunk MockBehavior::done(int delayMs)
{
    return MockChunk {QByteArrayLiteral("data: [DONE]\n\n"), delayMs};
}

QByteArray MockBehavior::chatChunkJson(const QByteArray &model, const QByteArray &content)
{
    return QByteArrayLiteral(
               R"({"id":"chatcmpl-mock","object":"chat.completion.chunk","created":1700000000,)")
        + QByteArrayLiteral(R"("model":")") + mockJsonEscape(model)
        + QByteArrayLiteral(R"(","choices":[{"index":0,"delta":{"content":")")
        + mockJsonEscape(content) + QByteArrayLiteral(R"("},"finish_reason":null}]})");
}

MockBehavior MockBehavior::slowStream(int events, int intervalMs)
{
    MockBehavior b;
    b.stream = true;
    for (int i = 0; i < events; ++i) {
        const QByteArray token = QByteArrayLiteral("tok") + QByteArray::number(i) + ' ';
        b.chunks.append(sse(chatChunkJson(QByteArrayLiteral("mock-model"), token), intervalMs));
    }
    b.chunks.append(done());
    return b;
}

MockBehavior MockBehavior::error(int status, const QByteArray &retryAfter)
{
    MockBehavior b;
    b.status = status;
    if (!retryAfter.isEmpty())
        b.headers.append({QByteArrayLiteral("Retry-After"), retryAfter});
    return b;
}

MockBehavior MockBehavior::flood(qint64 bytes)
{
    MockBehavior b;
    b.stream = true;
    b.floodBytes = bytes;
    return b;
}

QByteArray MockRequest::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonObject MockRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray mockJsonEscape(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size() + 8);
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                qsnprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out;
}
