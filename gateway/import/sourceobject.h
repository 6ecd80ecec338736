// One object of a source file as an importer reads it: fields looked up under any of their
// spellings (`baseUrl`, `base_url`, ...), and whatever was never looked up reported as not
// mapped, one line per field, so nothing of the source disappears without a word.
#pragma once

#include "importplan.h"

#include <QJsonObject>
#include <QSet>

#include <initializer_list>

namespace clawgate {

class SourceObject
{
public:
    SourceObject(QJsonObject object, QString path)
        : m_object(std::move(object))
        , m_path(std::move(path))
    {
    }

    QString path() const { return m_path; }
    QString field(const QString &key) const { return m_path + QLatin1Char('.') + key; }
    bool has(std::initializer_list<const char *> keys) const { return !value(keys).isUndefined(); }

    // The first of `keys` present (all of them count as read).
    QJsonValue value(std::initializer_list<const char *> keys) const
    {
        QJsonValue found(QJsonValue::Undefined);
        for (const char *key : keys) {
            const QString k = QLatin1String(key);
            m_read.insert(k);
            if (found.isUndefined() && m_object.contains(k))
                found = m_object.value(k);
        }
        return found;
    }
    // Numbers are given as text by some sources; both are accepted.
    QString string(std::initializer_list<const char *> keys) const
    {
        const QJsonValue v = value(keys);
        return v.isDouble() ? QString::number(v.toDouble()) : v.toString();
    }
    QJsonObject object(std::initializer_list<const char *> keys) const
    {
        return value(keys).toObject();
    }
    void ignore(std::initializer_list<const char *> keys) const { (void)value(keys); }

    void reportUnread(ImportPlan &plan) const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (!m_read.contains(it.key()))
                plan.unmapped.append(
                    QStringLiteral("%1: not a field the import knows").arg(field(it.key())));
        }
    }

private:
    QJsonObject m_object;
    QString m_path;
    mutable QSet<QString> m_read;
};

} // namespace clawgate
