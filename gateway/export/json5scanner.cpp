#include "json5scanner.h"

#include <algorithm>

namespace clawgate {

namespace {

// Deeper nesting than any configuration needs; refusing it keeps a hostile file from
// exhausting the stack.
constexpr int kMaxDepth = 200;

bool isIdentifierStart(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || u >= 0x80;
}

bool isIdentifierPart(char c)
{
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

} // namespace

int Json5Scanner::lineOf(qsizetype offset) const
{
    return int(m_text.left(offset).count('\n')) + 1;
}

qsizetype Json5Scanner::fail(qsizetype pos, const QString &what)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("line %1: %2").arg(lineOf(pos)).arg(what);
    return -1;
}

// JSON5 whitespace is JavaScript's: ASCII blanks plus NBSP, the BOM, the line and paragraph
// separators and the other Unicode space separators, here in their UTF-8 forms.
qsizetype Json5Scanner::spaceLength(qsizetype pos) const
{
    const QByteArrayView rest = QByteArrayView(m_text).sliced(pos);
    const char c = rest.front();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
        return 1;
    if (rest.startsWith("\xC2\xA0"))
        return 2;
    if (rest.startsWith("\xEF\xBB\xBF") || rest.startsWith("\xE1\x9A\x80")
        || rest.startsWith("\xE3\x80\x80") || rest.startsWith("\xE2\x81\x9F"))
        return 3;
    if (rest.size() >= 3 && rest.startsWith("\xE2\x80")) {
        const auto third = static_cast<unsigned char>(rest[2]);
        if (third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF)
            return 3;
    }
    return 0;
}

qsizetype Json5Scanner::skipSpace(qsizetype pos)
{
    while (pos < m_text.size()) {
        if (const qsizetype n = spaceLength(pos)) {
            pos += n;
        } else if (m_text.mid(pos, 2) == "//") {
            while (pos < m_text.size() && m_text[pos] != '\n' && m_text[pos] != '\r')
                ++pos;
        } else if (m_text.mid(pos, 2) == "/*") {
            const qsizetype end = m_text.indexOf("*/", pos + 2);
            if (end < 0)
                return fail(pos, QStringLiteral("a /* comment is never closed"));
            pos = end + 2;
        } else {
            break;
        }
    }
    return pos;
}

bool Json5Scanner::isBlank()
{
    const qsizetype end = skipSpace(0);
    return end == m_text.size();
}

std::optional<Json5Object> Json5Scanner::rootObject()
{
    const qsizetype start = skipSpace(0);
    if (start < 0)
        return std::nullopt;
    if (start >= m_text.size() || m_text[start] != '{') {
        fail(start, QStringLiteral("the file does not start with an object ('{')"));
        return std::nullopt;
    }
    Json5Object object;
    const qsizetype end = skipObject(start, &object);
    if (end < 0)
        return std::nullopt;
    const qsizetype after = skipSpace(end);
    if (after < 0)
        return std::nullopt;
    if (after != m_text.size()) {
        fail(after, QStringLiteral("unexpected text after the top-level object"));
        return std::nullopt;
    }
    return object;
}

std::optional<Json5Object> Json5Scanner::objectAt(qsizetype open)
{
    Json5Object object;
    if (skipObject(open, &object) < 0)
        return std::nullopt;
    return object;
}

qsizetype Json5Scanner::skipValue(qsizetype pos)
{
    if (pos >= m_text.size())
        return fail(pos, QStringLiteral("the file ends where a value should be"));
    const char c = m_text[pos];
    if (c == '{')
        return skipObject(pos, nullptr);
    if (c == '[')
        return skipArray(pos);
    if (c == '"' || c == '\'')
        return skipString(pos, nullptr);
    if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))
        return skipNumber(pos);
    QString word;
    const qsizetype end = skipIdentifier(pos, &word);
    if (end < 0)
        return -1;
    if (word == QLatin1String("true") || word == QLatin1String("false")
        || word == QLatin1String("null") || word == QLatin1String("Infinity")
        || word == QLatin1String("NaN"))
        return end;
    return fail(pos, QStringLiteral("\"%1\" is not a value").arg(word));
}

