#include "signingdigest.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace clawgate {

QStringList digestAlgorithmNames()
{
    return {QStringLiteral("hmac-sha256"), QStringLiteral("sha256"), QStringLiteral("md5")};
}

QStringList digestEncodingNames()
{
    return {QStringLiteral("hex"), QStringLiteral("HEX"), QStringLiteral("base64")};
}

DigestAlgorithm digestAlgorithmNamed(const QString &name)
{
    if (name == QLatin1String("sha256"))
        return DigestAlgorithm::Sha256;
    if (name == QLatin1String("md5"))
        return DigestAlgorithm::Md5;
    return DigestAlgorithm::HmacSha256;
}

DigestEncoding digestEncodingNamed(const QString &name)
{
    if (name == QLatin1String("HEX"))
        return DigestEncoding::UpperHex;
    if (name == QLatin1String("base64"))
        return DigestEncoding::Base64;
    return DigestEncoding::LowerHex;
}

QByteArray digestOf(DigestAlgorithm algorithm, const QByteArray &key, const QByteArray &message)
{
    switch (algorithm) {
    case DigestAlgorithm::HmacSha256:
        return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
    case DigestAlgorithm::Sha256:
        return QCryptographicHash::hash(message, QCryptographicHash::Sha256);
    case DigestAlgorithm::Md5: return QCryptographicHash::hash(message, QCryptographicHash::Md5);
    }
    return {};
}

QString encodeDigest(const QByteArray &digest, DigestEncoding encoding)
{
    switch (encoding) {
    case DigestEncoding::LowerHex: return QString::fromLatin1(digest.toHex());
    case DigestEncoding::UpperHex: return QString::fromLatin1(digest.toHex().toUpper());
    case DigestEncoding::Base64: return QString::fromLatin1(digest.toBase64());
    }
    return {};
}

} // namespace clawgate
