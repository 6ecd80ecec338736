#include "mockcontrol.h"

namespace MockControl {

namespace {

MockEnd endFromString(const QString &text)
{
    if (text == QLatin1String("cut"))
        return MockEnd::Cut;
    if (text == QLatin1String("stall"))
        return MockEnd::Stall;
    if (text == QLatin1String("closeWithoutDone"))
        return MockEnd::CloseWithoutDone;
    return MockEnd::Complete;
}

} // namespace

MockBehavior behaviorFromJson(const QJsonObject &json)
{
    MockBehavior b;
    const int count = json.value(QLatin1String("chunkCount")).toInt();
    if (count > 0)
        b = MockBehavior::slowStream(count, json.value(QLatin1String("chunkIntervalMs")).toInt());
    b.status = json.value(QLatin1String("status")).toInt(200);
    const QJsonObject headers = json.value(QLatin1String("headers")).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        b.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    b.body = json.value(QLatin1String("body")).toString().toUtf8();
    b.headerDelayMs = json.value(QLatin1String("headerDelayMs")).toInt();
    b.stallBeforeHeaders = json.value(QLatin1String("stallBeforeHeaders")).toBool();
    b.resetBeforeHeaders = json.value(QLatin1String("resetBeforeHeaders")).toBool();
    b.lieContentLength = json.value(QLatin1String("lieContentLength")).toBool();
    if (json.contains(QLatin1String("stream")))
        b.stream = json.value(QLatin1String("stream")).toBool();
    const QJsonArray chunks = json.value(QLatin1String("chunks")).toArray();
    for (const QJsonValue &c : chunks) {
        const QJsonObject o = c.toObject();
        b.chunks.append(MockChunk {o.value(QLatin1String("data")).toString().toUtf8(),
                                   o.value(QLatin1String("delayMs")).toInt()});
    }
    b.end = endFromString(json.value(QLatin1String("end")).toString());
    return b;
}

QJsonArray requestsToJson(const QList<MockRequest> &requests)
{
    QJsonArray out;
    for (const MockRequest &r : requests) {
        QJsonObject headers;
        for (const auto &h : r.headers)
            headers.insert(QString::fromUtf8(h.first.toLower()), QString::fromUtf8(h.second));
        out.append(QJsonObject {{QLatin1String("route"), r.route},
                                {QLatin1String("method"), QString::fromUtf8(r.method)},
                                {QLatin1String("path"), QString::fromUtf8(r.path)},
                                {QLatin1String("headers"), headers},
                                {QLatin1String("body"), QString::fromUtf8(r.body)}});
    }
    return out;
}

} // namespace MockControl
