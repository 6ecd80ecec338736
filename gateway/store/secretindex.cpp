#include "secretindex.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace clawgate {

QStringList SecretIndex::names() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList names;
    const QJsonArray list
        = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("names")).toArray();
    for (const QJsonValue &v : list) {
        if (v.isString())
            names.append(v.toString());
    }
    return names;
}

bool SecretIndex::add(const QString &name)
{
    return write(names() << name);
}

bool SecretIndex::remove(const QString &name)
{
    QStringList all = names();
    all.removeAll(name);
    return write(all);
}

bool SecretIndex::write(QStringList names) const
{
    names.removeDuplicates();
    names.sort();
    QJsonObject root;
    root.insert(QLatin1String("names"), QJsonArray::fromStringList(names));
    // Changes even when the names stay the same: a new value for an existing name must still
    // reach a running gateway, which watches this file for changes of its content.
    root.insert(QLatin1String("updated"),
                QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    QSaveFile file(m_path);
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(root).toJson()) >= 0
        && file.commit();
}

} // namespace clawgate
