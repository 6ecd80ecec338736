#include "signingtemplate.h"

#include <QRegularExpression>

namespace clawgate {

namespace {
const QLatin1String kEnvPrefix("env:");
}

std::optional<SigningTemplate> SigningTemplate::parse(const QString &text,
                                                      const QStringList &allowed, QString *error)
{
    // A brace that does not enclose a name (JSON in a body template, a lone "{") stays literal.
    static const QRegularExpression placeholder(
        QStringLiteral("\\{([A-Za-z][A-Za-z0-9]*(?::[A-Za-z_][A-Za-z0-9_]*)?)\\}"));
    SigningTemplate result;
    QStringList unknown;
    qsizetype last = 0;
    auto it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString name = m.captured(1);
        const bool known = allowed.contains(name)
            || (name.startsWith(kEnvPrefix) && name.size() > kEnvPrefix.size());
        const QString braced = QLatin1Char('{') + name + QLatin1Char('}');
        if (!known && !unknown.contains(braced))
            unknown.append(braced);
        if (m.capturedStart() > last)
            result.m_pieces.append({false, text.mid(last, m.capturedStart() - last)});
        result.m_pieces.append({true, name});
        if (!result.m_used.contains(name))
            result.m_used.append(name);
        last = m.capturedEnd();
    }
    if (last < text.size())
        result.m_pieces.append({false, text.mid(last)});
    if (!unknown.isEmpty()) {
        QStringList names = allowed;
        for (QString &n : names)
            n = QLatin1Char('{') + n + QLatin1Char('}');
        names.append(QStringLiteral("{env:NAME}"));
        if (error)
            *error = QStringLiteral("unknown placeholder %1 (known here: %2)")
                         .arg(unknown.join(QStringLiteral(", ")), names.join(QStringLiteral(" ")));
        return std::nullopt;
    }
    return result;
}

QStringList SigningTemplate::environmentNames() const
{
    QStringList names;
    for (const QString &used : m_used) {
        if (used.startsWith(kEnvPrefix))
            names.append(used.mid(kEnvPrefix.size()));
    }
    return names;
}

QString SigningTemplate::render(const QHash<QString, QString> &values) const
{
    QString out;
    for (const Piece &piece : m_pieces)
        out += piece.placeholder ? values.value(piece.text) : piece.text;
    return out;
}

} // namespace clawgate
