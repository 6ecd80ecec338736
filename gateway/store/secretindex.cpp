#include "secretindex.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
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

qint64 SecretIndex::generation() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return qint64(QJsonDocument::fromJson(file.readAll())
                      .object()
                      .value(QLatin1String("generation"))
                      .toDouble());
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
    // reach a running gateway, which watches this file for changes of its content. A time
    // stamp alone is not enough: two saves within one millisecond (a fast disk, tmpfs) would
    // leave the content as it was. The generation counts saves; the nonce keeps two processes
    // that save at the same moment from writing the same generation with equal content.
    root.insert(QLatin1String("updated"),
                QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    root.insert(QLatin1String("generation"), double(generation() + 1));
    root.insert(QLatin1String("nonce"),
                QString::number(QRandomGenerator::global()->generate64(), 16));
    QSaveFile file(m_path);
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(root).toJson()) >= 0
        && file.commit();
}

} // namespace clawgate
