// Maps each value of a JSON text to the line it starts on, by its path ("models[0].alias"), so a
// validation error can name both the field and the line a user has to look at. QJsonDocument
// keeps no positions, hence this small scanner; it assumes the text already parsed as JSON.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace clawgate {

class JsonLineIndex
{
public:
    explicit JsonLineIndex(const QByteArray &json);

    // The line (1-based) of the value at `path`, or of its nearest indexed parent; 0 if unknown.
    int lineOf(const QString &path) const;

    // The 1-based line of a byte offset (for QJsonParseError::offset).
    static int lineOfOffset(const QByteArray &json, int offset);

private:
    QHash<QString, int> m_lines;
};

} // namespace clawgate
