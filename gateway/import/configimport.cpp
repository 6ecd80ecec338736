#include "configimport.h"

#include "aggregatorimport.h"
#include "registryimport.h"
#include "store/configparser.h"
#include "yamlmodelsimport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace clawgate::ConfigImport {

namespace {

bool looksLikeRegistry(const QJsonObject &root)
{
    if (root.contains(QLatin1String("provider_defaults")))
        return true;
    const QJsonObject providers = root.value(QLatin1String("providers")).toObject();
    for (const QJsonValue &p : providers) {
        if (p.toObject().contains(QLatin1String("provider_type")))
            return true;
    }
    for (const QJsonValue &m : root.value(QLatin1String("models")).toArray()) {
        const QJsonObject o = m.toObject();
        if (o.contains(QLatin1String("upstream_model"))
            || o.contains(QLatin1String("upstream_model_env")))
            return true;
    }
    return false;
}

std::optional<QByteArray> readWhole(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

} // namespace

Format detect(const QString &fileName, const QByteArray &text)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml"))
        return Format::Yaml;
    const QJsonObject root = QJsonDocument::fromJson(text).object();
    if (looksLikeRegistry(root))
        return Format::Registry;
    if (root.contains(QLatin1String("providers")))
        return Format::Aggregator;
    return Format::Unknown;
}

ImportPlan read(const QString &fileName, const QByteArray &text, const EnvValues &env)
{
    const Format format = detect(fileName, text);
    if (format == Format::Yaml)
        return YamlModelsImport::read(text, env);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    ImportPlan plan;
    if (parseError.error != QJsonParseError::NoError) {
        plan.error = QStringLiteral("%1 is neither YAML (.yaml/.yml) nor valid JSON: %2")
                         .arg(QFileInfo(fileName).fileName(), parseError.errorString());
        return plan;
    }
    if (format == Format::Registry)
        return RegistryImport::read(doc.object(), env);
    if (format == Format::Aggregator)
        return AggregatorImport::read(doc.object(), env);
    plan.error = QStringLiteral("%1 is not a format the import knows: expected an aggregator's "
                                "providers.json, a model registry (provider_defaults) or a "
                                "YAML models list")
                     .arg(QFileInfo(fileName).fileName());
    return plan;
}

ImportPreview prepare(const QString &file, const QString &envFile, const QJsonObject &current)
{
    ImportPreview preview;
    const std::optional<QByteArray> text = readWhole(file, &preview.error);
    if (!text)
        return preview;
    EnvValues env;
    if (!envFile.isEmpty()) {
        const std::optional<QByteArray> envText = readWhole(envFile, &preview.error);
        if (!envText)
            return preview;
        env = EnvFile::parse(*envText);
    }
    preview.plan = read(file, *text, env);
    if (!preview.plan.ok()) {
        preview.error = preview.plan.error;
        return preview;
    }
    preview.merge = ConfigMerge::merge(current, preview.plan);
    const QByteArray merged = QJsonDocument(preview.merge.root).toJson(QJsonDocument::Indented);
    // The secrets are not stored yet: whether the file is valid does not depend on them.
    preview.configErrors
        = ConfigParser::parse(preview.merge.root, merged, processEnvironment()).errors;
    return preview;
}

} // namespace clawgate::ConfigImport
