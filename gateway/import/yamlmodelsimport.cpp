#include "yamlmodelsimport.h"

#include "gatewaykeys.h"
#include "sourceobject.h"
#include "sourcevalues.h"

#include <QJsonArray>
#include <QUrl>

#include <yaml-cpp/yaml.h>

namespace clawgate::YamlModelsImport {

namespace {

QJsonValue scalar(const YAML::Node &node)
{
    const QString text = QString::fromStdString(node.Scalar());
    if (node.Tag() != "?")
        return text; // quoted: always text
    static const QStringList yes {QStringLiteral("true"), QStringLiteral("True"),
                                  QStringLiteral("yes")};
    static const QStringList no {QStringLiteral("false"), QStringLiteral("False"),
                                 QStringLiteral("no")};
    if (yes.contains(text))
        return true;
    if (no.contains(text))
        return false;
    bool isNumber = false;
    const double number = text.toDouble(&isNumber);
    if (isNumber)
        return number;
    if (text == QLatin1String("~") || text == QLatin1String("null"))
        return QJsonValue::Null;
    return text;
}

QJsonValue convert(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Scalar: return scalar(node);
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const YAML::Node &item : node)
            array.append(convert(item));
        return array;
    }
    case YAML::NodeType::Map: {
        QJsonObject object;
        for (const auto &entry : node)
            object.insert(QString::fromStdString(entry.first.as<std::string>()),
                          convert(entry.second));
        return object;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: break;
    }
    return QJsonValue::Null;
}

// "https://h/v1/chat/completions" -> baseUrl "https://h/v1" and no path override; any other
// path -> the origin as baseUrl and the path as chatPath.
void splitChatUrl(const QString &url, QJsonObject &provider)
{
    const QString suffix = QStringLiteral("/chat/completions");
    if (url.endsWith(suffix) || url.contains(QLatin1String("${"))) {
        provider.insert(QLatin1String("baseUrl"),
                        url.endsWith(suffix) ? url.left(url.size() - suffix.size()) : url);
        return;
    }
    const QUrl parsed(url);
    provider.insert(QLatin1String("baseUrl"),
                    parsed.adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString());
    provider.insert(QLatin1String("chatPath"),
                    parsed.path().isEmpty() ? QStringLiteral("/") : parsed.path());
}

class Reader
{
public:
    Reader(const EnvValues &env, ImportPlan &plan)
        : m_values(env, plan)
        , m_plan(plan)
    {
    }

    void run(const QJsonObject &root)
    {
        const SourceObject top(root, QStringLiteral("models.yaml"));
        const QJsonValue models = top.value({"models"});
        if (models.isObject()) {
            const QJsonObject o = models.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                readModel(it.key(), it.value().toObject());
        } else {
            for (const QJsonValue &v : models.toArray())
                readModel(v.toObject().value(QLatin1String("name")).toString(), v.toObject());
        }
        const SourceObject auth(top.object({"auth"}), top.field(QStringLiteral("auth")));
        for (const QJsonValue &key : auth.value({"api_keys"}).toArray())
            GatewayKeys::add(m_plan, QStringLiteral("imported"), m_values.plain(key.toString()));
        auth.reportUnread(m_plan);
        top.reportUnread(m_plan);
        if (m_plan.providers.isEmpty())
            m_plan.error = QStringLiteral("models.yaml: no models found");
        m_values.reportUnusedEnv({});
    }

private:
    void readModel(const QString &name, const QJsonObject &o)
    {
        const SourceObject s(o, QStringLiteral("models.") + name);
        s.ignore({"name"});
        const QString type = s.string({"type"});
        QJsonObject provider;
        provider.insert(QLatin1String("type"), QStringLiteral("openai"));
        if (name.isEmpty()
            || (type != QLatin1String("openai") && type != QLatin1String("request"))) {
            m_plan.unmapped.append(QStringLiteral("%1: type \"%2\" is not one the import knows "
                                                  "(openai, request)")
                                       .arg(s.path(), type));
            return;
        }
        const QString url = m_values.plain(s.string({"base_url", "api_base", "url"}));
        if (type == QLatin1String("openai"))
            provider.insert(QLatin1String("baseUrl"), url);
        else
            splitChatUrl(url, provider);
        const QString key
            = m_values.secret(s.string({"api_key"}), name + QStringLiteral("-api-key"));
        if (!key.isEmpty())
            provider.insert(QLatin1String("apiKey"), key);
        const QJsonObject auth = readAuth(s, name);
        if (!auth.isEmpty())
            provider.insert(QLatin1String("auth"), auth);
        else if (key.isEmpty())
            provider.insert(QLatin1String("auth"),
                            QJsonObject {{QLatin1String("type"), QStringLiteral("none")}});
        addAlias(s, name);
        s.reportUnread(m_plan);
        m_plan.providers.insert(name, provider);
    }

