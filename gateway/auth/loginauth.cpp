#include "loginauth.h"

#include "store/config.h"
#include "upstream/upstreamerrortext.h"
#include "upstream/upstreamtransfer.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace clawgate {

namespace {

// Where the platforms seen so far put the token and its lifetime.
const QStringList kTokenPaths = {QStringLiteral("token"), QStringLiteral("access_token"),
                                 QStringLiteral("data.token"), QStringLiteral("data.access_token")};
const QStringList kExpiresInPaths
    = {QStringLiteral("expires_in"), QStringLiteral("data.expires_in")};

QJsonValue valueAt(const QJsonObject &root, const QString &dottedPath)
{
    QJsonValue value = root;
    for (const QString &part : dottedPath.split(QLatin1Char('.'))) {
        if (!value.isObject())
            return {};
        value = value.toObject().value(part);
    }
    return value;
}

// The value as the inside of a JSON string literal.
QString jsonEscaped(const QString &value)
{
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(2, array.size() - 4)); // drop [" and "]
}

qint64 secondsIn(const QJsonValue &value)
{
    if (value.isDouble())
        return qint64(value.toDouble());
    if (value.isString())
        return value.toString().toLongLong();
    return 0;
}

} // namespace

const QString LoginAuth::kDefaultBody
    = QStringLiteral(R"({"username":"{username}","password":"{password}"})");

LoginAuth::LoginAuth(Settings settings)
    : m_settings(std::move(settings))
{
}

std::shared_ptr<const AuthStrategy> LoginAuth::fromConfig(AuthFieldReader &fields)
{
    Settings s;
    if (!fields.has(QStringLiteral("url")))
        fields.error(QStringLiteral("url"),
                     QStringLiteral("is required: the address to log in at"));
    s.url = fields.text(QStringLiteral("url"));
    const QUrl url(s.url);
    if (!s.url.isEmpty()
        && (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))))
        fields.error(QStringLiteral("url"), QStringLiteral("must be an http:// or https:// URL"));
    s.username = fields.text(QStringLiteral("username"));
    s.password = fields.secret(QStringLiteral("password"));
    s.bodyTemplate = fields.text(QStringLiteral("body"), kDefaultBody);
    s.tokenPath = fields.text(QStringLiteral("tokenPath"));
    s.expiresInPath = fields.text(QStringLiteral("expiresInPath"));
    s.tokenTtlSeconds = fields.integer(QStringLiteral("tokenTtlHours"), 8, 1, 24 * 366) * 3600;
    s.refreshAheadSeconds
        = fields.integer(QStringLiteral("refreshAheadSeconds"), 300, 0, 24 * 3600);
    s.header = fields.headerName(QStringLiteral("header"), QStringLiteral("Authorization"));
    s.prefix = fields.text(QStringLiteral("prefix"), QStringLiteral("Bearer "));
    return std::make_shared<LoginAuth>(std::move(s));
}

const LoginAuth *LoginAuth::of(const ProviderConfig &provider)
{
    return dynamic_cast<const LoginAuth *>(provider.auth.get());
}

void LoginAuth::sign(UpstreamRequest &request, const SigningContext &context) const
{
    request.setHeader(m_settings.header, m_settings.prefix.toUtf8() + context.token);
}

QByteArray LoginAuth::accountKey() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &part : {m_settings.url, m_settings.username, m_settings.password}) {
        const QByteArray bytes = part.toUtf8();
        hash.addData(QByteArray::number(bytes.size()) + ':' + bytes);
    }
    return hash.result().toHex();
}

UpstreamRequest LoginAuth::loginRequest(const ProviderConfig &provider) const
{
    UpstreamRequest request;
    request.url = m_settings.url.toUtf8();
    QString body = m_settings.bodyTemplate;
    body.replace(QLatin1String("{username}"), jsonEscaped(m_settings.username));
    body.replace(QLatin1String("{password}"), jsonEscaped(m_settings.password));
    request.body = body.toUtf8();
    request.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
                       {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
    request.proxy = provider.proxy;
    request.caFile = provider.caFile.toLocal8Bit();
    request.timeouts = provider.timeouts;
    return request;
}

LoginReply LoginAuth::readReply(int status, const QByteArray &body) const
{
    LoginReply reply;
    if (status < 200 || status > 299) {
        const QString text = upstreamErrorText(status, body, secrets());
        reply.error = text.startsWith(QLatin1String("HTTP "))
            ? text
            : QStringLiteral("HTTP %1: %2").arg(status).arg(text);
        return reply;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject()) {
        reply.error = QStringLiteral("HTTP %1, but the reply is not a JSON object").arg(status);
        return reply;
    }
    const QJsonObject root = doc.object();
    const QStringList tokenPaths
        = m_settings.tokenPath.isEmpty() ? kTokenPaths : QStringList {m_settings.tokenPath};
    for (const QString &path : tokenPaths) {
        const QJsonValue token = valueAt(root, path);
        if (token.isString() && !token.toString().isEmpty()) {
            reply.token = token.toString().toUtf8();
            break;
        }
    }
    if (reply.token.contains('\r') || reply.token.contains('\n')) {
        reply.token.clear();
        reply.error = QStringLiteral("HTTP %1, but the token contains a line break").arg(status);
        return reply;
    }
    if (reply.token.isEmpty()) {
        // Only the names of the reply's fields: a value may be the token under another name.
        reply.error = QStringLiteral("HTTP %1 without a token at %2 (the reply has: %3)")
                          .arg(status)
                          .arg(tokenPaths.join(QStringLiteral(", ")),
                               root.keys().join(QStringLiteral(", ")));
        return reply;
    }
    const QStringList expiryPaths = m_settings.expiresInPath.isEmpty()
        ? kExpiresInPaths
        : QStringList {m_settings.expiresInPath};
    for (const QString &path : expiryPaths) {
        reply.lifetimeSeconds = secondsIn(valueAt(root, path));
        if (reply.lifetimeSeconds > 0)
            break;
    }
    if (reply.lifetimeSeconds <= 0)
        reply.lifetimeSeconds = m_settings.tokenTtlSeconds;
    return reply;
}

} // namespace clawgate
