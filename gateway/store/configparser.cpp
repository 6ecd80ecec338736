#include "configparser.h"

#include "jsonlineindex.h"

#include "auth/authstrategies.h"
#include "auth/headerauth.h"
#include "upstream/headerrules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace clawgate {

EnvLookup processEnvironment()
{
    return [](const QString &name) -> std::optional<QString> {
        const QByteArray key = name.toLocal8Bit();
        if (!qEnvironmentVariableIsSet(key.constData()))
            return std::nullopt;
        return qEnvironmentVariable(key.constData());
    };
}

namespace {
const QLatin1String kKeychainPrefix("keychain:");
}

bool isKeychainReference(const QString &value)
{
    return value.startsWith(kKeychainPrefix);
}

bool isValidSecretName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"));
    return valid.match(name).hasMatch();
}

namespace {

const QString kHeaderNameRule
    = QStringLiteral("is not a header name: use letters, digits and !#$%&'*+-.^_`|~ only");

const QStringList kProviderTypes
    = {QStringLiteral("openai"), QStringLiteral("azure-openai"), QStringLiteral("anthropic")};
const QLatin1String kAzure("azure-openai");
const QStringList kResponsesApi = {QStringLiteral("native"), QStringLiteral("chat")};

// Reads typed fields out of JSON objects, recording an error (with path and line) for every
// field of the wrong type or out of range instead of stopping at the first one.
class Reader
{
public:
    Reader(const JsonLineIndex &lines, QStringList &errors)
        : m_lines(lines)
        , m_errors(errors)
    {
    }

    void error(const QString &path, const QString &message)
    {
        const int line = m_lines.lineOf(path);
        m_errors.append(line > 0
                            ? QStringLiteral("%1 (line %2): %3").arg(path).arg(line).arg(message)
                            : QStringLiteral("%1: %2").arg(path, message));
    }

    QString string(const QJsonObject &o, const QString &key, const QString &path,
                   const QString &fallback = {})
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isString()) {
            error(join(path, key), QStringLiteral("must be a string"));
            return fallback;
        }
        return v.toString();
    }

    qint64 integer(const QJsonObject &o, const QString &key, const QString &path, qint64 fallback,
                   qint64 min, qint64 max)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        const double d = v.toDouble(-1e300);
        if (!v.isDouble() || d != double(qint64(d))) {
            error(join(path, key), QStringLiteral("must be a whole number"));
            return fallback;
        }
        if (d < double(min) || d > double(max)) {
            error(join(path, key), QStringLiteral("must be between %1 and %2").arg(min).arg(max));
            return fallback;
        }
        return qint64(d);
    }

    bool boolean(const QJsonObject &o, const QString &key, const QString &path, bool fallback)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isBool()) {
            error(join(path, key), QStringLiteral("must be true or false"));
            return fallback;
        }
        return v.toBool();
    }

    QJsonObject object(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (!v.isUndefined() && !v.isNull() && !v.isObject())
            error(join(path, key), QStringLiteral("must be an object"));
        return v.toObject();
    }

    QJsonArray array(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (!v.isUndefined() && !v.isNull() && !v.isArray())
            error(join(path, key), QStringLiteral("must be an array"));
        return v.toArray();
    }

    static QString join(const QString &path, const QString &key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }
    static QString index(const QString &path, int i)
    {
        return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
    }

private:
    const JsonLineIndex &m_lines;
    QStringList &m_errors;
};

// Field-by-field merge: objects merge recursively, everything else is replaced.
QJsonObject mergeObjects(QJsonObject base, const QJsonObject &over)
{
    for (auto it = over.begin(); it != over.end(); ++it) {
        if (it.value().isObject() && base.value(it.key()).isObject())
            base.insert(it.key(),
                        mergeObjects(base.value(it.key()).toObject(), it.value().toObject()));
        else
            base.insert(it.key(), it.value());
    }
    return base;
}

class Parser
{
public:
    Parser(const QByteArray &text, const EnvLookup &env, const KeychainLookup &keychain,
           ConfigParseResult &result)
        : m_lines(text)
        , m_read(m_lines, result.errors)
        , m_env(env)
        , m_keychain(keychain)
        , m_result(result)
    {
    }

