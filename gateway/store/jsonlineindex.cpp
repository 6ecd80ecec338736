#include "jsonlineindex.h"

#include "formats/jsonsplice.h"

#include <QList>

namespace clawgate {

namespace {

struct Frame
{
    bool isArray = false;
    QString path;
    QString pendingKey; // object: the key whose value comes next
    int index = 0; // array: index of the next element
};

QString childPath(const Frame &frame)
{
    if (frame.isArray)
        return frame.path + QLatin1Char('[') + QString::number(frame.index) + QLatin1Char(']');
    return frame.path.isEmpty() ? frame.pendingKey
                                : frame.path + QLatin1Char('.') + frame.pendingKey;
}

} // namespace

JsonLineIndex::JsonLineIndex(const QByteArray &json)
{
    QList<Frame> stack;
    int line = 1;
    bool expectKey = false;
    const int size = json.size();
    auto valueStarts = [&](int atLine) -> QString {
        if (stack.isEmpty())
            return QString();
        const QString path = childPath(stack.last());
        m_lines.insert(path, atLine);
        return path;
    };
    for (int i = 0; i < size; ++i) {
        const char c = json.at(i);
        if (c == '\n') {
            ++line;
        } else if (c == '"') {
            int end = i + 1;
            QByteArray raw;
            while (end < size && json.at(end) != '"') {
                if (json.at(end) == '\\' && end + 1 < size)
                    raw.append(json.at(end++));
                raw.append(json.at(end++));
            }
            if (expectKey && !stack.isEmpty() && !stack.last().isArray) {
                stack.last().pendingKey = decodeJsonString(raw);
                expectKey = false;
            } else {
                valueStarts(line);
            }
            i = end;
        } else if (c == '{' || c == '[') {
            const QString path = valueStarts(line);
            stack.append(Frame {c == '[', path, QString(), 0});
            expectKey = (c == '{');
        } else if (c == '}' || c == ']') {
            if (!stack.isEmpty())
                stack.removeLast();
        } else if (c == ',') {
            if (!stack.isEmpty()) {
                if (stack.last().isArray)
                    ++stack.last().index;
                else
                    expectKey = true;
            }
        } else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n') {
            valueStarts(line);
            while (i + 1 < size && QByteArrayView(",]}\n \t\r").indexOf(json.at(i + 1)) < 0)
                ++i;
        }
    }
}

int JsonLineIndex::lineOf(const QString &path) const
{
    QString probe = path;
    while (!probe.isEmpty()) {
        const auto it = m_lines.constFind(probe);
        if (it != m_lines.constEnd())
            return it.value();
        const int cut
            = qMax(probe.lastIndexOf(QLatin1Char('.')), probe.lastIndexOf(QLatin1Char('[')));
        if (cut <= 0)
            break;
        probe.truncate(cut);
    }
    return 0;
}

int JsonLineIndex::lineOfOffset(const QByteArray &json, int offset)
{
    return 1 + int(json.left(offset).count('\n'));
}

} // namespace clawgate
