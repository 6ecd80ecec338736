// A JSON5 scanner that finds where things are instead of building values: the members of an
// object as byte offsets into the text. It lets a merge replace one value in a file a person
// wrote (comments, trailing commas, unquoted keys, single quotes, hex numbers) and leave every
// other byte as it was, which re-serialising a parsed document could not.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace clawgate {

struct Json5Member
{
    QString key; // decoded: 'a', "a", a and "\u0061" are all "a"
    qsizetype keyStart = 0;
    qsizetype valueStart = 0;
    qsizetype valueEnd = 0; // one past the value's last byte
    qsizetype commaEnd = -1; // one past the comma after the value; -1 when there is none
};

struct Json5Object
{
    qsizetype open = 0; // offset of '{'
    qsizetype close = 0; // offset of '}'
    QList<Json5Member> members;
};

class Json5Scanner
{
public:
    explicit Json5Scanner(const QByteArray &text)
        : m_text(text)
    {
    }

    // The whole text as one object with only whitespace and comments around it; nullopt (and
    // error()) when it is not that or not valid JSON5.
    std::optional<Json5Object> rootObject();
    // The object whose '{' is at `open`, scanned again to list its members.
    std::optional<Json5Object> objectAt(qsizetype open);
    // True when the text holds nothing but whitespace and comments.
    bool isBlank();

    QString error() const { return m_error; } // "line 3: ..."
    int lineOf(qsizetype offset) const;

private:
    qsizetype skipSpace(qsizetype pos); // whitespace and comments; -1 on an unclosed comment
    qsizetype skipValue(qsizetype pos);
    qsizetype skipObject(qsizetype pos, Json5Object *object);
    qsizetype skipArray(qsizetype pos);
    qsizetype skipString(qsizetype pos, QString *decoded);
    qsizetype skipEscape(qsizetype pos, QString *decoded);
    qsizetype skipIdentifier(qsizetype pos, QString *name);
    qsizetype skipNumber(qsizetype pos);
    qsizetype spaceLength(qsizetype pos) const; // bytes of one whitespace character, or 0
    qsizetype fail(qsizetype pos, const QString &what);

    const QByteArray &m_text;
    QString m_error;
    int m_depth = 0;
};

} // namespace clawgate
