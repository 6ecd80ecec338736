#include "configmerge.h"

#include "keys/clientkeys.h"

#include <QJsonArray>

namespace clawgate::ConfigMerge {

namespace {

// Adds or replaces each entry of `incoming` in the object `root[key]`.
void mergeObject(QJsonObject &root, const QString &key, const QJsonObject &incoming,
                 const QString &what, MergeResult &result)
{
    if (incoming.isEmpty())
        return;
    QJsonObject target = root.value(key).toObject();
    for (auto it = incoming.begin(); it != incoming.end(); ++it) {
        if (target.value(it.key()) == it.value())
            continue;
        result.changes.append(
            {target.contains(it.key()) ? ImportChange::Kind::Updated : ImportChange::Kind::Created,
             what, it.key()});
        target.insert(it.key(), it.value());
    }
    root.insert(key, target);
}

void mergeModels(QJsonObject &root, const QJsonArray &incoming, MergeResult &result)
{
    if (incoming.isEmpty())
        return;
    QJsonArray models = root.value(QLatin1String("models")).toArray();
    for (const QJsonValue &value : incoming) {
        const QString alias = value.toObject().value(QLatin1String("alias")).toString();
        int found = -1;
        for (int i = 0; i < models.size() && found < 0; ++i) {
            if (models.at(i).toObject().value(QLatin1String("alias")).toString() == alias)
                found = i;
        }
        if (found < 0) {
            models.append(value);
            result.changes.append({ImportChange::Kind::Created, QStringLiteral("model"), alias});
        } else if (models.at(found) != value) {
            models.replace(found, value);
            result.changes.append({ImportChange::Kind::Updated, QStringLiteral("model"), alias});
        }
    }
    root.insert(QLatin1String("models"), models);
}

void mergeClientKeys(QJsonObject &root, const QList<ImportedClientKey> &keys, MergeResult &result)
{
    for (const ImportedClientKey &key : keys) {
        const QString hash = QString::fromLatin1(ClientKeys::sha256Hex(key.plaintext));
        bool known = false;
        for (const QJsonValue &k : root.value(QLatin1String("clientKeys")).toArray())
            known = known || k.toObject().value(QLatin1String("sha256")).toString() == hash;
        if (known)
            continue;
        QString name = key.name;
        for (int n = 2; !ClientKeys::add(root, name, key.plaintext).isEmpty(); ++n)
            name = key.name + QLatin1Char('-') + QString::number(n);
        result.changes.append({ImportChange::Kind::Created, QStringLiteral("client key"), name});
    }
}

void mergeDefaultModel(QJsonObject &root, const ImportPlan &plan, MergeResult &result)
{
    if (plan.defaultModel.isEmpty())
        return;
    const QString current = root.value(QLatin1String("defaultModel")).toString();
    if (current == plan.defaultModel)
        return;
    if (!current.isEmpty()) {
        result.notes.append(QStringLiteral("defaultModel %1: kept the configuration's "
                                           "defaultModel %2")
                                .arg(plan.defaultModel, current));
        return;
    }
    root.insert(QLatin1String("defaultModel"), plan.defaultModel);
    if (plan.unknownModelFallback && !root.contains(QLatin1String("unknownModelFallback")))
        root.insert(QLatin1String("unknownModelFallback"), true);
    result.changes.append(
        {ImportChange::Kind::Created, QStringLiteral("defaultModel"), plan.defaultModel});
}

} // namespace

MergeResult merge(const QJsonObject &existing, const ImportPlan &plan)
{
    MergeResult result;
    result.root = existing;
    mergeObject(result.root, QStringLiteral("providerDefaults"), plan.providerDefaults,
                QStringLiteral("providerDefaults"), result);
    mergeObject(result.root, QStringLiteral("providers"), plan.providers,
                QStringLiteral("provider"), result);
    mergeModels(result.root, plan.models, result);
    mergeClientKeys(result.root, plan.clientKeys, result);
    mergeDefaultModel(result.root, plan, result);
    return result;
}

} // namespace clawgate::ConfigMerge
