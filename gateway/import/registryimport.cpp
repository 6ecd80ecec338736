#include "registryimport.h"

#include "hmacpresets.h"
#include "sourceobject.h"
#include "sourcevalues.h"

#include <QJsonArray>

namespace clawgate::RegistryImport {

namespace {

// The environment variables a platform's own tools read when the registry does not say.
struct PlatformEnv
{
    const char *baseUrl;
    const char *appId;
    const char *secret;
    const char *model;
};

std::optional<PlatformEnv> platformEnv(const QString &kind)
{
    if (kind == QLatin1String("juzhi"))
        return PlatformEnv {"OPENAI_API_BASE", "OPENAI_API_ID", "OPENAI_API_SECRET",
                            "INTERNAL_DEFAULT_MODEL"};
    if (kind == QLatin1String("panzhi"))
        return PlatformEnv {"PANZHI_BASE_URL", "PANZHI_APPID", "PANZHI_APPKEY",
                            "PANZHI_MODEL_NAME"};
    return std::nullopt;
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
        const SourceObject top(root, QStringLiteral("registry"));
        const QJsonObject defaults = top.object({"provider_defaults", "providerDefaults"});
        for (auto it = defaults.begin(); it != defaults.end(); ++it)
            readDefaults(it.key(), it.value().toObject());
        const QJsonObject providers = top.object({"providers"});
        for (auto it = providers.begin(); it != providers.end(); ++it)
            readProvider(it.key(), it.value().toObject());
        const QJsonArray models = top.value({"models"}).toArray();
        for (int i = 0; i < models.size(); ++i)
            readModel(models.at(i).toObject(), {}, QStringLiteral("registry.models[%1]").arg(i));
        m_plan.defaultModel = top.string({"default_model", "defaultModel"});
        top.reportUnread(m_plan);
        if (m_plan.providers.isEmpty())
            m_plan.error = QStringLiteral("registry: no providers found");
        m_values.reportUnusedEnv({});
    }

private:
    // The fields a defaults block and a provider share; `kind` picks the platform's fallbacks
    // only where `withFallbacks` (a block that stands alone, not one that inherits).
    QJsonObject readCommon(const SourceObject &s, const QString &kind, bool withFallbacks)
    {
        const std::optional<PlatformEnv> env = withFallbacks ? platformEnv(kind) : std::nullopt;
        QJsonObject provider;
        const QString base = pick(s, {"base_url", "api_base", "baseUrl"}, {"base_url_env"},
                                  env ? env->baseUrl : nullptr, false);
        if (!base.isEmpty())
            provider.insert(QLatin1String("baseUrl"), base);
        const QJsonObject headers = s.object({"headers", "extra_headers"});
        QJsonObject mapped;
        for (auto h = headers.begin(); h != headers.end(); ++h)
            mapped.insert(h.key(), m_values.plain(h.value().toString()));
        if (!mapped.isEmpty())
            provider.insert(QLatin1String("headers"), mapped);
        QJsonObject auth = readAuth(s, kind, env);
        if (!auth.isEmpty())
            provider.insert(QLatin1String("auth"), auth);
        const QString apiKey = m_values.secret(s.string({"api_key", "apiKey"}),
                                               s.path() + QStringLiteral("-api-key"));
        if (!apiKey.isEmpty())
            provider.insert(QLatin1String("apiKey"), apiKey);
        const QString model
            = pick(s, {"default_model"}, {"default_model_env"}, env ? env->model : nullptr, false);
        m_defaultModel.insert(s.path(), model);
        return provider;
    }

    QJsonObject readAuth(const SourceObject &s, const QString &kind,
                         const std::optional<PlatformEnv> &env)
    {
        const SourceObject auth(s.object({"auth"}), s.field(QStringLiteral("auth")));
        const QString appId = pick(s, {"app_id", "appid"}, {"app_id_env"},
                                   env ? env->appId : nullptr, false, &auth);
        const QString secret = pick(s, {"app_secret", "app_key", "appkey", "secret", "api_secret"},
                                    {"app_secret_env", "app_key_env", "secret_env"},
                                    env ? env->secret : nullptr, true, &auth);
        QJsonObject out;
        if (kind == QLatin1String("juzhi") && env) {
            out = HmacPresets::juzhi(appId, secret);
            m_plan.checks.append(HmacPresets::checkLine(s.path(), kind));
        } else if (kind == QLatin1String("panzhi") && env) {
            out = HmacPresets::panzhi(appId, secret);
            m_plan.checks.append(HmacPresets::checkLine(s.path(), kind));
        } else {
            if (!appId.isEmpty())
                out.insert(QLatin1String("appId"), appId);
            if (!secret.isEmpty())
                out.insert(QLatin1String("secret"), secret);
        }
        const QString modelIdEnv = auth.string({"model_id_env"});
        if (!modelIdEnv.isEmpty()) {
            out.insert(QLatin1String("modelIdEnv"), modelIdEnv);
            // The value of the `.env` is the fallback; the variable wins when the gateway has it.
            if (const auto id = m_values.envValue(modelIdEnv))
                out.insert(QLatin1String("modelId"), *id);
        }
        const QString modelId = auth.string({"model_id"});
        if (!modelId.isEmpty())
            out.insert(QLatin1String("modelId"), m_values.plain(modelId));
        auth.ignore({"type"});
        auth.reportUnread(m_plan);
        return out;
    }

