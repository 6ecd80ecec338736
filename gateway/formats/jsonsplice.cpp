#include "jsonsplice.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace clawgate {

namespace {

class Scanner
{
public:
    explicit Scanner(const QByteArray &json) : m_p(json.constData()), m_begin(m_p), m_end(m_p + json.size()) {}

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
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

QByteArray replaceTopLevelString(const QByteArray &json, const QByteArray &key, const QString &value)
{
    Scanner s(json);
    if (!s.take('{'))
        return json;
    const qsizetype afterBrace = s.offset();
    s.skipSpace();
    while (!s.atEnd() && !s.take('}')) {
        s.skipSpace();
        const QByteArray name = s.string();
        s.take(':');
        s.skipSpace();
        const qsizetype valueStart = s.offset();
        s.skipValue();
        if (name == key)
            return json.left(valueStart) + quoted(value) + json.mid(s.offset());
        s.take(',');
    }
    const bool empty = json.mid(afterBrace).trimmed().startsWith('}');
    return json.left(afterBrace) + '"' + key + "\":" + quoted(value) + (empty ? "" : ",")
           + json.mid(afterBrace);
}

} // namespace clawgate