qsizetype Json5Scanner::skipObject(qsizetype pos, Json5Object *object)
{
    if (++m_depth > kMaxDepth)
        return fail(pos, QStringLiteral("objects and arrays are nested too deeply"));
    if (object)
        object->open = pos;
    pos = skipSpace(pos + 1);
    while (pos >= 0) {
        if (pos >= m_text.size())
            return fail(pos, QStringLiteral("an object is never closed"));
        if (m_text[pos] == '}') {
            if (object)
                object->close = pos;
            --m_depth;
            return pos + 1;
        }
        Json5Member member;
        member.keyStart = pos;
        const char c = m_text[pos];
        pos = (c == '"' || c == '\'') ? skipString(pos, &member.key)
                                      : skipIdentifier(pos, &member.key);
        pos = pos < 0 ? -1 : skipSpace(pos);
        if (pos < 0)
            return -1;
        if (pos >= m_text.size() || m_text[pos] != ':')
            return fail(pos, QStringLiteral("a ':' is missing after a key"));
        member.valueStart = skipSpace(pos + 1);
        if (member.valueStart < 0)
            return -1;
        member.valueEnd = skipValue(member.valueStart);
        pos = member.valueEnd < 0 ? -1 : skipSpace(member.valueEnd);
        if (pos < 0)
            return -1;
        const bool comma = pos < m_text.size() && m_text[pos] == ',';
        if (comma)
            member.commaEnd = pos + 1;
        if (object)
            object->members.append(member);
        if (comma)
            pos = skipSpace(pos + 1);
        else if (pos < m_text.size() && m_text[pos] != '}')
            return fail(pos, QStringLiteral("a ',' or '}' is missing after a value"));
    }
    return -1;
}

qsizetype Json5Scanner::skipArray(qsizetype pos)
{
    if (++m_depth > kMaxDepth)
        return fail(pos, QStringLiteral("objects and arrays are nested too deeply"));
    pos = skipSpace(pos + 1);
    while (pos >= 0) {
        if (pos >= m_text.size())
            return fail(pos, QStringLiteral("an array is never closed"));
        if (m_text[pos] == ']') {
            --m_depth;
            return pos + 1;
        }
        pos = skipValue(pos);
        pos = pos < 0 ? -1 : skipSpace(pos);
        if (pos < 0)
            return -1;
        if (pos < m_text.size() && m_text[pos] == ',')
            pos = skipSpace(pos + 1);
        else if (pos < m_text.size() && m_text[pos] != ']')
            return fail(pos, QStringLiteral("a ',' or ']' is missing in an array"));
    }
    return -1;
}

qsizetype Json5Scanner::skipString(qsizetype pos, QString *decoded)
{
    const char quote = m_text[pos];
    qsizetype runStart = ++pos;
    auto flushRun = [&](qsizetype end) {
        if (decoded)
            decoded->append(QString::fromUtf8(m_text.mid(runStart, end - runStart)));
    };
    while (pos < m_text.size()) {
        const char c = m_text[pos];
        if (c == quote) {
            flushRun(pos);
            return pos + 1;
        }
        if (c == '\n' || c == '\r')
            return fail(pos, QStringLiteral("a string runs past the end of its line"));
        if (c == '\\') {
            flushRun(pos);
            pos = skipEscape(pos, decoded);
            if (pos < 0)
                return -1;
            runStart = pos;
        } else {
            ++pos;
        }
    }
    return fail(pos, QStringLiteral("a string is never closed"));
}

