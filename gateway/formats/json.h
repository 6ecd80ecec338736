// JSON for the request path, on RapidJSON: a client's body is parsed once, by the handler, and
// what a translation sends on is written straight into a buffer, with no tree built for it.
// Qt's QJsonDocument builds a tree of reference-counted values and sorts every object's keys;
// on an agent's 10-40 KB request that was most of what a translation cost, and the relay built
// it only to read `model`. Code away from the request path (config, records, the
// answers of stream events) keeps Qt's JSON classes.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace clawgate::json {

using Value = rapidjson::Value;
using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// The memory a Document's values and strings come from, in chunks of kChunkBytes. RapidJSON's
// own default is 64 KB; glibc consolidates the whole heap whenever a block of 64 KB or more is
// freed, which then happened once for every body parsed.
struct DocumentPool
{
    static constexpr size_t kChunkBytes = 16 * 1024;
    rapidjson::MemoryPoolAllocator<> pool {kChunkBytes};
};

// A parsed JSON value and the memory behind it; neither copied nor moved, since its values
// point into its pool.
class Document : private DocumentPool, public rapidjson::Document
{
public:
    Document()
        : rapidjson::Document(&pool)
    {
    }
    Document(const Document &) = delete;
    Document &operator=(const Document &) = delete;
};

// How deep arrays and objects may nest: Qt's parser stops at the same depth, and the writers
// walk a value recursively.
constexpr int kMaxDepth = 1024;

// Parses `text` as one JSON value (UTF-8 checked, numbers kept to full precision, nesting
// limited to kMaxDepth). A NUL byte must follow `text`, as one follows the bytes of every
// QByteArray that owns them and every RapidJSON string (fromRawData over either is fine). On
// failure returns false and sets `error` to a message that says what and where, e.g. "missing a
// comma or '}' after an object member at byte 42".
bool parse(const QByteArray &text, Document &document, QString *error);

// The member `name` of `object`, or null when `object` is absent, not an object or has no such
// member. Of duplicate names the last counts, as in Qt's reader and jsonsplice: the router, the
// translators and the relay's own rewrites must all read the same value.
const Value *member(const Value &object, const char *name);
const Value *member(const Value *object, const char *name);
// Whether `value` is a string equal to `text`.
bool isString(const Value *value, const char *text);
// A string value as QString; an empty one for anything else.
QString toQString(const Value *value);
// A value written as compact JSON, its members in their order.
QByteArray compact(const Value &value);
// The written text of a writer's buffer.
inline QByteArray bytesOf(const rapidjson::StringBuffer &buffer)
{
    return QByteArray(buffer.GetString(), qsizetype(buffer.GetSize()));
}

// Writes `object`'s member `name` (under the key `as` when given), when it has one: a field
// passed on as it is stays out when absent.
void copyMember(Writer &writer, const Value &object, const char *name, const char *as = nullptr);

// Writing helpers: a key, and strings from Qt's types.
inline void key(Writer &writer, const char *name)
{
    writer.Key(name);
}
void string(Writer &writer, const QString &text);
void string(Writer &writer, const QByteArray &utf8);

// A client's request body, parsed once by the handler and then read by whoever needs it: the
// router (`model`, `stream`), each attempt's translator. Shared read-only between them.
class RequestBody
{
public:
    // The body parsed; nothing, with `error` set, when it is not JSON.
    static std::shared_ptr<const RequestBody> parse(const QByteArray &bytes, QString *error);

    const QByteArray &bytes() const { return m_bytes; }
    const Value &root() const { return m_document; }
    // The same body as Qt's JSON object, for code that reads it with Qt's classes (made on the
    // first call; empty when the body is not an object).
    const QJsonObject &object() const;

private:
    QByteArray m_bytes;
    Document m_document;
    mutable std::optional<QJsonObject> m_object;
};

} // namespace clawgate::json
