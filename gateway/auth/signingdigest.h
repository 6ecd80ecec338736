// The digests a request signature can be made of, and how the bytes are written out. Kept apart
// from the strategy so the known test vectors check exactly this.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace clawgate {

enum class DigestAlgorithm { HmacSha256, Sha256, Md5 };
enum class DigestEncoding { LowerHex, UpperHex, Base64 };

// The names used in the configuration, the default first.
QStringList digestAlgorithmNames(); // hmac-sha256, sha256, md5
QStringList digestEncodingNames(); // hex, HEX, base64
DigestAlgorithm digestAlgorithmNamed(const QString &name);
DigestEncoding digestEncodingNamed(const QString &name);

// The digest of `message`; `key` is used by HMAC only.
QByteArray digestOf(DigestAlgorithm algorithm, const QByteArray &key, const QByteArray &message);
QString encodeDigest(const QByteArray &digest, DigestEncoding encoding);

} // namespace clawgate