// `pos` is at the backslash.
qsizetype Json5Scanner::skipEscape(qsizetype pos, QString *decoded)
{
    if (pos + 1 >= m_text.size())
        return fail(pos, QStringLiteral("a string is never closed"));
    const char c = m_text[pos + 1];
    const int digits = c == 'u' ? 4 : c == 'x' ? 2 : 0;
    if (digits) {
        const QByteArray hex = m_text.mid(pos + 2, digits);
        if (hex.size() != digits || !std::all_of(hex.begin(), hex.end(), isHex))
            return fail(pos,
                        QStringLiteral("a \\%1 escape needs %2 hex digits").arg(c).arg(digits));
        if (decoded)
            decoded->append(QChar(hex.toUShort(nullptr, 16)));
        return pos + 2 + digits;
    }
    if (c == '\r' && m_text.mid(pos + 2, 1) == "\n")
        return pos + 3; // a line continuation: contributes nothing
    static const QByteArray from = QByteArrayLiteral("bfnrtv0");
    static const QByteArray to = QByteArrayLiteral("\b\f\n\r\t\v");
    if (decoded && c != '\n' && c != '\r') {
        const qsizetype i = from.indexOf(c);
        if (i >= 0)
            decoded->append(i < to.size() ? QLatin1Char(to[i]) : QLatin1Char('\0'));
        else
            decoded->append(QString::fromUtf8(m_text.mid(pos + 1, 1)));
    }
    return pos + 2;
}

qsizetype Json5Scanner::skipIdentifier(qsizetype pos, QString *name)
{
    if (pos >= m_text.size() || !(isIdentifierStart(m_text[pos]) || m_text[pos] == '\\'))
        return fail(
            pos,
            QStringLiteral("unexpected character '%1'").arg(QString::fromUtf8(m_text.mid(pos, 1))));
    qsizetype start = pos;
    while (pos < m_text.size() && (isIdentifierPart(m_text[pos]) || m_text[pos] == '\\')) {
        if (spaceLength(pos))
            break; // a non-ASCII space is not part of a name
        if (m_text[pos] == '\\') {
            if (m_text.mid(pos + 1, 1) != "u")
                return fail(pos, QStringLiteral("only \\u escapes may appear in a key"));
            name->append(QString::fromUtf8(m_text.mid(start, pos - start)));
            pos = skipEscape(pos, name);
            if (pos < 0)
                return -1;
            start = pos;
        } else {
            ++pos;
        }
    }
    name->append(QString::fromUtf8(m_text.mid(start, pos - start)));
    return pos;
}

qsizetype Json5Scanner::skipNumber(qsizetype pos)
{
    const qsizetype start = pos;
    if (m_text[pos] == '+' || m_text[pos] == '-')
        ++pos;
    if (pos < m_text.size() && isIdentifierStart(m_text[pos])) {
        QString word;
        const qsizetype end = skipIdentifier(pos, &word);
        if (end >= 0 && (word == QLatin1String("Infinity") || word == QLatin1String("NaN")))
            return end;
        return fail(start, QStringLiteral("a number is malformed"));
    }
    const QByteArray rest = m_text.mid(pos, 2).toLower();
    if (rest == "0x") {
        qsizetype end = pos + 2;
        while (end < m_text.size() && isHex(m_text[end]))
            ++end;
        return end > pos + 2 ? end : fail(start, QStringLiteral("a hex number has no digits"));
    }
    bool digits = false;
    auto takeDigits = [&] {
        while (pos < m_text.size() && m_text[pos] >= '0' && m_text[pos] <= '9') {
            ++pos;
            digits = true;
        }
    };
    takeDigits();
    if (pos < m_text.size() && m_text[pos] == '.') {
        ++pos;
        takeDigits();
    }
    if (!digits)
        return fail(start, QStringLiteral("a number is malformed"));
    if (pos < m_text.size() && (m_text[pos] == 'e' || m_text[pos] == 'E')) {
        ++pos;
        if (pos < m_text.size() && (m_text[pos] == '+' || m_text[pos] == '-'))
            ++pos;
        digits = false;
        takeDigits();
        if (!digits)
            return fail(start, QStringLiteral("a number's exponent has no digits"));
    }
    if (pos < m_text.size() && isIdentifierPart(m_text[pos]) && !spaceLength(pos))
        return fail(start, QStringLiteral("a number is malformed"));
    return pos;
}

} // namespace clawgate
