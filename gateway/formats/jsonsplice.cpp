#include "jsonsplice.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace clawgate {

namespace {

class Scanner
{
public:
    explicit Scanner(const QByteArray &json)
        : m_p(json.constData())
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
    QByteArray string()
    {
        const char *start = ++m_p;
        while (m_p < m_end && *m_p != '"')
            m_p += (*m_p == '\\') ? 2 : 1;
        const QByteArray raw(start, qsizetype(std::min(m_p, m_end) - start));
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

QByteArray replaceTopLevelString(const QByteArray &json, const QByteArray &key,
                                 const QString &value)
{
    Scanner s(json);
    if (!s.take('{'))
        return json;
    const qsizetype afterBrace = s.offset();
    // Every occurrence: with a duplicated key, parsers disagree on which one wins.
    QList<QPair<qsizetype, qsizetype>> spans;
    s.skipSpace();
    while (!s.atEnd() && !s.take('}')) {
        s.skipSpace();
        const QString name = decodeJsonString(s.string()); // "mod\u0065l" is "model" too
        s.take(':');
        s.skipSpace();
        const qsizetype valueStart = s.offset();
        s.skipValue();
        if (name == QLatin1String(key))
            spans.append({valueStart, s.offset()});
        s.take(',');
    }
    if (spans.isEmpty()) {
        const bool empty = json.mid(afterBrace).trimmed().startsWith('}');
        return json.left(afterBrace) + '"' + key + "\":" + quoted(value) + (empty ? "" : ",")
            + json.mid(afterBrace);
    }
    QByteArray out;
    out.reserve(json.size() + 64);
    qsizetype copied = 0;
    const QByteArray replacement = quoted(value);
    for (const auto &[start, end] : spans) {
        out += json.mid(copied, start - copied) + replacement;
        copied = end;
    }
    return out + json.mid(copied);
}

} // namespace clawgate
