#include "aggregatorimport.h"

#include "gatewaykeys.h"
#include "sourceobject.h"
#include "sourcevalues.h"

#include <QJsonArray>

namespace clawgate::AggregatorImport {

namespace {

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
        const SourceObject top(root, QStringLiteral("providers.json"));
        readProviders(top.value({"providers"}));
        const QString single = top.string({"defaultModel", "default_model"});
        const QJsonArray backends = top.value({"backends"}).toArray();
        if (!backends.isEmpty()) {
            const QString alias = single.isEmpty() ? QStringLiteral("default") : single;
            addAlias(alias, backends, top.field(QStringLiteral("backends")));
            m_plan.defaultModel = alias;
            m_plan.unknownModelFallback = true;
        } else if (!single.isEmpty()) {
            m_plan.defaultModel = single;
        }
        readModels(top.value({"models", "aliases"}), top.field(QStringLiteral("models")));
        top.reportUnread(m_plan);
        if (const auto port = m_values.envValue(QStringLiteral("PORT")))
            m_plan.unmapped.append(QStringLiteral("PORT=%1 (.env): ClawGate keeps its own port "
                                                  "(server.port)")
                                       .arg(*port));
        if (const auto key = m_values.envValue(QStringLiteral("GATEWAY_API_KEY")))
            GatewayKeys::add(m_plan, QStringLiteral("aggregator"), *key);
        m_values.reportUnusedEnv({QStringLiteral("PORT"), QStringLiteral("GATEWAY_API_KEY")});
    }

private:
    void readProviders(const QJsonValue &providers)
    {
        if (providers.isObject()) {
            const QJsonObject o = providers.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                readProvider(it.key(), it.value().toObject());
        } else {
            for (const QJsonValue &v : providers.toArray())
                readProvider(v.toObject().value(QLatin1String("name")).toString(), v.toObject());
        }
        if (m_plan.providers.isEmpty())
            m_plan.error = QStringLiteral("providers.json: no providers found");
    }

    void readProvider(const QString &name, const QJsonObject &o)
    {
        const SourceObject source(o, QStringLiteral("providers.") + name);
        source.ignore({"name"});
        if (name.isEmpty())
            return;
        QJsonObject provider;
        provider.insert(QLatin1String("type"), QStringLiteral("openai"));
        provider.insert(QLatin1String("baseUrl"),
                        m_values.plain(source.string({"baseUrl", "baseURL", "base_url", "url"})));
        const QString key = m_values.secret(source.string({"apiKey", "api_key", "key"}),
                                            name + QStringLiteral("-api-key"));
        if (key.isEmpty())
            provider.insert(QLatin1String("auth"),
                            QJsonObject {{QLatin1String("type"), QStringLiteral("none")}});
        else
            provider.insert(QLatin1String("apiKey"), key);
        const QString chatPath = source.string({"chatPath", "chat_path"});
        if (!chatPath.isEmpty())
            provider.insert(QLatin1String("chatPath"), m_values.plain(chatPath));
        const QJsonObject headers = source.object({"headers"});
        QJsonObject mapped;
        for (auto h = headers.begin(); h != headers.end(); ++h)
            mapped.insert(h.key(), m_values.plain(h.value().toString()));
        if (!mapped.isEmpty())
            provider.insert(QLatin1String("headers"), mapped);
        m_defaultModels.insert(
            name, m_values.plain(source.string({"defaultModel", "default_model", "model"})));
        source.reportUnread(m_plan);
        m_plan.providers.insert(name, provider);
    }

    void readModels(const QJsonValue &models, const QString &path)
    {
        if (models.isObject()) {
            const QJsonObject o = models.toObject();
            for (auto it = o.begin(); it != o.end(); ++it) {
                const QJsonValue v = it.value();
                addAlias(it.key(),
                         v.isArray() ? v.toArray()
                                     : v.toObject().value(QLatin1String("backends")).toArray(),
                         path + QLatin1Char('.') + it.key());
            }
            return;
        }
        const QJsonArray list = models.toArray();
        for (int i = 0; i < list.size(); ++i) {
            const QJsonObject o = list.at(i).toObject();
            const QString alias = o.value(QLatin1String("alias"))
                                      .toString(o.value(QLatin1String("name")).toString());
            addAlias(alias, o.value(QLatin1String("backends")).toArray(),
                     QStringLiteral("%1[%2]").arg(path).arg(i));
        }
    }

    void addAlias(const QString &alias, const QJsonArray &backends, const QString &path)
    {
        QJsonArray mapped;
        for (int i = 0; i < backends.size(); ++i) {
            const QJsonObject backend = readBackend(backends.at(i));
            if (!backend.isEmpty())
                mapped.append(backend);
            else
                m_plan.unmapped.append(
                    QStringLiteral("%1[%2]: no known provider with a model").arg(path).arg(i));
        }
        if (alias.isEmpty() || mapped.isEmpty()) {
            m_plan.unmapped.append(QStringLiteral("%1: no alias with a usable backend").arg(path));
            return;
        }
        QJsonObject model;
        model.insert(QLatin1String("alias"), alias);
        model.insert(QLatin1String("backends"), mapped);
        m_plan.models.append(model);
    }

    QJsonObject readBackend(const QJsonValue &value) const
    {
        QString provider;
        QString model;
        bool enabled = true;
        if (value.isString()) {
            const QString text = value.toString();
            const int colon = text.indexOf(QLatin1Char(':'));
            provider = colon < 0 ? text : text.left(colon);
            model = colon < 0 ? QString() : text.mid(colon + 1);
        } else {
            const QJsonObject o = value.toObject();
            provider = o.value(QLatin1String("provider")).toString();
            model = m_values.plain(o.value(QLatin1String("model")).toString());
            enabled = o.value(QLatin1String("enabled")).toBool(true);
        }
        if (model.isEmpty())
            model = m_defaultModels.value(provider);
        if (!m_plan.providers.contains(provider) || model.isEmpty())
            return {};
        QJsonObject backend;
        backend.insert(QLatin1String("provider"), provider);
        backend.insert(QLatin1String("model"), model);
        if (!enabled)
            backend.insert(QLatin1String("enabled"), false);
        return backend;
    }

    SourceValues m_values;
    ImportPlan &m_plan;
    QHash<QString, QString> m_defaultModels; // provider -> its defaultModel
};

} // namespace

ImportPlan read(const QJsonObject &root, const EnvValues &env)
{
    ImportPlan plan;
    plan.format = QStringLiteral("aggregator");
    Reader(env, plan).run(root);
    return plan;
}

} // namespace clawgate::AggregatorImport
