#include "envfile.h"

#include <QRegularExpression>

namespace clawgate::EnvFile {

namespace {

// A quoted value keeps everything between its quotes; an unquoted one ends before " #".
QString unquote(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2
        && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\''))) {
        const int end = value.indexOf(value.front(), 1);
        if (end > 0) {
            QString inner = value.mid(1, end - 1);
            if (value.front() == QLatin1Char('"'))
                inner.replace(QLatin1String("\\n"), QLatin1String("\n"))
                    .replace(QLatin1String("\\\""), QLatin1String("\""));
            return inner;
        }
    }
    const int comment = value.indexOf(QLatin1String(" #"));
    return (comment >= 0 ? value.left(comment) : value).trimmed();
}

} // namespace

EnvValues parse(const QByteArray &text)
{
    static const QRegularExpression line(
        QStringLiteral("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)$"));
    EnvValues values;
    for (const QString &raw : QString::fromUtf8(text).split(QLatin1Char('\n'))) {
        const QString trimmed = raw.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        const QRegularExpressionMatch m = line.match(trimmed);
        if (m.hasMatch())
            values.insert(m.captured(1), unquote(m.captured(2)));
    }
    return values;
}

} // namespace clawgate::EnvFile