    QJsonObject readAuth(const SourceObject &s, const QString &name)
    {
        const QString token = s.string({"token"});
        QJsonObject auth;
        if (!token.isEmpty()) {
            auth.insert(QLatin1String("type"), QStringLiteral("static-token"));
            auth.insert(QLatin1String("token"),
                        m_values.secret(token, name + QStringLiteral("-token")));
            auth.insert(QLatin1String("header"), QStringLiteral("Authorization"));
            auth.insert(QLatin1String("prefix"), QStringLiteral("Bearer "));
            return auth;
        }
        const QString loginUrl = s.string({"auth_url"});
        if (loginUrl.isEmpty())
            return auth;
        auth.insert(QLatin1String("type"), QStringLiteral("login"));
        auth.insert(QLatin1String("url"), m_values.plain(loginUrl));
        auth.insert(QLatin1String("username"), m_values.plain(s.string({"username"})));
        auth.insert(QLatin1String("password"),
                    m_values.secret(s.string({"password"}), name + QStringLiteral("-password")));
        const QJsonValue hours = s.value({"token_cache_hours"});
        if (hours.isDouble())
            auth.insert(QLatin1String("tokenTtlHours"), hours.toDouble());
        auth.insert(QLatin1String("header"), QStringLiteral("Authorization"));
        auth.insert(QLatin1String("prefix"), QStringLiteral("Bearer "));
        return auth;
    }

    void addAlias(const SourceObject &s, const QString &name)
    {
        QJsonObject backend;
        backend.insert(QLatin1String("provider"), name);
        backend.insert(QLatin1String("model"), m_values.plain(s.string({"model_name", "model"})));
        if (!s.value({"enabled"}).toBool(true))
            backend.insert(QLatin1String("enabled"), false);
        QJsonObject model;
        model.insert(QLatin1String("alias"), name);
        model.insert(QLatin1String("backends"), QJsonArray {backend});
        const QJsonValue maxTokens = s.value({"max_tokens"});
        if (maxTokens.isDouble())
            model.insert(QLatin1String("maxTokens"), maxTokens.toInt());
        m_plan.models.append(model);
    }

    SourceValues m_values;
    ImportPlan &m_plan;
};

} // namespace

std::optional<QJsonValue> toJson(const QByteArray &text, QString *error)
{
    try {
        return convert(YAML::Load(text.toStdString()));
    } catch (const YAML::Exception &e) {
        // The message names the position; it never quotes the value that failed.
        *error = QStringLiteral("line %1, column %2: %3")
                     .arg(e.mark.line + 1)
                     .arg(e.mark.column + 1)
                     .arg(QString::fromStdString(e.msg));
        return std::nullopt;
    }
}

ImportPlan read(const QByteArray &text, const EnvValues &env)
{
    ImportPlan plan;
    plan.format = QStringLiteral("yaml");
    QString error;
    const std::optional<QJsonValue> json = toJson(text, &error);
    if (!json || !json->isObject()) {
        plan.error = QStringLiteral("models.yaml: %1")
                         .arg(json ? QStringLiteral("the document is not a mapping") : error);
        return plan;
    }
    Reader(env, plan).run(json->toObject());
    return plan;
}

} // namespace clawgate::YamlModelsImport
