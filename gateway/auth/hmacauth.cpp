#include "hmacauth.h"

#include "formats/jsonsplice.h"
#include "upstream/headerrules.h"
#include "upstream/upstreamtransfer.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QUrl>

namespace clawgate {

namespace {

const QString kDefaultStringToSign
    = QStringLiteral("{appId}\n{timestamp}\n{nonce}\n{method}\n{path}\n{bodySha256}");

// Where the request carries the placeholders every template may use, and the ones only some
// may: the finished request's query and body digest are known only after the query items and
// body fields are added, the secret must never leave the string to sign.
const QStringList kCommonPlaceholders
    = {QStringLiteral("appId"),        QStringLiteral("timestamp"), QStringLiteral("nonce"),
       QStringLiteral("method"),       QStringLiteral("path"),      QStringLiteral("modelId"),
       QStringLiteral("upstreamModel")};

// 128 random bits from the operating system's CSPRNG, as 32 lowercase hex digits.
QString randomNonce()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex());
}

// The path and the query of the request line, exactly as they will be sent.
QByteArray pathOf(const QByteArray &url)
{
    const qsizetype scheme = url.indexOf("://");
    const qsizetype start = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
    if (start < 0)
        return QByteArrayLiteral("/");
    qsizetype end = url.indexOf('?', start);
    if (end < 0)
        end = url.indexOf('#', start);
    return url.mid(start, end < 0 ? -1 : end - start);
}

QByteArray queryOf(const QByteArray &url)
{
    const qsizetype start = url.indexOf('?');
    if (start < 0)
        return {};
    const qsizetype end = url.indexOf('#', start);
    return url.mid(start + 1, end < 0 ? -1 : end - start - 1);
}

void appendQueryItem(QByteArray &url, const QString &name, const QString &value)
{
    url += url.contains('?') ? '&' : '?';
    url += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
}

QByteArray withoutLineBreaks(QByteArray value)
{
    value.removeIf([](char c) { return c == '\r' || c == '\n' || c == '\0'; });
    return value;
}

} // namespace

std::shared_ptr<const AuthStrategy> HmacAuth::fromConfig(AuthFieldReader &fields)
{
    auto auth = std::make_shared<HmacAuth>();
    auth->m_algorithm
        = digestAlgorithmNamed(fields.choice(QStringLiteral("algorithm"), digestAlgorithmNames()));
    auth->m_encoding
        = digestEncodingNamed(fields.choice(QStringLiteral("encoding"), digestEncodingNames()));
    auth->m_milliseconds
        = fields.choice(QStringLiteral("timestampUnit"),
                        {QStringLiteral("seconds"), QStringLiteral("milliseconds")})
        == QLatin1String("milliseconds");
    if (!auth->readTemplates(fields))
        return nullptr;
    auth->bindValues(fields);
    auth->m_hashesBody = auth->usesPlaceholder(QStringLiteral("bodySha256"));
    const bool needsSecret = auth->m_algorithm == DigestAlgorithm::HmacSha256
        || auth->m_stringToSign.uses(QStringLiteral("secret"));
    if (fields.has(QStringLiteral("secret")))
        auth->m_secret = fields.secret(QStringLiteral("secret"));
    else if (needsSecret)
        fields.error(QStringLiteral("secret"),
                     QStringLiteral("is required: the signature is keyed with it (hmac-sha256) "
                                    "or the string to sign uses {secret}"));
    return auth;
}

