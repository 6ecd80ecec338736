#include "sourcevalues.h"

#include <QRegularExpression>

namespace clawgate {

namespace {

const QRegularExpression &referencePattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}"));
    return pattern;
}

} // namespace

QStringList ImportPlan::secretEnvNames() const
{
    QStringList names;
    for (const ImportedSecret &s : secrets)
        names.append(s.envName);
    return names;
}

QString SourceValues::reference(const QString &envName)
{
    return QStringLiteral("${") + envName + QLatin1Char('}');
}

QString SourceValues::referencedName(const QString &value)
{
    const QRegularExpressionMatch m = referencePattern().match(value);
    return m.hasMatch() && m.capturedStart() == 0 && m.capturedLength() == value.size()
        ? m.captured(1)
        : QString();
}

QString SourceValues::keychainName(const QString &text)
{
    static const QRegularExpression other(QStringLiteral("[^a-z0-9._-]+"));
    QString name = text.toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
    name.replace(other, QStringLiteral("-"));
    while (name.startsWith(QLatin1Char('-')) || name.startsWith(QLatin1Char('.')))
        name.remove(0, 1);
    return name.isEmpty() ? QStringLiteral("imported") : name.left(128);
}

std::optional<QString> SourceValues::envValue(const QString &name) const
{
    m_used.insert(name);
    const auto it = m_env.constFind(name);
    if (it == m_env.constEnd())
        return std::nullopt;
    return *it;
}

void SourceValues::reportUnusedEnv(const QStringList &handled) const
{
    QStringList names = m_env.keys();
    names.sort();
    for (const QString &name : std::as_const(names)) {
        if (!m_used.contains(name) && !handled.contains(name))
            m_plan.unmapped.append(
                QStringLiteral("%1 (.env): no imported field uses it").arg(name));
    }
}

QString SourceValues::plain(const QString &raw) const
{
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = referencePattern().globalMatch(raw);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const std::optional<QString> value = envValue(m.captured(1));
        out += raw.mid(last, m.capturedStart() - last) + value.value_or(m.captured(0));
        last = m.capturedEnd();
    }
    return out + raw.mid(last);
}

QString SourceValues::plainFromEnv(const QString &envName) const
{
    return envName.isEmpty() ? QString() : plain(reference(envName));
}

QString SourceValues::secret(const QString &raw, const QString &literalName)
{
    if (raw.isEmpty() || raw.startsWith(QLatin1String("keychain:")))
        return raw;
    const QString name = referencedName(raw);
    if (!name.isEmpty())
        return secretFromEnv(name);
    const QString expanded = plain(raw);
    if (expanded.contains(QLatin1String("${")))
        return raw; // still needs the environment: the gateway resolves it
    const QString entry = keychainName(literalName);
    return storeSecret(entry, expanded,
                       entry.toUpper()
                           .replace(QLatin1Char('-'), QLatin1Char('_'))
                           .replace(QLatin1Char('.'), QLatin1Char('_')));
}

QString SourceValues::secretFromEnv(const QString &envName)
{
    if (envName.isEmpty())
        return {};
    const std::optional<QString> value = envValue(envName);
    if (!value || value->isEmpty())
        return reference(envName);
    return storeSecret(keychainName(envName), *value, envName);
}

QString SourceValues::storeSecret(const QString &name, const QString &value, const QString &envName)
{
    // The same value under the same name is one entry; another value gets a name of its own.
    QString unique = name;
    for (int n = 2;; ++n) {
        const auto same = std::find_if(m_plan.secrets.cbegin(), m_plan.secrets.cend(),
                                       [&](const ImportedSecret &s) { return s.name == unique; });
        if (same == m_plan.secrets.cend()) {
            m_plan.secrets.append({unique, value, envName});
            break;
        }
        if (same->value == value)
            break;
        unique = name + QLatin1Char('-') + QString::number(n);
    }
    return QStringLiteral("keychain:") + unique;
}

} // namespace clawgate
