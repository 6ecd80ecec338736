#include "streamusage.h"

#include "jsonsplice.h"
#include "upstream/ssescanner.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace clawgate {

namespace {

const QLatin1String kUsage("usage");
const QLatin1String kStreamOptions("stream_options");
const QLatin1String kIncludeUsage("include_usage");

qint64 firstCount(const QJsonObject &o, QLatin1String a, QLatin1String b, bool &found)
{
    for (const QLatin1String key : {a, b}) {
        const QJsonValue v = o.value(key);
        if (v.isDouble()) {
            found = true;
            return qint64(v.toDouble());
        }
    }
    return 0;
}

bool isEmptyArray(QByteArrayView value)
{
    const QByteArrayView inner = value.trimmed();
    return inner.startsWith('[') && inner.sliced(1).trimmed() == "]";
}

// Where an event's `data:` value is, after the optional space. An event whose JSON is spread
// over several data lines (legal, rare) is first rewritten with one data line, which the same
// JSON with spaces for line breaks is: a line break inside JSON can only be whitespace.
struct DataLine
{
    qsizetype start = -1;
    qsizetype end = -1;
};

QList<DataLine> dataLines(const QByteArray &event)
{
    QList<DataLine> lines;
    qsizetype at = 0;
    while (at < event.size()) {
        qsizetype end = at;
        while (end < event.size() && event.at(end) != '\n' && event.at(end) != '\r')
            ++end;
        if (end == at)
            break; // the blank line that ends the event
        const QByteArrayView line = QByteArrayView(event).sliced(at, end - at);
        if (line.startsWith("data:"))
            lines.append({at + 5 + (line.size() > 5 && line.at(5) == ' '), end});
        at = end + (event.mid(end, 2) == "\r\n" ? 2 : 1);
    }
    return lines;
}

QByteArray withOneDataLine(const QByteArray &event, const QList<DataLine> &lines)
{
    QByteArray out;
    QByteArray joined;
    qsizetype at = 0;
    for (const DataLine &line : lines) {
        // Other fields (event:, id:) between the data lines keep their place before the data.
        const QByteArray between = event.mid(at, line.start - at);
        for (const QByteArray &field : between.split('\n')) {
            const QByteArray trimmed = field.trimmed();
            if (!trimmed.isEmpty() && !trimmed.startsWith("data:"))
                out += trimmed + '\n';
        }
        if (!joined.isEmpty())
            joined += ' ';
        joined += QByteArrayView(event).sliced(line.start, line.end - line.start);
        at = line.end;
    }
    return out + "data: " + joined + "\n\n";
}

} // namespace

std::optional<TokenUsage> parseUsageObject(QByteArrayView object)
{
    return tokenUsageOf(QJsonDocument::fromJson(object.toByteArray()).object());
}

std::optional<TokenUsage> tokenUsageOf(const QJsonObject &o)
{
    bool found = false;
    TokenUsage usage;
    usage.inputTokens
        = firstCount(o, QLatin1String("prompt_tokens"), QLatin1String("input_tokens"), found);
    usage.outputTokens
        = firstCount(o, QLatin1String("completion_tokens"), QLatin1String("output_tokens"), found);
    bool hasTotal = false;
    usage.totalTokens
        = firstCount(o, QLatin1String("total_tokens"), QLatin1String("total_tokens"), hasTotal);
    if (!hasTotal)
        usage.totalTokens = usage.inputTokens + usage.outputTokens;
    if (!found && !hasTotal)
        return std::nullopt;
    return usage;
}

std::optional<TokenUsage> findUsage(QByteArrayView json)
{
    // Inside a JSON string a quote is escaped, so `"usage"` followed by a colon is always a key.
    const QByteArrayView key("\"usage\"");
    for (qsizetype at = json.lastIndexOf(key); at >= 0;
         at = at > 0 ? json.lastIndexOf(key, at - 1) : -1) {
        const QByteArrayView afterKey = json.sliced(at + key.size()).trimmed();
        if (!afterKey.startsWith(':'))
            continue;
        const QByteArrayView value = afterKey.sliced(1).trimmed();
        if (!value.startsWith('{'))
            continue; // "usage": null
        const qsizetype objectStart = value.data() - json.data();
        return parseUsageObject(
            json.sliced(objectStart, jsonValueEnd(json, objectStart) - objectStart));
    }
    return std::nullopt;
}

bool asksForStreamUsage(QByteArrayView body)
{
    const std::optional<QByteArrayView> options = topLevelValue(body, kStreamOptions);
    if (!options || !options->trimmed().startsWith('{'))
        return false;
    return QJsonDocument::fromJson(options->toByteArray())
        .object()
        .value(kIncludeUsage)
        .toBool(false);
}

QByteArray withStreamUsageRequested(const QByteArray &body)
{
    QJsonObject options;
    if (const auto existing = topLevelValue(body, kStreamOptions))
        options = QJsonDocument::fromJson(existing->toByteArray()).object();
    if (options.value(kIncludeUsage).toBool(false))
        return body;
    options.insert(kIncludeUsage, true);
    return replaceTopLevelValue(body, kStreamOptions.latin1(),
                                QJsonDocument(options).toJson(QJsonDocument::Compact));
}

QByteArray StreamUsageFilter::applyToEvents(const QByteArray &events)
{
    if (!events.contains("\"usage\""))
        return events;
    QByteArray out;
    for (qsizetype start = 0; start < events.size();) {
        const qsizetype end = SseScanner::blockEnd(events, start);
        out += apply(events.mid(start, end - start));
        start = end;
    }
    return out;
}

QByteArray StreamUsageFilter::apply(const QByteArray &event)
{
    if (!event.contains("\"usage\""))
        return event; // the usual event: not touched, not copied
    QList<DataLine> lines = dataLines(event);
    if (lines.isEmpty())
        return event;
    const QByteArray normalised = lines.size() == 1 ? event : withOneDataLine(event, lines);
    if (lines.size() > 1)
        lines = dataLines(normalised);
    const DataLine line = lines.first();
    const QByteArray json = normalised.mid(line.start, line.end - line.start);
    const std::optional<QByteArrayView> usage = topLevelValue(json, kUsage);
    if (usage && usage->trimmed().startsWith('{')) {
        if (const auto counts = parseUsageObject(usage->trimmed()))
            m_usage = counts;
    }
    if (!m_hide || !usage)
        return event;
    const std::optional<QByteArrayView> choices = topLevelValue(json, QLatin1String("choices"));
    if (choices && isEmptyArray(*choices))
        return {}; // the usage-only chunk
    return normalised.left(line.start) + removeTopLevelMember(json, kUsage)
        + normalised.mid(line.end);
}

} // namespace clawgate