    std::shared_ptr<Config> run(const QJsonObject &root)
    {
        auto config = std::make_shared<Config>();
        config->version = int(m_read.integer(root, QStringLiteral("version"), {}, 1, 1, 1));
        readServer(m_read.object(root, QStringLiteral("server"), {}), config->server);
        readCooldown(m_read.object(root, QStringLiteral("cooldown"), {}), config->cooldown);
        readKeys(m_read.array(root, QStringLiteral("clientKeys"), {}), config->clientKeys);
        readProviders(root, *config);
        config->keychainNames = m_keychainNames;
        readModels(m_read.array(root, QStringLiteral("models"), {}), *config);
        config->defaultModel = m_read.string(root, QStringLiteral("defaultModel"), {});
        if (!config->defaultModel.isEmpty() && !config->findAlias(config->defaultModel))
            m_read.error(QStringLiteral("defaultModel"),
                         QStringLiteral("no model alias named \"%1\"").arg(config->defaultModel));
        config->unknownModelFallback
            = m_read.boolean(root, QStringLiteral("unknownModelFallback"), {}, false);
        if (config->unknownModelFallback && config->defaultModel.isEmpty())
            m_read.error(QStringLiteral("unknownModelFallback"),
                         QStringLiteral("needs defaultModel to name the alias to fall back to"));
        return config;
    }

private:
    void readServer(const QJsonObject &o, ServerConfig &s)
    {
        const QString p = QStringLiteral("server");
        s.host = m_read.string(o, QStringLiteral("host"), p, s.host);
        s.port = quint16(m_read.integer(o, QStringLiteral("port"), p, s.port, 0, 65535));
        s.maxBodyBytes = m_read.integer(o, QStringLiteral("maxBodyBytes"), p, s.maxBodyBytes, 1024,
                                        qint64(1) << 40);
        s.maxBufferedBodyBytes = m_read.integer(o, QStringLiteral("maxBufferedBodyBytes"), p,
                                                s.maxBufferedBodyBytes, 0, qint64(1) << 42);
        if (s.maxBufferedBodyBytes > 0 && s.maxBufferedBodyBytes < s.maxBodyBytes)
            m_read.error(Reader::join(p, QStringLiteral("maxBufferedBodyBytes")),
                         QStringLiteral("must be at least maxBodyBytes (%1), or no body that "
                                        "size could ever be received")
                             .arg(s.maxBodyBytes));
        s.maxConnections = int(
            m_read.integer(o, QStringLiteral("maxConnections"), p, s.maxConnections, 1, 100000));
        s.maxHeaderBytes = int(m_read.integer(o, QStringLiteral("maxHeaderBytes"), p,
                                              s.maxHeaderBytes, 1024, 1 << 24));
        s.idleSeconds
            = int(m_read.integer(o, QStringLiteral("idleSeconds"), p, s.idleSeconds, 1, 86400));
        s.shutdownGraceSeconds = int(m_read.integer(o, QStringLiteral("shutdownGraceSeconds"), p,
                                                    s.shutdownGraceSeconds, 0, 3600));
    }

    void readCooldown(const QJsonObject &o, CooldownPolicy &c)
    {
        const QString p = QStringLiteral("cooldown");
        const qint64 year = 366LL * 86400;
        c.rateLimitSeconds = int(
            m_read.integer(o, QStringLiteral("rateLimitSeconds"), p, c.rateLimitSeconds, 1, year));
        c.failureBaseSeconds = int(m_read.integer(o, QStringLiteral("failureBaseSeconds"), p,
                                                  c.failureBaseSeconds, 1, year));
        c.failureMaxSeconds = int(m_read.integer(o, QStringLiteral("failureMaxSeconds"), p,
                                                 c.failureMaxSeconds, 1, year));
        if (c.failureMaxSeconds < c.failureBaseSeconds)
            m_read.error(Reader::join(p, QStringLiteral("failureMaxSeconds")),
                         QStringLiteral("must not be smaller than failureBaseSeconds"));
        const QString when
            = m_read.string(o, QStringLiteral("whenAllCooling"), p, QStringLiteral("reject"));
        if (when != QLatin1String("reject") && when != QLatin1String("tryEarliest"))
            m_read.error(Reader::join(p, QStringLiteral("whenAllCooling")),
                         QStringLiteral("must be \"reject\" or \"tryEarliest\""));
        c.tryEarliestWhenAllCooling = (when == QLatin1String("tryEarliest"));
    }

