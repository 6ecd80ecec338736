#include "json.h"

#include <rapidjson/error/en.h>

#include <QJsonDocument>

#include <cstring>

namespace clawgate::json {

namespace {

// The document's own SAX handler, with a limit on nesting: RapidJSON's iterative parser does
// not recurse, but whoever reads or writes the value later does.
class DepthLimitedHandler
{
public:
    using Ch = char;
    explicit DepthLimitedHandler(Document &document)
        : m_document(document)
    {
    }

    bool Null() { return m_document.Null(); }
    bool Bool(bool b) { return m_document.Bool(b); }
    bool Int(int i) { return m_document.Int(i); }
    bool Uint(unsigned i) { return m_document.Uint(i); }
    bool Int64(int64_t i) { return m_document.Int64(i); }
    bool Uint64(uint64_t i) { return m_document.Uint64(i); }
    bool Double(double d) { return m_document.Double(d); }
    bool RawNumber(const Ch *s, rapidjson::SizeType n, bool copy)
    {
        return m_document.RawNumber(s, n, copy);
    }
    bool String(const Ch *s, rapidjson::SizeType n, bool copy)
    {
        return m_document.String(s, n, copy);
    }
    bool Key(const Ch *s, rapidjson::SizeType n, bool copy) { return m_document.Key(s, n, copy); }
    bool StartObject() { return enter() && m_document.StartObject(); }
    bool EndObject(rapidjson::SizeType members)
    {
        --m_depth;
        return m_document.EndObject(members);
    }
    bool StartArray() { return enter() && m_document.StartArray(); }
    bool EndArray(rapidjson::SizeType elements)
    {
        --m_depth;
        return m_document.EndArray(elements);
    }

    bool tooDeep() const { return m_depth > kMaxDepth; }

private:
    bool enter() { return ++m_depth <= kMaxDepth; }

    Document &m_document;
    int m_depth = 0;
};

// RapidJSON's sentence ("Missing a comma or '}' after an object member.") as the part of ours
// it becomes.
QString sentencePart(const char *sentence)
{
    QString text = QString::fromUtf8(sentence);
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    if (!text.isEmpty())
        text[0] = text[0].toLower();
    return text;
}

// UTF-8 is checked before, over the whole text at once: RapidJSON's own check goes character by
// character and turns off its vectorised copy of strings, which made it most of the parse.
constexpr unsigned kParseFlags
    = rapidjson::kParseFullPrecisionFlag | rapidjson::kParseIterativeFlag;

// Why `text` cannot be JSON whatever its structure, if it cannot: a NUL byte (JSON has none
// outside \u escapes, and the reader would stop there) or invalid UTF-8.
std::optional<QString> encodingError(const QByteArray &text)
{
    if (const void *nul = std::memchr(text.constData(), 0, size_t(text.size())))
        return QStringLiteral("a NUL byte at byte %1")
            .arg(static_cast<const char *>(nul) - text.constData());
    if (!QByteArrayView(text).isValidUtf8())
        return QStringLiteral("invalid UTF-8 encoding");
    return std::nullopt;
}

} // namespace

bool parse(const QByteArray &text, Document &document, QString *error)
{
    if (const std::optional<QString> why = encodingError(text)) {
        document.SetNull();
        if (error)
            *error = *why;
        return false;
    }
    // A QByteArray that owns its bytes ends with a NUL past its size, which is where a
    // StringStream stops; RapidJSON vectorises string scanning for this stream only.
    Q_ASSERT(text.constData()[text.size()] == '\0');
    rapidjson::StringStream stream(text.constData());
    rapidjson::Reader reader;
    DepthLimitedHandler handler(document);
    rapidjson::ParseResult result;
    auto generate = [&](rapidjson::Document &) {
        result = reader.Parse<kParseFlags>(stream, handler);
        return !result.IsError();
    };
    document.Populate(generate);
    if (!result.IsError())
        return true;
    document.SetNull();
    if (error) {
        const QString what = handler.tooDeep()
            ? QStringLiteral("nested deeper than %1 levels").arg(kMaxDepth)
            : sentencePart(rapidjson::GetParseError_En(result.Code()));
        *error = QStringLiteral("%1 at byte %2").arg(what).arg(result.Offset());
    }
    return false;
}

const Value *member(const Value &object, const char *name)
{
    if (!object.IsObject())
        return nullptr;
    const size_t length = std::strlen(name);
    for (auto it = object.MemberEnd(); it != object.MemberBegin();) {
        --it;
        if (it->name.GetStringLength() == length
            && std::memcmp(it->name.GetString(), name, length) == 0)
            return &it->value;
    }
    return nullptr;
}

const Value *member(const Value *object, const char *name)
{
    return object ? member(*object, name) : nullptr;
}

bool isString(const Value *value, const char *text)
{
    const size_t length = std::strlen(text);
    return value && value->IsString() && value->GetStringLength() == length
        && std::memcmp(value->GetString(), text, length) == 0;
}

QString toQString(const Value *value)
{
    if (!value || !value->IsString())
        return {};
    return QString::fromUtf8(value->GetString(), qsizetype(value->GetStringLength()));
}

QByteArray compact(const Value &value)
{
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    value.Accept(writer);
    return bytesOf(buffer);
}

void copyMember(Writer &writer, const Value &object, const char *name, const char *as)
{
    if (const Value *value = member(object, name)) {
        writer.Key(as ? as : name);
        value->Accept(writer);
    }
}

void string(Writer &writer, const QString &text)
{
    string(writer, text.toUtf8());
}

void string(Writer &writer, const QByteArray &utf8)
{
    writer.String(utf8.constData(), rapidjson::SizeType(utf8.size()), true);
}

std::shared_ptr<const RequestBody> RequestBody::parse(const QByteArray &bytes, QString *error)
{
    auto body = std::make_shared<RequestBody>();
    body->m_bytes = bytes;
    if (!json::parse(bytes, body->m_document, error))
        return nullptr;
    return body;
}

const QJsonObject &RequestBody::object() const
{
    if (!m_object)
        m_object = QJsonDocument::fromJson(m_bytes).object();
    return *m_object;
}

} // namespace clawgate::json