bool HmacAuth::readTemplates(AuthFieldReader &fields)
{
    QString error;
    const auto toSign = SigningTemplate::parse(
        fields.raw(QStringLiteral("stringToSign"), kDefaultStringToSign),
        kCommonPlaceholders
            + QStringList {QStringLiteral("query"), QStringLiteral("bodySha256"),
                           QStringLiteral("secret")},
        &error);
    bool ok = toSign.has_value();
    if (toSign)
        m_stringToSign = *toSign;
    else
        fields.error(QStringLiteral("stringToSign"), error);
    m_headers = readFields(fields, QStringLiteral("headers"), Place::Header, &ok);
    m_query = readFields(fields, QStringLiteral("query"), Place::Query, &ok);
    m_body = readFields(fields, QStringLiteral("body"), Place::Body, &ok);
    const auto refuseSelfCover = [&](const QList<Field> &list, const QString &key,
                                     const QString &digest) {
        for (const Field &field : list) {
            if (field.carriesSignature() && m_stringToSign.uses(digest)) {
                fields.error(key + QLatin1Char('.') + field.name,
                             QStringLiteral("carries {signature}, but the string to sign uses "
                                            "{%1}, which would have to cover the signature itself")
                                 .arg(digest));
                ok = false;
            }
        }
    };
    refuseSelfCover(m_query, QStringLiteral("query"), QStringLiteral("query"));
    refuseSelfCover(m_body, QStringLiteral("body"), QStringLiteral("bodySha256"));
    return ok;
}

QList<HmacAuth::Field> HmacAuth::readFields(AuthFieldReader &fields, const QString &key,
                                            Place place, bool *ok) const
{
    QList<QPair<QString, QString>> written = fields.stringMap(key);
    if (place == Place::Header && !fields.has(key))
        written = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {signature}")},
                   {QStringLiteral("X-App-Id"), QStringLiteral("{appId}")},
                   {QStringLiteral("X-Timestamp"), QStringLiteral("{timestamp}")},
                   {QStringLiteral("X-Nonce"), QStringLiteral("{nonce}")}};
    QStringList allowed = kCommonPlaceholders + QStringList {QStringLiteral("signature")};
    if (place == Place::Header)
        allowed += {QStringLiteral("query"), QStringLiteral("bodySha256")};
    QList<Field> out;
    for (const auto &[name, text] : written) {
        const QString path = key + QLatin1Char('.') + name;
        QString error;
        if (place == Place::Header && !isHeaderName(name))
            error = QStringLiteral("\"%1\" is not a header name: use letters, digits and "
                                   "!#$%&'*+-.^_`|~ only")
                        .arg(name);
        else if (place == Place::Header && hasLineBreak(text))
            error = QStringLiteral("contains a line break, which cannot be sent upstream");
        const auto parsed
            = error.isEmpty() ? SigningTemplate::parse(text, allowed, &error) : std::nullopt;
        if (!parsed) {
            fields.error(path, error);
            *ok = false;
            continue;
        }
        out.append({name, *parsed});
    }
    return out;
}

bool HmacAuth::usesPlaceholder(const QString &name) const
{
    bool used = m_stringToSign.uses(name);
    for (const QList<Field> *list : {&m_headers, &m_query, &m_body}) {
        for (const Field &field : *list)
            used = used || field.value.uses(name);
    }
    return used;
}