    void readKeys(const QJsonArray &keys, QList<ClientKey> &out)
    {
        static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
        QSet<QString> names;
        for (int i = 0; i < keys.size(); ++i) {
            const QString p = Reader::index(QStringLiteral("clientKeys"), i);
            if (!keys.at(i).isObject()) {
                m_read.error(p, QStringLiteral("must be an object"));
                continue;
            }
            const QJsonObject o = keys.at(i).toObject();
            ClientKey key;
            key.name = m_read.string(o, QStringLiteral("name"), p);
            if (key.name.isEmpty())
                m_read.error(Reader::join(p, QStringLiteral("name")),
                             QStringLiteral("is required"));
            else if (names.contains(key.name))
                m_read.error(Reader::join(p, QStringLiteral("name")),
                             QStringLiteral("\"%1\" is used by another key").arg(key.name));
            names.insert(key.name);
            const QString hash = m_read.string(o, QStringLiteral("sha256"), p).toLower();
            if (!hex.match(hash).hasMatch())
                m_read.error(Reader::join(p, QStringLiteral("sha256")),
                             QStringLiteral("must be the 64 hex digits of the key's SHA-256"));
            key.sha256Hex = hash.toLatin1();
            const QString status
                = m_read.string(o, QStringLiteral("status"), p, QStringLiteral("active"));
            if (status != QLatin1String("active") && status != QLatin1String("disabled"))
                m_read.error(Reader::join(p, QStringLiteral("status")),
                             QStringLiteral("must be \"active\" or \"disabled\""));
            key.active = (status == QLatin1String("active"));
            key.allowedModels = stringList(o, QStringLiteral("allowedModels"), p);
            out.append(key);
        }
    }

