// `"auth": {"type": "hmac", ...}`: every request is signed. A string to sign is rendered from a
// template (app id, time, a nonce, method, path, query, the body's SHA-256, model ids, ...),
// digested (HMAC-SHA256 keyed with the secret, or a plain SHA-256/MD5 of a string that holds
// the secret), encoded (hex, HEX or base64), and the result placed where the platform wants it
// by header, query and body templates. Company platforms differ only in these templates, so a
// new platform is a configuration, not code.
//
// Order of work on one request, so that what is signed is what is sent:
//  1. one timestamp (from the signing context) and one nonce for the whole request;
//  2. query items and body fields that do not carry {signature} are added;
//  3. {path}, {query} and {bodySha256} are taken from the request as it now is;
//  4. the signature is computed;
//  5. headers are set, then query items and body fields that carry {signature} are added.
// A digest cannot cover itself: a {signature} body field with a {bodySha256} string to sign (or
// a {signature} query item with {query}) is refused when the configuration is loaded.
#pragma once

#include "authstrategy.h"
#include "signingdigest.h"
#include "signingtemplate.h"

#include <QHash>

#include <memory>

namespace clawgate {

class HmacAuth final : public AuthStrategy
{
public:
    static std::shared_ptr<const AuthStrategy> fromConfig(AuthFieldReader &fields);

    void sign(UpstreamRequest &request, const SigningContext &context) const override;
    QStringList secrets() const override { return {m_secret}; }

private:
    struct Field
    {
        QString name;
        SigningTemplate value;
        bool carriesSignature() const { return value.uses(QStringLiteral("signature")); }
    };
    enum class Place { Header, Query, Body };

    bool readTemplates(AuthFieldReader &fields);
    QList<Field> readFields(AuthFieldReader &fields, const QString &key, Place place,
                            bool *ok) const;
    void bindValues(AuthFieldReader &fields);
    bool usesPlaceholder(const QString &name) const;
    void addFields(UpstreamRequest &request, const QList<Field> &fields, Place place,
                   bool carryingSignature, const QHash<QString, QString> &values) const;
    QString signatureOf(const QHash<QString, QString> &values) const;

    DigestAlgorithm m_algorithm = DigestAlgorithm::HmacSha256;
    DigestEncoding m_encoding = DigestEncoding::LowerHex;
    bool m_milliseconds = false;
    // Whether a template uses {bodySha256}: decided once at load, so a request whose signature
    // does not cover the body does not pay for hashing it (bodies run to megabytes).
    bool m_hashesBody = false;
    QString m_secret;
    QHash<QString, QString> m_fixed; // known at load time: appId, modelId, env:NAME
    SigningTemplate m_stringToSign;
    QList<Field> m_headers;
    QList<Field> m_query;
    QList<Field> m_body;
};

} // namespace clawgate