// Values known when the configuration is loaded: the app id, the model id (its environment
// variable wins over the written value) and every {env:NAME}. One that a template needs and
// cannot be had makes the provider unavailable, with a reason naming the variable.
void HmacAuth::bindValues(AuthFieldReader &fields)
{
    m_fixed.insert(QStringLiteral("appId"), fields.text(QStringLiteral("appId")));
    const QString modelIdEnv = fields.raw(QStringLiteral("modelIdEnv"));
    const std::optional<QString> fromEnv
        = modelIdEnv.isEmpty() ? std::nullopt : fields.environment(modelIdEnv);
    const QString modelId
        = (fromEnv && !fromEnv->isEmpty()) ? *fromEnv : fields.text(QStringLiteral("modelId"));
    if (usesPlaceholder(QStringLiteral("modelId"))) {
        if (modelIdEnv.isEmpty() && fields.raw(QStringLiteral("modelId")).isEmpty())
            fields.error(QStringLiteral("modelId"),
                         QStringLiteral("is required: a template uses {modelId} (or name its "
                                        "environment variable in modelIdEnv)"));
        else if (modelId.isEmpty() && !modelIdEnv.isEmpty())
            fields.unavailable(
                QStringLiteral("modelIdEnv"),
                QStringLiteral("environment variable %1 is not set").arg(modelIdEnv));
        else if (hasLineBreak(modelId))
            fields.unavailable(QStringLiteral("modelIdEnv"),
                               QStringLiteral("environment variable %1 contains a line break, "
                                              "which cannot be sent upstream")
                                   .arg(modelIdEnv));
    }
    m_fixed.insert(QStringLiteral("modelId"), modelId);
    QStringList names = m_stringToSign.environmentNames();
    for (const QList<Field> *list : {&m_headers, &m_query, &m_body}) {
        for (const Field &field : *list)
            names += field.value.environmentNames();
    }
    for (const QString &name : names) {
        const std::optional<QString> value = fields.environment(name);
        if (!value)
            fields.unavailable(QStringLiteral("env:") + name,
                               QStringLiteral("environment variable %1 is not set").arg(name));
        else if (hasLineBreak(*value))
            fields.unavailable(QStringLiteral("env:") + name,
                               QStringLiteral("environment variable %1 contains a line break, "
                                              "which cannot be sent upstream")
                                   .arg(name));
        m_fixed.insert(QStringLiteral("env:") + name, value.value_or(QString()));
    }
}

void HmacAuth::sign(UpstreamRequest &request, const SigningContext &context) const
{
    QHash<QString, QString> values = m_fixed;
    values.insert(QStringLiteral("timestamp"),
                  QString::number(m_milliseconds ? context.nowMs : context.nowMs / 1000));
    values.insert(QStringLiteral("nonce"), randomNonce());
    values.insert(QStringLiteral("method"), QString::fromLatin1(request.method));
    values.insert(QStringLiteral("upstreamModel"), context.upstreamModel);
    values.insert(QStringLiteral("path"), QString::fromUtf8(pathOf(request.url)));
    addFields(request, m_query, Place::Query, false, values);
    addFields(request, m_body, Place::Body, false, values);
    values.insert(QStringLiteral("query"), QString::fromUtf8(queryOf(request.url)));
    if (m_hashesBody)
        values.insert(
            QStringLiteral("bodySha256"),
            QString::fromLatin1(
                QCryptographicHash::hash(request.body, QCryptographicHash::Sha256).toHex()));
    values.insert(QStringLiteral("signature"), signatureOf(values));
    addFields(request, m_headers, Place::Header, false, values);
    addFields(request, m_headers, Place::Header, true, values);
    addFields(request, m_query, Place::Query, true, values);
    addFields(request, m_body, Place::Body, true, values);
}

void HmacAuth::addFields(UpstreamRequest &request, const QList<Field> &fields, Place place,
                         bool carryingSignature, const QHash<QString, QString> &values) const
{
    for (const Field &field : fields) {
        if (field.carriesSignature() != carryingSignature)
            continue;
        const QString value = field.value.render(values);
        switch (place) {
        case Place::Header:
            request.setHeader(field.name.toLatin1(), withoutLineBreaks(value.toUtf8()));
            break;
        case Place::Query: appendQueryItem(request.url, field.name, value); break;
        case Place::Body:
            if (!request.body.isEmpty()) // nothing to add a field to
                request.body = replaceTopLevelString(request.body, field.name.toUtf8(), value);
            break;
        }
    }
}

QString HmacAuth::signatureOf(const QHash<QString, QString> &values) const
{
    QHash<QString, QString> withSecret = values;
    withSecret.insert(QStringLiteral("secret"), m_secret);
    const QByteArray digest
        = digestOf(m_algorithm, m_secret.toUtf8(), m_stringToSign.render(withSecret).toUtf8());
    return encodeDigest(digest, m_encoding);
}

} // namespace clawgate