    QStringList stringList(const QJsonObject &o, const QString &key, const QString &path)
    {
        QStringList out;
        const QJsonArray a = m_read.array(o, key, path);
        for (int i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString())
                m_read.error(Reader::index(Reader::join(path, key), i),
                             QStringLiteral("must be a string"));
            else
                out.append(a.at(i).toString());
        }
        return out;
    }

    // Expands every ${NAME} in `value`, a provider field that ends up in the request line or a
    // header. A line break (CR, LF or NUL) there would split the upstream request: written in
    // the file it is an error; coming from a variable (a .env file with CRLF line endings) it
    // makes the provider unavailable, as an unset variable does, with a reason naming the
    // variable and the field and never the value; the rest of the configuration still loads.
    QString expand(const QString &value, ProviderConfig &provider, const QString &field)
    {
        static const QRegularExpression ref(QStringLiteral("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}"));
        QString out;
        QString literal; // the text around the references
        qsizetype last = 0;
        auto it = ref.globalMatch(value);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            literal += value.mid(last, m.capturedStart() - last);
            out += value.mid(last, m.capturedStart() - last);
            const std::optional<QString> resolved = m_env(m.captured(1));
            QString problem;
            if (!resolved)
                problem = QStringLiteral("is not set");
            else if (hasLineBreak(*resolved))
                problem = QStringLiteral("contains a line break, which cannot be sent upstream");
            if (!problem.isEmpty() && provider.unavailableReason.isEmpty()) {
                provider.unavailableReason
                    = QStringLiteral("environment variable %1 %2 (provider %3, field %4)")
                          .arg(m.captured(1), problem, provider.name, field);
            }
            out += problem.isEmpty() ? *resolved : QString();
            last = m.capturedEnd();
        }
        literal += value.mid(last);
        if (hasLineBreak(literal)) {
            m_read.error(
                Reader::join(Reader::join(QStringLiteral("providers"), provider.name), field),
                QStringLiteral("contains a line break, which cannot be sent upstream"));
            return {};
        }
        return out + value.mid(last);
    }

    void readProviders(const QJsonObject &root, Config &config)
    {
        const QJsonObject defaults = m_read.object(root, QStringLiteral("providerDefaults"), {});
        const QJsonObject providers = m_read.object(root, QStringLiteral("providers"), {});
        for (auto it = providers.begin(); it != providers.end(); ++it) {
            const QString p = Reader::join(QStringLiteral("providers"), it.key());
            if (!it.value().isObject()) {
                m_read.error(p, QStringLiteral("must be an object"));
                continue;
            }
            QJsonObject o = it.value().toObject();
            const QString parent = m_read.string(o, QStringLiteral("inherits"), p);
            if (!parent.isEmpty()) {
                if (!defaults.value(parent).isObject()) {
                    m_read.error(
                        Reader::join(p, QStringLiteral("inherits")),
                        QStringLiteral("no providerDefaults entry named \"%1\"").arg(parent));
                } else {
                    o = mergeObjects(defaults.value(parent).toObject(), o);
                }
            }
            ProviderConfig provider = readProvider(it.key(), o, p);
            provider.awaitingKeychain = m_awaitingKeychain.contains(provider.name);
            // Waiting for the keychain is not a problem yet; its answer is reported instead.
            if (!provider.isAvailable() && !provider.awaitingKeychain)
                m_result.warnings.append(provider.unavailableReason);
            config.providers.insert(it.key(), provider);
        }
    }

    ProviderConfig readProvider(const QString &name, const QJsonObject &o, const QString &p)
    {
        ProviderConfig provider;
        provider.name = name;
        provider.type = m_read.string(o, QStringLiteral("type"), p, provider.type);
        if (!kProviderTypes.contains(provider.type))
            m_read.error(Reader::join(p, QStringLiteral("type")),
                         QStringLiteral("\"%1\" is not supported (supported: %2)")
                             .arg(provider.type, kProviderTypes.join(QStringLiteral(", "))));
        const QString rawBase = m_read.string(o, QStringLiteral("baseUrl"), p);
        if (rawBase.isEmpty())
            m_read.error(Reader::join(p, QStringLiteral("baseUrl")), QStringLiteral("is required"));
        provider.baseUrl = expand(rawBase, provider, QStringLiteral("baseUrl"));
        const QUrl base(provider.baseUrl);
        if (provider.isAvailable() && !rawBase.isEmpty()
            && (!base.isValid() || base.host().isEmpty()
                || (base.scheme() != QLatin1String("http")
                    && base.scheme() != QLatin1String("https"))))
            m_read.error(Reader::join(p, QStringLiteral("baseUrl")),
                         QStringLiteral("must be an http:// or https:// URL"));
        if (provider.type == kAzure) {
            provider.deployment = expand(m_read.string(o, QStringLiteral("deployment"), p),
                                         provider, QStringLiteral("deployment"));
            provider.apiVersion = expand(
                m_read.string(o, QStringLiteral("apiVersion"), p, QStringLiteral("2024-10-21")),
                provider, QStringLiteral("apiVersion"));
        }
        readAuth(o, provider, p);
        for (Endpoint e :
             {Endpoint::ChatCompletions, Endpoint::Completions, Endpoint::Embeddings,
              Endpoint::Responses, Endpoint::Messages, Endpoint::CountTokens, Endpoint::Models}) {
            const QString key = endpointPathKey(e);
            const QString path = m_read.string(o, key, p);
            if (!path.isEmpty())
                provider.paths.insert(key, expand(path, provider, key));
        }
        const QJsonObject headers = m_read.object(o, QStringLiteral("headers"), p);
        for (auto h = headers.begin(); h != headers.end(); ++h) {
            const QString hp = Reader::join(p, QStringLiteral("headers"));
            if (!isHeaderName(h.key()))
                m_read.error(Reader::join(hp, h.key()),
                             QStringLiteral("\"%1\" %2").arg(h.key(), kHeaderNameRule));
            const QString value = m_read.string(headers, h.key(), hp);
            provider.headers.append(
                {h.key().toLatin1(),
                 expand(value, provider, QStringLiteral("headers.") + h.key()).toUtf8()});
        }
        provider.proxy = expand(m_read.string(o, QStringLiteral("proxy"), p), provider,
                                QStringLiteral("proxy"));
        provider.caFile = expand(m_read.string(o, QStringLiteral("caFile"), p), provider,
                                 QStringLiteral("caFile"));
        provider.streamUsage = m_read.boolean(o, QStringLiteral("streamUsage"), p, true);
        const QString responsesApi
            = m_read.string(o, QStringLiteral("responsesApi"), p, kResponsesApi.first());
        if (!kResponsesApi.contains(responsesApi))
            m_read.error(Reader::join(p, QStringLiteral("responsesApi")),
                         QStringLiteral("\"%1\" is not one of: %2")
                             .arg(responsesApi, kResponsesApi.join(QStringLiteral(", "))));
        provider.responsesViaChat = responsesApi == QLatin1String("chat");
        provider.upstreamModelEnv = m_read.string(o, QStringLiteral("upstreamModelEnv"), p);
        const QJsonObject t = m_read.object(o, QStringLiteral("timeouts"), p);
        const QString tp = Reader::join(p, QStringLiteral("timeouts"));
        Timeouts &to = provider.timeouts;
        to.connectSeconds = int(
            m_read.integer(t, QStringLiteral("connectSeconds"), tp, to.connectSeconds, 1, 3600));
        to.firstByteSeconds = int(m_read.integer(t, QStringLiteral("firstByteSeconds"), tp,
                                                 to.firstByteSeconds, 1, 86400));
        to.idleSeconds
            = int(m_read.integer(t, QStringLiteral("idleSeconds"), tp, to.idleSeconds, 1, 86400));
        return provider;
    }

    // A secret field: `keychain:NAME`, text with ${ENV} references, or a literal, which works
    // but is warned about: the file is meant to hold references only. A secret that cannot be
    // had makes the provider unavailable with a reason that names the entry, never a value.
    QString secret(const QJsonObject &o, const QString &key, ProviderConfig &provider,
                   const QString &p)
    {
        const QString raw = m_read.string(o, key, p);
        if (!isKeychainReference(raw)) {
            if (!raw.isEmpty() && !raw.contains(QLatin1String("${")))
                m_result.warnings.append(
                    QStringLiteral(
                        "%1: the secret is written in the file in plain text; store it "
                        "with 'clawgatectl secret set NAME' and write \"keychain:NAME\", "
                        "or use an ${ENV_VAR} reference")
                        .arg(Reader::join(p, key)));
            return expand(raw, provider, key); // refuses line breaks, as in any header
        }
        const QString name = raw.mid(kKeychainPrefix.size());
        if (!isValidSecretName(name)) {
            m_read.error(Reader::join(p, key),
                         QStringLiteral("\"keychain:\" must be followed by a secret name (up to "
                                        "128 letters, digits, '.', '_' or '-')"));
            return {};
        }
        if (!m_keychainNames.contains(name))
            m_keychainNames.append(name);
        KeychainEntry entry = m_keychain ? m_keychain(name) : KeychainEntry();
        if (entry.value && entry.value->isEmpty())
            entry = {std::nullopt, QStringLiteral("keychain entry %1 is empty").arg(name)};
        else if (entry.value && hasLineBreak(*entry.value))
            entry = {std::nullopt,
                     QStringLiteral("keychain entry %1 contains a line break, which cannot be "
                                    "sent in a header")
                         .arg(name)};
        if (entry.value)
            return *entry.value;
        if (provider.unavailableReason.isEmpty()) {
            if (entry.problem.isEmpty())
                m_awaitingKeychain.insert(provider.name);
            const QString problem = entry.problem.isEmpty()
                ? QStringLiteral("keychain entry %1 has not been read").arg(name)
                : entry.problem;
            provider.unavailableReason
                = QStringLiteral("%1 (provider %2, field %3)").arg(problem, provider.name, key);
        }
        return {};
    }

    // The parser's field helpers over one provider's `auth` object, for the strategies'
    // factories: every secret goes through secret(), every other text through expand().
    class AuthFields final : public AuthFieldReader
    {
    public:
        AuthFields(Parser &parser, const QJsonObject &auth, ProviderConfig &provider,
                   const QString &path)
            : m_parser(parser)
            , m_auth(auth)
            , m_provider(provider)
            , m_path(path)
        {
        }

        QString text(const QString &key, const QString &fallback) override
        {
            return m_parser.expand(m_parser.m_read.string(m_auth, key, m_path, fallback),
                                   m_provider, QStringLiteral("auth.") + key);
        }
        QString secret(const QString &key) override
        {
            return m_parser.secret(m_auth, key, m_provider, m_path);
        }
        QString apiKey() const override { return m_provider.apiKey; }
        QByteArray headerName(const QString &key, const QString &fallback) override
        {
            const QString name = m_parser.m_read.string(m_auth, key, m_path, fallback);
            if (name.isEmpty())
                error(
                    key,
                    QStringLiteral("names the header that carries the credential; it is required"));
            else if (!isHeaderName(name))
                error(key, QStringLiteral("\"%1\" %2").arg(name, kHeaderNameRule));
            else
                return name.toLatin1();
            return {};
        }
        qint64 integer(const QString &key, qint64 fallback, qint64 min, qint64 max) override
        {
            return m_parser.m_read.integer(m_auth, key, m_path, fallback, min, max);
        }
        QString choice(const QString &key, const QStringList &allowed) override
        {
            const QString value = m_parser.m_read.string(m_auth, key, m_path, allowed.first());
            if (allowed.contains(value))
                return value;
            error(key,
                  QStringLiteral("\"%1\" is not one of: %2")
                      .arg(value, allowed.join(QStringLiteral(", "))));
            return allowed.first();
        }
        QList<QPair<QString, QString>> stringMap(const QString &key) override
        {
            QList<QPair<QString, QString>> out;
            const QJsonObject o = m_parser.m_read.object(m_auth, key, m_path);
            for (auto it = o.begin(); it != o.end(); ++it)
                out.append({it.key(), m_parser.m_read.string(o, it.key(), join(m_path, key))});
            return out;
        }
        bool has(const QString &key) const override
        {
            const QJsonValue v = m_auth.value(key);
            return !v.isUndefined() && !v.isNull();
        }
        std::optional<QString> environment(const QString &name) const override
        {
            return m_parser.m_env(name);
        }
        void error(const QString &key, const QString &message) override
        {
            m_parser.m_read.error(join(m_path, key), message);
        }
        QString raw(const QString &key, const QString &fallback) override
        {
            return m_parser.m_read.string(m_auth, key, m_path, fallback);
        }
        void unavailable(const QString &key, const QString &problem) override
        {
            if (m_provider.unavailableReason.isEmpty())
                m_provider.unavailableReason = QStringLiteral("%1 (provider %2, field auth.%3)")
                                                   .arg(problem, m_provider.name, key);
        }

    private:
        static QString join(const QString &path, const QString &key)
        {
            return Reader::join(path, key);
        }

        Parser &m_parser;
        const QJsonObject &m_auth;
        ProviderConfig &m_provider;
        QString m_path;
    };

    void readAuth(const QJsonObject &o, ProviderConfig &provider, const QString &p)
    {
        provider.apiKey = secret(o, QStringLiteral("apiKey"), provider, p);
        const QJsonObject auth = m_read.object(o, QStringLiteral("auth"), p);
        const QString path = Reader::join(p, QStringLiteral("auth"));
        AuthFields fields(*this, auth, provider, path);
        // Azure's keys go in an `api-key` header and Anthropic's in `x-api-key`, not as a
        // bearer token.
        const bool azure = provider.type == kAzure;
        const QString keyHeader = azure  ? QStringLiteral("api-key")
            : provider.speaksAnthropic() ? QStringLiteral("x-api-key")
                                         : QString();
        const QString type = m_read.string(auth, QStringLiteral("type"), path,
                                           keyHeader.isEmpty() ? QStringLiteral("bearer")
                                                               : QStringLiteral("header"));
        provider.auth = !keyHeader.isEmpty() && type == QLatin1String("header")
            ? HeaderAuth::fromConfig(fields, keyHeader)
            : readAuthStrategy(type, fields);
    }

    void readModels(const QJsonArray &models, Config &config)
    {
        QSet<QString> aliases;
        for (int i = 0; i < models.size(); ++i) {
            const QString p = Reader::index(QStringLiteral("models"), i);
            if (!models.at(i).isObject()) {
                m_read.error(p, QStringLiteral("must be an object"));
                continue;
            }
            const QJsonObject o = models.at(i).toObject();
            ModelAlias model;
            model.alias = m_read.string(o, QStringLiteral("alias"), p);
            if (model.alias.isEmpty())
                m_read.error(Reader::join(p, QStringLiteral("alias")),
                             QStringLiteral("is required"));
            else if (aliases.contains(model.alias))
                m_read.error(Reader::join(p, QStringLiteral("alias")),
                             QStringLiteral("\"%1\" is defined twice").arg(model.alias));
            aliases.insert(model.alias);
            model.displayName = m_read.string(o, QStringLiteral("displayName"), p, model.alias);
            model.contextWindow
                = int(m_read.integer(o, QStringLiteral("contextWindow"), p, 0, 0, 1LL << 30));
            model.maxTokens
                = int(m_read.integer(o, QStringLiteral("maxTokens"), p, 0, 0, 1LL << 30));
            model.reasoning = m_read.boolean(o, QStringLiteral("reasoning"), p, false);
            const QJsonArray backends = m_read.array(o, QStringLiteral("backends"), p);
            if (backends.isEmpty())
                m_read.error(Reader::join(p, QStringLiteral("backends")),
                             QStringLiteral("an alias needs at least one backend"));
            for (int b = 0; b < backends.size(); ++b)
                readBackend(backends.at(b),
                            Reader::index(Reader::join(p, QStringLiteral("backends")), b), config,
                            model);
            config.models.append(model);
        }
    }

    void readBackend(const QJsonValue &value, const QString &p, const Config &config,
                     ModelAlias &model)
    {
        if (!value.isObject()) {
            m_read.error(p, QStringLiteral("must be an object"));
            return;
        }
        const QJsonObject o = value.toObject();
        BackendConfig backend;
        backend.provider = m_read.string(o, QStringLiteral("provider"), p);
        if (!config.providers.contains(backend.provider))
            m_read.error(Reader::join(p, QStringLiteral("provider")),
                         QStringLiteral("no provider named \"%1\"").arg(backend.provider));
        backend.model = m_read.string(o, QStringLiteral("model"), p);
        const auto provider = config.providers.constFind(backend.provider);
        backend.modelEnv = m_read.string(
            o, QStringLiteral("upstreamModelEnv"), p,
            provider == config.providers.cend() ? QString() : provider->upstreamModelEnv);
        const std::optional<QString> fromEnv
            = backend.modelEnv.isEmpty() ? std::nullopt : m_env(backend.modelEnv);
        backend.upstreamModel = (fromEnv && !fromEnv->isEmpty()) ? *fromEnv : backend.model;
        if (backend.upstreamModel.isEmpty()) {
            m_read.error(Reader::join(p, QStringLiteral("model")),
                         backend.modelEnv.isEmpty()
                             ? QStringLiteral("is required (or upstreamModelEnv)")
                             : QStringLiteral("is required: environment variable %1 is not set")
                                   .arg(backend.modelEnv));
        }
        backend.enabled = m_read.boolean(o, QStringLiteral("enabled"), p, true);
        backend.weight = int(m_read.integer(o, QStringLiteral("weight"), p, 1, 0, 1000000));
        model.backends.append(backend);
    }

    JsonLineIndex m_lines;
    Reader m_read;
    const EnvLookup &m_env;
    const KeychainLookup &m_keychain;
    ConfigParseResult &m_result;
    QStringList m_keychainNames;
    QSet<QString> m_awaitingKeychain; // providers unavailable only until the keychain answers
};

} // namespace

ConfigParseResult ConfigParser::parse(const QByteArray &text, const EnvLookup &env,
                                      const KeychainLookup &keychain)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        ConfigParseResult result;
        result.errors.append(QStringLiteral("line %1: %2")
                                 .arg(JsonLineIndex::lineOfOffset(text, parseError.offset))
                                 .arg(parseError.errorString()));
        return result;
    }
    if (!doc.isObject()) {
        ConfigParseResult result;
        result.errors.append(QStringLiteral("line 1: the configuration must be a JSON object"));
        return result;
    }
    return parse(doc.object(), text, env, keychain);
}

ConfigParseResult ConfigParser::parse(const QJsonObject &root, const QByteArray &text,
                                      const EnvLookup &env, const KeychainLookup &keychain)
{
    ConfigParseResult result;
    Parser parser(text, env, keychain, result);
    std::shared_ptr<Config> config = parser.run(root);
    if (result.errors.isEmpty())
        result.config = config;
    return result;
}

} // namespace clawgate