    // A field given as a value (keys) or as the name of an environment variable (envKeys),
    // looked up in the source object and then in its `auth` object; else the platform default.
    QString pick(const SourceObject &s, std::initializer_list<const char *> keys,
                 std::initializer_list<const char *> envKeys, const char *fallbackEnv,
                 bool isSecret, const SourceObject *auth = nullptr)
    {
        for (const SourceObject *o : {&s, auth}) {
            if (!o)
                continue;
            const QString value = o->string(keys);
            if (!value.isEmpty())
                return isSecret ? m_values.secret(value, o->path() + QStringLiteral("-secret"))
                                : m_values.plain(value);
            const QString envName = o->string(envKeys);
            if (!envName.isEmpty())
                return isSecret ? m_values.secretFromEnv(envName) : m_values.plainFromEnv(envName);
        }
        if (!fallbackEnv)
            return {};
        const QString envName = QLatin1String(fallbackEnv);
        return isSecret ? m_values.secretFromEnv(envName) : m_values.plainFromEnv(envName);
    }

    void readDefaults(const QString &name, const QJsonObject &o)
    {
        const SourceObject s(o, name);
        const QString kind = s.string({"provider_type", "type"}).isEmpty()
            ? name
            : s.string({"provider_type", "type"});
        QJsonObject block = readCommon(s, kind, true);
        block.insert(QLatin1String("type"), QStringLiteral("openai"));
        s.reportUnread(m_plan);
        m_plan.providerDefaults.insert(name, block);
    }

    void readProvider(const QString &name, const QJsonObject &o)
    {
        const SourceObject s(o, name);
        const QString kind = s.string({"provider_type", "type", "inherits"});
        const bool inherits = m_plan.providerDefaults.contains(kind);
        QJsonObject provider = readCommon(s, kind, !inherits);
        if (inherits) {
            provider.insert(QLatin1String("inherits"), kind);
            if (m_defaultModel.value(name).isEmpty())
                m_defaultModel.insert(name, m_defaultModel.value(kind));
        } else {
            provider.insert(QLatin1String("type"), QStringLiteral("openai"));
        }
        m_plan.providers.insert(name, provider);
        const QJsonArray models = s.value({"models"}).toArray();
        for (int i = 0; i < models.size(); ++i)
            readModel(models.at(i).toObject(), name,
                      QStringLiteral("%1.models[%2]").arg(s.path()).arg(i));
        s.reportUnread(m_plan);
    }

    void readModel(const QJsonObject &o, const QString &providerName, const QString &path)
    {
        const SourceObject s(o, path);
        const QString alias = s.string({"alias", "name"});
        const QString provider = providerName.isEmpty() ? s.string({"provider"}) : providerName;
        if (alias.isEmpty() || !m_plan.providers.contains(provider)) {
            m_plan.unmapped.append(
                QStringLiteral("%1: needs an alias and a known provider").arg(path));
            return;
        }
        QJsonObject backend;
        backend.insert(QLatin1String("provider"), provider);
        const QString modelEnv = s.string({"upstream_model_env"});
        QString model = m_values.plain(s.string({"upstream_model", "model"}));
        if (!modelEnv.isEmpty()) {
            backend.insert(QLatin1String("upstreamModelEnv"), modelEnv);
            if (model.isEmpty())
                model = m_values.envValue(modelEnv).value_or(QString());
        }
        if (model.isEmpty())
            model = m_defaultModel.value(provider);
        if (!model.isEmpty() && !model.contains(QLatin1String("${")))
            backend.insert(QLatin1String("model"), model);
        else if (modelEnv.isEmpty())
            m_plan.unmapped.append(QStringLiteral("%1: no upstream model").arg(path));
        if (!s.value({"enabled"}).toBool(true))
            backend.insert(QLatin1String("enabled"), false);
        QJsonObject model_;
        model_.insert(QLatin1String("alias"), alias);
        model_.insert(QLatin1String("backends"), QJsonArray {backend});
        for (const auto &[from, to] : {std::pair {"context_window", "contextWindow"},
                                       std::pair {"max_tokens", "maxTokens"}}) {
            const QJsonValue v = s.value({from});
            if (v.isDouble())
                model_.insert(QLatin1String(to), v.toInt());
        }
        s.reportUnread(m_plan);
        m_plan.models.append(model_);
    }

    SourceValues m_values;
    ImportPlan &m_plan;
    QHash<QString, QString> m_defaultModel; // provider or defaults block -> its default model
};

} // namespace

ImportPlan read(const QJsonObject &root, const EnvValues &env)
{
    ImportPlan plan;
    plan.format = QStringLiteral("registry");
    Reader(env, plan).run(root);
    return plan;
}

} // namespace clawgate::RegistryImport
