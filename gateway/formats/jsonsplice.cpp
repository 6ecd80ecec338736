#include "jsonsplice.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace clawgate {

namespace {

class Scanner
{
public:
    explicit Scanner(QByteArrayView json)
        : m_p(json.data())
        , m_begin(m_p)
        , m_end(m_p + json.size())
    {
    }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool take(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    // At an opening quote: returns the raw content and moves past the closing quote.
    QByteArrayView string()
    {
        const char *start = ++m_p;
        while (m_p < m_end && *m_p != '"')
            m_p += (*m_p == '\\') ? 2 : 1;
        const QByteArrayView raw(start, qsizetype(std::min(m_p, m_end) - start));
        ++m_p;
        return raw;
    }
    void skipValue()
    {
        skipSpace();
        if (m_p >= m_end)
            return;
        if (*m_p == '"') {
            string();
            return;
        }
        if (*m_p == '{' || *m_p == '[') {
            int depth = 0;
            while (m_p < m_end) {
                const char c = *m_p;
                if (c == '"') {
                    string();
                    continue;
                }
                ++m_p;
                if (c == '{' || c == '[')
                    ++depth;
                else if ((c == '}' || c == ']') && --depth == 0)
                    return;
            }
            return;
        }
        while (m_p < m_end && *m_p != ',' && *m_p != '}' && *m_p != ']' && *m_p != ' '
               && *m_p != '\n' && *m_p != '\r' && *m_p != '\t')
            ++m_p;
    }
    qsizetype offset() const { return m_p - m_begin; }
    bool atEnd() const { return m_p >= m_end; }

private:
    const char *m_p;
    const char *m_begin;
    const char *m_end;
};

struct RawMember
{
    QByteArrayView rawKey; // as written, escapes not decoded
    qsizetype keyStart;
    qsizetype valueStart;
    qsizetype valueEnd;
};

// Calls `visit` for each top-level member; returns the offset just after the opening brace,
// or -1 when `json` is not an object.
template<typename Visit> qsizetype forEachMember(QByteArrayView json, Visit visit)
{
    Scanner s(json);
    if (!s.take('{'))
        return -1;
    const qsizetype afterBrace = s.offset();
    s.skipSpace();
    while (!s.atEnd() && !s.take('}')) {
        s.skipSpace();
        const qsizetype keyStart = s.offset();
        const QByteArrayView rawKey = s.string();
        s.take(':');
        s.skipSpace();
        const qsizetype valueStart = s.offset();
        s.skipValue();
        visit(RawMember {rawKey, keyStart, valueStart, s.offset()});
        s.take(',');
        s.skipSpace();
    }
    return afterBrace;
}

// Compares without decoding in the usual case of a key without escapes.
bool keyIs(QByteArrayView rawKey, QLatin1String key)
{
    if (!rawKey.contains('\\'))
        return rawKey == QByteArrayView(key.data(), key.size());
    return decodeJsonString(rawKey.toByteArray()) == key;
}

QByteArray quoted(const QString &value)
{
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

QString decodeJsonString(const QByteArray &rawContent)
{
    if (!rawContent.contains('\\'))
        return QString::fromUtf8(rawContent);
    return QJsonDocument::fromJson("[\"" + rawContent + "\"]").array().at(0).toString();
}

qsizetype jsonValueEnd(QByteArrayView json, qsizetype start)
{
    Scanner s(json.sliced(start));
    s.skipValue();
    return start + s.offset();
}

std::optional<QByteArrayView> topLevelValue(QByteArrayView json, QLatin1String key)
{
    std::optional<QByteArrayView> found;
    forEachMember(json, [&](const RawMember &m) {
        if (keyIs(m.rawKey, key))
            found = json.sliced(m.valueStart, m.valueEnd - m.valueStart);
    });
    return found;
}

QList<QByteArrayView> jsonArrayElements(QByteArrayView array)
{
    QList<QByteArrayView> elements;
    Scanner s(array);
    if (!s.take('[') || s.take(']'))
        return elements;
    do {
        s.skipSpace();
        const qsizetype start = s.offset();
        s.skipValue();
        if (s.offset() <= start || s.offset() > array.size())
            return {};
        elements.append(array.sliced(start, s.offset() - start));
    } while (s.take(','));
    return s.take(']') ? elements : QList<QByteArrayView>();
}

QByteArray compactJson(QByteArrayView json)
{
    QByteArray out;
    out.reserve(json.size());
    bool inString = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < json.size())
                out += json.at(++i);
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
            out += c;
        } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            out += c;
        }
    }
    return out;
}

QByteArray removeTopLevelMember(const QByteArray &json, QLatin1String key)
{
    QList<RawMember> members;
    bool any = false;
    forEachMember(json, [&](const RawMember &m) {
        members.append(m);
        any = any || keyIs(m.rawKey, key);
    });
    if (!any)
        return json;
    // Keep every other member with the separator that stood before it, so the bytes around
    // them stay as the sender wrote them.
    QByteArray out = json.left(members.first().keyStart);
    bool first = true;
    for (qsizetype i = 0; i < members.size(); ++i) {
        const RawMember &m = members.at(i);
        if (keyIs(m.rawKey, key))
            continue;
        if (!first)
            out += QByteArrayView(json).sliced(members.at(i - 1).valueEnd,
                                               m.keyStart - members.at(i - 1).valueEnd);
        out += QByteArrayView(json).sliced(m.keyStart, m.valueEnd - m.keyStart);
        first = false;
    }
    return out + json.mid(members.last().valueEnd);
}

QByteArray replaceTopLevelValue(const QByteArray &json, const QByteArray &key,
                                const QByteArray &rawValue)
{
    // Every occurrence: with a duplicated key, parsers disagree on which one wins.
    QList<QPair<qsizetype, qsizetype>> spans;
    const QLatin1String name(key);
    const qsizetype afterBrace = forEachMember(json, [&](const RawMember &m) {
        if (keyIs(m.rawKey, name)) // "mod\u0065l" is "model" too
            spans.append({m.valueStart, m.valueEnd});
    });
    if (afterBrace < 0)
        return json;
    if (spans.isEmpty()) {
        const bool empty = json.mid(afterBrace).trimmed().startsWith('}');
        return json.left(afterBrace) + '"' + key + "\":" + rawValue + (empty ? "" : ",")
            + json.mid(afterBrace);
    }
    QByteArray out;
    out.reserve(json.size() + rawValue.size());
    qsizetype copied = 0;
    for (const auto &[start, end] : spans) {
        out += QByteArrayView(json).sliced(copied, start - copied);
        out += rawValue;
        copied = end;
    }
    return out + json.mid(copied);
}

QByteArray replaceTopLevelString(const QByteArray &json, const QByteArray &key,
                                 const QString &value)
{
    return replaceTopLevelValue(json, key, quoted(value));
}

} // namespace clawgate
